#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every test (unit, HTTP, browser) and ends with "N passed, N failed".
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
passed=0
failed=0
log=$(mktemp)

count_cmocka() {
	# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)"
	local p f
	p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
	f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
	# a failed group set-up or tear-down (e.g. the server did not exit
	# cleanly) is a failure cmocka leaves out of its count and exit code
	f=$((f + $(grep -cE '^\[  FAILED  \] GROUP (SETUP|TEARDOWN)' "$log")))
	echo "$p $f"
}

# Under sanitizers (scripts/test-asan.sh), ASAN_OPTIONS and UBSAN_OPTIONS
# send every report to a file in LOKET_SANITIZER_LOGS, whichever process
# wrote it: the test program, a server, a command line run, an isolated
# decoder whose death the server would only answer as a bad file. A program
# during which a report was written counts one more failure, and the report
# is printed; it is then kept in LOKET_SANITIZER_LOGS/seen.
sanitizer_reports() {
	local dir=${LOKET_SANITIZER_LOGS:-} name=$1 r n=0
	[ -n "$dir" ] && [ -d "$dir" ] || { echo 0; return; }
	for r in "$dir"/*; do
		[ -f "$r" ] || continue
		mkdir -p "$dir/seen"
		{
			echo "== sanitizer report while $name ran (kept in $dir/seen):"
			cat "$r"
		} >&2
		mv "$r" "$dir/seen/$name.$(basename "$r")"
		n=$((n + 1))
	done
	echo "$n"
}

run_suite() {
	local kind=$1 exe
	shift
	for exe in "$@"; do
		[ -f "$exe" ] && [ -x "$exe" ] || continue
		: >"$log"
		echo "== $kind: $(basename "$exe")"
		"$exe" >"$log" 2>&1
		local rc=$?
		read -r p f < <(count_cmocka)
		if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
			# every test skipped (e.g. PostgreSQL-only tests on SQLite) is
			# fine; otherwise the program died before cmocka could report
			if [ $rc -ne 0 ] || ! grep -q '^\[  SKIPPED \]' "$log"; then
				f=1
			fi
		elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1
		fi
		# gcc's libubsan ignores log_path: its reports are found in what
		# the program printed (a server's log tail comes with srv_stop)
		if [ "$(sanitizer_reports "$(basename "$exe")" 2>>"$log")" -gt 0 ] ||
			grep -qE '(^|: )runtime error: |ERROR: (Address|Leak|UndefinedBehavior)Sanitizer' "$log"; then
			echo "[  FAILED  ] sanitizer report(s) above" >>"$log"
			f=$((f + 1))
		fi
		[ "$f" -gt 0 ] && cat "$log"
		grep -E '^\[  (PASSED|FAILED)  \]' "$log" | head -2
		passed=$((passed + p))
		failed=$((failed + f))
	done
}

run_browser() {
	[ -z "${LOKET_SKIP_BROWSER:-}" ] || return 0
	ls tests/browser/*.test.mjs >/dev/null 2>&1 || return 0
	echo "== browser ($1)"
	: >"$log"
	LOKET_BIN="$top/$build/loket" node --test --test-reporter=tap tests/browser/*.test.mjs >"$log" 2>&1
	local rc=$? p f
	p=$(grep -E '^# pass [0-9]+' "$log" | awk '{print $3}' | tail -1)
	f=$(grep -E '^# fail [0-9]+' "$log" | awk '{print $3}' | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	[ "$f" -gt 0 ] && cat "$log"
	echo "browser: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
}

# unit tests (test_store covers PostgreSQL itself when LOKET_TEST_DATABASE_URL is set)
run_suite unit "$build"/tests/test_*

# the HTTP and browser suites run once per database backend
pg_url=${LOKET_TEST_DATABASE_URL:-}
(
	unset LOKET_TEST_DATABASE_URL
	run_suite "http sqlite" "$build"/tests/http_test_*
	run_browser sqlite
	echo "$passed $failed" >"$log.counts"
)
read -r passed failed <"$log.counts"
if [ -n "$pg_url" ]; then
	export LOKET_TEST_DATABASE_URL=$pg_url
	run_suite "http postgresql" "$build"/tests/http_test_*
	run_browser postgresql
fi
rm -f "$log.counts"
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
