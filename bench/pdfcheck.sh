#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What the PDF active-content check (pdf_check: a forked child walking every
# object with qpdf) costs per upload: on the PDF fixtures, a 10 MB scan (one
# page, one big image), a 10 MB text document of ~2,100 pages, the same
# packed into compressed object streams by qpdf, and the 3 KB bomb
# (not part of make test).
# Usage: bench/pdfcheck.sh [RUNS] [OUT_DIR]     defaults: 20 build (where the program is written)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
build=${2:-build}
case $runs in
'' | *[!0-9]*) echo "usage: bench/pdfcheck.sh [RUNS] [OUT_DIR]" >&2; exit 2 ;;
esac

mkdir -p "$build"
# only what the check needs, as scripts/fuzz.sh builds its harnesses
bin=$build/bench-pdfcheck
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wformat=2 -Isrc -o "$bin" bench/pdfcheck.c \
	src/lib/pdfcheck.c src/lib/isolate.c src/lib/buf.c src/lib/log.c $(pkg-config --cflags --libs libqpdf)

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" --write "$dir"
qpdf --object-streams=generate --compress-streams=y "$dir/pages-10mb.pdf" "$dir/objstm-10mb.pdf"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
	"$(. /etc/os-release && echo "$PRETTY_NAME"), qpdf $(qpdf --version | head -n 1 | awk '{print $3}'); $(date -u +%Y-%m-%d)"
echo "$runs runs each; pdf_check includes the fork, the child's limits and reading the answer back"
echo
"$bin" --runs "$runs" tests/fixtures/pdf/minimal.pdf tests/fixtures/pdf/siak.pdf tests/fixtures/pdf/twopage.pdf \
	tests/fixtures/pdf/javascript.pdf tests/fixtures/pdf/objstm-javascript.pdf \
	"$dir/scan-10mb.pdf" "$dir/pages-10mb.pdf" "$dir/objstm-10mb.pdf"
"$bin" --runs 3 tests/fixtures/pdf/objstm-bomb.pdf
