#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make asan: the unit and HTTP suites on SQLite (no browser, no PostgreSQL)
# against an AddressSanitizer + UBSan build; any sanitizer report, from the
# test program or from any process it started, fails the run. The last line
# is "N passed, N failed".
# Usage: scripts/test-asan.sh [BUILD_DIR]   (default build-asan-clang)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-asan-clang}

logs=$(mktemp -d /tmp/loket-sanitizer-XXXXXX)
export LOKET_SANITIZER_LOGS=$logs
# Reports go to files (log_path, one per process: report.PID) that
# tests/run.sh counts and prints: a report in a server or in an isolated
# child is then a failure even when the test only sees a failed request or
# a file refused as broken. halt_on_error makes UBSan fatal as ASan is; the
# exit code of a report is 1 (a server that exits 1 fails srv_stop).
# log_path is common to both runtimes: the same value in both variables.
# gcc's libubsan ignores it and writes to stderr, where tests/run.sh looks
# too; so clang's build is the one to run.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=1:log_path=$logs/report${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/report${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# clang's runtime looks for llvm-symbolizer in PATH; Debian names it -14
if ! command -v llvm-symbolizer >/dev/null && [ -x /usr/bin/llvm-symbolizer-14 ]; then
	export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14 UBSAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
fi
export LOKET_SKIP_BROWSER=1
unset LOKET_TEST_DATABASE_URL

tests/run.sh "$build"
rc=$?
# the reports stay for a look (tests/run.sh printed where)
[ -d "$logs/seen" ] || rm -rf "$logs"
exit $rc
