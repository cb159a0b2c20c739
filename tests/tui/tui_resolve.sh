#!/bin/sh
# tests/tui/tui_resolve.sh: re-resolution in the TUI, driven in tmux.
#
# The crafted responder's "rotate" name answers 127.0.9.1 and one more
# address that changes with every query. The TUI must show the first
# answer's rows, resolve again on R (a new row, probed at once; the
# vanished one marked "gone", not dropped), show a resolver's failure on
# its status line while staying usable, and re-resolve by itself every
# --interval. Polls capture-pane; never sleeps a fixed time.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

python3 "$TOP_SRCDIR/tests/lab/dns_responder.py" "$TEST_TMP/resp.port" \
	--lifetime 120 >/dev/null 2>&1 &
rpid=$!
on_exit "kill $rpid 2>/dev/null"
wait_for 5 test -s "$TEST_TMP/resp.port" || skip_all "responder would not start"
R="127.0.0.1:$(cat "$TEST_TMP/resp.port")"
CLOSED=$(free_port)

S=tr
runs=0
TUI_NAME=tr

# start ARGS...: tlsmatrix ARGS in a fresh tmux server, status recorded.
start() {
	tui_start 140 40 "trap : INT; '$TLSMATRIX' --no-scan -p python-3.9 \
	    --timeout 1000 $*"
}

quit() {
	T send-keys -t "$S" q
	_i=0
	while [ $_i -lt 50 ] && [ ! -s "$TEST_TMP/status.$runs" ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	is "$(cat "$TEST_TMP/status.$runs" 2>/dev/null)" 0 "$1: q exits 0"
}

# --- R resolves again now ----------------------------------------------------
# A long --interval, so that only R can bring the second answer.
start --interval 600000 --dns "$R" "rotate.tui.test:$CLOSED"
ok $? "tmux session started"
wait_screen '127\.0\.9\.2' 10
ok $? "first answer: 127.0.9.2"
wait_screen '127\.0\.9\.1' 5
ok $? "first answer: 127.0.9.1"
wait_screen 'R resolve' 5
ok $? "the hint line names R"
screen | grep -q '127\.0\.9\.3'
ok $((! $?)) "no third address before R"
T send-keys -t "$S" R
wait_screen '127\.0\.9\.3' 10
ok $? "R: the new address 127.0.9.3 appears as a row"
wait_screen '127\.0\.9\.2 +gone' 5
ok $? "R: 127.0.9.2, no longer answered, is marked gone and kept"
wait_screen '127\.0\.9\.3.*refused' 10
ok $? "the new row is probed at once"
wait_screen '2 samples' 5
ok $? "header counts the samples"
quit "R run"

# --- by itself, every --interval ------------------------------------------------
start --interval 200 --dns "$R" "rotate.auto.test:$CLOSED"
wait_screen '127\.0\.9\.4' 15
ok $? "--interval 200: re-resolved by itself (a third answer arrived)"
quit "interval run"

# --- a failing resolver next to a good one --------------------------------------
start --dns "$R,127.0.0.1:1" "rotate.err.test:$CLOSED"
wait_screen '127\.0\.9\.2' 10
ok $? "the good resolver's address is shown"
wait_screen 'resolver error: 127\.0\.0\.1:1: rotate\.err\.test: connection refused' 10
ok $? "the failing resolver's error is on the status line"
wait_screen '1 resolver failed' 5
ok $? "the header counts the failed resolver"
T send-keys -t "$S" '?'
wait_screen 'resolve the name again now' 5
ok $? "TUI still usable: the help lists R"
T send-keys -t "$S" Escape
quit "error run"

done_testing
