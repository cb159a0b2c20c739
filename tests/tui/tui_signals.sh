#!/bin/sh
# tests/tui/tui_signals.sh: signals and terminals the TUI must survive
# (issue #22), driven in tmux.
#
# A wrapper shell in the pane records the terminal's settings (stty -g)
# before tlsmatrix starts and after it ends, and its exit status; the
# test sends the signal to tlsmatrix alone (the wrapper execs it from a
# subshell that wrote its pid). SIGHUP, SIGTERM and SIGINT must end the
# TUI with 128 + N and leave the terminal exactly as it was (icanon and
# echo back on); a storm of SIGWINCH and resizes, and SIGTSTP/SIGCONT,
# must leave it running and answering keys; under bash with job control,
# ^Z stops it with the terminal cooked and fg brings the matrix back.
# TERM=dumb and an unknown TERM get a message naming --batch and status
# 2, never a frozen screen. In batch, SIGHUP ends the run with a word and
# 129. Polls capture-pane and
# files; never sleeps a fixed time.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"

command -v stty >/dev/null 2>&1 || skip_all "stty not installed"

CLOSED=$(free_port)
S=ts
runs=0
TUI_NAME=ts

# start [ENV=VALUE...]: tlsmatrix against a refused loopback port in a
# fresh tmux server, behind the recording wrapper.
start() {
	T kill-server >/dev/null 2>&1
	runs=$((runs + 1))
	_d=$TEST_TMP/run$runs
	mkdir -p "$_d"
	cat >"$_d/wrap.sh" <<EOF
stty -g >'$_d/before'
env $* sh -c 'echo \$\$ >"$_d/pid"; exec "\$0" "\$@"' '$TLSMATRIX' \
    --no-scan -p python-3.9 --timeout 1000 --interval 600000 \
    127.0.0.1:$CLOSED 2>'$_d/stderr'
echo \$? >'$_d/st'
stty -g >'$_d/after'
stty -a >'$_d/stty'
mv '$_d/st' '$TEST_TMP/status.$runs'
exec sleep 60
EOF
	T -f /dev/null new-session -d -s "$S" -x 120 -y 30 "trap : INT; sh '$_d/wrap.sh'"
	_st=$?
	_sock=$(T display-message -p '#{socket_path}' 2>/dev/null)
	_rm=:
	[ -n "$_sock" ] && _rm="rm -f '$_sock'"
	on_exit "tmux -L $TUI_NAME$$-$runs kill-server >/dev/null 2>&1; $_rm"
	wait_for 5 test -s "$_d/pid"
	pid=$(cat "$_d/pid" 2>/dev/null)
	return $_st
}

status() { cat "$TEST_TMP/status.$runs" 2>/dev/null; }

# raw_again: the pane's terminal is back in the TUI's mode (-icanon):
# keys typed while ncurses switches modes may be dropped, so a test
# waits for this before it types (bounded).
raw_again() {
	_tty=$(T display-message -p -t "$S" '#{pane_tty}' 2>/dev/null)
	wait_for 10 sh -c "stty -a -F '$_tty' | grep -q -- '-icanon'"
}

# restored WHAT: the settings after equal those before, and are cooked.
restored() {
	_d=$TEST_TMP/run$runs
	is "$(cat "$_d/after" 2>/dev/null)" "$(cat "$_d/before" 2>/dev/null)" \
	    "$1: stty -g after equals before"
	grep -qE '(^| )icanon( |$)' "$_d/stty" && grep -qE '(^| )echo( |$)' "$_d/stty"
	ok $? "$1: icanon and echo are on again"
	grep -qE 'Sanitizer|runtime error' "$_d/stderr"
	ok $((! $?)) "$1: no sanitizer report"
}

# --- SIGHUP, SIGTERM, SIGINT end the TUI and restore the terminal ----------
for sig in HUP:129 TERM:143 INT:130; do
	name=${sig%%:*} want=${sig#*:}
	start
	ok $? "SIG$name run: tmux session started"
	wait_screen 'refused' 10
	ok $? "SIG$name run: the matrix is on screen"
	kill -"$name" "$pid" 2>/dev/null
	wait_exit 10
	ok $? "SIG$name: the TUI ends"
	is "$(status)" "$want" "SIG$name: exit status $want"
	restored "SIG$name"
done

# --- a storm of SIGWINCH and resizes, then SIGTSTP/SIGCONT -----------------
start
wait_screen 'refused' 10
ok $? "storm run: the matrix is on screen"
i=0
while [ $i -lt 300 ]; do
	kill -WINCH "$pid" 2>/dev/null || break
	case $((i % 50)) in
	0) T resize-window -t "$S" -x 60 -y 15 >/dev/null 2>&1 ;;
	25) T resize-window -t "$S" -x 120 -y 30 >/dev/null 2>&1 ;;
	esac
	i=$((i + 1))
