#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make run: migrate, load regions, create the first admin, then serve.
set -euo pipefail
# what this script writes in the data directory is private too (loket
# sets its own umask)
umask 027
cd "$(dirname "$0")/.."
build=${1:-build}
data=${2:-var}
listen=${3:-127.0.0.1:8080}
loket="$build/loket"
regions=.cache/idn-area-data-4.0.1/data

mkdir -p "$data"
"$loket" migrate --data "$data"
if [ ! -f "$data/.regions-imported" ]; then
	echo "Importing regions (provinsi, kabupaten/kota, kecamatan, desa/kelurahan)..."
	"$loket" import-regions "$regions" --data "$data"
	touch "$data/.regions-imported"
fi
if out=$("$loket" admin add admin --role admin --nama "Administrator" --data "$data" 2>/dev/null); then
	password=$(printf '%s\n' "$out" | tail -n 1)
	echo
	echo "First admin created. Username: admin"
	echo "One-time password (change it at first login): $password"
	echo "After the new password, set up two-factor login: scan the QR code shown with an"
	echo "authenticator app (or type its key), enter the app's code, keep the recovery codes."
else
	echo
	echo "Admin account 'admin' already exists (its one-time password was printed at the first run;"
	echo "a new one: $loket admin reset-password admin --data $data; a lost authenticator phone:"
	echo "$loket admin reset-2fa admin --data $data)."
fi
# the address WhatsApp and e-mail links carry, as the server computes it
# (base_url from loket.ini or LOKET_BASE_URL, else the listen address)
links=$("$loket" config --listen "$listen" --data "$data" | sed -n 's/^base_url = //p')
echo
echo "Loket is served at http://$listen  (staff login: http://$listen/staf/login)"
echo "Links in WhatsApp and e-mail messages lead to: $links"
echo "Press Ctrl+C to stop."
exec "$loket" serve --listen "$listen" --data "$data"
