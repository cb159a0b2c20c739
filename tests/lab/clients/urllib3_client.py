#!/usr/bin/python3
# tests/lab/clients/urllib3_client.py: one handshake with urllib3 1.26.
#
# Ground truth for the urllib3-1.26 profile (tests/e2e/fidelity.sh,
# tests/e2e/families.sh): Debian's python3-urllib3 under Debian's
# /usr/bin/python3, an HTTPSConnection as HTTPSConnectionPool makes it
# (create_urllib3_context: DEFAULT_CIPHERS, OP_NO_TICKET, ALPN http/1.1,
# urllib3's own host name check), to ADDR:PORT with NAME as SNI and as
# the name to match. CAFILE "-" means no ca_certs: urllib3 then loads the
# default trust store (SSLContext.load_default_certs()). Only connects:
# no request is sent.
#
# Usage: urllib3_client.py CAFILE NAME ADDR PORT
# Prints one JSON line {"ok", "version", "cipher" (OpenSSL name), "error"
# (raw), "class"}; "class" as in python.py, whose table it reuses.

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python as pyclient  # noqa: E402  (CLASSES and classify)


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: urllib3_client.py CAFILE NAME ADDR PORT\n")
        return 2
    ca, name, addr, port = argv[1], argv[2], argv[3], int(argv[4])
    out = {"ok": False, "version": None, "cipher": None, "error": None,
           "class": None}
    conn = None
    try:
        import urllib3
        from urllib3.connection import HTTPSConnection
        if not urllib3.__version__.startswith("1.26."):
            raise RuntimeError("driver: urllib3 %s, not 1.26"
                               % urllib3.__version__)
        # As HTTPSConnectionPool._prepare_conn sets it up.
        conn = HTTPSConnection(addr, port, timeout=5.0,
                               server_hostname=name)
        conn.set_cert(cert_reqs="CERT_REQUIRED",
                      ca_certs=None if ca == "-" else ca)
        conn.connect()
        out["ok"] = True
        out["version"] = conn.sock.version()
        c = conn.sock.cipher()
        out["cipher"] = c[0] if c else None
    except Exception as e:  # every failure is a result
        out["error"] = "%s: %s" % (type(e).__name__, e)
        out["class"] = "driver" if str(e).startswith("driver:") else \
            pyclient.classify(out["error"])
    if conn is not None:
        try:
            conn.close()
        except Exception:
            pass
    sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
