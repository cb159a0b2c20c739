#!/bin/sh
# targets_fleet.sh: the fleet options of --targets (issue #19): --shard,
# --resume after SIGINT and SIGTERM, --rate and --rate-per-address, and
# the progress line. Loopback only, IP literals only (no resolver).
#
# Shards: the three parts of a list with comments and blank lines are
# disjoint, cover it, and keep file order. Resume: a run stopped by a
# signal while a target hangs (a server that accepts and says nothing)
# leaves FILE with whole lines only; the next run appends exactly the
# targets missing, and a cut-off last line is dropped and redone. Rate:
# a Python server on 127.0.0.1 and 127.0.0.2 stamps every accept; under
# --rate R no window of one second holds more than 2R (a burst of R,
# then R a second) and the run lasts at least (N - R) / R seconds, and
# the same per address under --rate-per-address. Progress: silent when
# stderr is a file (unless --progress), drawn on a pseudo-terminal
# (Python's pty) and left with the final count, silent with --quiet.

. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

CLOSED=$(free_port)
T="$TLSMATRIX --no-scan -p python-3.9 --timeout 3000 --no-timings"

# hosts FILE: the "host:port" of each JSON line, in order.
hosts() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)["target"]
    print("%s:%d" % (t["host"], t["port"]))' "$1"
}

# --- shards: disjoint, covering, in order -----------------------------------
{
	echo "# a fleet"
	i=1
	while [ $i -le 20 ]; do
		echo "127.0.3.$i:$CLOSED"
		[ $((i % 7)) -eq 0 ] && echo "" && echo "   # a comment"
		i=$((i + 1))
	done
} >"$TEST_TMP/list"
grep -v '^ *#' "$TEST_TMP/list" | grep -v '^$' >"$TEST_TMP/entries"
for i in 1 2 3; do
	$T --targets "$TEST_TMP/list" --shard $i/3 >"$TEST_TMP/s$i" 2>/dev/null
	echo $? >"$TEST_TMP/s$i.rc"
	hosts "$TEST_TMP/s$i" >"$TEST_TMP/h$i"
done
is "$(cat "$TEST_TMP/s1.rc" "$TEST_TMP/s2.rc" "$TEST_TMP/s3.rc" | tr '\n' ' ')" \
    "1 1 1 " "each shard: exit 1 (refused cells)"
is "$(cat "$TEST_TMP/h1" "$TEST_TMP/h2" "$TEST_TMP/h3" | sort | uniq -d | wc -l)" 0 \
    "the shards are disjoint"
is "$(cat "$TEST_TMP/h1" "$TEST_TMP/h2" "$TEST_TMP/h3" | sort)" \
    "$(sort "$TEST_TMP/entries")" "together they cover the list"
is "$(cat "$TEST_TMP/h1")" "$(awk 'NR % 3 == 1' "$TEST_TMP/entries")" \
    "shard 1/3: entries 1, 4, 7, ... in file order"
is "$(cat "$TEST_TMP/h2")" "$(awk 'NR % 3 == 2' "$TEST_TMP/entries")" \
    "shard 2/3: entries 2, 5, 8, ..."
$T --targets "$TEST_TMP/list" --shard 2/3 >"$TEST_TMP/s2b" 2>/dev/null
is "$(hosts "$TEST_TMP/s2b")" "$(cat "$TEST_TMP/h2")" "a shard is stable"
printf '127.0.3.1:%s\n' "$CLOSED" >"$TEST_TMP/one"
$T --targets "$TEST_TMP/one" --shard 2/2 >"$TEST_TMP/empty" 2>"$TEST_TMP/empty.err"
is "$?:$(wc -c <"$TEST_TMP/empty")" "0:0" "an empty shard: nothing to do, exit 0"
for bad in 0/3 4/3 3 1/0 a/b 1/3x; do
	$T --targets "$TEST_TMP/list" --shard "$bad" >/dev/null 2>"$TEST_TMP/bad.err"
	rc=$?
	grep -q -- "--shard" "$TEST_TMP/bad.err"
	is "$rc:$?" "2:0" "--shard $bad: a usage error naming --shard"
done
$T 127.0.0.1:$CLOSED --shard 1/2 >/dev/null 2>"$TEST_TMP/bad.err"
is "$?" 2 "--shard without --targets: a usage error"

# --- resume after a signal ---------------------------------------------------
# A server that accepts and never answers: its targets hang until stopped.
cat >"$TEST_TMP/srv.py" <<'PY'
import socket, sys, threading, time, select
mode, portfile, logfile = sys.argv[1], sys.argv[2], sys.argv[3]
socks = []
port = 0
for host in ("127.0.0.1", "127.0.0.2"):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    port = s.getsockname()[1]
    s.listen(128)
    socks.append(s)
