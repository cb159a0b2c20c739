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
# idle (CPU of the TUI once done, inside tmux).
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

E = os.environ
TLSMATRIX, SRC, TMP = E["TLSMATRIX"], E["TOP_SRCDIR"], E["TEST_TMP"]
NAME, PORT, CA = E["LAB_NAME"], int(E["LAB_PORT"]), E["LAB_CA"]
PROFILES = os.path.join(SRC, "data", "profiles")
BACKENDS = [("A", E["LAB_ADDR_A"]), ("B", E["LAB_ADDR_B"]),
            ("T13", E["ADDR_T13"]), ("DHE", E["ADDR_DHE"]),
            ("CPREF", E["ADDR_CPREF"]), ("OLD", E["ADDR_OLD"])]
NAME3 = [E["LAB_ADDR_A"], E["LAB_ADDR_B"], E["LAB_ADDR_A2"]]

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--wan", type=int, default=0)
ap.add_argument("--no-testssl", action="store_true")
ap.add_argument("--no-scale", action="store_true")
ap.add_argument("--only", default="enum,full,scale,mem,idle")
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
