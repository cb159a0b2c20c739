#!/bin/sh
# bench/fleet.sh: a fleet of names on loopback (issue #19, item 6).
#
# Builds the fleet of tests/lab/fleet_lab.sh for the largest size asked:
# dnsmasq on 127.0.0.1:PORT answering name-I.fleet.test with 127.20.X.Y,
# one nginx (one process, TLS 1.2 and 1.3, nginx's default suites, a
# *.fleet.test certificate) listening on every one of those aliases. Then:
#
# - tlsmatrix --targets LIST --dns 127.0.0.1:PORT --format json, with the
#   default profiles and the scan, at each size (default 1000 and 10000);
# - on a sample of the same list (default the first 200 targets):
#   sslscan and nmap --script ssl-enum-ciphers, one process per target
#   through xargs -P (default 16, like tlsmatrix's --jobs), and
#   testssl.sh -E --parallel (MAX_PARALLEL the same) on a smaller sample
#   (default 2: about 90 s of CPU per target here): each is given the address (sslscan also the name as
#   SNI), since none of them can be told a DNS server and port.
#
# Per run: wall time, CPU (user+sys of the command and all its
# descendants) and peak RSS (the largest single process) from GNU time;
# TCP connections from nginx's stub_status "accepts" counter, read before
# and after (the status request itself subtracted); and how many targets
# came out complete. A peer's per-target figures scale to the size
# linearly (independent processes): the table says which rows are scaled.
#
#   bench/fleet.sh [--build DIR] [--sizes 1000,10000] [--sample 200]
#                  [--testssl-sample 2] [-P 16] [--no-peers] [--no-testssl]
#                  [--check] [-- TLSMATRIX-OPTIONS...]
#
# --check: issue #19's acceptance at the sizes given (e.g. --sizes
# 200,2000 --no-peers --check): exit 1 unless every target came out
# complete and in order, each size costs at most 1.2 times its share of
# the next (2,000 at most 12 times 200) in wall and in CPU time, and
# every peak RSS is under 64 MB. tests/e2e/fleet.sh checks the same
# with --no-scan; this is the check with the scan.
#
# Opt-in (not part of make check); installs sslscan, nmap, testssl.sh and
# GNU time with apt-get if missing (benchmarks only, never needed by
# tlsmatrix). Loopback only; every server is stopped on exit.
set -u

TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${TOP_BUILDDIR:-$TOP_SRCDIR/build}
SIZES=1000,10000
SAMPLE=200
TSAMPLE=2
PAR=16
PEERS=1
TESTSSL=1
CHECK=0
usage() {
	echo "usage: $0 [--build DIR] [--sizes N,N...] [--sample N]" \
	    "[--testssl-sample N] [-P N] [--no-peers] [--no-testssl]" \
	    "[--check] [-- TLSMATRIX-OPTIONS...]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--sizes) SIZES=$2; shift 2 ;;
	--sample) SAMPLE=$2; shift 2 ;;
	--testssl-sample) TSAMPLE=$2; shift 2 ;;
	-P) PAR=$2; shift 2 ;;
	--no-peers) PEERS=0; shift ;;
	--no-testssl) TESTSSL=0; shift ;;
	--check) CHECK=1; shift ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
for n in $(echo "$SIZES" | tr , ' ') "$SAMPLE" "$TSAMPLE" "$PAR"; do
	case $n in ''|*[!0-9]*) usage ;; esac
	[ "$n" -ge 1 ] && [ "$n" -le 60000 ] || usage
done
TLSMATRIX=${TLSMATRIX:-$BUILD/tlsmatrix}
[ -x "$TLSMATRIX" ] || { echo "no tlsmatrix binary at $TLSMATRIX (--build DIR)" >&2; exit 2; }
export TLSMATRIX TOP_SRCDIR
# The extra options, split on blanks when used (none holds a blank).
TM_OPTS=$*
[ -n "$TM_OPTS" ] && echo "# tlsmatrix options: $TM_OPTS"

# The peers, for the comparison only (never a dependency of tlsmatrix).
want="/usr/bin/time:time"
[ "$PEERS" -eq 1 ] && want="$want sslscan:sslscan nmap:nmap testssl:testssl.sh"
missing=
for w in $want; do
	command -v "${w%%:*}" >/dev/null 2>&1 || missing="$missing ${w#*:}"
