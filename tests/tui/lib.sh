# tests/tui/lib.sh: what every TUI test needs, sourced after tests/lib.sh.
#
# tmux's regress pattern: the program runs in a private tmux server (one
# socket per start, named from the script's TUI_NAME, its pid and $runs),
# keys go in with send-keys, and the tests poll `capture-pane -p` for
# what must appear, never sleeping a fixed time. Set TUI_NAME (the socket
# prefix) and S (the session) before calling these; a script that starts
# the program more than once bumps $runs for a fresh server each time.
# Skips the whole script when tmux is missing.

command -v tmux >/dev/null 2>&1 || skip_all "tmux not installed"

runs=${runs:-0}

# T ARGS...: tmux on this script's current private server.
T() { tmux -L "$TUI_NAME$$-$runs" "$@"; }

# The pane's text.
screen() { T capture-pane -p -t "$S" 2>/dev/null; }

# wait_screen PATTERN SECS [FILTER]: poll every 0.1 s until the pane (or
# FILTER's view of it) matches the extended regex PATTERN; bounded. On a
# timeout, the view is shown as TAP comments.
wait_screen() {
	_pat=$1; _limit=$(( $2 * 10 )); _filter=${3:-screen}; _i=0
	while [ "$_i" -lt "$_limit" ]; do
		$_filter | grep -Eq -- "$_pat" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "timed out waiting for /$_pat/; the screen was:"
	$_filter | sed 's/^/#   /'
	return 1
}

# wait_exit SECS: until the program's shell wrote its exit status to
# $TEST_TMP/status.$runs; bounded.
wait_exit() {
	_limit=$(( $1 * 10 )); _i=0
	while [ "$_i" -lt "$_limit" ]; do
		[ -s "$TEST_TMP/status.$runs" ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "still running after $1 s"
	return 1
}
