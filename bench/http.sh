#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Measures requests/s and latency of loket serve with wrk (not part of make test).
# Usage: bench/http.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-10}
conns=${2:-64}
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -q wrk >/dev/null; }
make -s all >/dev/null
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LOKET_DATA_DIR=$dir
build/loket migrate >/dev/null
build/loket import-regions tests/fixtures/regions >/dev/null
build/loket serve --listen 127.0.0.1:$port 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.05; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk -t2 -c$conns -d${dur}s --latency"
for path in / /static/css/loket.css "/api/v1/wilayah?induk=33.26"; do
	out=$(wrk -t2 -c"$conns" -d"${dur}s" --latency "http://127.0.0.1:$port$path")
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	printf '%-32s %10s req/s   p99 %s\n' "$path" "$rps" "$p99"
done
