#!/bin/sh
# tests/tui/tui_hostile.sh: nothing from the network reaches the terminal
# raw (issue #9).
#
# The TUI, in a private tmux server with set-clipboard on, probes and scans
# tests/lab/hostile_server.py's evilcert mode (a certificate whose subject
# and SAN carry ESC [2J, OSC 52, a CSI colour and invalid UTF-8) and its
# http mode (the same in an HTTP answer). Had any of it reached the
# terminal raw, tmux would have cleared the pane, set a paste buffer (OSC
# 52) or painted red; instead the escaped form must be visible in the
# detail pane, escaped once (no "\x5cx1b", no "\x5c1B"). Polls
# capture-pane; never sleeps a fixed time.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

python3 "$TOP_SRCDIR/tests/lab/hostile_server.py" "$TEST_TMP/ports" \
	--lifetime 120 --only evilcert,http --dir "$TEST_TMP" \
	>"$TEST_TMP/server.log" 2>&1 &
spid=$!
on_exit "kill $spid 2>/dev/null"
wait_for 20 test -s "$TEST_TMP/ports" || skip_all "hostile server would not start"
grep -q '^evilcert ' "$TEST_TMP/ports" ||
	skip_all "python3-cryptography missing: no evil certificate"
port_of() { awk -v m="$1" '$1 == m { print $2 }' "$TEST_TMP/ports"; }

S=th
esc=$(printf '\033')
runs=0
TUI_NAME=th

# start MODE: the TUI against MODE's port, in a fresh tmux server.
start() {
	_p=$(port_of "$1")
	tui_start 160 45 "trap : INT; '$TLSMATRIX' --no-color -p python-3.9 \
	    --timeout 2000 --resolve evil.test:$_p:127.0.0.1 evil.test:$_p"
	_st=$?
	T set-option -g set-clipboard on >/dev/null 2>&1
	return $_st
}

# check MODE NAME PATTERN: the run is done, the detail pane shows PATTERN
# (the escaped form), and no escape took effect.
check() {
	start "$1"
	ok $? "$1: tmux session started"
	wait_screen '1/1 done' 20
	ok $? "$1: the cell is done"
	T send-keys -t "$S" Enter
	wait_screen "$3" 10
	ok $? "$1: the escaped form is visible ($2)"
	screen >"$TEST_TMP/screen.$runs"
	grep -q 'evil\.test' "$TEST_TMP/screen.$runs"
	ok $? "$1: the header is still on screen (no ESC [2J)"
	is "$(T list-buffers 2>/dev/null | wc -l)" 0 \
	    "$1: no paste buffer set (no OSC 52)"
	# capture-pane -e writes attributes as real escapes; the escaped
	# text "\x1b[31m" on screen has no ESC byte before its "[31m"
	! screen_attrs | grep -qE "$esc\\[([0-9;]*;)?31m"
	ok $? "$1: nothing painted red (no CSI 31 m)"
	! grep -q '\^\[' "$TEST_TMP/screen.$runs"
	ok $? "$1: no raw ESC shown as ^["
	! grep -qiE 'x5c(x|1b)' "$TEST_TMP/screen.$runs"
	ok $? "$1: nothing escaped twice"
	T send-keys -t "$S" q
	wait_for 5 test -s "$TEST_TMP/status.$runs"
	is "$(cat "$TEST_TMP/status.$runs" 2>/dev/null)" 0 "$1: q exits 0"
	! grep -qE 'Sanitizer|runtime error' "$TEST_TMP/stderr.$runs"
	ok $? "$1: no sanitizer report"
}

check evilcert "certificate names" 'x1b\[2J'
check http "HTTP answer" 'x1b\]52;c;'

done_testing
