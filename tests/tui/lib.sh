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

# The pane with its colours and attributes (escape sequences kept).
screen_attrs() { T capture-pane -p -e -t "$S" 2>/dev/null; }
# The header (first) and hint (last) lines of the pane.
header() { screen | head -n 1; }
hintline() { screen | tail -n 1; }
# The matrix side of each line (left of the detail pane's frame).
matrix_part() { screen | sed -e 's/ │.*$//' -e 's/ [|] .*$//'; }
# The detail pane's side of each line, when it sits on the right (the
# matrix may fill up to its frame).
detail_part() { screen | sed -n -e 's/^.*│ //p' -e 's/^.*[|] //p'; }

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

# wait_gone PATTERN SECS: until PATTERN no longer shows; bounded.
wait_gone() {
	_pat=$1; _limit=$(( $2 * 10 )); _i=0
	while [ "$_i" -lt "$_limit" ]; do
		screen | grep -Eq -- "$_pat" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# sgr B X Y [m]: an xterm SGR mouse event (1-based X, Y), press or
# release; click X Y: a left press and release there.
sgr() { T send-keys -t "$S" -l "$(printf '\033[<%s;%s;%s%s' "$1" "$2" "$3" "${4:-M}")"; }
click() { sgr 0 "$1" "$2"; sgr 0 "$1" "$2" m; }

# tui_start COLS LINES COMMAND: a fresh private server (reusing a socket
# races with its exit) whose one pane runs the shell COMMAND, with its
# standard error in $TEST_TMP/stderr.$runs and its exit status written
# to $TEST_TMP/status.$runs; the pane then stays. $runs is bumped first,
# so a COMMAND naming a file per run uses $((runs + 1)). The server and
# its socket file (which kill-server leaves behind) go at exit.
tui_start() {
	_x=$1 _y=$2 _cmd=$3
	T kill-server >/dev/null 2>&1
	runs=$((runs + 1))
	T -f /dev/null new-session -d -s "$S" -x "$_x" -y "$_y" \
	    "$_cmd 2>'$TEST_TMP/stderr.$runs';
	    echo \$? >'$TEST_TMP/status.$runs'; exec sleep 60"
	_st=$?
	_sock=$(T display-message -p '#{socket_path}' 2>/dev/null)
	_rm=:
	[ -n "$_sock" ] && _rm="rm -f '$_sock'"
	on_exit "tmux -L $TUI_NAME$$-$runs kill-server >/dev/null 2>&1; $_rm"
	return $_st
}
