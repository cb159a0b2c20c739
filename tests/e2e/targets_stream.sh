#!/bin/sh
# targets_stream.sh: --targets streams and refuses what is not a list
# (issue #22).
#
# Memory: lists of 500 and 4000 unreachable targets (127.0.x.y on a port
# nothing listens on: refused at once, loopback only) must peak under
# 48 MB each and within 8 MB of each other (before, every target kept a
# 31 KB copy of the options until exit: ~140 MB for 4000); every line
# comes out, in file order. Peak RSS is the child's ru_maxrss, read by
# Python's getrusage. Bad lists: a directory, an empty and a comments-only
# list, /dev/zero, /dev/urandom, an endless line and endless bad lines
# each end within 5 s with a clear message and the documented status,
# and stderr stays short.

. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

CLOSED=$(free_port)

# list N FILE: N refused targets 127.0.A.B:CLOSED.
list() {
	python3 -c '
import sys
n, port = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    print("127.0.%d.%d:%s" % (1 + i // 250, 1 + i % 250, port))' "$1" "$CLOSED" >"$2"
}

# peak FILE OUT: runs --targets FILE, output to OUT; prints "STATUS KB".
peak() {
	python3 -c '
import resource, subprocess, sys
with open(sys.argv[2], "w") as out:
    rc = subprocess.call(sys.argv[3:], stdout=out, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, timeout=240)
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
	    "$1" "$2" "$TLSMATRIX" --targets "$1" --no-scan -p python-3.9 \
	    --timeout 2000 --no-timings
}

# --- memory independent of the list's length --------------------------------
list 500 "$TEST_TMP/t500"
list 4000 "$TEST_TMP/t4000"
set -- $(peak "$TEST_TMP/t500" "$TEST_TMP/o500")
rc500=$1 kb500=$2
set -- $(peak "$TEST_TMP/t4000" "$TEST_TMP/o4000")
rc4000=$1 kb4000=$2
diag "peak RSS: 500 targets $kb500 kB, 4000 targets $kb4000 kB"
is "$rc500" 1 "500 refused targets: exit 1 (cells failed)"
is "$rc4000" 1 "4000 refused targets: exit 1"
# Under ASan (build.sh asan sets ASAN_OPTIONS) freed memory waits in a
# quarantine of 256 MB and shadow memory doubles the rest: the bounds
# are measured in the plain build only.
san=
[ -n "${ASAN_OPTIONS:-}" ] && san=" # SKIP peak RSS means nothing under ASan"
[ "$kb4000" -lt 49152 ] || [ -n "$san" ]
ok $? "4000 targets peak under 48 MB ($kb4000 kB)$san"
[ $((kb4000 - kb500)) -lt 8192 ] || [ -n "$san" ]
ok $? "8 times the targets, under 8 MB more ($((kb4000 - kb500)) kB)$san"
is "$(wc -l <"$TEST_TMP/o4000" | tr -d ' ')" 4000 "one line per target"
sed 's/.*"target": {"host": "\([^"]*\)".*/\1/' "$TEST_TMP/o4000" >"$TEST_TMP/hosts"
cut -d: -f1 "$TEST_TMP/t4000" | cmp -s - "$TEST_TMP/hosts"
ok $? "the lines come out in file order"

# --- lists that are no lists ----------------------------------------------------
# bad NAME STATUS PATTERN -- ARGS...: --targets ARGS ends within 5 s with
# STATUS and a stderr line matching PATTERN; at most 12 lines of stderr.
bad() {
	_n=$1 _want=$2 _pat=$3; shift 3; [ "$1" = "--" ] && shift
	_t0=$(date +%s%N)
	timeout 20 "$TLSMATRIX" --no-scan -p python-3.9 --timeout 1000 "$@" \
	    >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	_rc=$?
	_ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
	is "$_rc" "$_want" "$_n: exit status $_want"
	[ "$_ms" -lt "$BOUND" ]
	ok $? "$_n: over in $_ms ms (under $BOUND)"
	grep -qE -- "$_pat" "$TEST_TMP/err"
	ok $? "$_n: says '$_pat'"
	[ "$(wc -l <"$TEST_TMP/err")" -le 12 ]
	ok $? "$_n: at most 12 lines on stderr ($(wc -l <"$TEST_TMP/err"))"
}

# 5 s; an ASan build (build.sh asan sets ASAN_OPTIONS) is slower
BOUND=5000
[ -n "${ASAN_OPTIONS:-}" ] && BOUND=15000
mkdir "$TEST_TMP/dir"
: >"$TEST_TMP/empty"
printf '# only comments\n\n   # and blanks\n\t\n' >"$TEST_TMP/comments"
bad "a directory" 3 "cannot read .*dir: Is a directory" -- \
    --targets "$TEST_TMP/dir"
bad "an empty list" 2 "empty lists no targets" -- --targets "$TEST_TMP/empty"
bad "a comments-only list" 2 "comments lists no targets" -- \
    --targets "$TEST_TMP/comments"
bad "/dev/zero" 2 "/dev/zero: line 1: a NUL byte" -- --targets /dev/zero
bad "/dev/urandom" 2 "/dev/urandom: line [0-9]+:" -- --targets /dev/urandom
# endless input through a FIFO: one line without end, and bad lines
# without end (port 99999 fails to parse: nothing is resolved or probed)
mkfifo "$TEST_TMP/fifo1" "$TEST_TMP/fifo2" || skip_all "mkfifo failed"
python3 -c '
import sys
try:
    while True: sys.stdout.write("a" * 65536)
except (BrokenPipeError, OSError): pass' >"$TEST_TMP/fifo1" 2>/dev/null &
on_exit "kill $! 2>/dev/null"
bad "an endless line" 2 "line 1: longer than 1023 bytes" -- \
    --targets "$TEST_TMP/fifo1"
yes '127.0.0.1:99999' >"$TEST_TMP/fifo2" 2>/dev/null &
on_exit "kill $! 2>/dev/null"
bad "endless bad lines" 2 "10 bad lines: giving up" -- \
    --targets "$TEST_TMP/fifo2"

done_testing