done
is "$i" 300 "300 SIGWINCH delivered while resizing"
T resize-window -t "$S" -x 120 -y 30 >/dev/null 2>&1
kill -0 "$pid" 2>/dev/null
ok $? "still running after the storm"
T send-keys -t "$S" '?'
wait_screen 'resolve the name again now' 5
ok $? "after the storm: keys still work (help shown)"
T send-keys -t "$S" Escape
# The help gone first: an Escape still unread when the '?' below comes
# would read as one Alt-? key, not Escape then '?'.
wait_gone 'resolve the name again now' 5
ok $? "Escape closes the help"
# The wrapper's process group has no parent in the pane's session (it is
# orphaned), so the kernel discards the stop itself: this checks that
# ncurses' SIGTSTP handler (endwin, then the screen back) leaves the TUI
# working, not a real stop of a shell job.
kill -TSTP "$pid" 2>/dev/null
kill -CONT "$pid" 2>/dev/null
kill -0 "$pid" 2>/dev/null
ok $? "still running after SIGTSTP and SIGCONT"
raw_again
ok $? "after SIGCONT: the terminal is in the TUI's mode again"
T send-keys -t "$S" '?'
wait_screen 'resolve the name again now' 5
ok $? "after SIGCONT: keys still work (help shown)"
T send-keys -t "$S" Escape
T send-keys -t "$S" q
wait_exit 10
is "$(status)" 0 "storm run: q exits 0"
restored "storm run"

# --- ^Z under a shell with job control, then fg ---------------------------
if command -v bash >/dev/null 2>&1; then
	T kill-server >/dev/null 2>&1
	runs=$((runs + 1))
	_d=$TEST_TMP/run$runs
	mkdir -p "$_d"
	T -f /dev/null new-session -d -s "$S" -x 120 -y 30 \
	    "env PS1='$ ' bash --norc --noprofile -i"
	on_exit "tmux -L $TUI_NAME$$-$runs kill-server >/dev/null 2>&1"
	# one job: the status is written when tlsmatrix ends, not at ^Z
	cat >"$_d/run.sh" <<EOF
'$TLSMATRIX' --no-scan -p python-3.9 --timeout 1000 --interval 600000 \\
    --trace '$_d/trace' 127.0.0.1:$CLOSED 2>'$_d/stderr'
echo \$? >'$TEST_TMP/status.$runs'
EOF
	T send-keys -t "$S" "sh '$_d/run.sh'" Enter
	wait_screen 'refused' 10
	ok $? "job control: the matrix is on screen"
	jpid=$(pgrep -f -- "--trace $_d/trace" | head -1)
	T send-keys -t "$S" C-z
	# stopped: state T in /proc/PID/stat (bounded; a loaded machine)
	wait_for 20 sh -c "awk '{ exit \$3 != \"T\" }' /proc/$jpid/stat"
	ok $? "^Z: tlsmatrix stops (pid ${jpid:-none})"
	T send-keys -t "$S" "stty -a >'$_d/stty'" Enter
	wait_for 5 test -s "$_d/stty"
	grep -qE '(^| )icanon( |$)' "$_d/stty" && grep -qE '(^| )echo( |$)' "$_d/stty"
	ok $? "^Z: the terminal is cooked while stopped (icanon, echo)"
	T send-keys -t "$S" "fg" Enter
	wait_screen 'refused' 10
	ok $? "fg: the matrix is back"
	raw_again
	ok $? "fg: the terminal is in the TUI's mode again"
	T send-keys -t "$S" '?'
	wait_screen 'resolve the name again now' 5
	ok $? "fg: keys work"
	T send-keys -t "$S" Escape
	T send-keys -t "$S" q
	wait_exit 10
	is "$(status)" 0 "fg: q exits 0"
fi

# --- terminals that cannot show the matrix ----------------------------------
for term in dumb no-such-terminal-xyz; do
	start TERM=$term
	wait_exit 10
	ok $? "TERM=$term: ends instead of freezing"
	is "$(status)" 2 "TERM=$term: exit status 2"
	grep -q -- '--batch' "$TEST_TMP/run$runs/stderr"
	ok $? "TERM=$term: the message names --batch"
	diag "$(cat "$TEST_TMP/run$runs/stderr")"
	restored "TERM=$term"
done

# --- batch: SIGHUP is a clean end with a word ----------------------------------
# A listener that accepts and never answers keeps the probe waiting.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(60)' "$TEST_TMP/silent.port" &
spid=$!
on_exit "kill $spid 2>/dev/null"
wait_for 5 test -s "$TEST_TMP/silent.port"
SILENT=$(cat "$TEST_TMP/silent.port")
sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$TEST_TMP/batch.pid" \
    "$TLSMATRIX" --batch --no-scan -p python-3.9 --timeout 30000 \
    "127.0.0.1:$SILENT" >"$TEST_TMP/batch.out" 2>"$TEST_TMP/batch.err" &
bpid=$!
wait_for 5 test -s "$TEST_TMP/batch.pid"
# started: the probe is connected and waiting
wait_for 10 sh -c "ls -l /proc/$bpid/fd 2>/dev/null | grep -q socket"
kill -HUP "$bpid"
wait "$bpid"
is "$?" 129 "batch: SIGHUP ends it with 129"
grep -q '^tlsmatrix: interrupted' "$TEST_TMP/batch.err"
ok $? "batch: and says it was interrupted"

done_testing
