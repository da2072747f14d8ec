#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# How login, the registration queue, the status check, the applicant's
# application list and detail, creating an application and the Home page's
# store work grow with the number of applicants (10,000 to MAX rows, about 10
# applications each up to APPS_MAX applications in all), on SQLite and on
# PostgreSQL (not part of make test). DATA_ARGS adds options of bench/data.c
# (bench/report.sh times the reports that way: --report --app-gap S).
# Usage: [APPS_MAX=2000000] [DATA_ARGS=...] bench/data.sh [MAX] [BUILD_DIR]     defaults: 1000000 build-bench
set -euo pipefail
cd "$(dirname "$0")/.."
max=${1:-1000000}
build=${2:-build-bench}
apps_max=${APPS_MAX:-2000000}
# shellcheck disable=SC2206
extra=(${DATA_ARGS:-})
case $max$apps_max in
'' | *[!0-9]*) echo "usage: [APPS_MAX=N] bench/data.sh [MAX] [BUILD_DIR]" >&2; exit 2 ;;
esac
steps=10000
for n in 100000 1000000 10000000; do
	[ "$n" -lt "$max" ] && steps+=",$n"
done

[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
# only the program and its library: a half-written test elsewhere in the
# tree must not stop a benchmark
if ! out=$(ninja -C "$build" loket 2>&1); then
	echo "$out" >&2
	exit 1
fi

# bench/data links against the project's static library with the libraries
# the loket executable is linked with (read from build.ninja, so a new
# dependency such as libpq comes along by itself).
link=$(awk '/^build loket: / { found = 1; next }
	found && /^ LINK_ARGS = / { sub(/^ LINK_ARGS = /, ""); print; exit }' "$build/build.ninja")
[ -n "$link" ] || { echo "bench/data.sh: no link line for loket in $build/build.ninja" >&2; exit 1; }
root=$PWD
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wformat=2 \
	-I"$root/src" $(pkg-config --cflags jansson) -c bench/data.c -o "$build/bench-data.o"
# the link line names libloket.a relative to the build directory
(cd "$build" && eval "cc -o bench-data bench-data.o $link")
bin=$root/$build/bench-data

dir=$(mktemp -d)
pgdir=
cleanup() {
	[ -n "$pgdir" ] && scripts/pg-cluster.sh stop "$pgdir"
	rm -rf "$dir"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
	"$(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"); $(date -u +%Y-%m-%d)"
echo "median / p99 in microseconds (runs in brackets; the p99 of 20 runs is their maximum);"\
	"about 10 applications per applicant, at most $apps_max in all"
echo
echo "SQLite ($dir/data/loket.db):"
(cd "$dir" && env -u LOKET_DATABASE_URL LOKET_DATA_DIR="$dir/data" "$bin" --max "$max" --steps "$steps" --apps-max "$apps_max" \
	${extra[@]+"${extra[@]}"})
echo

if ! read -r pgdir url < <(scripts/pg-cluster.sh start 2>/dev/null); then
	pgdir=
	echo "PostgreSQL: skipped (scripts/pg-cluster.sh start failed)"
	exit 0
fi
psql -q "$url" -c 'CREATE DATABASE bench' >/dev/null
echo "PostgreSQL (throw-away cluster, fsync off):"
rc=0
(cd "$dir" && LOKET_DATABASE_URL=${url%/*}/bench LOKET_DATA_DIR="$dir/pgdata" "$bin" --max "$max" --steps "$steps" \
	--apps-max "$apps_max" ${extra[@]+"${extra[@]}"}) || rc=$?
if [ "$rc" -eq 3 ]; then
	echo "PostgreSQL: skipped (this build of loket does not support LOKET_DATABASE_URL=postgresql://)"
	exit 0
fi
exit "$rc"
