#!/bin/sh
# bench/peers.sh: tlsmatrix's server enumeration against sslscan, nmap's
# ssl-enum-ciphers and testssl.sh, on the same local nginx backends.
#
# Opt-in (not part of make check): installs the three peers from Debian
# if missing (apt-get), starts the test lab of tests/lab/lab.sh plus the
# backends of tests/e2e/scan_lab.sh, and for every backend runs each
# tool's suite enumeration. It prints, per backend and tool: the median
# wall time of RUNS runs, the TCP connections the tool opened (counted by
# a pass-through proxy in one extra run), and whether the suites it lists
# per protocol equal the backend's configuration. --wan MS puts a proxy
# delaying every chunk MS milliseconds each way in front of every run.
#
#   bench/peers.sh [--build DIR] [--runs N] [--wan MS] [--no-testssl]
#
# Only loopback is touched: IP targets, --resolve, testssl --nodns none.
set -u

TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${TOP_BUILDDIR:-$TOP_SRCDIR}
RUNS=3
WAN=0
TESTSSL=1
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--wan) WAN=$2; shift 2 ;;
	--no-testssl) TESTSSL=0; shift ;;
	*) echo "usage: $0 [--build DIR] [--runs N] [--wan MS] [--no-testssl]" >&2
	   exit 2 ;;
	esac
done
TLSMATRIX=${TLSMATRIX:-$BUILD/tlsmatrix}
[ -x "$TLSMATRIX" ] || { echo "no tlsmatrix binary at $TLSMATRIX (--build DIR)" >&2; exit 2; }
export TLSMATRIX TOP_SRCDIR

need=
command -v sslscan >/dev/null 2>&1 || need="$need sslscan"
command -v nmap >/dev/null 2>&1 || need="$need nmap"
command -v testssl >/dev/null 2>&1 || need="$need testssl.sh"
if [ -n "$need" ]; then
	echo "# installing$need" >&2
	# shellcheck disable=SC2086
	apt-get install -y $need >/dev/null 2>&1 ||
	    { echo "apt-get install$need failed" >&2; exit 2; }
fi

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

# --- the backends: the incident lab plus scan_lab's ------------------------
lab_certs "$TEST_TMP/pki" >/dev/null || exit 1
lab_scan_servers || exit 1
LAB_NO_V6=1		# peers and proxy on IPv4 only
lab_nginx_start >/dev/null || { echo "nginx did not start" >&2; exit 1; }

# The configuration of each backend, as "VERSION:IANA,IANA;..." lines.
A12="TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,TLS_RSA_WITH_AES_256_CBC_SHA,TLS_RSA_WITH_AES_128_CBC_SHA"
OLD="TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,TLS_RSA_WITH_AES_128_CBC_SHA"
BACKENDS="A=$LAB_ADDR_A=TLSv1.2:$A12
B=$LAB_ADDR_B=TLSv1.2:TLS_RSA_WITH_AES_256_CBC_SHA,TLS_RSA_WITH_AES_128_CBC_SHA
T13=$ADDR_T13=TLSv1.3:TLS_CHACHA20_POLY1305_SHA256,TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384
DHE=$ADDR_DHE=TLSv1.2:TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
CPREF=$ADDR_CPREF=TLSv1.2:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_CBC_SHA
OLD=$ADDR_OLD=TLSv1.2:$OLD;TLSv1.1:$OLD;TLSv1:$OLD"

# --- a counting, optionally delaying TCP proxy ------------------------------
PROXY_ADDR=127.0.0.9
proxy_start() {	# proxy_start TARGET_ADDR DELAY_MS: sets PROXY_PORT, PROXY_PID
	PROXY_PORT=$(free_port)
	: >"$TEST_TMP/proxy.count"
	python3 - "$PROXY_ADDR" "$PROXY_PORT" "$1" "$LAB_PORT" "$2" \
	    "$TEST_TMP/proxy.count" <<'EOF' &
import asyncio, sys
la, lp, ta, tp, delay, cf = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]) / 1000.0, sys.argv[6]
count = 0
async def pipe(r, w):
    try:
        while True:
            b = await r.read(65536)
            if not b:
                break
            if delay:
                await asyncio.sleep(delay)
            w.write(b)
            await w.drain()
    except Exception:
        pass
    finally:
        try:
            w.close()
        except Exception:
            pass
