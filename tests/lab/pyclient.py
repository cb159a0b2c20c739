#!/usr/bin/env python3
# tests/lab/pyclient.py: one TLS handshake with a Python's default client.
#
# Run by the interpreter under test (tests/e2e/incident_lab.sh runs the
# pyenv 3.9 and 3.12 builds) as the ground truth for tlsmatrix's python-*
# profiles. It uses ssl.create_default_context() with only the lab CA added
# and changes nothing else: the client's own defaults are what is measured.
# Connects to an address (no name resolution at all), sends NAME as SNI and
# checks the certificate against it, and prints exactly one JSON line:
#   {"ok": bool, "version": "TLSv1.2"|null, "cipher": OpenSSL name|null,
#    "error": str|null}
# Exit status 0 whatever the handshake did; 2 on bad usage.
# --proxy IP:PORT first asks that HTTP proxy for a CONNECT tunnel to the
# address (tests/e2e/proxy_lab.sh), as a client behind a proxy does.
# Syntax kept to what Python 3.6 through 3.13 accept.

import argparse
import json
import socket
import ssl
import sys


def tunnel(proxy, address, port, timeout):
    """A socket through an HTTP CONNECT proxy (RFC 9110 9.3.6)."""
    host, _, pport = proxy.rpartition(":")
    sock = socket.create_connection((host.strip("[]"), int(pport)),
                                    timeout=timeout)
    target = "[%s]:%d" % (address, port) if ":" in address else \
        "%s:%d" % (address, port)
    sock.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" %
                  (target, target)).encode("ascii"))
    head = b""
    while not head.endswith(b"\r\n\r\n") and len(head) < 16384:
        b = sock.recv(1)
        if not b:
            break
        head += b
    status = head.split(b"\r\n", 1)[0]
    if b" 200 " not in status + b" ":
        sock.close()
        raise OSError("proxy: %r" % status[:80])
    return sock


def main():
    ap = argparse.ArgumentParser(description="one default-context TLS handshake")
    ap.add_argument("--ca", required=True, help="CA file (PEM) to trust")
    ap.add_argument("--name", required=True, help="SNI and hostname to verify")
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds")
    ap.add_argument("--proxy", help="HTTP CONNECT proxy IP:PORT")
    ap.add_argument("address", help="IPv4 or IPv6 literal")
    ap.add_argument("port", type=int)
    args = ap.parse_args()

    out = {"ok": False, "version": None, "cipher": None, "error": None}
    sock = None
    tls = None
    try:
        ctx = ssl.create_default_context(cafile=args.ca)
        if args.proxy:
            sock = tunnel(args.proxy, args.address, args.port, args.timeout)
        else:
            sock = socket.create_connection((args.address, args.port),
                                            timeout=args.timeout)
        tls = ctx.wrap_socket(sock, server_hostname=args.name)
        out["ok"] = True
        out["version"] = tls.version()
        c = tls.cipher()
        out["cipher"] = c[0] if c else None
    except Exception as e:  # every failure is a result, not a crash
        out["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        for s in (tls, sock):
            if s is not None:
                try:
                    s.close()
                except Exception:
                    pass
    sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
