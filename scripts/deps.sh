#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what Loket needs to build, run and test; does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
	build-essential pkg-config meson ninja-build python3
	# make asan, the fuzzers: llvm-symbolizer-14 puts lines in sanitizer
	# reports of clang builds (clang-14 and its runtimes: below)
	llvm-14
	libmicrohttpd-dev libsqlite3-dev sqlite3 libsodium-dev libjansson-dev libinih-dev
	libcurl4-openssl-dev libcmocka-dev libpq-dev postgresql postgresql-client nginx-light wrk
	libcmark-dev libmagic-dev libvips-dev libxlsxwriter-dev poppler-utils
	libssl-dev libqpdf-dev libqrencode-dev libnss3-tools qpdf
	libjs-bootstrap5 bootstrap-icons libjs-chart.js
	chromium nodejs npm
	clang-14 libclang-rt-14-dev
)
REGIONS_VERSION=4.0.1

missing=()
for p in "${APT_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js from another source may already provide node and npm
if command -v node >/dev/null && command -v npm >/dev/null; then
	tmp=()
	for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
	missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "Installing Debian packages: ${missing[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# Browser-test driver (no browser download: Debian's chromium is used) and
# axe-core, the accessibility checker the browser tests inject
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
	echo "Installing npm packages"
	npm install --no-audit --no-fund --loglevel=error
fi

# Region data: idn-area-data CSV files, pinned version, fetched once
regions=.cache/idn-area-data-$REGIONS_VERSION
if [ ! -f "$regions/data/villages.csv" ]; then
	echo "Fetching idn-area-data@$REGIONS_VERSION"
	mkdir -p .cache
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "idn-area-data@$REGIONS_VERSION" >/dev/null)
	rm -rf "$regions"
	mkdir -p "$regions"
	tar -xzf "$tmp"/idn-area-data-$REGIONS_VERSION.tgz -C "$regions" --strip-components=1
	rm -rf "$tmp"
fi
