#!/usr/bin/env python3
# bench/bench.py: the measuring half of bench/run.sh (issue #10).
#
# Run by bench/run.sh, which starts the lab and exports its addresses. For
# each section it runs every tool RUNS times, alternating (tool 1, tool 2,
# ..., tool 1, ...), under GNU time (CPU and peak RSS of the tool alone),
# takes the median wall time, the ratio to tlsmatrix, and the TCP
# connections of one more run through a counting proxy. --wan MS sends
# every timed run through proxies delaying each chunk MS ms each way.
# Sections: enum (enumeration of one backend, each backend), full (the
# default run on a 3-address name against peers on one address), scale
# (addresses 1..64, profiles 1..60), mem (10 addresses x 40 profiles),
# idle (CPU of the TUI once done, inside tmux), first (from the DNS
# answer to the first finished cell, and to that cell on screen in the TUI
# inside tmux, against the one round trip chain of a probe; the name is
# served by our own dnsmasq on loopback, never by the system's resolver).
import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True	# no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.environ["TOP_SRCDIR"], "tests", "lab"))
import dns_query as lab_dns  # noqa: E402

E = os.environ
TLSMATRIX, SRC, TMP = E["TLSMATRIX"], E["TOP_SRCDIR"], E["TEST_TMP"]
NAME, PORT, CA = E["LAB_NAME"], int(E["LAB_PORT"]), E["LAB_CA"]
PROFILES = os.path.join(SRC, "data", "profiles")
BACKENDS = [("A", E["LAB_ADDR_A"]), ("B", E["LAB_ADDR_B"]),
            ("T13", E["ADDR_T13"]), ("DHE", E["ADDR_DHE"]),
            ("CPREF", E["ADDR_CPREF"]), ("OLD", E["ADDR_OLD"])]
NAME3 = [E["LAB_ADDR_A"], E["LAB_ADDR_B"], E["LAB_ADDR_A2"]]
DNSMASQ = E.get("LAB_DNSMASQ", "/usr/sbin/dnsmasq")

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--wan", type=int, default=0)
ap.add_argument("--no-testssl", action="store_true")
ap.add_argument("--no-scale", action="store_true")
ap.add_argument("--only", default="enum,full,scale,mem,idle,first")
args = ap.parse_args()
SECTIONS = args.only.split(",")
if args.no_scale:
    SECTIONS = [s for s in SECTIONS if s != "scale"]


# --- proxies: one asyncio loop in a thread, one listener per backend -------
class Proxies:
    """Listener 127.0.0.(100+i):port -> target i; counts connections;
    delays every chunk by delay ms in each direction."""

    def __init__(self, targets, delay_ms):
        self.delay = delay_ms / 1000.0
        self.count = 0
        self.per = {}
        self.lock = threading.Lock()
        self.port = None
        self.map = {}
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(targets, ready),
                         daemon=True).start()
        ready.wait(10)

    def addr_of(self, target):
        return self.map[target]

    def _run(self, targets, ready):
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._start(targets))
        ready.set()
        self.loop.run_forever()

    async def _start(self, targets):
        import socket
        for _ in range(20):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            try:
                self.servers = []
                for i, t in enumerate(targets):
                    la = "127.0.0.%d" % (100 + i)
                    srv = await asyncio.start_server(
                        lambda r, w, t=t: self._handle(r, w, t), la, port,
                        backlog=512)
                    self.servers.append(srv)
                    self.map[t] = la
                self.port = port
                return
            except OSError:
                for srv in getattr(self, "servers", []):
                    srv.close()
                self.map = {}

    async def _pipe(self, r, w):
        try:
            while True:
                b = await r.read(65536)
                if not b:
                    break
                if self.delay:
                    await asyncio.sleep(self.delay)
                w.write(b)
                await w.drain()
        except Exception:
            pass
        finally:
            try:
                w.close()
            except Exception:
                pass

    async def _handle(self, cr, cw, target):
        with self.lock:
            self.count += 1
            self.per[target] = self.per.get(target, 0) + 1
        try:
            sr, sw = await asyncio.open_connection(target, PORT)
        except Exception:
            cw.close()
            return
        await asyncio.gather(self._pipe(cr, sw), self._pipe(sr, cw))

    def take(self):
        with self.lock:
            n, self.count = self.count, 0
            self.last_per, self.per = self.per, {}
        return n