log = open(logfile, "a", buffering=1)
held = []
open(portfile + ".tmp", "w").write(str(port))
import os; os.rename(portfile + ".tmp", portfile)
end = time.time() + 60
while time.time() < end:
    r, _, _ = select.select(socks, [], [], 0.5)
    for s in r:
        c, _ = s.accept()
        log.write("%.4f %s\n" % (time.monotonic(), c.getsockname()[0]))
        if mode == "silent":
            held.append(c)
        else:
            c.close()
PY
python3 "$TEST_TMP/srv.py" silent "$TEST_TMP/silent.port" "$TEST_TMP/silent.log" &
SRV=$!
on_exit "kill $SRV 2>/dev/null"
wait_for 10 test -s "$TEST_TMP/silent.port"
SILENT=$(cat "$TEST_TMP/silent.port")
{
	for i in 1 2 3 4 5; do echo "127.0.4.$i:$CLOSED"; done
	echo "127.0.0.1:$SILENT"
	for i in 6 7 8 9; do echo "127.0.4.$i:$CLOSED"; done
} >"$TEST_TMP/rlist"

# resume_after SIG STATUS
resume_after() {
	rm -f "$TEST_TMP/r.jsonl"
	$TLSMATRIX --no-scan -p python-3.9 --timeout 30000 --no-timings \
	    --targets "$TEST_TMP/rlist" --resume "$TEST_TMP/r.jsonl" \
	    2>"$TEST_TMP/r.err" &
	pid=$!
	wait_for 20 sh -c "[ \$(wc -l <'$TEST_TMP/r.jsonl') -ge 5 ]"
	ok $? "$1: the five targets before the silent one are written"
	kill -"$1" $pid
	wait $pid
	is "$?" "$2" "$1: the run ends with $2"
	python3 -c '
import json, sys
data = open(sys.argv[1], "rb").read()
assert data.endswith(b"\n")
for line in data.decode().splitlines():
    json.loads(line)' "$TEST_TMP/r.jsonl"
	ok $? "$1: FILE holds only complete JSON lines"
	is "$(hosts "$TEST_TMP/r.jsonl" | wc -l)" 5 \
	    "$1: nothing after the silent target is written (file order)"
}
resume_after TERM 143
resume_after INT 130
kill $SRV 2>/dev/null
wait $SRV 2>/dev/null
# the silent server is gone: its port refuses now; the rest is appended
printf '{"schema_version": 1, "tar' >>"$TEST_TMP/r.jsonl"
$TLSMATRIX --no-scan -p python-3.9 --timeout 3000 --no-timings \
    --targets "$TEST_TMP/rlist" --resume "$TEST_TMP/r.jsonl" \
    >"$TEST_TMP/r.out" 2>"$TEST_TMP/r.err"
is "$?" 1 "the resumed run: exit 1 (refused cells)"
grep -q "dropped an incomplete last line" "$TEST_TMP/r.err"
ok $? "a cut-off last line is dropped, said on stderr"
is "$(wc -c <"$TEST_TMP/r.out")" 0 "with --resume nothing goes to stdout"
is "$(hosts "$TEST_TMP/r.jsonl" | sort)" "$(sort "$TEST_TMP/rlist")" \
    "FILE now holds every target exactly once"
is "$(hosts "$TEST_TMP/r.jsonl" | sed -n 1,5p)" "$(sed -n 1,5p "$TEST_TMP/rlist")" \
    "the first five kept their place"
$TLSMATRIX --no-scan -p python-3.9 --targets "$TEST_TMP/rlist" \
    --resume "$TEST_TMP/r.jsonl" 2>/dev/null
is "$?:$(hosts "$TEST_TMP/r.jsonl" | wc -l)" "0:10" \
    "resumed again: nothing left to do, nothing appended"