async def handle(cr, cw):
    global count
    count += 1
    open(cf, "w").write("%d\n" % count)
    try:
        sr, sw = await asyncio.open_connection(ta, tp)
    except Exception:
        cw.close()
        return
    await asyncio.gather(pipe(cr, sw), pipe(sr, cw))
async def main():
    srv = await asyncio.start_server(handle, la, lp, backlog=256)
    async with srv:
        await srv.serve_forever()
asyncio.run(main())
EOF
	PROXY_PID=$!
	wait_for 5 lab_accepts "$PROXY_ADDR" "$PROXY_PORT"
	: >"$TEST_TMP/proxy.count"
}
proxy_stop() {
	kill "$PROXY_PID" 2>/dev/null
	wait "$PROXY_PID" 2>/dev/null
}

# --- the tools ---------------------------------------------------------------
SUITE_MAP=$TEST_TMP/suites.map
openssl ciphers -V -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null |
    awk '{print $5, $3}' >"$SUITE_MAP"

# The timer: runs a command with stdout to a file and prints "wall_ms
# cpu_ms maxrss_kb" of that command and its children alone: GNU time's
# rusage, so no shell, Python or output parser is counted (CPU time in
# 10 ms steps).
TIMER=$TEST_TMP/timer.py
cat >"$TIMER" <<'EOF'
import subprocess, sys, time
tf = sys.argv[1] + ".time"
t = time.monotonic()
subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf] + sys.argv[2:],
               stdout=open(sys.argv[1], "w"), stderr=subprocess.DEVNULL,
               stdin=subprocess.DEVNULL)
wall = (time.monotonic() - t) * 1000
try:
    u, s, m = open(tf).read().split()[-3:]
    cpu, rss = (float(u) + float(s)) * 1000, int(m)
except (OSError, ValueError):
    cpu, rss = -1, -1
print("%d %d %d" % (wall, cpu, rss))
EOF

# The parser: "VERSION:IANA,IANA" lines from one tool's output.
PARSER=$TEST_TMP/parse.py
cat >"$PARSER" <<'EOF'
import json, re, sys
tool, path, mapf = sys.argv[1:4]
out = {}
VN = {"TLSv1.0": "TLSv1"}
def add(v, name):
    out.setdefault(VN.get(v, v), []).append(name)
try:
    text = open(path).read()
except OSError:
    text = ""
if tool == "tlsmatrix":
    try:
        for s in json.loads(text).get("servers", []):
            for p in s.get("protocols", []):
                out[p["version"]] = list(p["ciphers"])
    except ValueError:
        pass
elif tool == "sslscan":
    import xml.etree.ElementTree as ET
    m = dict(l.split() for l in open(mapf) if len(l.split()) == 2)
    try:
        for c in ET.fromstring(text).iter("cipher"):
            add(c.get("sslversion"), m.get(c.get("cipher"), c.get("cipher")))
    except ET.ParseError:
        pass
elif tool == "nmap":
    v = None
    for line in text.splitlines():
        mm = re.match(r"\|\s+(TLSv1\.[0-3]|SSLv3):", line)
        if mm:
            v = VN.get(mm.group(1), mm.group(1))
            continue
        mm = re.match(r"\|\s+(TLS_[A-Z0-9_]+)", line)
        if mm and v:
            # nmap 7.93 spells TLS 1.3 suites in draft form (TLS_AKE_WITH_).
            add(v, mm.group(1).replace("TLS_AKE_WITH_", "TLS_"))
elif tool == "testssl":
    names = {"ssl3": "SSLv3", "tls1": "TLSv1", "tls1_1": "TLSv1.1",
             "tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3"}
    try:
        d = json.load(open(path + ".json"))
    except (OSError, ValueError):
        d = []
    for f in d:
        i = f.get("id", "")
        if not i.startswith("cipher-"):
            continue
        v = names.get(i[len("cipher-"):].split("_x")[0])
        if v is not None:
            add(v, f["finding"].split()[-1])
for v, l in out.items():
    print("%s:%s" % (v, ",".join(l)))
EOF

