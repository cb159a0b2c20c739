#!/usr/bin/env python3
# tests/lab/replay_hello.py: send a captured ClientHello to a server.
#
# Usage: replay_hello.py HEXFILE ADDR PORT. Sends the bytes of HEXFILE
# (tests/data/hello/*.hex: one line of hex, a whole record) to ADDR:PORT,
# as the client that was captured did, and prints the first bytes the
# server answers (hex; a capture server's handshake_failure alert is
# 15030300020228). tests/e2e/capture.sh replays the captures of clients
# that may be absent from the machine to `tlsmatrix --capture`. Bounded:
# 5 s for the connection and the answer.
import socket
import sys


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: replay_hello.py HEXFILE ADDR PORT\n")
        return 2
    data = bytes.fromhex(open(argv[1]).read().strip())
    with socket.create_connection((argv[2], int(argv[3])), timeout=5) as s:
        s.sendall(data)
        try:
            answer = s.recv(64)
        except socket.timeout:
            answer = b""
    print(answer.hex())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