ALL_TARGETS = [a for _, a in BACKENDS] + [E["LAB_ADDR_A2"]]
COUNTER = Proxies(ALL_TARGETS, 0)
WAN = Proxies(ALL_TARGETS, args.wan) if args.wan else None


# --- commands ---------------------------------------------------------------
def tm(addrs, profiles=None, port=PORT, profile_dir=PROFILES, extra=()):
    cmd = [TLSMATRIX, "--batch", "--json", "--profile-dir", profile_dir,
           "--ca-file", CA, "--resolve",
           "%s:%d:%s" % (NAME, port, ",".join(addrs))]
    if profiles:
        cmd += ["-p", profiles]
    return cmd + list(extra) + ["%s:%d" % (NAME, port)]


def peer(tool, addr, port, out):
    if tool == "sslscan":
        return ["sslscan", "--no-colour", "--xml=-", "--sni-name=" + NAME,
                "--no-heartbleed", "--no-renegotiation", "--no-compression",
                "--no-fallback", "%s:%d" % (addr, port)]
    if tool == "nmap":
        return ["nmap", "-n", "-Pn", "-p", str(port), "--script",
                "ssl-enum-ciphers", addr]
    if tool == "testssl-E":
        return ["testssl", "--quiet", "--color", "0", "--nodns", "none",
                "--warnings", "off", "-E", "%s:%d" % (addr, port)]
    if tool == "testssl-pEc":
        return ["testssl", "--quiet", "--color", "0", "--nodns", "none",
                "--warnings", "off", "-p", "-E", "-c", "%s:%d" % (addr, port)]
    raise ValueError(tool)


def timed(cmd, out="/dev/null"):
    """(wall_ms, cpu_ms, maxrss_kb) of cmd alone, by GNU time."""
    tf = os.path.join(TMP, "time.out")
    t = time.monotonic()
    with open(out, "w") as fo:
        subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf,
                        "timeout", "900"] + cmd, stdout=fo,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = (time.monotonic() - t) * 1000
    try:
        u, s, m = open(tf).read().split()[-3:]
        return wall, (float(u) + float(s)) * 1000, int(m)
    except (OSError, ValueError):
        return wall, -1, -1


def via(proxies, addrs):
    return [proxies.addr_of(a) for a in addrs], proxies.port


def bench(rows, runs):
    """rows: [(label, make(addrs_map_fn) -> cmd, runs_override)].
    make(p) gets p = None (direct) or a Proxies object."""
    res = {label: [] for label, _, _ in rows}
    for i in range(runs):
        for label, make, n in rows:
            if i >= (n or runs):
                continue
            cmd = make(WAN)
            if WAN:
                WAN.take()
            res[label].append(timed(cmd))
    out = []
    for label, make, _ in rows:
        COUNTER.take()
        timed(make(COUNTER))
        conns = COUNTER.take()
        busiest = max(COUNTER.last_per.values() or [0])
        r = res[label]
        out.append((label, statistics.median(x[0] for x in r),
                    statistics.median(x[1] for x in r),
                    max(x[2] for x in r), conns, len(r), busiest))
    return out


