#!/usr/bin/env python3
# hostile_server.py: TLS "servers" that misbehave on purpose, so tests can
# check that tlsmatrix stays up, stays bounded and says what it saw.
# Loopback only; one mode per listening port; exits by itself after
# --lifetime seconds. Writes "MODE PORT" lines to PORTFILE once listening.
#
# Modes (each reads the ClientHello first unless said otherwise):
#   silent     accepts and never answers
#   drip       a record header claiming 16 KB, then one byte per second
#   random     4 KB of random bytes (first byte 0xff: no TLS content type)
#   http       an HTTP 400 response whose text carries ESC [2J, OSC 52, a
#              CSI colour and invalid UTF-8, then close
#   sslv2      an SSLv2 SERVER-HELLO (draft-hickman-netscape-ssl-00)
#   close      closes at once, before reading anything
#   reset      half a ServerHello, then a TCP reset (SO_LINGER 0)
#   biglen     a record header with length 65535, past 2^14 + 2048
#              (RFC 8446 §5.2 record_overflow), 10 bytes, then silence
#   bighs      a ServerHello whose handshake length says 16 MB
#   bigclaim   a ServerHello, then a whole 16 KB record that starts a
#              Certificate claiming 983040 bytes (under 1 MB, over the
#              100 KB every libssl client takes), the rest never sent
#   hugeclaim  a ServerHello, then a record header of 16 KB whose first
#              bytes start a Certificate claiming 16 MiB - 1, and nothing
#              more of the record
#   flight     a captured TLS 1.2 flight (tests/data/server/tls12-rsa-kex)
#   onebyte    the same flight re-cut into 1-byte records (RFC 5246 §6.2.1
#              allows fragmenting handshake messages across records)
#   badsuite   a ServerHello choosing RC4-MD5 (0x0004), which no profile
#              here offers (RFC 5246 §7.4.1.3: must be one the client sent)
#   badversion a ServerHello choosing SSL 3.0 (0x0300)
#   suiteclose a ServerHello alone choosing RC4-MD5 (0x0004), then close:
#              a client aborts at the ServerHello (#15)
#   oldversion a ServerHello alone choosing TLS 1.0 (0x0301), below every
#              modern client's minimum, then silence
#   hrrgroup   a HelloRetryRequest (TLS 1.3, TLS_AES_128_GCM_SHA256) for
#              sect571r1 (0x000e), which no TLS 1.3 client offers
#              (RFC 8446 §4.2.8: must be in supported_groups), then
#              silence
#   unsolext   a TLS 1.2 ServerHello choosing ECDHE-RSA-AES128-GCM-SHA256
#              (0xc02f) with an empty signed_certificate_timestamp (0x0012,
#              RFC 6962), which the test's clients do not offer (RFC 5246
#              §7.4.1.4: unsolicited), then silence. OpenSSL refuses a
#              known extension it did not send and ignores unknown ones.
#   v13noext   a ServerHello selecting TLS 1.3 (0x0304) in
#              supported_versions with TLS_AES_128_GCM_SHA256 and a key
#              share for x25519, to any hello, then silence: against a
#              client that offers no TLS 1.3, a version never offered
#   hrr        HelloRetryRequest (RFC 8446 §4.1.4) after every ClientHello,
#              and again every 100 ms: endless
#   alert      a fatal alert whose code is the number in the first label of
#              the SNI ("a40.x" -> 40); no SNI: a counter cycling 0..255
#   bigchain   ServerHello, then a Certificate message of 10 MB
#   tinyrecs   ServerHello and a 300 KB Certificate in 1-byte records: 1.8
#              MB on the wire, past the cap on bytes read per probe
#   badcert    ServerHello, a Certificate holding 300 bytes of garbage DER,
#              ServerHelloDone
#   trunccert  ServerHello, a Certificate holding a real certificate cut in
#              half (the TLS lengths agree, the DER does not), SHD
#   evilcert   a real TLS server (Python's ssl) whose certificate subject,
#              issuer and SAN carry ESC [2J, OSC 52, CSI and invalid UTF-8
#   fullq      a listener whose accept queue is full and never drained:
#              the kernel drops every SYN, so connects time out, as
#              behind a firewall that drops packets (not in conns logs)
# Every mode appends "ACCEPTED CLOSED" (monotonic seconds) for each
# connection to DIR/MODE.conns, for the tests of the per-address and
# socket caps: they compute how many were open at once.
# Usage: hostile_server.py PORTFILE [--lifetime S] [--dir DIR] [--only M,..]
import os, random, select, socket, ssl, struct, sys, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER_DATA = os.path.join(HERE, "..", "data", "server")
EVIL = "\x1b[2J\x1b]52;c;aGFja2Vk\x07\x1b[31mred\x1b[0m"
RC4_MD5 = 0x0004
AES256_SHA = 0x0035
HRR_RANDOM = bytes.fromhex(
    "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")
