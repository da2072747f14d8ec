#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Requests/s and p99 latency of loket serve (a generated data set of
# APPLICANTS applicants, default 10,000) with wrk, beside nginx serving a
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

# The generated data set: APPLICANTS applicants with mixed statuses, in
# portable SQL (the same statement runs on both backends).
APPLICANTS=${APPLICANTS:-10000}
generate_sql="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $APPLICANTS)
INSERT INTO pemohon (nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, kode_desa, no_hp, email,
	password_hash, status, created_at, updated_at)
SELECT CAST(3326070000000000 + i AS TEXT), 'Warga ' || i, '3326071409230009', 'Pekalongan', '1990-05-15',
	'Ibu Warga', '33.26.07.2008', '6281234567890', 'warga' || i || '@example.com', 'x',
	CASE WHEN i % 10 = 0 THEN 'menunggu' WHEN i % 20 = 1 THEN 'ditolak' ELSE 'aktif' END, i, i FROM n;"

# start_loket NAME [DATABASE_URL]: a migrated server with the region fixture
# and the generated applicants; sets $port
start_loket() {
	local name=$1 url=${2:-}
	port=$(free_port)
	mkdir -p "$dir/$name"
	(
		export LOKET_DATA_DIR=$dir/$name LOKET_DATABASE_URL=$url
		build/loket migrate >/dev/null
		build/loket import-regions tests/fixtures/regions >/dev/null
		if [ -n "$url" ]; then
			psql -q "$url" -c "$generate_sql" >/dev/null
		else
			sqlite3 "$dir/$name/loket.db" "$generate_sql"
		fi
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
echo "wrk -t2 -c$conns -d${dur}s (client and servers share the machine); $APPLICANTS applicants in each database"
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