# run_tool TOOL ADDR PORT OUT: one enumeration through the timer.
run_tool() {
	_o=$4
	case $1 in
	tlsmatrix)
		set -- timeout 300 "$TLSMATRIX" --batch --json -p python-3.12 \
		    --profile-dir "$TOP_SRCDIR/data/profiles" --ca-file "$LAB_CA" \
		    --resolve "$LAB_NAME:$3:$2" "$LAB_NAME:$3" ;;
	sslscan)
		set -- timeout 300 sslscan --no-colour --xml=- \
		    --sni-name="$LAB_NAME" --no-heartbleed --no-renegotiation \
		    --no-compression --no-fallback "$2:$3" ;;
	nmap)
		set -- timeout 300 nmap -n -Pn -p "$3" --script ssl-enum-ciphers \
		    "$2" ;;
	testssl)
		rm -f "$_o.json"
		set -- timeout 600 testssl --quiet --color 0 --nodns none \
		    --warnings off --jsonfile "$_o.json" -E "$2:$3" ;;
	esac
	python3 "$TIMER" "$_o" "$@"
}

# same_sets WANT GOT: "yes" if every version lists the same suite set.
same_sets() {
	python3 - "$1" "$2" <<'EOF'
import sys
def parse(s):
    r = {}
    for part in s.replace("\n", ";").split(";"):
        if ":" in part:
            v, l = part.split(":", 1)
            if l:
                r[v.strip()] = set(x for x in l.split(",") if x)
    return r
w, g = parse(sys.argv[1]), parse(sys.argv[2])
if w == g:
    print("yes")
else:
    diff = []
    for v in sorted(set(w) | set(g)):
        a, b = w.get(v, set()), g.get(v, set())
        if a != b:
            diff.append("%s%s%s" % (v, "".join(" -" + x for x in sorted(a - b)),
                                    "".join(" +" + x for x in sorted(b - a))))
    print("NO: " + "; ".join(diff))
EOF
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

TOOLS="tlsmatrix sslscan nmap"
[ "$TESTSSL" -eq 1 ] && TOOLS="$TOOLS testssl"

printf '# %d runs per cell (testssl: 1), WAN delay %s ms each way\n' "$RUNS" "$WAN"
printf '# ratio: median wall time over tlsmatrix'"'"'s; conns: TCP connections opened\n'
printf '%-6s %-10s %9s %7s %7s %9s %6s  %s\n' backend tool wall_ms ratio \
    cpu_ms maxrss_kb conns "suites == configuration"
echo "$BACKENDS" | while IFS='=' read -r label addr want; do
	base=
	for tool in $TOOLS; do
		runs=$RUNS
		[ "$tool" = testssl ] && runs=1	# 10 s and more a run
		if [ "$WAN" -gt 0 ]; then
			proxy_start "$addr" "$WAN"
			taddr=$PROXY_ADDR tport=$PROXY_PORT
		else
			taddr=$addr tport=$LAB_PORT
		fi
		out=$TEST_TMP/out.$tool
		: >"$TEST_TMP/times"
		i=0
		while [ "$i" -lt "$runs" ]; do
			run_tool "$tool" "$taddr" "$tport" "$out" >>"$TEST_TMP/times"
			i=$((i + 1))
		done
		[ "$WAN" -gt 0 ] && proxy_stop
		got=$(python3 "$PARSER" "$tool" "$out" "$SUITE_MAP")
		# One more run through the counting proxy (no delay).
		proxy_start "$addr" 0
		run_tool "$tool" "$PROXY_ADDR" "$PROXY_PORT" "$out.count" >/dev/null
		# The proxy counted its own readiness check first.
		conns=$(cat "$TEST_TMP/proxy.count" 2>/dev/null)
		conns=$(( ${conns:-1} - 1 ))
		proxy_stop
		med=$(awk '{print $1}' "$TEST_TMP/times" | median)
		cpu=$(awk '{print $2}' "$TEST_TMP/times" | median)
		rss=$(awk '{print $3}' "$TEST_TMP/times" | sort -n | tail -1)
		[ -z "$base" ] && base=$med
		ratio=$(awk -v a="$med" -v b="$base" \
		    'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
		printf '%-6s %-10s %9s %6sx %7s %9s %6s  %s\n' "$label" "$tool" \
		    "$med" "$ratio" "$cpu" "$rss" "$conns" \
		    "$(same_sets "$want" "$got")"
	done
done
