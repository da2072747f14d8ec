#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Requests/s and p99 latency of loket serve with wrk, beside nginx serving a
# static copy of the same Home page (not part of make test).
# Usage: bench/http.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-10}
conns=${2:-64}
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
	apt-get install -y -q "${need[@]}" >/dev/null
fi
make -s all >/dev/null

dir=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cluster=
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -n "$cluster" ] && scripts/pg-cluster.sh stop "${cluster%% *}"
	rm -rf "$dir"
}
trap cleanup EXIT

# start_loket NAME [DATABASE_URL]: a migrated server with the region fixture;
# sets $port
start_loket() {
	local name=$1 url=${2:-}
	port=$(free_port)
	mkdir -p "$dir/$name"
	(
		export LOKET_DATA_DIR=$dir/$name LOKET_DATABASE_URL=$url
		build/loket migrate >/dev/null
		build/loket import-regions tests/fixtures/regions >/dev/null
		exec build/loket serve --listen 127.0.0.1:"$port" >/dev/null 2>&1
	) &
	pids+=($!)
	for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.05; done
}

start_loket sqlite

# nginx: the same Home page, saved, as the static reference
nport=$(free_port)
mkdir -p "$dir/www" "$dir/tmp"
curl -fs "http://127.0.0.1:$port/" >"$dir/www/index.html"
cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $dir/tmp;
	proxy_temp_path $dir/tmp;
	fastcgi_temp_path $dir/tmp;
	uwsgi_temp_path $dir/tmp;
	scgi_temp_path $dir/tmp;
	server {
		listen 127.0.0.1:$nport;
		root $dir/www;
		default_type text/html;
	}
}
CONF
nginx -c "$dir/nginx.conf" -g 'daemon off;' >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$nport/" >/dev/null && break; sleep 0.05; done

run() { # url -> "rps p99"
	local out
	out=$(wrk -t2 -c"$conns" -d"${dur}s" --latency "$1")
	echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk -t2 -c$conns -d${dur}s (client and servers share the machine)"
read -r nrps np99 < <(run "http://127.0.0.1:$nport/")
printf '%-44s %10s req/s   p99 %-8s\n' "nginx static Home (reference)" "$nrps" "$np99"

bench_loket() { # label port
	local path rps p99 ratio
	for path in / /static/css/loket.css "/api/v1/wilayah?induk=33.26"; do
		read -r rps p99 < <(run "http://127.0.0.1:$2$path")
		ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN { printf "%.2f", a / b }')
		printf '%-44s %10s req/s   p99 %-8s  %s x nginx\n' "loket ($1) $path" "$rps" "$p99" "$ratio"
	done
}
bench_loket sqlite "$port"

if cluster=$(scripts/pg-cluster.sh start 2>/dev/null); then
	url=${cluster#* }
	psql -q "$url" -c 'CREATE DATABASE bench' >/dev/null
	start_loket postgresql "${url%/*}/bench"
	bench_loket postgresql "$port"
else
	cluster=
	echo "(PostgreSQL not available: SQLite only)"
fi
