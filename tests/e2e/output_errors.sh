#!/bin/sh
# output_errors.sh: every output checks its writes (issue #22).
#
# Standard output full (/dev/full), closed, or a pipe whose reader is
# gone; --export and --trace on /dev/full: each must exit 3 with one
# "tlsmatrix: ..." line naming the output, never a silent 0 or 1. With
# --targets, the work nobody can receive stops at once: a list whose
# first target is refused and whose other 40 hang on a silent listener
# for --timeout 4000 ends within 3 s of the time the refused target
# takes alone. Loopback only.

. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"
[ -w /dev/full ] || skip_all "no /dev/full"

CLOSED=$(free_port)
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(128)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(120)' "$TEST_TMP/silent.port" &
spid=$!
on_exit "kill $spid 2>/dev/null"
wait_for 5 test -s "$TEST_TMP/silent.port" || skip_all "listener would not start"
SILENT=$(cat "$TEST_TMP/silent.port")

echo "127.0.0.1:$CLOSED" >"$TEST_TMP/list"
i=0
while [ $i -lt 40 ]; do
	echo "127.0.0.1:$SILENT" >>"$TEST_TMP/list"
	i=$((i + 1))
done

# failed NAME PATTERN [MS]: the last run exited 3, said PATTERN on
# stderr (one line), within MS milliseconds if given.
failed() {
	is "$rc" 3 "$1: exit status 3"
	grep -q -- "$2" "$TEST_TMP/err"
	ok $? "$1: says '$2'"
	[ "$(grep -c '^tlsmatrix: ' "$TEST_TMP/err")" -eq 1 ]
	ok $? "$1: said once ($(grep -c '^tlsmatrix: ' "$TEST_TMP/err") lines)"
	if [ -n "${3:-}" ]; then
		[ "$ms" -lt "$3" ]
		ok $? "$1: stopped in $ms ms (under $3)"
	fi
}
t0() { _t0=$(date +%s%N); }
t1() { rc=$?; ms=$(( ($(date +%s%N) - _t0) / 1000000 )); }

TM="$TLSMATRIX --no-scan -p python-3.9"
# The bound for "stops at once": the time of a run of the refused target
# alone, plus 3 s (under the 4 s --timeout of the hanging ones). A
# baseline, because an ASan build on a loaded machine starts in seconds.
head -1 "$TEST_TMP/list" >"$TEST_TMP/one"
t0; timeout 60 $TM --timeout 4000 --targets "$TEST_TMP/one" >/dev/null 2>&1; t1
STOP=$((ms + 3000))
diag "one refused target alone: $ms ms; the bound: $STOP ms"

# --- --targets -------------------------------------------------------------------
t0; timeout 60 $TM --timeout 4000 --targets "$TEST_TMP/list" \
    >/dev/full 2>"$TEST_TMP/err"; t1
failed "--targets > /dev/full" "--targets: cannot write to standard output: No space left on device" "$STOP"
t0; timeout 60 $TM --timeout 4000 --targets "$TEST_TMP/list" \
    >&- 2>"$TEST_TMP/err"; t1
failed "--targets, stdout closed" "cannot write to standard output: Bad file descriptor" "$STOP"
t0
{ timeout 60 $TM --timeout 4000 --targets "$TEST_TMP/list" \
    2>"$TEST_TMP/err"; echo $? >"$TEST_TMP/st"; } | true
rc=$(cat "$TEST_TMP/st"); ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
failed "--targets | a closed pipe" "cannot write to standard output: Broken pipe" "$STOP"

# --- --batch ---------------------------------------------------------------------
timeout 60 $TM --batch "127.0.0.1:$CLOSED" >/dev/full 2>"$TEST_TMP/err"
rc=$?
failed "--batch > /dev/full" "cannot write to standard output: No space left"
timeout 60 $TM --batch "127.0.0.1:$CLOSED" >&- 2>"$TEST_TMP/err"
rc=$?
failed "--batch, stdout closed" "cannot write to standard output"
timeout 60 $TM --batch --format jsonl "127.0.0.1:$CLOSED" >/dev/full \
    2>"$TEST_TMP/err"
rc=$?
failed "--format jsonl > /dev/full" "cannot write to standard output"
timeout 60 $TM --batch -o /dev/full "127.0.0.1:$CLOSED" >/dev/null \
    2>"$TEST_TMP/err"
rc=$?
failed "--export /dev/full" "cannot write /dev/full: No space left"
timeout 60 $TM --batch --trace /dev/full "127.0.0.1:$CLOSED" >/dev/null \
    2>"$TEST_TMP/err"
rc=$?
failed "--trace /dev/full" "--trace: cannot write '/dev/full': No space left"
timeout 60 "$TLSMATRIX" --help >/dev/full 2>"$TEST_TMP/err"
rc=$?
failed "--help > /dev/full" "cannot write to standard output"
timeout 60 "$TLSMATRIX" --list-profiles >/dev/full 2>"$TEST_TMP/err"
rc=$?
failed "--list-profiles > /dev/full" "cannot write to standard output"

# --- --diff ----------------------------------------------------------------------
timeout 60 $TM --batch --json --no-timings "127.0.0.1:$CLOSED" \
    >"$TEST_TMP/snap.json" 2>/dev/null
timeout 60 "$TLSMATRIX" --diff "$TEST_TMP/snap.json" "$TEST_TMP/snap.json" \
    >/dev/full 2>"$TEST_TMP/err"
rc=$?
failed "--diff > /dev/full" "cannot write to standard output"

done_testing
