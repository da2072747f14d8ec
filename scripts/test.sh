#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make test: every suite on SQLite, and again on a throw-away PostgreSQL
# cluster when the server binaries are installed (scripts/deps.sh does).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

if [ -z "${LOKET_TEST_DATABASE_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	if cluster=$(scripts/pg-cluster.sh start); then
		trap 'scripts/pg-cluster.sh stop "${cluster%% *}"' EXIT
		export LOKET_TEST_DATABASE_URL=${cluster#* }
	else
		echo "warning: could not start a PostgreSQL cluster; testing SQLite only" >&2
	fi
fi
tests/run.sh "$build"