done
if [ -n "$missing" ]; then
	echo "# apt-get install$missing" >&2
	# shellcheck disable=SC2086
	apt-get install -y $missing >/dev/null 2>&1 ||
	    { echo "apt-get install$missing failed" >&2; exit 2; }
fi

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
. "$TOP_SRCDIR/tests/lab/fleet_lab.sh"
# lib.sh stops the servers on exit, INT and TERM; a bench's output is
# often piped (| head, | tee): a closed pipe or terminal stops them too.
trap 'exit 129' HUP
trap 'exit 141' PIPE

all=$SIZES
[ "$PEERS" -eq 1 ] && all="$all,$SAMPLE,$TSAMPLE"
MAX=$(echo "$all" | tr , '\n' | sort -n | tail -1)
t0=$(date +%s)
fleet_start "$MAX" || exit 1
echo "# fleet of $MAX names up in $(($(date +%s) - t0)) s: nginx on" \
    "127.20.0.1..$(fleet_addr $((MAX - 1))):$FLEET_PORT, dnsmasq on" \
    "127.0.0.1:$FLEET_DNS_PORT"
echo "# $(nproc) CPUs, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# tlsmatrix $("$TLSMATRIX" --version 2>/dev/null | head -1)"

# measure NAME OUT IN CMD...: runs CMD (stdin from IN, stdout to OUT,
# stderr to OUT.err) under GNU time, bounded by 1 hour, and prints one row:
# NAME wall_s cpu_s peak_rss_kb conns exit.
measure() {
	_name=$1 _out=$2 _in=$3; shift 3
	_a0=$(fleet_accepts)
	_s=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$_out.time" \
	    timeout 3600 "$@" >"$_out" 2>"$_out.err" <"$_in"
	_rc=$?
	_e=$(date +%s%N)
	_a1=$(fleet_accepts)
	# shellcheck disable=SC2046
	set -- $(tail -1 "$_out.time")
	awk -v n="$_name" -v w="$(( (_e - _s) / 1000000 ))" -v u="$1" -v s="$2" \
	    -v m="$3" -v c="$((_a1 - _a0 - 1))" -v rc="$_rc" 'BEGIN {
		printf "%s %.2f %.2f %d %d %d\n", n, w / 1000, u + s, m, c, rc }'
}

RESULTS=$TEST_TMP/results
: >"$RESULTS"
report() {	# report TOOL TARGETS COMPLETE ROW...
	_t=$1 _n=$2 _done=$3; shift 3
	echo "$_t $_n $_done $*" | tee -a "$RESULTS"
}

for n in $(echo "$SIZES" | tr , ' '); do
	fleet_list "$n" "$TEST_TMP/list.$n"
	out=$TEST_TMP/tlsmatrix.$n
	# shellcheck disable=SC2086
	row=$(measure tlsmatrix "$out" /dev/null "$TLSMATRIX" --no-config \
	    --targets "$TEST_TMP/list.$n" --dns "127.0.0.1:$FLEET_DNS_PORT" \
	    --ca-file "$FLEET_CA" --format json $TM_OPTS)
	# complete: lines whose target is the list's line of the same number
	# and whose every cell finished ok
	done_n=$(python3 - "$TEST_TMP/list.$n" "$out" <<'EOF'
import json, sys
want = [l.split(":")[0] for l in open(sys.argv[1])]
good = 0
for i, line in enumerate(open(sys.argv[2])):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if i < len(want) and d["target"]["host"] == want[i] and \
            d["summary"]["failed"] == 0:
        good += 1
print(good)
EOF
)
	set -- $row
	report "tlsmatrix" "$n" "$done_n" "$2 $3 $4 $5 $6"
done