def print_table(title, out):
    print("\n## %s" % title)
    print("%-34s %9s %7s %7s %9s %6s %4s" % ("tool", "wall_ms", "ratio",
                                            "cpu_ms", "maxrss_kb", "conns",
                                            "runs"))
    base = out[0][1]
    for label, wall, cpu, rss, conns, n, busiest in out:
        print("%-34s %9.0f %6.1fx %7.0f %9d %6d %4d" % (
            label, wall, wall / base if base else 0, cpu, rss, conns, n))
    if args.wan:
        # One exchange costs one round trip through the proxy (it does
        # not delay the TCP handshake): the bound is the busiest
        # address's connections over the per-address cap, in round trips.
        for label, wall, cpu, rss, conns, n, busiest in out:
            if not label.startswith("tlsmatrix"):
                continue
            bound = -(-busiest // CAP) * 2 * args.wan
            print("# %s: busiest address %d connections, cap %d: lower "
                  "bound %d ms; wall %.0f ms = %.2fx the bound (goal <= "
                  "1.5x)" % (label, busiest, CAP, bound, wall,
                             wall / bound if bound else 0))
    sys.stdout.flush()


def tm_make(addrs, profiles=None, **kw):
    def make(p):
        if p is None:
            return tm(addrs, profiles, **kw)
        a, port = via(p, addrs)
        return tm(a, profiles, port=port, **kw)
    return make


def peer_make(tool, addr):
    def make(p):
        if p is None:
            return peer(tool, addr, PORT, None)
        a, port = via(p, [addr])
        return peer(tool, a[0], port, None)
    return make


print("# bench/run.sh: %d runs per cell, alternating; WAN delay %d ms each "
      "way%s" % (args.runs, args.wan,
                 " (through a proxy)" if args.wan else " (loopback, direct)"))
print("# ratio: median wall time over tlsmatrix's; conns: TCP connections "
      "(one more run, counting proxy); cpu and maxrss: GNU time")
print("# tlsmatrix: %s" % TLSMATRIX)

def all_ids():
    out = subprocess.run([TLSMATRIX, "--list-profiles", "--profile-dir",
                          PROFILES], capture_output=True, text=True).stdout
    return [l.split()[0] for l in out.splitlines()[1:] if l.strip()]


TESTSSL_RUNS = 1
CAP = 4		# tlsmatrix's default --per-address
if "enum" in SECTIONS:
    for label, addr in BACKENDS:
        rows = [("tlsmatrix -p python-3.12", tm_make([addr], "python-3.12"),
                 None),
                ("sslscan", peer_make("sslscan", addr), None),
                ("nmap ssl-enum-ciphers", peer_make("nmap", addr), None)]
        if not args.no_testssl and label == "A":
            rows.append(("testssl.sh -E", peer_make("testssl-E", addr),
                         TESTSSL_RUNS))
        print_table("enumeration of one backend: %s (%s)" % (label, addr),
                    bench(rows, args.runs))

if "full" in SECTIONS:
    rows = [("tlsmatrix default run, 3 addrs", tm_make(NAME3), None),
            ("tlsmatrix all 44 profiles, 3 addrs", tm_make(NAME3, ",".join(all_ids())),
             None),
            # The same work with no cell settled by the enumeration: the
            # connections item 3 of issue #10 saves.
            ("tlsmatrix 2 profiles, --probe-all", tm_make(
                NAME3, extra=("--probe-all",)), None),
            ("tlsmatrix 44 profiles, --probe-all", tm_make(
                NAME3, ",".join(all_ids()), extra=("--probe-all",)), None),
            ("sslscan, 1 addr (A)", peer_make("sslscan", NAME3[0]), None),
            ("nmap ssl-enum-ciphers, 1 addr", peer_make("nmap", NAME3[0]),
             None)]
    if not args.no_testssl:
        rows.append(("testssl.sh -p -E -c, 1 addr",
                     peer_make("testssl-pEc", NAME3[0]), TESTSSL_RUNS))
    print_table("full run: a 3-address name (A, B, A twin) against peers on "
                "one address", bench(rows, args.runs))


def dup_dir(n):
    """A profile dir with n profiles: the 44 shipped plus renamed copies."""
    d = tempfile.mkdtemp(dir=TMP)
    files = sorted(f for f in os.listdir(PROFILES) if f.endswith(".profile"))
    ids = []
    for i in range(n):
        f = files[i % len(files)]
        text = open(os.path.join(PROFILES, f)).read()
        pid = None
        lines = []
        for l in text.splitlines():
            if l.startswith("id =") or l.startswith("id="):
                pid = l.split("=", 1)[1].strip()
                if i >= len(files):
                    pid = "%s-dup%d" % (pid, i)
                l = "id = %s" % pid
            lines.append(l)
        open(os.path.join(d, "%s.profile" % pid), "w").write(
            "\n".join(lines) + "\n")
        ids.append(pid)
    return d, ids


def scale_run(addrs, nprof, runs):
    d, ids = dup_dir(nprof)
    r = []
    for _ in range(runs):
        if WAN:
            WAN.take()
        cmd = tm_make(addrs, ",".join(ids), profile_dir=d)(None)
        r.append(timed(cmd))
    shutil.rmtree(d, ignore_errors=True)
    return (statistics.median(x[0] for x in r), statistics.median(x[1] for x in r),
            max(x[2] for x in r))


SCALE = ["127.0.1.%d" % i for i in range(1, int(E["SCALE_N"]) + 1)]
if "scale" in SECTIONS:
    runs = max(1, min(args.runs, 3))
    print("\n## scale: addresses (127.0.1.x, one nginx, 2 profiles), "
          "loopback, median of %d" % runs)
    print("%6s %9s %9s %7s %9s" % ("addrs", "wall_ms", "ms/addr", "cpu_ms",
                                   "maxrss_kb"))
    for n in (1, 2, 4, 8, 16, 32, 64):
        w, c, m = scale_run(SCALE[:n], 2, runs)
        print("%6d %9.0f %9.1f %7.0f %9d" % (n, w, w / n, c, m))
        sys.stdout.flush()
    print("\n## scale: profiles (1 address, 60 = 44 + 16 renamed copies), "
          "loopback, median of %d" % runs)
    print("%6s %9s %9s %7s %9s" % ("profs", "wall_ms", "ms/prof", "cpu_ms",
                                   "maxrss_kb"))
    for n in (1, 2, 4, 8, 16, 32, 44, 60):
        w, c, m = scale_run(SCALE[:1], n, runs)
        print("%6d %9.0f %9.1f %7.0f %9d" % (n, w, w / n, c, m))
        sys.stdout.flush()

if "mem" in SECTIONS:
    w, c, m = scale_run(SCALE[:10], 40, 1)
    print("\n## peak memory, 10 addresses x 40 profiles: %d kB (%.1f MB), "
          "%.0f ms, cpu %.0f ms (goal: under 32 MB)" % (m, m / 1024.0, w, c))

if "idle" in SECTIONS and shutil.which("tmux"):
    sock = os.path.join(TMP, "tmux.sock")
    cmd = "TERM=xterm-256color " + " ".join("'%s'" % x for x in [
        TLSMATRIX, "--profile-dir", PROFILES, "--ca-file", CA, "--resolve",
        "%s:%d:%s" % (NAME, PORT, ",".join(NAME3)), "%s:%d" % (NAME, PORT)])
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-x", "160",
                    "-y", "50", cmd])
    pid = None
    for _ in range(50):
        out = subprocess.run(["tmux", "-S", sock, "list-panes", "-F",
                              "#{pane_pid}"], capture_output=True,
                             text=True).stdout.split()
        if out:
            pid = out[0]
            break
        time.sleep(0.1)

    def ticks():
        f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])

    if pid:
        time.sleep(3)		# every cell done long before (see "full")
        t0 = ticks()
        time.sleep(5)
        t1 = ticks()
        hz = os.sysconf("SC_CLK_TCK")
        print("\n## idle TUI (3 addresses, done): %d ticks (%.0f ms CPU) in "
              "5 s (goal: 0)" % (t1 - t0, (t1 - t0) * 1000.0 / hz))
    subprocess.run(["tmux", "-S", sock, "kill-server"],
                   stderr=subprocess.DEVNULL)


