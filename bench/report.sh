#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What the reports cost (page, API and CSV/XLSX downloads read the same
# report_build) with 100,000 and APPS applications made over about three
# years, their process steps and the roll-ups, on SQLite and on PostgreSQL
# (not part of make test). Applicants: APPS / 10, as bench/data.sh makes
# about 10 applications per applicant.
# Usage: [GAP=75] bench/report.sh [APPS] [BUILD_DIR]     defaults: 1000000 build-bench
set -euo pipefail
cd "$(dirname "$0")/.."
apps=${1:-1000000}
build=${2:-build-bench}
case $apps in
'' | *[!0-9]*) echo "usage: [GAP=S] bench/report.sh [APPS] [BUILD_DIR]" >&2; exit 2 ;;
esac
# ids run about 1.25 x the applications (the generator leaves gaps), so
# 75 s apart makes 1,000,000 applications span about three years
APPS_MAX=$apps DATA_ARGS="--report --app-gap ${GAP:-75}" exec bench/data.sh $((apps / 10)) "$build"
