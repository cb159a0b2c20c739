#!/bin/sh
# bench/soak.sh: the TUI left running for a long time (issue #22).
#
# Starts the lab (tests/lab/lab.sh: nginx backends A, B, the A twin and,
# if ::1 works, the modern one) and a dnsmasq that answers the lab's name
# with all of them, in an order it rotates on every query. The TUI runs
# in a private tmux server with --interval 1000 (the name resolved again,
# and every address probed again, every second) for MINUTES minutes.
# Every SAMPLE seconds it records the process's resident memory (VmRSS),
# its open file descriptors and its threads into a CSV, then prints a
# summary: the first, the lowest, the highest and the last value of
# each, and the growth over the second half of the run (after warm-up).
# Opt-in, not part of make check; only loopback is touched.
#
#   bench/soak.sh [--build DIR] [--minutes N] [--sample SECS] [--out CSV]
#
# Exit 0 when memory and descriptors stayed flat (the second half grew
# by less than 2 MB of RSS and not at all in descriptors), 1 otherwise,
# 2 on a setup error.
set -u

TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${TOP_BUILDDIR:-$TOP_SRCDIR/build}
MINUTES=30
SAMPLE=5
OUT=
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--minutes) MINUTES=$2; shift 2 ;;
	--sample) SAMPLE=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--minutes N] [--sample SECS] [--out CSV]" >&2
	   exit 2 ;;
	esac
done
case $MINUTES$SAMPLE in
*[!0-9]*) echo "soak.sh: --minutes and --sample take whole numbers" >&2; exit 2 ;;
esac
[ "$SAMPLE" -gt 0 ] || SAMPLE=1
TLSMATRIX=${TLSMATRIX:-$BUILD/tlsmatrix}
[ -x "$TLSMATRIX" ] || { echo "no tlsmatrix binary at $TLSMATRIX (--build DIR)" >&2; exit 2; }
command -v tmux >/dev/null 2>&1 || { echo "soak.sh: tmux not found (apt-get install tmux)" >&2; exit 2; }
export TLSMATRIX TOP_SRCDIR

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
lab_need_tools openssl nginx dnsmasq python3 >/dev/null
[ -n "$OUT" ] || OUT=$TEST_TMP/soak.csv

# The binary may be rebuilt while this runs: soak a copy.
cp "$TLSMATRIX" "$TEST_TMP/tlsmatrix" || exit 2
lab_certs "$TEST_TMP/pki" >/dev/null || exit 2
lab_nginx_start >/dev/null || { echo "nginx did not start" >&2; exit 2; }
# shellcheck disable=SC2086
lab_dns_start "$LAB_NAME" $LAB_ADDRS >/dev/null || { echo "dnsmasq did not start" >&2; exit 2; }

SOCK=soak$$
T() { tmux -L "$SOCK" "$@"; }
on_exit "tmux -L $SOCK kill-server >/dev/null 2>&1"
T -f /dev/null new-session -d -s soak -x 160 -y 45 \
    "exec '$TEST_TMP/tlsmatrix' --interval 1000 --timeout 2000 \
    --dns 127.0.0.1:$LAB_DNS_PORT --ca-file '$LAB_CA' '$LAB_NAME:$LAB_PORT' \
    2>'$TEST_TMP/stderr'" || { cat "$TEST_TMP/stderr" >&2; exit 2; }
pid=$(T display-message -p -t soak '#{pane_pid}')
[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null ||
    { echo "tlsmatrix did not start:" >&2; cat "$TEST_TMP/stderr" >&2; exit 2; }

echo "seconds,rss_kb,fds,threads" >"$OUT"
start=$(date +%s)
end=$((start + MINUTES * 60))
n=0
# One sample every SAMPLE seconds, until the end or the program dies.
while :; do
	now=$(date +%s)
	kill -0 "$pid" 2>/dev/null || { echo "tlsmatrix exited early" >&2; break; }
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
	thr=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
	fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
	[ -n "$rss" ] && echo "$((now - start)),$rss,$fds,$thr" >>"$OUT"
	n=$((n + 1))
	[ "$now" -ge "$end" ] && break
	sleep "$SAMPLE"
done
alive=yes
kill -0 "$pid" 2>/dev/null || alive=no
screen=$(T capture-pane -p -t soak 2>/dev/null | head -3)
T send-keys -t soak q >/dev/null 2>&1

# first, min, max, last of a column, and the growth over the second half.
awk -F, -v minutes="$MINUTES" -v alive="$alive" '
NR == 1 { next }
{ t[++n] = $1; r[n] = $2; f[n] = $3; h[n] = $4 }
END {
	if (n < 2) { print "too few samples"; exit 2 }
	mid = int(n / 2) + 1
	rmin = rmax = r[1]; fmin = fmax = f[1]; hmin = hmax = h[1]
	h2max = r[mid]; f2max = f[mid]
	for (i = 1; i <= n; i++) {
		if (r[i] < rmin) rmin = r[i]; if (r[i] > rmax) rmax = r[i]
		if (f[i] < fmin) fmin = f[i]; if (f[i] > fmax) fmax = f[i]
		if (h[i] < hmin) hmin = h[i]; if (h[i] > hmax) hmax = h[i]
		if (i >= mid && r[i] > h2max) h2max = r[i]
		if (i >= mid && f[i] > f2max) f2max = f[i]
	}
	printf "soak: %d samples over %d s (asked %d min), still running at the end: %s\n", n, t[n], minutes, alive
	printf "rss_kb  first %d min %d max %d last %d; second half: from %d, peak %d (+%d kB)\n", r[1], rmin, rmax, r[n], r[mid], h2max, h2max - r[mid]
	printf "fds     first %d min %d max %d last %d; second half: from %d, peak %d\n", f[1], fmin, fmax, f[n], f[mid], f2max
	printf "threads first %d min %d max %d last %d\n", h[1], hmin, hmax, h[n]
	flat = (alive == "yes" && h2max - r[mid] < 2048 && f[n] <= f[mid])
	printf "verdict: %s\n", flat ? "flat" : "GROWING (or the program died)"
	exit flat ? 0 : 1
}' "$OUT"
rc=$?
echo "screen at the end:"
printf '%s\n' "$screen" | sed 's/^/  /'
[ -s "$TEST_TMP/stderr" ] && { echo "stderr:"; sed 's/^/  /' "$TEST_TMP/stderr"; }
echo "samples: $OUT"
exit $rc
