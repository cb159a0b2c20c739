#!/usr/bin/env python3
# dns_responder.py: a crafted UDP DNS responder for answers no real server
# sends, so tests can check that tlsmatrix reports them clearly and never
# hangs. Loopback only; exits by itself after --lifetime seconds.
#
# The first label of the query name picks the behaviour (RFC 1035 §4.1):
#   ok        one A 127.0.6.1 (ttl 60), one AAAA ::1
#   trunc     TC bit set, no answers; over TCP the connection is closed
#             unanswered, so the retry RFC 1035 §4.2.1 asks for fails
#   wrongid   a good answer under another message id (RFC 1035 §4.1.1)
#   loop      loop.X CNAME loop2.X, loop2.X CNAME loop.X, no address
#   many      300 A records (AAAA: 60 records), past the 256 cap; over UDP
#             that is more than 512 bytes, so it is sent with TC set and
#             whole over TCP (RFC 1035 §4.2.2), as a real server would
#   garbage   64 random bytes
#   malformed right id and question, ANCOUNT 3, then a cut-off record
#   servfail  RCODE 2; refused RCODE 5; nxdomain RCODE 3
#   silent    no answer at all
#   rotate    A: 127.0.9.1 always, and 127.0.9.(1+k) for the k-th A query
#             of that exact name (k = 1, 2, ...; at most 200); no AAAA.
#             Answers that change over time, as a DNS load balancer's do.
# Usage: dns_responder.py PORTFILE [--lifetime S] [--addr 127.0.0.1]
import os, random, socket, struct, sys, threading, time

def parse_args(argv):
    portfile, lifetime, addr = None, 60.0, "127.0.0.1"
    i = 1
    while i < len(argv):
        if argv[i] == "--lifetime":
            lifetime = float(argv[i + 1]); i += 2
        elif argv[i] == "--addr":
            addr = argv[i + 1]; i += 2
        else:
            portfile = argv[i]; i += 1
    if portfile is None:
        sys.exit("usage: dns_responder.py PORTFILE [--lifetime S] [--addr IP]")
    return portfile, lifetime, addr

def qname(data):
    """The question's labels and the offset after QTYPE/QCLASS, or None."""
    labels, off = [], 12
    while off < len(data):
        n = data[off]
        if n == 0:
            off += 1
            break
        if n & 0xC0 or off + 1 + n > len(data):
            return None
        labels.append(data[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += 1 + n
    else:
        return None
    if off + 4 > len(data):
        return None
    qtype = struct.unpack(">H", data[off:off + 2])[0]
    return labels, qtype, off + 4

def enc(name):
    return b"".join(bytes([len(l)]) + l.encode() for l in name.split(".") if l) + b"\0"

def rr(name_bytes, rtype, ttl, rdata):
    return name_bytes + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata

rotations = {}

def answer(data, tcp=False):
    q = qname(data)
    if q is None or len(data) < 12:
        return None
    labels, qtype, qend = q
    qid, flags = struct.unpack(">HH", data[:4])
    rd = flags & 0x0100
    question = data[12:qend]
    mode = labels[0].lower() if labels else ""
    zone = ".".join(labels[1:])
    ptr = b"\xc0\x0c"          # the question name (RFC 1035 §4.1.4)

    def msg(rcode=0, answers=(), tc=False, mid=qid):
        fl = 0x8000 | 0x0400 | rd | rcode | (0x0200 if tc else 0)
        return (struct.pack(">HHHHHH", mid, fl, 1, len(answers), 0, 0) +
                question + b"".join(answers))

    if mode == "silent":
        return None
    if mode == "servfail":
        return msg(2)
    if mode == "nxdomain":
        return msg(3)
    if mode == "refused":
        return msg(5)
    if mode == "garbage":
        return bytes(random.getrandbits(8) for _ in range(64))
    if mode == "malformed":
        hdr = struct.pack(">HHHHHH", qid, 0x8000 | 0x0400 | rd, 1, 3, 0, 0)
        return hdr + question + ptr + b"\x00\x01\x00"
    if mode == "trunc":
        return None if tcp else msg(0, (), tc=True)
    if mode == "loop":
        other = enc("loop2." + zone)
        return msg(0, [rr(ptr, 5, 60, other), rr(other, 5, 60, ptr)])
    if mode == "many":
        if qtype == 1:
            ans = [rr(ptr, 1, 60, bytes([127, 7, i // 250, 1 + i % 250]))
                   for i in range(300)]
        else:
            ans = [rr(ptr, 28, 60, b"\0" * 10 + b"\xff\xff" +
                      bytes([127, 8, 0, 1 + i])) for i in range(60)]
        return msg(0, ans) if tcp else msg(0, (), tc=True)
    if mode == "rotate":
        if qtype != 1:
            return msg(0)
        key = ".".join(labels).lower()
        k = min(rotations.get(key, 0) + 1, 200)
        rotations[key] = k
        return msg(0, [rr(ptr, 1, 5, bytes([127, 0, 9, 1])),
                       rr(ptr, 1, 5, bytes([127, 0, 9, 1 + k]))])
    if mode in ("ok", "wrongid"):
        if qtype == 1:
            ans = [rr(ptr, 1, 60, bytes([127, 0, 6, 1]))]
        elif qtype == 28:
            ans = [rr(ptr, 28, 60, b"\0" * 15 + b"\1")]
        else:
            ans = []
        return msg(0, ans, mid=(qid ^ 0x5a5a) if mode == "wrongid" else qid)
    return msg(3)

def recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        d = c.recv(n - len(buf))
        if not d:
            return None
        buf += d
    return buf

def serve_tcp(t, end):
    """Answers DNS over TCP, 2-byte length prefix (RFC 1035 §4.2.2)."""
    while time.monotonic() < end:
        t.settimeout(max(0.01, end - time.monotonic()))
        try:
            c, _ = t.accept()
        except OSError:
            return
        try:
            c.settimeout(2)
            n = recv_exact(c, 2)
            q = n and recv_exact(c, struct.unpack(">H", n)[0])
            out = answer(q, tcp=True) if q else None
            if out is not None:
                c.sendall(struct.pack(">H", len(out)) + out)
        except Exception:
            pass
        finally:
            c.close()

def main():
    portfile, lifetime, addr = parse_args(sys.argv)
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    t = socket.socket(fam, socket.SOCK_STREAM)
    # The same port number for UDP and TCP, as a DNS server has.
    for _ in range(50):
        s.bind((addr, 0))
        try:
            t.bind((addr, s.getsockname()[1]))
            break
        except OSError:
            s.close()
            s = socket.socket(fam, socket.SOCK_DGRAM)
    t.listen(8)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(tmp, portfile)
    end = time.monotonic() + lifetime
    threading.Thread(target=serve_tcp, args=(t, end), daemon=True).start()
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            data, peer = s.recvfrom(4096)
        except socket.timeout:
            break
        except OSError:
            break
        try:
            out = answer(data)
        except Exception:   # a test tool: never die on an odd query
            out = None
        if out is not None:
            try:
                s.sendto(out, peer)
            except OSError:
                pass

if __name__ == "__main__":
    main()
