#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Requests/s and p99 latency of loket serve (a generated data set of
# APPLICANTS applicants, default 10,000, and 10 applications for each aktif
# one) with wrk, beside nginx serving a static copy of the same Home page:
# public pages, and a logged-in applicant's application list and detail
# (not part of make test).
# Usage: [BUILD=build] [APPLICANTS=10000] bench/http.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-10}
conns=${2:-64}
build=${BUILD:-build}
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
	apt-get install -y -q "${need[@]}" >/dev/null
fi
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
# only the program: a half-written test elsewhere in the tree must not stop
# a benchmark
if ! out=$(ninja -C "$build" loket 2>&1); then
	echo "$out" >&2
	exit 1
fi
loket=$PWD/$build/loket

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

[ "$APPLICANTS" -lt 1000000 ] || { echo "bench/http.sh: APPLICANTS must stay below 1,000,000 (application codes)" >&2; exit 2; }

# Ten applications for every aktif applicant, spread over the 16 services of
# the seeded catalog with mixed statuses, one history entry each; codes
# PREFIX 3326 (k * 1,000,000 + applicant id + 10,000,000): unique, and far
# from what app_create hands out.
applications_sql="WITH RECURSIVE r(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM r WHERE k < 9)
INSERT INTO pengajuan (kode, pemohon_id, layanan_id, definisi_id, status, nik, nama, no_kk, no_hp, email,
	kode_desa, detail, isian, created_at, updated_at, dikirim_at)
SELECT l.prefix || '3326' || CAST(10000000 + r.k * 1000000 + p.id AS TEXT), p.id, l.id, l.definisi_id,
	CASE (p.id + r.k) % 20 WHEN 0 THEN 'DRAFT' WHEN 1 THEN 'DIKIRIM' WHEN 2 THEN 'DIKEMBALIKAN'
	WHEN 3 THEN 'DISETUJUI' WHEN 4 THEN 'DIPROSES' ELSE 'SELESAI' END,
	p.nik, p.nama, p.no_kk, p.no_hp, p.email, p.kode_desa, 'Mohon diproses ' || l.nama || '.', '{}',
	1700000000 + r.k * 2592000 + p.id, 1700000000 + r.k * 2592000 + p.id,
	CASE WHEN (p.id + r.k) % 20 = 0 THEN NULL ELSE 1700000000 + r.k * 2592000 + p.id END
FROM r CROSS JOIN pemohon p JOIN layanan l ON l.urutan = 1 + (p.id * 7 + r.k * 3) % 16
WHERE p.status = 'aktif' ORDER BY r.k, p.id;
INSERT INTO pengajuan_riwayat (pengajuan_id, status, aktor, aktor_id, aktor_nama, catatan, created_at)
SELECT id, 'DRAFT', 'pemohon', pemohon_id, nama, 'Pengajuan dibuat.', created_at FROM pengajuan ORDER BY id;"

# The applicant the logged-in pages are measured as: registered through the
# form (a real Argon2id hash), then made aktif in the database as an officer
# would, before the applications are generated.
BENCH_NIK=3326071505900301
BENCH_PASSWORD=Bench-Pemohon-2024

# sql NAME STATEMENTS: runs on the database of server NAME (unaligned output)
sql() {
	local url=${urls[$1]:-}
	if [ -n "$url" ]; then
		psql -qAt -v ON_ERROR_STOP=1 "$url" -c "$2"
	else
		sqlite3 -cmd '.timeout 10000' "$dir/$1/loket.db" "$2"
	fi
}