# --- first: the first matrix cell on screen after the DNS answer -----------
def dns_query(port, name):
    """The sorted A records our dnsmasq gives for name, or None on no
    reply (tests/lab/dns_query.py): only to see it serves what it was
    told."""
    got = lab_dns.query(port, name, "A")
    return sorted(got) if got is not None else None


class Dnsmasq:
    """dnsmasq on 127.0.0.1, a free port, answering name with addrs and
    nothing else (as tests/lab/lab.sh's lab_dns_start): no upstream, no
    /etc/hosts, no cache, so tlsmatrix never reaches the system's
    resolver and every query is answered by this process."""

    def __init__(self, name, addrs):
        import socket
        self.proc = None
        self.port = None
        want = sorted(addrs)
        for _ in range(3):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            log = open(os.path.join(TMP, "bench-dnsmasq.log"), "a")
            self.proc = subprocess.Popen(
                [DNSMASQ, "--no-daemon", "--conf-file=/dev/null",
                 "--pid-file=" + os.path.join(TMP, "bench-dnsmasq.pid"),
                 "--user=root", "--no-resolv", "--no-hosts", "--no-poll",
                 "--bind-interfaces", "--listen-address=127.0.0.1",
                 "--port=%d" % port, "--cache-size=0"] +
                ["--host-record=%s,%s" % (name, a) for a in addrs],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            log.close()
            for _ in range(50):		# 50 tries of 0.6 s at most
                if self.proc.poll() is not None:
                    break
                got = dns_query(port, name)
                if got == want:
                    self.port = port
                    return
                if got is not None:	# serving, but not what we asked
                    self.stop()
                    raise RuntimeError("dnsmasq answers %s, not %s" %
                                       (got, want))
                time.sleep(0.1)
            self.stop()
        raise RuntimeError("dnsmasq did not come up (%s)" %
                           os.path.join(TMP, "bench-dnsmasq.log"))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


def read_trace(path):
    """The trace's events in order: (monotonic_us, event, word2, {k: v})."""
    ev = []
    try:
        text = open(path).read()
    except OSError:
        return ev
    for line in text.splitlines():
        f = line.split()
        if len(f) < 3 or not f[0].isdigit():
            continue
        kv = dict(x.split("=", 1) for x in f[3:] if "=" in x)
        ev.append((int(f[0]), f[2], f[3] if len(f) > 3 else "", kv))
    return ev


def first_of(ev, event, word=None):
    for t, e, w, kv in ev:
        if e == event and (word is None or w == word):
            return t, kv
    return None, None


def trace_ms(ev, want_addrs):
    """(start->dns-answer, dns-answer->first cell, dns-answer->first cell
    on screen) in ms, None where missing; the first cell's (addr,
    profile); and whether the rows are exactly the addresses DNS was
    told to give."""
    t0, _ = first_of(ev, "start")
    td, _ = first_of(ev, "dns-answer")
    tc, ckv = first_of(ev, "cell")
    ts, _ = first_of(ev, "screen", "first-cell")
    rows = {kv.get("row"): kv.get("addr") for _, e, _, kv in ev
            if e == "address"}
    rows_ok = sorted(rows.values()) == sorted(want_addrs)
    cell = (rows.get(ckv.get("row")), ckv.get("profile"),
            ckv.get("method")) if ckv else None

    def d(a, b):
        return (b - a) / 1000.0 if a is not None and b is not None else None
    return d(t0, td), d(td, tc), d(td, ts), cell, rows_ok


def first_cmd(dns_port, trace, addrs_port, extra=()):
    return [TLSMATRIX, "--dns", "127.0.0.1:%d" % dns_port, "--trace", trace,
            "--ca-file", CA, "--profile-dir", PROFILES] + list(extra) + \
        ["%s:%d" % (NAME, addrs_port)]


def first_batch(dns_port, addrs, port, i):
    """One --batch --json run: its trace times and the first cell's own
    probe time (connect + handshake) from the JSON."""
    import json
    trace = os.path.join(TMP, "first-batch-%d.trace" % i)
    if os.path.exists(trace):
        os.unlink(trace)
    if WAN:
        WAN.take()
    try:
        p = subprocess.run(first_cmd(dns_port, trace, port,
                                     ["--batch", "--json"]),
                           capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=60)
        out = p.stdout
    except subprocess.TimeoutExpired:
        out = ""
    r = trace_ms(read_trace(trace), addrs)
    probe = None
    if r[3]:
        try:
            for c in json.loads(out)["cells"]:
                if (c["address"], c["profile"]) == r[3][:2]:
                    tt = c.get("timings") or {}
                    probe = tt["connect_ms"] + tt["handshake_ms"]
        except (ValueError, KeyError, TypeError):
            pass
    return r + (probe,)


def first_tui(dns_port, addrs, port, i):
    """One TUI run in tmux (160x50): poll the trace, at most 10 s, for
    "screen first-cell", then end the tmux server."""
    trace = os.path.join(TMP, "first-tui-%d.trace" % i)
    sock = os.path.join(TMP, "first-tmux-%d.sock" % i)
    if os.path.exists(trace):
        os.unlink(trace)
    if WAN:
        WAN.take()
    cmd = "TERM=xterm-256color " + " ".join(
        "'%s'" % x for x in first_cmd(dns_port, trace, port))
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-x", "160",
                    "-y", "50", cmd])
    ev = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ev = read_trace(trace)
        if first_of(ev, "screen", "first-cell")[0] is not None:
            break
        time.sleep(0.02)
    subprocess.run(["tmux", "-S", sock, "kill-server"],
                   stderr=subprocess.DEVNULL)
    return trace_ms(ev, addrs)


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, w=9):
    return ("%*.1f" % (w, x)) if x is not None else "%*s" % (w, "-")


