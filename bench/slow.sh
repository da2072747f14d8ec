#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Requests/s and p99 of ordinary clients (wrk) while N slow clients hold
# connections open by trickling their request headers (bench/slow_clients.py):
# none, N from one address, and N spread over enough addresses that the
# per-address cap holds none of them back (not part of make test).
# wrk cannot choose its source address, so it keeps the default 127.0.0.1
# and the slow clients come from 127.0.0.2 upward: two addresses all the same.
# Usage: [BUILD=build] [N=2000] [INTERVAL=10] bench/slow.sh [DURATION_SECONDS] [CONNECTIONS] [URL_PATH]
# LOKET_* variables (LOKET_MAX_CONNS_PER_IP, LOKET_HEADER_TIMEOUT, ...) reach the server.
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-10}
conns=${2:-16}
path=${3:-/}
n=${N:-2000}
interval=${INTERVAL:-10}
build=${BUILD:-build}
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
if ! out=$(ninja -C "$build" loket 2>&1); then
	echo "$out" >&2
	exit 1
fi
loket=$PWD/$build/loket

dir=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LOKET_DATA_DIR=$dir LOKET_BASE_URL=http://127.0.0.1:$port
"$loket" migrate >/dev/null
"$loket" import-regions tests/fixtures/regions >/dev/null
"$loket" serve --listen 127.0.0.1:"$port" 2>"$dir/server.log" &
pids+=($!)
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.05; done
url=http://127.0.0.1:$port$path

wrk_run() { # -> "rps p99 errors"
	local out
	out=$(wrk -t2 -c"$conns" -d"${dur}s" --latency --timeout 10s "$url")
	echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")" \
		"$(awk '/Socket errors/ {e = $0} /Non-2xx/ {e = e " non2xx " $NF} END {print e ? e : "none"}' <<<"$out")"
}

# scenario LABEL ADDRS: wrk while N slow clients from ADDRS addresses trickle
scenario() {
	local label=$1 addrs=$2 rps p99 errs slow warm
	if [ "$addrs" -eq 0 ]; then
		read -r rps p99 errs < <(wrk_run)
		slow="-"
	else
		warm=$(((n + 399) / 400 + 2)) # the clients open 400 connections a second
		python3 bench/slow_clients.py --port "$port" --n "$n" --addrs "$addrs" --interval "$interval" \
			--duration $((warm + dur + 1)) >"$dir/slow.out" &
		pids+=($!)
		sleep "$warm"
		read -r rps p99 errs < <(wrk_run)
		wait "${pids[-1]}" || true
		slow=$(cat "$dir/slow.out")
	fi
	printf '%-40s %10s req/s   p99 %-9s  slow clients: %s   wrk errors: %s\n' "$label" "$rps" "$p99" "$slow" "$errs"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk -t2 -c$conns -d${dur}s --latency $path from 127.0.0.1; $n slow clients, a header line every ${interval} s;"\
	"client and server share the machine"
grep -m1 'listening on' "$dir/server.log" | sed 's/.*(/server limits: (/'
scenario "no slow clients" 0
scenario "$n slow clients from 1 address" 1
# 50 a address: under the default per-address cap of 64, so the total cap
# and the header deadline are what hold them back
scenario "$n slow clients from $(((n + 49) / 50)) addresses" $(((n + 49) / 50))
echo "server summary lines (cut or refused connections, every 10 s):"
grep 'http: connections in the last' "$dir/server.log" | sed 's/^/  /' | tail -n 6 || echo "  none"
