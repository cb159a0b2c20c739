#!/usr/bin/env python3
# tests/lab/clients/starttls.py: one STARTTLS connection with Python's own
# protocol client (smtplib, imaplib, poplib, ftplib) and its default
# context, the ground truth of the python-* profiles on STARTTLS services
# (tests/e2e/starttls_mail.sh, issue #17).
#
#   python starttls.py PROTO CAFILE NAME ADDR PORT
#
# PROTO is smtp, imap, pop3 or ftp. Connects to ADDR (an IP literal: no
# name resolution) and verifies the certificate against NAME, which is
# also the SNI: each library uses its host attribute as server_hostname,
# so the test sets it to NAME after connecting to the address. Prints one
# JSON line {"ok", "version", "cipher", "error"}; exit status 0 whatever
# the handshake did, 2 on bad usage. Syntax kept to Python 3.6.

import ftplib
import imaplib
import json
import poplib
import smtplib
import socket
import ssl
import sys


def tls_of(sock):
    return sock.version(), (sock.cipher() or (None,))[0]


def run(proto, ctx, name, addr, port, timeout):
    if proto == "smtp":
        c = smtplib.SMTP(addr, port, local_hostname="client.test",
                         timeout=timeout)
        c._host = name
        try:
            c.starttls(context=ctx)
            return tls_of(c.sock)
        finally:
            c.close()
    if proto == "imap":
        socket.setdefaulttimeout(timeout)
        c = imaplib.IMAP4(addr, port)
        c.host = name
        try:
            c.starttls(ssl_context=ctx)
            return tls_of(c.sock)
        finally:
            c.shutdown()
    if proto == "pop3":
        c = poplib.POP3(addr, port, timeout=timeout)
        c.host = name
        try:
            c.stls(context=ctx)
            return tls_of(c.sock)
        finally:
            c.close()
    if proto == "ftp":
        c = ftplib.FTP_TLS(context=ctx, timeout=timeout)
        c.connect(addr, port)
        c.host = name
        try:
            c.auth()
            return tls_of(c.sock)
        finally:
            c.close()
    raise ValueError("unknown protocol %r" % proto)


def main():
    if len(sys.argv) != 6:
        sys.stderr.write("usage: starttls.py PROTO CAFILE NAME ADDR PORT\n")
        return 2
    proto, ca, name, addr, port = sys.argv[1:]
    out = {"ok": False, "version": None, "cipher": None, "error": None}
    try:
        ctx = ssl.create_default_context(cafile=ca)
        out["version"], out["cipher"] = run(proto, ctx, name, addr,
                                            int(port), 10.0)
        out["ok"] = True
    except Exception as e:  # every failure is a result, not a crash
        out["error"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