lifetime_end = 0.0


def parse_args(argv):
    a = {"portfile": None, "lifetime": 120.0, "dir": None, "only": None}
    i = 1
    while i < len(argv):
        if argv[i] in ("--lifetime", "--dir", "--only"):
            a[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            a["portfile"] = argv[i]
            i += 1
    if a["portfile"] is None:
        sys.exit("usage: hostile_server.py PORTFILE [--lifetime S] "
                 "[--dir DIR] [--only MODE,...]")
    a["lifetime"] = float(a["lifetime"])
    if a["dir"] is None:
        a["dir"] = os.path.dirname(os.path.abspath(a["portfile"]))
    return a


# --- wire helpers (RFC 5246 §6.2.1, §7.4) ----------------------------------

def record(ctype, body, version=0x0303):
    return struct.pack(">BHH", ctype, version, len(body)) + body


def hs(htype, body):
    return struct.pack(">B", htype) + len(body).to_bytes(3, "big") + body


def server_hello(cipher, version=0x0303, sid=b"", exts=None, rnd=None):
    if exts is None:
        exts = b"\xff\x01\x00\x01\x00"  # renegotiation_info, RFC 5746 §3.6
    body = struct.pack(">H", version) + (rnd or os.urandom(32)) + \
        bytes([len(sid)]) + sid + struct.pack(">HB", cipher, 0) + \
        struct.pack(">H", len(exts)) + exts
    return hs(2, body)


def certificate(ders):
    lst = b"".join(len(d).to_bytes(3, "big") + d for d in ders)
    return hs(11, len(lst).to_bytes(3, "big") + lst)


def as_records(msgs, size=16384):
    return b"".join(record(22, msgs[i:i + size])
                    for i in range(0, len(msgs), size))


def read_hello(conn, limit=2.0):
    """Reads one ClientHello record (or what came within limit seconds)
    and returns its legacy_session_id and SNI (RFC 8446 §4.1.2)."""
    conn.settimeout(limit)
    buf = b""
    try:
        while len(buf) < 5 or len(buf) < 5 + struct.unpack(">H",
                                                            buf[3:5])[0]:
            d = conn.recv(65536)
            if not d:
                break
            buf += d
    except OSError:
        pass
    conn.settimeout(None)
    sid, sni = b"", None
    try:
        off = 5 + 4 + 2 + 32
        n = buf[off]
        sid = buf[off + 1:off + 1 + n]
        off += 1 + n
        n = struct.unpack(">H", buf[off:off + 2])[0]
        off += 2 + n
        off += 1 + buf[off]
        end = off + 2 + struct.unpack(">H", buf[off:off + 2])[0]
        off += 2
        while off + 4 <= end:
            et, el = struct.unpack(">HH", buf[off:off + 4])
            if et == 0:     # server_name, RFC 6066 §3
                nl = struct.unpack(">H", buf[off + 7:off + 9])[0]
                sni = buf[off + 9:off + 9 + nl].decode("ascii", "replace")
            off += 4 + el
    except (IndexError, struct.error):
        pass
    return sid, sni


def sleep_until_end():
    while time.time() < lifetime_end:
        time.sleep(0.5)


def hold(conn):
    """Keeps the connection open, reading and discarding, until the peer
    closes or the lifetime ends."""
    conn.settimeout(0.5)
    while time.time() < lifetime_end:
        try:
            if not conn.recv(65536):
                return
        except socket.timeout:
            continue
        except OSError:
            return


# --- certificates ----------------------------------------------------------

def make_certs(d):
    """A self-signed RSA certificate with hostile names (cryptography), and
    a plain one, as DER; the evil one also as PEM + key files. OpenSSL
    refuses to load a name whose UTF8String is not UTF-8, so the invalid
    bytes go into a T61String (FF FE read as Latin-1) and, patched into the
    DER afterwards, into the SAN's IA5String (the placeholder ZQZQ becomes
    FF FE C3 28): the signature breaks, the structure does not, and an
    untrusted certificate is what a hostile server sends anyway."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    from cryptography.x509.name import _ASN1Type
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    import datetime
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)

    def build(cn, san):
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                             "evil\u00ff\u00feorg",
                                             _ASN1Type.T61String)])
        return (x509.CertificateBuilder().subject_name(name)
                .issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=30))
                .add_extension(x509.SubjectAlternativeName(
                    [x509.DNSName(san)]), critical=False)
                .sign(key, hashes.SHA256()))
    evil = build(EVIL, "x" + EVIL + "ZQZQ.test")
    plain = build("hostile.lab.test", "hostile.lab.test")
    der = evil.public_bytes(serialization.Encoding.DER)
    der = der.replace(b"ZQZQ", b"\xff\xfe\xc3\x28")
    pem = ssl.DER_cert_to_PEM_cert(der)
    with open(os.path.join(d, "evil.pem"), "w") as f:
        f.write(pem)
    with open(os.path.join(d, "evil.key"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return der, plain.public_bytes(serialization.Encoding.DER)


# --- modes -----------------------------------------------------------------

def captured_flight():
    with open(os.path.join(SERVER_DATA, "tls12-rsa-kex.hex")) as f:
        raw = bytes.fromhex(f.read().strip())
    # Strip the record headers: the handshake stream alone.
    out, off = b"", 0
    while off + 5 <= len(raw):
        n = struct.unpack(">H", raw[off + 3:off + 5])[0]
        out += raw[off + 5:off + 5 + n]
        off += 5 + n
    return out


def serve(mode, conn, ctx):
    if mode == "close":
        conn.close()
        return
    if mode == "evilcert":
        conn.settimeout(5)
        try:
            s = ctx["tls"].wrap_socket(conn, server_side=True)
            hold(s)
        except (OSError, ssl.SSLError):
            pass
        return
    sid, sni = read_hello(conn)
    if mode == "silent":
        hold(conn)
    elif mode == "drip":
        conn.sendall(b"\x16\x03\x03\x40\x00")
        while time.time() < lifetime_end:
            conn.sendall(b"\x02")
            time.sleep(1)
    elif mode == "random":
        conn.sendall(b"\xff" + os.urandom(4095))
        hold(conn)
    elif mode == "http":
        body = ("<h1>" + EVIL + "</h1>").encode() + b"\xff\xfe\xc3\x28\n"
        conn.sendall(b"HTTP/1.1 400 Bad Request " + EVIL.encode() +
                     b"\xff\xfe\r\nContent-Length: " +
                     str(len(body)).encode() + b"\r\n\r\n" + body)
    elif mode == "sslv2":
        # msg SERVER-HELLO (4), session-id-hit 0, cert type 1, version 2,
        # cert len 0, cipher specs 3 (SSL_CK_RC4_128_WITH_MD5), conn id 16
        msg = bytes([4, 0, 1]) + struct.pack(">HHHH", 2, 0, 3, 16) + \
            b"\x01\x00\x80" + os.urandom(16)
        conn.sendall(struct.pack(">H", 0x8000 | len(msg)) + msg)
        hold(conn)
    elif mode == "reset":
        conn.sendall(record(22, server_hello(AES256_SHA))[:30])
        time.sleep(0.2)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack("ii", 1, 0))
    elif mode == "biglen":
        conn.sendall(b"\x16\x03\x03\xff\xff" + b"\x02" * 10)
        hold(conn)
    elif mode == "bighs":
        conn.sendall(record(22, b"\x02\xff\xff\xff" + b"\x03\x03" +
                            os.urandom(32)))
        hold(conn)
    elif mode == "bigclaim":
        conn.sendall(record(22, server_hello(AES256_SHA)) +
                     record(22, b"\x0b\x0f\x00\x00" + b"\x00" * 16380))
        hold(conn)
    elif mode == "hugeclaim":
        conn.sendall(record(22, server_hello(AES256_SHA)) +
                     b"\x16\x03\x03\x40\x00" + b"\x0b\xff\xff\xff" +
                     b"\x00" * 96)
        hold(conn)
    elif mode == "flight":
        conn.sendall(as_records(ctx["flight"]))
        hold(conn)
    elif mode == "onebyte":
        conn.sendall(as_records(ctx["flight"], 1))
        hold(conn)
    elif mode == "badsuite":
        conn.sendall(record(22, server_hello(RC4_MD5) +
                            certificate([ctx["plain"]]) + hs(14, b"")))
        hold(conn)
    elif mode == "badversion":
        conn.sendall(record(22, server_hello(AES256_SHA, 0x0300),
                            0x0300))
        hold(conn)
    elif mode == "suiteclose":
        conn.sendall(record(22, server_hello(RC4_MD5)))
    elif mode == "oldversion":
        conn.sendall(record(22, server_hello(AES256_SHA, 0x0301), 0x0301))
        hold(conn)
    elif mode == "hrrgroup":
        exts = b"\x00\x2b\x00\x02\x03\x04" + b"\x00\x33\x00\x02\x00\x0e"
        conn.sendall(record(22, server_hello(0x1301, 0x0303, sid, exts,
                                             HRR_RANDOM)))
        hold(conn)
    elif mode == "unsolext":
        exts = b"\xff\x01\x00\x01\x00" + b"\x00\x12\x00\x00"
        conn.sendall(record(22, server_hello(0xc02f, 0x0303, b"", exts)))
        hold(conn)
    elif mode == "v13noext":
        exts = b"\x00\x2b\x00\x02\x03\x04" + b"\x00\x33\x00\x24\x00\x1d" + \
            b"\x00\x20" + os.urandom(32)
        conn.sendall(record(22, server_hello(0x1301, 0x0303, sid, exts)))
        hold(conn)
    elif mode == "hrr":
        exts = b"\x00\x2b\x00\x02\x03\x04" + b"\x00\x33\x00\x02\x00\x18"
        conn.setblocking(False)
        while time.time() < lifetime_end:
            try:
                conn.sendall(record(22, server_hello(0x1301, 0x0303, sid,
                                                     exts, HRR_RANDOM)))
            except BlockingIOError:
                pass
            try:
                if conn.recv(65536) == b"":
                    return
            except BlockingIOError:
                pass
            time.sleep(0.1)
    elif mode == "alert":
        code = None
        if sni:
            try:
                code = int(sni.split(".")[0].lstrip("a")) & 0xff
            except ValueError:
                code = None
        if code is None:
            with ctx["lock"]:
                code = ctx["counter"] & 0xff
                ctx["counter"] += 1
        conn.sendall(record(21, bytes([2, code])))
        hold(conn)
    elif mode == "bigchain":
        conn.sendall(ctx["bigchain"])
        hold(conn)
    elif mode == "tinyrecs":
        with ctx["lock"]:   # built once: 300 K records take a while
            if "tinyrecs" not in ctx:
                ders = [ctx["plain"]] * (300 * 1024 //
                                         (len(ctx["plain"]) + 3))
                ctx["tinyrecs"] = as_records(server_hello(AES256_SHA) +
                                             certificate(ders) +
                                             hs(14, b""), 1)
        conn.sendall(ctx["tinyrecs"])
        hold(conn)
    elif mode == "badcert":
        junk = b"\x30\x82\x01\x28" + bytes(random.randrange(256)
                                           for _ in range(296))
        conn.sendall(as_records(server_hello(AES256_SHA) +
                                certificate([junk]) + hs(14, b"")))
        hold(conn)
    elif mode == "trunccert":
        half = ctx["plain"][:len(ctx["plain"]) // 2]
        conn.sendall(as_records(server_hello(AES256_SHA) +
                                certificate([half]) + hs(14, b"")))
        hold(conn)


def log_conn(ctx, mode, t0):
    t1 = time.monotonic()
    with ctx["lock"]:
        with open(os.path.join(ctx["dir"], mode + ".conns"), "a") as f:
            f.write("%.3f %.3f\n" % (t0, t1))


def listener(mode, sock, ctx):
    sock.settimeout(0.5)
    while time.time() < lifetime_end:
        try:
            conn, _ = sock.accept()
        except socket.timeout:
            continue
        except OSError:
            return

        def run(c=conn, t0=time.monotonic()):
            try:
                serve(mode, c, ctx)
            except OSError:
                pass
            finally:
                log_conn(ctx, mode, t0)
                try:
                    c.close()
                except OSError:
                    pass
        threading.Thread(target=run, daemon=True).start()


MODES = ["silent", "drip", "random", "http", "sslv2", "close", "reset",
         "biglen", "bighs", "bigclaim", "hugeclaim", "flight", "onebyte", "badsuite", "badversion",
         "hrr", "alert", "bigchain", "suiteclose", "oldversion",
         "hrrgroup", "unsolext", "v13noext", "tinyrecs", "badcert", "trunccert", "evilcert",
         "fullq"]


def full_queue(s):
    """fullq: listen with the smallest backlog, never accept, and fill
    the accept queue ourselves. Linux then drops every further SYN, so a
    client's connect times out: a firewall that drops packets, on
    loopback. The fillers stay open with the process."""
    s.listen(0)
    fillers = []
    for _ in range(8):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(s.getsockname())
        except (BlockingIOError, InterruptedError):
            pass
        fillers.append(c)
    # The first filler's handshake fills the queue (Linux keeps backlog
    # + 1): once it is writable, every later SYN is dropped.
    select.select([], [fillers[0]], [], 2.0)
    return fillers


def main():
    global lifetime_end
    a = parse_args(sys.argv)
    lifetime_end = time.time() + a["lifetime"]
    modes = a["only"].split(",") if a["only"] else MODES
    ctx = {"lock": threading.Lock(), "counter": 0, "dir": a["dir"],
           "flight": captured_flight()}
    try:
        evil_der, ctx["plain"] = make_certs(a["dir"])
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(os.path.join(a["dir"], "evil.pem"),
                            os.path.join(a["dir"], "evil.key"))
        ctx["tls"] = tls
    except ImportError:
        # Without python3-cryptography: no evil certificate, and the plain
        # one is the captured flight's leaf.
        modes = [m for m in modes if m != "evilcert"]
        f = ctx["flight"]
        n = int.from_bytes(f[4 + 42 + 4 + 3:4 + 42 + 4 + 6], "big")
        ctx["plain"] = f[4 + 42 + 4 + 6:4 + 42 + 4 + 6 + n]
    if "bigchain" in modes:
        # Built before listening: 10 MB take seconds on a loaded machine,
        # longer than a probe's deadline.
        ders, total = [], 0
        while total < 10 * 1024 * 1024:
            ders.append(ctx["plain"])
            total += len(ctx["plain"]) + 3
        ctx["bigchain"] = as_records(server_hello(AES256_SHA) +
                                     certificate(ders) + hs(14, b""))
    lines = []
    for m in modes:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        if m == "fullq":
            ctx["fullq"] = (s, full_queue(s))
        else:
            s.listen(64)
            threading.Thread(target=listener, args=(m, s, ctx),
                             daemon=True).start()
        lines.append("%s %d\n" % (m, s.getsockname()[1]))
    tmp = a["portfile"] + ".tmp"
    with open(tmp, "w") as f:
        f.writelines(lines)
    os.rename(tmp, a["portfile"])
    sleep_until_end()
    os._exit(0)


if __name__ == "__main__":
    main()