if [ "$PEERS" -eq 1 ]; then
	fleet_hosts "$SAMPLE" >"$TEST_TMP/peers"	# "ADDR NAME" lines
	port=$FLEET_PORT
	out=$TEST_TMP/sslscan
	# shellcheck disable=SC2016,SC2046
	set -- $(measure sslscan "$out" "$TEST_TMP/peers" xargs -P "$PAR" -L 1 sh -c \
	    'exec sslscan --no-colour --xml=- --sni-name="$2" --no-heartbleed \
	        --no-renegotiation --no-compression --no-fallback "$1:$0"' \
	    "$port")
	report "sslscan" "$SAMPLE" "$(grep -c '<ssltest ' "$out")" "$2 $3 $4 $5 $6"
	out=$TEST_TMP/nmap
	# shellcheck disable=SC2046
	set -- $(measure nmap "$out" "$TEST_TMP/peers" xargs -P "$PAR" -L 1 sh -c \
	    'exec nmap -n -Pn -p "$0" --script ssl-enum-ciphers "$1"' \
	    "$port")
	report "nmap" "$SAMPLE" "$(grep -c 'ssl-enum-ciphers:' "$out")" "$2 $3 $4 $5 $6"
fi
if [ "$PEERS" -eq 1 ] && [ "$TESTSSL" -eq 1 ]; then
	head -n "$TSAMPLE" "$TEST_TMP/peers" |
	    awk -v p="$port" '{ print $1 ":" p }' >"$TEST_TMP/testssl.list"
	out=$TEST_TMP/testssl
	MAX_PARALLEL=$PAR; export MAX_PARALLEL
	# shellcheck disable=SC2046
	set -- $(measure testssl "$out" /dev/null testssl --quiet \
	    --color 0 --nodns none --warnings off -E \
	    --jsonfile "$out.json" --parallel --file "$TEST_TMP/testssl.list")
	done_t=$(python3 - "$out.json" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    d = []
print(len({f.get("ip") for f in d if f.get("id", "").startswith("cipher-")}))
EOF
)
	report "testssl" "$TSAMPLE" "$done_t" "$2 $3 $4 $5 $6"
fi

# The table: per target figures and every size scaled from the sample.
echo
echo "# tool targets complete wall_s cpu_s peak_rss_kb conns exit"
cat "$RESULTS"
echo
python3 - "$RESULTS" "$SIZES" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
sizes = [int(s) for s in sys.argv[2].split(",")]
print("| tool | targets | wall | CPU (user+sys) | peak RSS | connections | complete |")
print("|---|---|---|---|---|---|---|")
def fmt_s(s):
    return "%.1f s" % s if s < 600 else "%.0f min" % (s / 60)
for tool, n, done, wall, cpu, rss, conns, rc in rows:
    n, done, wall, cpu, conns = int(n), int(done), float(wall), float(cpu), int(conns)
    print("| %s | %d | %s | %s | %.1f MB | %d | %d of %d (exit %s) |"
          % (tool, n, fmt_s(wall), fmt_s(cpu), int(rss) / 1024, conns, done, n, rc))
    if tool != "tlsmatrix":
        for s in sizes:
            f = s / n
            print("| %s, scaled x%g | %d | %s | %s | %.1f MB | %d | (scaled) |"
                  % (tool, f, s, fmt_s(wall * f), fmt_s(cpu * f),
                     int(rss) / 1024, conns * f))
print()
for tool, n, done, wall, cpu, rss, conns, rc in rows:
    n = int(n)
    print("# %s: %.1f ms wall, %.1f ms CPU, %.1f connections per target"
          % (tool, float(wall) * 1000 / n, float(cpu) * 1000 / n, int(conns) / n))
EOF

[ "$CHECK" -eq 1 ] || exit 0
python3 - "$RESULTS" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith("tlsmatrix ")]
bad = 0
for _, n, done, wall, cpu, rss, conns, rc in rows:
    if int(done) != int(n) or int(rss) >= 64 * 1024:
        print("FAIL %s targets: %s complete, peak RSS %s kB" % (n, done, rss))
        bad = 1
for a, b in zip(rows, rows[1:]):
    k = int(b[1]) / int(a[1])
    for what, i in (("wall", 3), ("CPU", 4)):
        r = float(b[i]) / max(float(a[i]), 0.01)
        ok = r <= 1.2 * k
        print("%s %s targets cost %.1fx the %s of %s (at most %.1fx)"
              % ("ok" if ok else "FAIL", b[1], r, what, a[1], 1.2 * k))
        bad |= not ok
sys.exit(bad)
EOF
