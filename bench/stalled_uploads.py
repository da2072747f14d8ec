#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Stalled uploads for bench/upload_mem.sh: N connections that send most of a large multipart body, then stop.
"""Each connection POSTs a multipart/form-data body of SIZE bytes (one file
part) to PATH with the full Content-Length, sends all of it but the last
REST bytes, and then sends nothing more. Connections come from ADDRS
loopback addresses starting at 127.0.0.2 (spread evenly), so that the
per-address cap holds none of them back. When every body is sent it prints
"sent N" and flushes, holds the connections HOLD seconds, and prints one
line: held (still open at the end: the server did not close them), sent."""
import argparse
import resource
import socket
import sys
import time

IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)
BOUNDARY = "loketbenchboundary"


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", default="/api/v1/verifikasi")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--addrs", type=int, default=4)
    ap.add_argument("--size", type=int, default=10 * 1024 * 1024 - 4096)
    ap.add_argument("--rest", type=int, default=16384)
    ap.add_argument("--hold", type=float, default=5.0)
    return ap.parse_args()


def body(size):
    head = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n" % BOUNDARY).encode()
    tail = ("\r\n--%s--\r\n" % BOUNDARY).encode()
    return head + b"%PDF-1.4\n" + b"x" * (size - len(head) - len(tail) - 9) + tail


def main():
    a = parse()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < a.n + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.n + 64), hard))
    b = body(a.size)
    head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
            "Content-Length: %d\r\n\r\n" % (a.path, BOUNDARY, len(b))).encode()
    socks = []
    for i in range(a.n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        s.bind(("127.0.0.%d" % (2 + i % a.addrs), 0))
        s.settimeout(30)
        try:
            s.connect(("127.0.0.1", a.port))
            s.sendall(head)
            s.sendall(b[: len(b) - a.rest])
        except OSError:
            s.close()
            continue
        socks.append(s)
    print("sent %d" % len(socks), flush=True)
    time.sleep(a.hold)
    held = 0
    for s in socks:
        # a connection the server closed reads as end of input (or reset)
        s.setblocking(False)
        try:
            held += 1 if s.recv(1) else 0
        except BlockingIOError:
            held += 1
        except OSError:
            pass
        s.close()
    print("held %d sent %d" % (held, len(socks)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