declare -A urls
# start_loket NAME [DATABASE_URL]: a migrated server with the region fixture,
# the generated applicants and the bench applicant with their applications;
# sets $port, $cookie (the bench applicant's session) and $kode (one of its
# applications)
start_loket() {
	local name=$1 url=${2:-} jar page q a op b answer
	urls[$name]=$url
	port=$(free_port)
	mkdir -p "$dir/$name"
	(
		export LOKET_DATA_DIR=$dir/$name LOKET_DATABASE_URL=$url
		"$loket" migrate >/dev/null
		"$loket" import-regions tests/fixtures/regions >/dev/null
		sql "$name" "$generate_sql" >/dev/null
		exec "$loket" serve --listen 127.0.0.1:"$port" >/dev/null 2>&1
	) &
	pids+=($!)
	for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.05; done

	jar=$dir/$name/cookies
	# form_post PATH FIELDS...: GET the form, answer its captcha, POST it
	form_post() {
		local path=$1
		shift
		page=$(curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$port$path")
		q=$(grep -o 'Berapa [0-9]* [a-z]* [0-9]* ?' <<<"$page" | head -n 1)
		read -r _ a op b _ <<<"$q"
		case $op in
		ditambah) answer=$((a + b)) ;;
		dikurangi) answer=$((a - b)) ;;
		dikali) answer=$((a * b)) ;;
		*) echo "bench/http.sh: no captcha question on $path" >&2; return 1 ;;
		esac
		curl -fsS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" "http://127.0.0.1:$port$path" \
			--data-urlencode "csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$page" | head -n 1)" \
			--data-urlencode "captcha_id=$(sed -n 's/.*name="captcha_id" value="\([^"]*\)".*/\1/p' <<<"$page" | head -n 1)" \
			--data-urlencode "captcha=$answer" "$@"
	}
	[ "$(form_post /pemohon/daftar --data-urlencode nik=$BENCH_NIK --data-urlencode "nama=Siti Aminah" \
		--data-urlencode no_kk=3326071409230009 --data-urlencode tempat_lahir=Pekalongan \
		--data-urlencode tanggal_lahir=15-05-1990 --data-urlencode "nama_ibu=Sri Wahyuni" \
		--data-urlencode provinsi=33 --data-urlencode kabupaten=33.26 --data-urlencode kecamatan=33.26.07 \
		--data-urlencode kode_desa=33.26.07.2008 --data-urlencode no_hp=081234567890 \
		--data-urlencode email=siti@example.com --data-urlencode password=$BENCH_PASSWORD \
		--data-urlencode password2=$BENCH_PASSWORD)" = 303 ] ||
		{ echo "bench/http.sh: registering the bench applicant failed" >&2; return 1; }
	sql "$name" "UPDATE pemohon SET status = 'aktif' WHERE nik = '$BENCH_NIK'" >/dev/null
	sql "$name" "$applications_sql" >/dev/null
	[ -z "$url" ] || sql "$name" "VACUUM ANALYZE" >/dev/null
	[ "$(form_post /pemohon/login --data-urlencode nik=$BENCH_NIK --data-urlencode password=$BENCH_PASSWORD)" = 303 ] ||
		{ echo "bench/http.sh: logging the bench applicant in failed" >&2; return 1; }
	cookie=$(awk '$6 == "loket_sid" { print $7 }' "$jar" | tail -n 1)
	kode=$(sql "$name" "SELECT kode FROM pengajuan WHERE pemohon_id = (SELECT id FROM pemohon WHERE nik = '$BENCH_NIK') ORDER BY id DESC LIMIT 1")
	if [ -z "$cookie" ] || [ -z "$kode" ]; then
		echo "bench/http.sh: no session or no application" >&2
		return 1
	fi
	# the list must show the bench applicant's applications
	curl -fsS -H "Cookie: loket_sid=$cookie" "http://127.0.0.1:$port/pengajuan" | grep -q "$kode" ||
		{ echo "bench/http.sh: /pengajuan does not list $kode" >&2; return 1; }
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

run() { # url [wrk options] -> "rps p99 non2xx"
	local out url=$1
	shift
	out=$(wrk -t2 -c"$conns" -d"${dur}s" --latency "$@" "$url")
	echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")" \
		"$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk -t2 -c$conns -d${dur}s (client and servers share the machine); $APPLICANTS applicants in each database,"\
	"10 applications for each aktif one; /pengajuan* as a logged-in applicant"
read -r nrps np99 _ < <(run "http://127.0.0.1:$nport/")
printf '%-52s %10s req/s   p99 %-8s\n' "nginx static Home (reference)" "$nrps" "$np99"

bench_loket() { # label port cookie kode
	local path rps p99 bad ratio opts
	for path in / /static/css/loket.css "/api/v1/wilayah?induk=33.26" /persyaratan/akta-kelahiran /informasi \
		/pengajuan "/pengajuan/$4"; do
		opts=()
		case $path in /pengajuan*) opts=(-H "Cookie: loket_sid=$3") ;; esac
		read -r rps p99 bad < <(run "http://127.0.0.1:$2$path" "${opts[@]}")
		ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN { printf "%.2f", a / b }')
		printf '%-52s %10s req/s   p99 %-8s  %s x nginx%s\n' "loket ($1) $path" "$rps" "$p99" "$ratio" \
			"${bad:+   ($bad answers not 2xx!)}"
	done
}
bench_loket sqlite "$port" "$cookie" "$kode"

if cluster=$(scripts/pg-cluster.sh start 2>/dev/null); then
	url=${cluster#* }
	psql -q "$url" -c 'CREATE DATABASE bench' >/dev/null
	start_loket postgresql "${url%/*}/bench"
	bench_loket postgresql "$port" "$cookie" "$kode"
else
	cluster=
	echo "(PostgreSQL not available: SQLite only)"
fi
