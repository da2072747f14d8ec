#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer harnesses in tests/fuzz with clang and runs each for a while; non-zero when one crashes or fails to build.
# Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS [HARNESS...]]   (needs clang-14 and libclang-rt-14-dev: scripts/deps.sh)
#
# Seeds of a harness: tests/fuzz/corpus/HARNESS/ (checked in: regression
# inputs of past crashes and typical inputs), plus the catalog files or the
# PDF fixtures where they fit. What a run learns stays in
# build-fuzz/corpus-HARNESS/; a crash, leak or timeout input is written to
# build-fuzz/ (crash-*, leak-*, timeout-*) and its report to build-fuzz/HARNESS.log.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
shift || true
out=build-fuzz
mkdir -p "$out"
cc=$(command -v clang-14 || command -v clang || true)
if [ -z "$cc" ]; then
	echo "fuzz: clang-14 is not installed (scripts/deps.sh installs it)" >&2
	exit 1
fi
flags=(-D_GNU_SOURCE -std=gnu11 -g -O1 -Isrc "-DLOKET_SOURCE_DIR=\"$PWD\""
       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
# everything libloket.a may pull in
# shellcheck disable=SC2207
libs=($(pkg-config --cflags --libs libmicrohttpd sqlite3 libpq libsodium jansson inih libcurl libcmark vips libmagic \
	xlsxwriter libcrypto libqpdf libqrencode) -lm -lpthread)

# Sources compiled with the fuzzer's instrumentation (what the harness is
# about); "LIB" links build/libloket.a for the rest, uninstrumented.
declare -A srcs=(
	[fuzz_params]="src/http/params.c src/lib/arena.c src/lib/buf.c src/lib/log.c"
	[fuzz_multipart]="src/http/params.c src/lib/arena.c src/lib/buf.c src/lib/log.c"
	[fuzz_csv]="src/lib/csv.c src/lib/buf.c src/lib/log.c"
	[fuzz_nik]="src/domain/validate.c src/lib/buf.c src/lib/log.c"
	[fuzz_image]="src/lib/image.c src/lib/pdfcheck.c src/lib/isolate.c src/lib/buf.c src/lib/log.c"
	[fuzz_pdfcheck]="src/lib/pdfcheck.c src/lib/isolate.c"
	[fuzz_template]="src/view/mustache.c src/lib/buf.c src/lib/arena.c src/lib/log.c"
	[fuzz_isian]="src/domain/application.c src/domain/catalog.c src/domain/validate.c LIB"
	[fuzz_api]="src/web/api_pengajuan.c src/web/web.c src/domain/account.c src/domain/application.c src/domain/validate.c LIB"
	[fuzz_pdfsign]="src/lib/pdfsign.c LIB"
)
order=(fuzz_params fuzz_multipart fuzz_csv fuzz_nik fuzz_template fuzz_isian fuzz_api fuzz_image fuzz_pdfcheck fuzz_pdfsign)
[ $# -gt 0 ] && order=("$@")

# Extra seeds: real definitions (random bytes rarely make JSON), the PDF
# fixtures (the bomb aside: 400 MB and seconds an input).
seeds_of() {
	case $1 in
	fuzz_isian) ls catalog/layanan/*.json ;;
	fuzz_pdfcheck | fuzz_pdfsign) ls tests/fixtures/pdf/*.pdf | grep -v objstm-bomb ;;
	esac
	[ -d "tests/fuzz/corpus/$1" ] && find "tests/fuzz/corpus/$1" -type f
}

start=$(date +%s)
if grep -q LIB <<<"${srcs[*]}"; then
	# the library of the normal build, kept current (a fresh clone after make has it)
	{ [ -f build/build.ninja ] || meson setup build >"$out/meson.log" 2>&1; } &&
		ninja -C build libloket.a >"$out/ninja.log" 2>&1 ||
		{ echo "fuzz: building build/libloket.a failed (see $out/meson.log, $out/ninja.log)" >&2; exit 1; }
fi

# Builds and runs harness $1; its line goes to build-fuzz/$1.result, the
# exit status says whether it passed.
run_one() {
	local h=$1 log="$out/$1.log" seeds="$out/seeds-$1" max=4096 f sz rc runs art what result
	local -a files link=()

	read -r -a files <<<"${srcs[$h]}"
	for i in "${!files[@]}"; do
		[ "${files[$i]}" = LIB ] && { unset "files[$i]"; link=(build/libloket.a); }
	done
	if ! "$cc" "${flags[@]}" -o "$out/$h" "tests/fuzz/$h.c" "${files[@]}" "${link[@]}" "${libs[@]}" >"$log" 2>&1; then
		printf '%-15s %12s  %s\n' "$h" "-" "BUILD FAILED (see $log)" >"$out/$h.result"
		return 1
	fi
	rm -rf "$seeds"
	mkdir -p "$seeds" "$out/corpus-$h"
	while read -r f; do
		[ -n "$f" ] || continue
		cp "$f" "$seeds/"
		sz=$(stat -c %s "$f")
		[ "$sz" -le "$max" ] || max=$sz
	done < <(seeds_of "$h")
	# every seed whole: libFuzzer cuts inputs longer than -max_len
	"$out/$h" -max_total_time="$secs" -max_len="$max" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix="$out/" "$out/corpus-$h" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		result=ok
	else
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		what=$(grep -m1 -oE 'ERROR: [A-Za-z]+Sanitizer: [a-z-]+|ERROR: libFuzzer: [a-z -]+|runtime error: .*' "$log" || true)
		result="CRASH: ${what:-exit $rc} ${art:+($art)} (see $log)"
	fi
	printf '%-15s %12s  %s\n' "$h" "${runs:-0} runs" "$result" >"$out/$h.result"
	[ $rc -eq 0 ]
}

# One harness per core at a time (FUZZ_JOBS): each is one process, so the
# wall time shrinks and every harness still gets its SECONDS of its own core.
jobs=${FUZZ_JOBS:-$(nproc)}
rm -f "$out"/*.result
failed=0
running=0
for h in "${order[@]}"; do
	if [ -z "${srcs[$h]+x}" ]; then
		printf '%-15s %12s  %s\n' "$h" "-" "UNKNOWN HARNESS" >"$out/$h.result"
		failed=1
		continue
	fi
	if [ $running -ge "$jobs" ]; then
		wait -n || failed=1
		running=$((running - 1))
	fi
	run_one "$h" &
	running=$((running + 1))
done
while [ $running -gt 0 ]; do
	wait -n || failed=1
	running=$((running - 1))
done
for h in "${order[@]}"; do
	cat "$out/$h.result" 2>/dev/null
done
echo "fuzz: ${#order[@]} harnesses, ${secs} s each, $(($(date +%s) - start)) s in all: $([ $failed -eq 0 ] && echo ok || echo FAILED)"
exit $failed
