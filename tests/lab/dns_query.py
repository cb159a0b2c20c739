#!/usr/bin/env python3
# dns_query.py: one raw DNS query (RFC 1035 §4.1) over UDP to
# 127.0.0.1:PORT, to see that a lab resolver serves what it was told.
# Used by tests/lab/lab.sh (lab_dns_query) and bench/bench.py.
#
#   dns_query.py PORT NAME [A|AAAA]
# prints the answer addresses, one a line; exit 0 with answers, 2 on a
# reply without any (NXDOMAIN, NODATA, REFUSED), 1 on no reply in 0.5 s.
import random, socket, struct, sys


def query(port, name, qtype="A"):
    """The answer addresses for NAME (a list, maybe empty), or None when
    no reply of ours came within 0.5 s."""
    t = {"A": 1, "AAAA": 28}[qtype]
    qid = random.randrange(65536)
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\0" + struct.pack(">HH", t, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.5)
    try:
        s.connect(("127.0.0.1", port))	# connected: a closed port fails at once
        s.send(q)
        r = s.recv(4096)
    except OSError:
        return None
    finally:
        s.close()
    hid, flags, qd, an = struct.unpack(">HHHH", r[:8])
    if hid != qid:
        return None
    if flags & 0x000f:
        return []

    def skip_name(off):
        for _ in range(128):
            n = r[off]
            if n == 0:
                return off + 1
            if n & 0xc0 == 0xc0:
                return off + 2
            off += 1 + n
        raise ValueError("name too long")

    off = 12
    for _ in range(qd):
        off = skip_name(off) + 4
    out = []
    for _ in range(an):
        off = skip_name(off)
        rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", r[off:off + 10])
        off += 10
        rd = r[off:off + rdlen]
        off += rdlen
        if rtype == 1 and rdlen == 4:
            out.append(socket.inet_ntop(socket.AF_INET, rd))
        elif rtype == 28 and rdlen == 16:
            out.append(socket.inet_ntop(socket.AF_INET6, rd))
    return out


if __name__ == "__main__":
    got = query(int(sys.argv[1]), sys.argv[2],
                sys.argv[3] if len(sys.argv) > 3 else "A")
    if got is None:
        sys.exit(1)
    for a in got:
        print(a)
    sys.exit(0 if got else 2)