if "first" in SECTIONS and shutil.which("tmux"):
    runs = max(3, args.runs)
    addrs = [WAN.addr_of(a) for a in NAME3] if WAN else list(NAME3)
    port = WAN.port if WAN else PORT
    dns = Dnsmasq(NAME, addrs)
    try:
        batch = [first_batch(dns.port, addrs, port, i) for i in range(runs)]
        tui = [first_tui(dns.port, addrs, port, i) for i in range(runs)]
    finally:
        dns.stop()
    print("\n## first cell: %s:%d from dnsmasq on 127.0.0.1:%d (%s), default "
          "profiles, median of %d" % (NAME, port, dns.port, ",".join(addrs),
                                      runs))
    print("%-22s %9s %9s %9s %9s %4s" % ("mode", "start>dns", "dns>cell",
                                          "dns>scrn", "probe_ms", "runs"))
    for label, r in (("tlsmatrix --batch", batch), ("tlsmatrix TUI", tui)):
        ok = [x for x in r if x[1] is not None]
        print("%-22s %s %s %s %s %4d" % (
            label, fmt(med(x[0] for x in ok)), fmt(med(x[1] for x in ok)),
            fmt(med(x[2] for x in ok)),
            fmt(med(x[5] for x in ok)) if label.endswith("batch")
            else fmt(None), len(ok)))
    cells = sorted(set("%s %s (%s)" % x[3] for x in batch + tui if x[3]))
    print("# first cells seen: %s" % "; ".join(cells))
    bad = sum(1 for x in batch + tui if not x[4])
    if bad:
        print("# WARNING: %d runs had rows other than %s" % (bad, addrs))
    missing = sum(1 for x in tui if x[2] is None)
    if missing:
        print("# WARNING: %d TUI runs showed no \"screen first-cell\" "
              "within 10 s" % missing)
    a = med(x[1] for x in batch)
    b = med(x[2] for x in tui)
    probe = med(x[5] for x in batch)
    if args.wan:
        # The proxy does not delay TCP's handshake, so one probe's chain is
        # the connect plus one ClientHello/ServerHello exchange: 2*W. The
        # goal allows half a round trip more, so no second exchange fits.
        chain = 2 * args.wan
        limit = chain + args.wan
        print("# (a) dns-answer -> first cell result: %s ms" % fmt(a, 0))
        print("# (b) dns-answer -> first cell on screen (TUI): %s ms" %
              fmt(b, 0))
        print("# (c) chain of one probe: connect (not delayed) + one hello "
              "exchange = 2*%d = %d ms (measured probe of the first cell: "
              "%s ms)" % (args.wan, chain, fmt(probe, 0)))
        if b is None:
            print("# goal: (b) < %d ms (chain + half a round trip): NOT "
                  "MEASURED" % limit)
        else:
            print("# goal: (b) < %d ms (chain + half a round trip): %s "
                  "(%.1f ms, %.2fx the chain; %+.1f ms against the limit)" %
                  (limit, "HOLDS" if b < limit else "FAILS", b, b / chain,
                   b - limit))
    else:
        print("# (a) dns-answer -> first cell result: %s ms; (b) -> on "
              "screen (TUI): %s ms; (c) one probe's chain on loopback, as "
              "measured (connect_ms + handshake_ms of that cell, whole ms):"
              " %s ms" % (fmt(a, 0).strip(), fmt(b, 0).strip(),
                          fmt(probe, 0).strip()))
    sys.stdout.flush()
