#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The server's memory while N uploads of about 10 MiB each stall just before
# their end (bench/stalled_uploads.py): resident set (VmRSS) before, while
# they are held, and its peak (VmHWM) from /proc/PID/status (not part of
# make test). The idle timeout is raised so that the first connections are
# still held when the last is sent.
# Usage: [BUILD=build] [LOKET=path/to/loket] [N=100] [SIZE=bytes] bench/upload_mem.sh
# LOKET_* variables reach the server.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-100}
size=${SIZE:-$((10 * 1024 * 1024 - 4096))}
build=${BUILD:-build}
if [ -z "${LOKET:-}" ]; then
	[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
	if ! out=$(ninja -C "$build" loket 2>&1); then
		echo "$out" >&2
		exit 1
	fi
	LOKET=$PWD/$build/loket
fi

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
export LOKET_IDLE_TIMEOUT=${LOKET_IDLE_TIMEOUT:-300}
"$LOKET" migrate >/dev/null
"$LOKET" import-regions tests/fixtures/regions >/dev/null
"$LOKET" serve --listen 127.0.0.1:"$port" 2>"$dir/server.log" &
spid=$!
pids+=($spid)
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.05; done
# warm up: a few pages and one small upload, as a running server has served
for _ in $(seq 20); do curl -fs "http://127.0.0.1:$port/" >/dev/null; done
curl -s -o /dev/null -F "file=@tests/fixtures/pdf/javascript.pdf;type=application/pdf" \
	"http://127.0.0.1:$port/api/v1/verifikasi" || true

kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$spid/status"; }
mb() { awk -v v="$1" 'BEGIN {printf "%.0f MiB", v / 1024}'; }
before=$(kb VmRSS)

python3 bench/stalled_uploads.py --port "$port" --n "$n" --size "$size" --hold 6 >"$dir/clients.out" &
cpid=$!
pids+=($cpid)
start=$(date +%s.%N)
until grep -q '^sent' "$dir/clients.out"; do sleep 0.2; done
took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
sleep 2 # the server reads what was still in the sockets
held_rss=$(kb VmRSS)
ok=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
wait "$cpid" || true
hwm=$(kb VmHWM)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "$n uploads of $size bytes to /api/v1/verifikasi, each stalled 16384 bytes before its end (sent in ${took} s)"
echo "server VmRSS before: $(mb "$before")   while held: $(mb "$held_rss")   peak (VmHWM): $(mb "$hwm")"
echo "clients: $(tail -n 1 "$dir/clients.out")   GET / while held: $ok"
