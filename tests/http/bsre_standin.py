#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A stand-in for the BSrE signing API (POST /api/v2/sign/pdf) for the TTE tests: checks the client contract.
"""Usage: bsre_standin.py PORT USER PASSWORD LOGFILE

Listens on 127.0.0.1:PORT. Checks HTTP Basic auth (USER:PASSWORD) and the
JSON shape Loket sends: nik, passphrase, signatureProperties (one VISIBLE
entry with a PNG image and its placement) and file (one base64 PDF). Like
BSrE it refuses the passphrase "salah" with HTTP 400 and
{"status_code": 2031, "error": "Passphrase anda salah"}. It "signs" by
appending a marker comment to the PDF and answers {"data": {"file":
[base64]}}. Every request is summarised as one JSON line in LOGFILE so the
test can assert on what the client sent.
"""
import base64
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

MARKER = b"\n%BSrE-standin-signed\n"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):  # quiet
        pass

    def answer(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self, entry):
        with open(self.server.logfile, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def do_POST(self):
        if self.path != "/api/v2/sign/pdf":
            self.answer(404, {"status_code": 404, "error": "Not found"})
            return
        want = "Basic " + base64.b64encode(
            (self.server.user + ":" + self.server.password).encode()).decode()
        if self.headers.get("Authorization") != want:
            self.record({"auth": False})
            self.answer(401, {"status_code": 401, "error": "Unauthorized"})
            return
        n = int(self.headers.get("Content-Length") or 0)
        try:
            req = json.loads(self.rfile.read(n))
            props = req["signatureProperties"]
            p = props[0]
            pdf = base64.b64decode(req["file"][0], validate=True)
            img = base64.b64decode(p["imageBase64"], validate=True)
            shape_ok = (isinstance(req["nik"], str) and isinstance(req["passphrase"], str)
                        and len(props) == 1 and p["tampilan"] == "VISIBLE"
                        and img.startswith(b"\x89PNG\r\n\x1a\n")
                        and all(isinstance(p[k], int) for k in ("page", "originX", "originY", "width", "height"))
                        and isinstance(p["location"], str) and isinstance(p["reason"], str)
                        and len(req["file"]) == 1 and pdf.startswith(b"%PDF-"))
        except (KeyError, IndexError, TypeError, ValueError):
            shape_ok = False
        if not shape_ok:
            self.record({"auth": True, "shape": False})
            self.answer(400, {"status_code": 1001, "error": "Request tidak valid"})
            return
        self.record({"auth": True, "shape": True, "nik": req["nik"], "png": True, "page": p["page"]})
        if req["passphrase"] == "salah":
            self.answer(400, {"status_code": 2031, "error": "Passphrase anda salah"})
            return
        signed = pdf + MARKER
        self.answer(200, {"data": {"file": [base64.b64encode(signed).decode()]}})


def main():
    port, user, password, logfile = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    srv = HTTPServer(("127.0.0.1", port), Handler)
    srv.user, srv.password, srv.logfile = user, password, logfile
    srv.serve_forever()


if __name__ == "__main__":
    main()
