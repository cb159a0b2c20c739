# dnsq.py HOST PORT NAME: exit 0 when a DNS answer (any rcode) to an A query
# for NAME comes back from HOST:PORT within 0.3 s; the resolver tests poll
# it (wait_for) until their dnsmasq answers.
import socket, struct, sys
host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
q = struct.pack(">HHHHHH", 0x5151, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
q += struct.pack(">HH", 1, 1)
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET,
                  socket.SOCK_DGRAM)
s.settimeout(0.3)
s.sendto(q, (host, port))
d = s.recv(512)
sys.exit(0 if d[:2] == q[:2] else 1)
