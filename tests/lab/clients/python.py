#!/usr/bin/env python
# tests/lab/clients/python.py: one handshake with a Python's default client.
#
# Run by the interpreter under test (tests/e2e/fidelity.sh runs every pyenv
# build, 2.7 and 3.6 to 3.13) as ground truth for the python-* profiles:
# ssl.create_default_context() with the lab CA and nothing else changed.
# CAFILE "-" means the client's default trust: create_default_context()
# with no CA argument (the OpenSSL default paths, the system store;
# tests/e2e/trust_lab.sh).
# Connects to ADDR:PORT (no name resolution), sends NAME as SNI, checks the
# certificate against NAME (CAFILE "-": the default trust store), and
# prints one JSON line:
#   {"ok", "version", "cipher" (OpenSSL name), "error" (raw), "class"}
# "class" is the failure as tlsmatrix reasons (docs/ARCHITECTURE.md), "a|b"
# when the message allows several (see CLASSES). Syntax for 2.7 and 3.x.

import json
import re
import socket
import ssl
import sys

# Error text (lower case) -> reasons it allows. First match wins.
CLASSES = [
    # The server's alert 40 covers no common suite, group or sigalg;
    # tlsmatrix names the alert unless its own arithmetic is finer.
    (r"alert handshake failure",
     "server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg"),
    (r"alert protocol version|unsupported protocol|no protocols available"
     r"|wrong ssl version|version too low",
     "no-shared-protocol"),
    (r"no ciphers available|no cipher match|no shared cipher",
     "no-shared-cipher"),
    # OpenSSL 3.0 refuses a SHA-1 or MD5+SHA-1 ServerKeyExchange signature
    # from level 1; Python 2.7/3.6/3.7 map that error code to the wrong
    # name, BAD_MAC_LENGTH (their tables predate OpenSSL 3.0).
    (r"legacy sigalg|bad mac length|wrong signature type",
     "legacy-signature"),
    (r"dh key too small", "dh-too-small"),
    (r"unsuitable certificate purpose", "cert-eku"),
    (r"excessive message size", "message-too-large"),
    (r"ee key too small|ca key too small|key too weak",
     "key-too-small"),
    (r"has expired", "cert-expired"),
    (r"not yet valid", "cert-not-yet-valid"),
    (r"hostname mismatch|doesn't match|does not match|ip address mismatch",
     "cert-hostname"),
    (r"digest algorithm too weak|md too weak", "cert-weak-signature"),
    (r"unable to get local issuer|self.signed|unable to get issuer"
     r"|unable to verify the first",
     "cert-untrusted"),
    (r"key usage|basic constraints|not marked critical|authority key"
     r"|subject key identifier|invalid ca",
     "cert-strict"),
    # Python 2.7 and 3.6 give no verify message: "certificate verify
    # failed" is all they say for an expired, weak-keyed, SHA-1-signed,
    # untrusted or non-strict certificate (TEST-LAB-NOTES.md).
    (r"certificate verify failed",
     "cert-expired|cert-not-yet-valid|key-too-small|cert-weak-signature"
     "|cert-untrusted|cert-strict|cert-invalid|cert-eku"),
    # A ServerHello or HelloRetryRequest with what the client never
    # offered: OpenSSL aborts there (illegal_parameter; an unsolicited
    # known extension: unsupported_extension). Measured with
    # tests/lab/hostile_server.py's suiteclose, hrrgroup, unsolext.
    (r"wrong cipher returned|unknown cipher returned|bad key share"
     r"|illegal parameter", "illegal-parameter"),
    (r"unsolicited extension|bad extension", "protocol-error"),
    (r"unrecognized name", "sni-rejected|sni-required"),
    (r"timed out", "timeout"),
    (r"refused", "refused"),
    (r"reset by peer", "reset"),
    (r"eof occurred|unexpected eof|eof in violation", "closed"),
    (r"alert", "server-alert"),
]


def classify(text):
    low = text.lower()
    for pat, cls in CLASSES:
        if re.search(pat, low):
            return cls
    return "unknown"


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: python.py CAFILE NAME ADDR PORT\n")
        return 2
    ca, name, addr, port = argv[1], argv[2], argv[3], int(argv[4])
    out = {"ok": False, "version": None, "cipher": None, "error": None,
           "class": None}
    sock = tls = None
    try:
        if ca == "-":
            ctx = ssl.create_default_context()
        else:
            ctx = ssl.create_default_context(cafile=ca)
        sock = socket.create_connection((addr, port), timeout=5.0)
        tls = ctx.wrap_socket(sock, server_hostname=name)
        out["ok"] = True
        out["version"] = tls.version()
        c = tls.cipher()
        out["cipher"] = c[0] if c else None
    except Exception as e:  # every failure is a result
        out["error"] = "%s: %s" % (type(e).__name__, e)
        out["class"] = classify(out["error"])
    for s in (tls, sock):
        if s is not None:
            try:
                s.close()
            except Exception:
                pass
    sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