# --- rate limits -------------------------------------------------------------
python3 "$TEST_TMP/srv.py" close "$TEST_TMP/close.port" "$TEST_TMP/close.log" &
SRV2=$!
on_exit "kill $SRV2 2>/dev/null"
wait_for 10 test -s "$TEST_TMP/close.port"
P=$(cat "$TEST_TMP/close.port")
PROFS=python-3.9,python-3.12,java-17,node-20,go-1.22
# window_max LOG ADDR: the most accepts (for ADDR, or all) in one second
window_max() {
	python3 -c '
import sys
ts = [float(l.split()[0]) for l in open(sys.argv[1])
      if len(sys.argv) < 3 or l.split()[1] == sys.argv[2]]
ts.sort()
best = 0
for i, t in enumerate(ts):
    best = max(best, sum(1 for u in ts[i:] if u < t + 1.0))
print(best, len(ts), "%.2f" % (ts[-1] - ts[0] if ts else 0))' "$@"
}
for i in 1 2 3 4 5 6; do echo "127.0.0.1:$P"; done >"$TEST_TMP/rate.list"
: >"$TEST_TMP/close.log"
$TLSMATRIX --no-scan -p $PROFS --timeout 3000 --targets "$TEST_TMP/rate.list" \
    --rate 10/s >/dev/null 2>&1
set -- $(window_max "$TEST_TMP/close.log")
diag "--rate 10/s: $2 connections over $3 s, at most $1 in one second"
[ "$2" -ge 30 ]
ok $? "--rate: every probe connected ($2)"
[ "$1" -le 20 ]
ok $? "--rate 10/s: at most 20 in any second (a burst of 10, then 10/s)"
python3 -c "import sys; sys.exit(0 if $3 >= ($2 - 10) / 10.0 - 0.2 else 1)"
ok $? "--rate 10/s: $2 connections take at least $(( ($2 - 10) / 10 )) s ($3 s)"

{ for i in 1 2 3; do echo "127.0.0.1:$P"; echo "127.0.0.2:$P"; done; } \
    >"$TEST_TMP/rate2.list"
: >"$TEST_TMP/close.log"
$TLSMATRIX --no-scan -p $PROFS --timeout 3000 --targets "$TEST_TMP/rate2.list" \
    --rate-per-address 5/s >/dev/null 2>&1
for a in 127.0.0.1 127.0.0.2; do
	set -- $(window_max "$TEST_TMP/close.log" $a)
	diag "--rate-per-address 5/s: $a: $2 connections over $3 s, at most $1 in one second"
	[ "$1" -le 10 ] && [ "$2" -ge 15 ]
	ok $? "--rate-per-address 5/s: $a at most 10 in any second ($1 of $2)"
	python3 -c "import sys; sys.exit(0 if $3 >= ($2 - 5) / 5.0 - 0.2 else 1)"
	ok $? "--rate-per-address 5/s: $a: $2 connections over at least $(( ($2 - 5) / 5 )) s ($3 s)"
done
for bad in 10/m x -1 1e3 200000/s; do
	$T 127.0.0.1:$CLOSED --rate "$bad" >/dev/null 2>"$TEST_TMP/bad.err"
	rc=$?
	grep -q -- "--rate" "$TEST_TMP/bad.err"
	is "$rc:$?" "2:0" "--rate $bad: a usage error naming --rate"
done

# --- progress ----------------------------------------------------------------
$T --targets "$TEST_TMP/list" >/dev/null 2>"$TEST_TMP/p.err"
is "$(wc -c <"$TEST_TMP/p.err")" 0 "stderr not a terminal: no progress line"
$T --targets "$TEST_TMP/list" --progress >/dev/null 2>"$TEST_TMP/p.err"
grep -q "20/20 targets, 20 failed" "$TEST_TMP/p.err"
ok $? "--progress draws even into a file"
# pty_err ARGS...: what the run writes on a pseudo-terminal as stderr
pty_err() {
	python3 -c '
import os, pty, subprocess, sys, select
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=s)
os.close(s)
out = b""
while True:
    r, _, _ = select.select([m], [], [], 30)
    if not r:
        break
    try:
        b = os.read(m, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
p.wait(timeout=30)
sys.stdout.write(repr(out))' "$@"
}
pty_err $T --targets "$TEST_TMP/list" >"$TEST_TMP/pty.out"
grep -q 'targets, [0-9]* failed' "$TEST_TMP/pty.out" &&
    grep -q '\\r' "$TEST_TMP/pty.out" && grep -q '\\x1b\[K' "$TEST_TMP/pty.out"
ok $? "stderr a terminal: a progress line redrawn in place"
grep -q '20/20 targets, 20 failed, [0-9.]*/s, done\\x1b\[K\\r\\n' "$TEST_TMP/pty.out"
ok $? "and left with the final count at the end"
pty_err $T --targets "$TEST_TMP/list" --quiet >"$TEST_TMP/pty.out"
is "$(cat "$TEST_TMP/pty.out")" "b''" "--quiet: nothing on the terminal"
$T --targets "$TEST_TMP/list" --quiet --progress >/dev/null 2>&1
is "$?" 2 "--quiet with --progress: a usage error"

done_testing
