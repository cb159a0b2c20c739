#!/usr/bin/env python3
"""A round-robin TCP load balancer for the tests, on loopback only.

rr_proxy.py LISTEN_ADDR LISTEN_PORT LIFETIME_S BACKEND_ADDR:PORT...

Each accepted connection is relayed to the next backend in turn, the way
a load balancer hides several differently configured servers behind one
address. Prints "ready PORT" once listening (port 0: any) and exits after
LIFETIME_S seconds whatever happens, so a test can never leave it behind.
"""
import os
import select
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from relay import relay  # noqa: E402


def main():
    host, port, life = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    backends = []
    for spec in sys.argv[4:]:
        h, p = spec.rsplit(":", 1)
        backends.append((h, int(p)))
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(64)
    print("ready %d" % srv.getsockname()[1], flush=True)
    deadline = time.monotonic() + life
    n = 0
    while time.monotonic() < deadline:
        r, _, _ = select.select([srv], [], [], 0.2)
        if not r:
            continue
        c, _ = srv.accept()
        try:
            b = socket.create_connection(backends[n % len(backends)], 5)
        except OSError:
            c.close()
            continue
        n += 1
        threading.Thread(target=relay, args=(c, b), daemon=True).start()


if __name__ == "__main__":
    main()
