#!/usr/bin/env python3
"""A server that binds every address, run in its own network namespace.

ns_server.py ADDR PORT LIFETIME_S CMD...

gnutls-serv cannot bind one address: it takes the port on every address,
which would collide with the other lab servers on the shared port
(TEST-LAB-NOTES.md). This process binds ADDR:PORT on loopback first,
then moves itself into a new network namespace (unshare(CLONE_NEWNET):
needs root), brings that namespace's loopback up and starts CMD there,
where it may bind whatever it likes; "@PORT@" in CMD becomes PORT. The
listening socket made before the move stays in the machine's namespace,
so every connection to ADDR:PORT is relayed to 127.0.0.1:PORT inside.
Prints "ready" once CMD accepts (at most 10 s), and exits after
LIFETIME_S seconds whatever happens, killing CMD, so a test can never
leave it behind. Output of CMD goes to stderr.
"""
import ctypes
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from relay import relay  # noqa: E402

CLONE_NEWNET = 0x40000000



def serve(conn, port):
    try:
        inner = socket.create_connection(("127.0.0.1", port), timeout=5)
        inner.settimeout(None)
    except OSError:
        conn.close()
        return
    conn.settimeout(None)
    relay(conn, inner)


def main(argv):
    if len(argv) < 5:
        sys.stderr.write("usage: ns_server.py ADDR PORT LIFETIME_S CMD...\n")
        return 2
    addr, port, life = argv[1], int(argv[2]), float(argv[3])
    cmd = [a.replace("@PORT@", str(port)) for a in argv[4:]]
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(64)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        sys.stderr.write("ns_server.py: unshare(CLONE_NEWNET): %s\n"
                         % os.strerror(ctypes.get_errno()))
        return 1
    if subprocess.run(["ip", "link", "set", "lo", "up"]).returncode != 0:
        sys.stderr.write("ns_server.py: cannot bring lo up\n")
        return 1
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=sys.stderr, stderr=sys.stderr)
    end = time.monotonic() + life

    def stop(*_):
        child.kill()
        child.wait()
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    up = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > up or child.poll() is not None:
                sys.stderr.write("ns_server.py: %s did not listen\n"
                                 % cmd[0])
                stop()
            time.sleep(0.05)
    print("ready", flush=True)
    while time.monotonic() < end and child.poll() is None:
        r, _, _ = select.select([ls], [], [], 0.5)
        if r:
            conn, _ = ls.accept()
            threading.Thread(target=serve, args=(conn, port),
                             daemon=True).start()
    stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
