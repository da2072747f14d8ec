#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Slow clients for bench/slow.sh: N connections that never finish their request header.
"""Each connection sends a request line, then one header line every INTERVAL
seconds, and never the blank line that ends the header (slowloris). A
connection the server closes is opened again, at most RATE a second, as an
attacker would. Connections come from ADDRS loopback addresses starting at
127.0.0.2 (spread evenly). Stops by itself after DURATION seconds and prints
one line of counts: held (open at the end), opened, closed (by the server)."""
import argparse
import random
import resource
import selectors
import socket
import time

IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--addrs", type=int, default=1)
    ap.add_argument("--interval", type=float, default=10.0)
    ap.add_argument("--rate", type=int, default=400)
    ap.add_argument("--duration", type=float, default=60.0)
    return ap.parse_args()


def raise_nofile(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))


def open_one(port, addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # the port is chosen at connect time, so that thousands of reconnects
    # do not run into the server's TIME_WAIT sockets
    s.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
    s.bind((addr, 0))
    s.settimeout(1.0)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    except OSError:
        s.close()
        return None
    s.setblocking(False)
    return s


class Crowd:
    def __init__(self, a):
        self.a = a
        self.socks = [None] * a.n
        self.next_line = [0.0] * a.n
        self.sel = selectors.DefaultSelector()
        self.opened = self.closed = 0

    def addr(self, i):
        return "127.0.0.%d" % (2 + i % self.a.addrs)

    def drop(self, i):
        self.sel.unregister(self.socks[i])
        self.socks[i].close()
        self.socks[i] = None
        self.closed += 1

    def refill(self, budget, now):
        """Reopens closed connections, at most budget tries; returns the tries."""
        tries = 0
        for i in range(self.a.n):
            if tries >= budget:
                break
            if self.socks[i] is None:
                tries += 1
                s = open_one(self.a.port, self.addr(i))
                if s:
                    self.socks[i] = s
                    self.sel.register(s, selectors.EVENT_READ, i)
                    self.next_line[i] = now + random.uniform(0, self.a.interval)
                    self.opened += 1
        return tries

    def trickle(self, now):
        for i, s in enumerate(self.socks):
            if s is not None and now >= self.next_line[i]:
                try:
                    s.send(b"X-Lambat: 1\r\n")
                    self.next_line[i] = now + self.a.interval
                except OSError:
                    self.drop(i)

    def reap(self, timeout):
        for key, _ in self.sel.select(timeout):
            i = key.data
            try:
                gone = self.socks[i].recv(4096) == b""
            except OSError:
                gone = True
            if gone:
                self.drop(i)


def main():
    a = parse()
    raise_nofile(a.n)
    crowd = Crowd(a)
    tick = 0.25
    last = time.monotonic()
    end = last + a.duration
    tokens = 0.0
    while time.monotonic() < end:
        now = time.monotonic()
        # a token bucket: reap() returns as soon as something is closed
        tokens = min(tokens + a.rate * (now - last), a.rate)
        last = now
        tokens -= crowd.refill(int(tokens), now)
        crowd.trickle(now)
        crowd.reap(tick)
    crowd.reap(0.5)  # the last refusals arrive
    held = sum(s is not None for s in crowd.socks)
    print("held=%d opened=%d closed=%d" % (held, crowd.opened, crowd.closed), flush=True)


if __name__ == "__main__":
    main()
