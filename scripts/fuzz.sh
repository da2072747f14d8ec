#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer harnesses in tests/fuzz with clang and runs each for a while.
# Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS]   (needs clang and libclang-rt-14-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
out=build-fuzz
mkdir -p "$out"
cc=$(command -v clang-14 || command -v clang)
flags="-D_GNU_SOURCE -std=gnu11 -g -O1 -Isrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
declare -A srcs=(
	[fuzz_params]="src/http/params.c src/lib/arena.c src/lib/buf.c src/lib/log.c"
	[fuzz_multipart]="src/http/params.c src/lib/arena.c src/lib/buf.c src/lib/log.c"
	[fuzz_csv]="src/lib/csv.c src/lib/buf.c src/lib/log.c"
	[fuzz_nik]="src/domain/validate.c src/lib/buf.c src/lib/log.c"
	[fuzz_image]="src/lib/image.c src/lib/pdfcheck.c src/lib/isolate.c src/lib/buf.c src/lib/log.c $(pkg-config --cflags --libs vips libmagic libqpdf)"
	[fuzz_pdfcheck]="src/lib/pdfcheck.c src/lib/isolate.c $(pkg-config --cflags --libs libqpdf)"
	# the rules are instrumented; the rest of those modules comes from the library
	[fuzz_isian]="src/domain/application.c src/domain/catalog.c src/domain/validate.c build/libloket.a $(pkg-config --cflags --libs jansson libcmark sqlite3 libpq inih libsodium libcurl libmicrohttpd vips libmagic) -lpthread"
	[fuzz_template]="src/view/mustache.c src/lib/buf.c src/lib/arena.c src/lib/log.c $(pkg-config --cflags --libs jansson)"
)
[ -f build/libloket.a ] || { meson setup build >/dev/null && ninja -C build >/dev/null; }
for h in "${!srcs[@]}"; do
	echo "== $h"
	# shellcheck disable=SC2086
	$cc $flags -o "$out/$h" "tests/fuzz/$h.c" ${srcs[$h]}
	mkdir -p "$out/corpus-$h"
	# real definitions as seeds: random bytes rarely make JSON
	[ "$h" != fuzz_isian ] || cp catalog/layanan/*.json "$out/corpus-$h/"
	# the PDF fixtures as seeds (the bomb aside: 400 MB and seconds an input)
	if [ "$h" = fuzz_pdfcheck ]; then
		for f in tests/fixtures/pdf/*.pdf; do
			[ "$f" = tests/fixtures/pdf/objstm-bomb.pdf ] || cp "$f" "$out/corpus-$h/"
		done
	fi
	"$out/$h" -max_total_time="$secs" -max_len=4096 "$out/corpus-$h" 2>&1 | tail -n 2
done
