#!/usr/bin/env python3
"""aia_server.py: an HTTP server on loopback for AIA caIssuers URLs (issue #14).

    aia_server.py PORTFILE DIR [--lifetime SECONDS]

Listens on 127.0.0.1 (a free port, written to PORTFILE once listening) and
answers GETs by path, one line per request logged to stdout:

    /FILE      the file DIR/FILE (the intermediate, as DER or PEM)
    /slow      a 200 header, then one byte every half second
    /huge      a 200 with 1 MiB of body
    /loop      302 to /loop, for ever
    /html      a 200 text/html page: not a certificate

Everything a hostile AIA URL can do to a client that fetches it, bounded by
--lifetime so that a test that dies leaves nothing running.
"""
import argparse
import http.server
import os
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    directory = "."

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        sys.stdout.write("GET %s\n" % self.path)
        sys.stdout.flush()
        p = self.path.split("?")[0]
        if p == "/slow":
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"0")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return
        if p == "/huge":
            body = b"\x30" * (1024 * 1024)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass
            return
        if p == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if p == "/html":
            body = b"<html><body>not a certificate</body></html>\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        name = os.path.basename(p)
        path = os.path.join(self.directory, name)
        if not name or not os.path.isfile(path):
            self.send_response(404)
            self.end_headers()
            return
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/pkix-cert")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("portfile")
    ap.add_argument("dir")
    ap.add_argument("--lifetime", type=float, default=300)
    a = ap.parse_args()
    Handler.directory = a.dir
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    tmp = a.portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.portfile)
    threading.Timer(a.lifetime, lambda: os._exit(0)).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
