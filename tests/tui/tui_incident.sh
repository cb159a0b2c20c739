#!/bin/sh
# tests/tui/tui_incident.sh: the TUI in the incident room (issue #21), in
# tmux against `--demo` with eight profiles whose ids differ only in
# their version, at 80x24, 120x40 and 200x60.
#
# Covers, at each of the three sizes: every column's header shows its
# version and all eight columns are on screen; compact cells (chosen at
# 80 and 120, c switches); m and Enter compare two cells (two clients on
# one server, one client on two servers); a cell's history (r, t) in the
# detail pane; o and O order columns and rows; the mouse as xterm SGR
# events (a click on a header, on a cell, the wheel over the detail pane
# and the matrix). Also: no gap between the matrix and the detail pane at
# 200, the history in the JSON and text snapshots, and --no-mouse. Like
# the other TUI tests: a private tmux server per run, send-keys, and
# polling capture-pane, never a fixed sleep.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"

S=ti
runs=0
TUI_NAME=ti
EIGHT=python-3.9,python-3.12,python-3.13,java-17,java-25,go-1.22,go-1.23,node-20
# xterm's terminfo: its kmous makes ncurses ask for and read SGR mouse
# events (tmux's own entry asks for X10, whose coordinates stop at 223);
# NCURSES_NO_UTF8_ACS keeps the frames as UTF-8 lines in tmux.
XTERM="TERM=xterm-256color NCURSES_NO_UTF8_ACS=1"

# The matrix header: the second line, left of the detail pane's frame.
hdr() { screen | sed -n 2p | sed -e 's/ *│.*$//'; }
# The third and fourth lines: the rows of A and B.
row_a() { screen | sed -n 3p; }
row_b() { screen | sed -n 4p; }

# start COLS LINES [ENV] ARGS...: tlsmatrix --demo -p EIGHT ARGS in a
# fresh server; ENV (VAR=value words before the program) may be "".
start() {
	_x=$1 _y=$2 _env=$3; shift 3
	tui_start "$_x" "$_y" \
	    "cd '$TEST_TMP' && $_env '$TLSMATRIX' --demo -p $EIGHT $*"
}

# versions SIZE: every header shows its version, and no column is hidden
# to the right ('>').
versions() {
	_h=$(hdr)
	_miss=
	for _v in '3\.9' '3\.12' '3\.13' '17' '25' '1\.22' '1\.23' '20'; do
		printf '%s\n' "$_h" | grep -Eq -- "(-|…|~)$_v( |$)" ||
		    _miss="$_miss $_v"
	done
	is "$_miss" "" "$1: every column's header shows its version"
	is "$(printf '%s\n' "$_h" | grep -c '>')" 0 \
	    "$1: all eight columns on screen (nothing hidden to the right)"
	[ -z "$_miss" ] || diag "header: $_h"
}

# orders SIZE: o and O cycle through their orders, said in the header.
orders() {
	T send-keys -t "$S" o
	wait_screen 'cols:failures' 5
	ok $? "$1: o orders the columns by failures"
	is "$(hdr | awk '{ print $2 }' | cut -c1-3)" "⚠" \
	    "$1: the first column is one that fails"
	T send-keys -t "$S" o
	wait_screen 'cols:family' 5
	ok $? "$1: o again groups the columns by family"
	hdr | grep -Eq '1\.22 .*1\.23 .*java-17 .*25 .*node-20 .*3\.9 .*3\.12 .*3\.13'
	ok $? "$1: by family: go, java, node, python"
	versions "$1 by family"
	T send-keys -t "$S" o
	wait_gone 'cols:' 5
	ok $? "$1: o a third time: the given order"
	T send-keys -t "$S" O
	wait_screen 'rows:address' 5
	ok $? "$1: O orders the rows by address"
	row_a | grep -q '127\.0\.0\.2'
	ok $? "$1: by address: 127.0.0.2 first"
	T send-keys -t "$S" O
	wait_screen 'rows:result' 5
	ok $? "$1: O again orders the rows by result"
	row_a | grep -q '127\.0\.0\.3'
	ok $? "$1: by result: B (which fails) first"
	T send-keys -t "$S" O
	wait_gone 'rows:' 5
	ok $? "$1: O a third time: the order of resolution"
	row_a | grep -q '127\.0\.0\.2'
	ok $? "$1: A first again"
}

# mouse SIZE X Y: a click on java-17's header selects the column, a
# click on its cell in B's row selects the cell, and the wheel at X,Y
# (over the detail pane) scrolls the profile's detail.
mouse() {
	# its column counted in characters, not bytes ("…", "⚠")
	_x=$(( $(hdr | sed 's/java-17.*//' | tr -d '\n' | LC_ALL=C.UTF-8 wc -m) + 2 ))
	click "$_x" 2
	wait_screen 'profile  java-17  \(1-' 5
	ok $? "$1 mouse: a click on a header selects its column (java-17)"
	sgr 65 "$2" "$3"
	wait_screen 'profile  java-17  \(4-' 5
	ok $? "$1 mouse: the wheel over the detail pane scrolls it"
	sgr 64 "$2" "$3"
	wait_screen 'profile  java-17  \(1-' 5
	ok $? "$1 mouse: the wheel up scrolls it back"
	click "$_x" 4
	wait_screen '127\.0\.0\.3  java-17' 5
	ok $? "$1 mouse: a click on a cell selects it (B / java-17)"
	sgr 64 "$_x" 3
	wait_screen '127\.0\.0\.2  java-17' 5
	ok $? "$1 mouse: the wheel up over the matrix moves up the rows"
}

# --- 80x24: compact columns, headers, compare of two clients ---
start 80 24 "$XTERM"
ok $? "80x24: tmux session started"
wait_screen '16/16 done' 30
ok $? "80x24: every cell done"
versions 80x24
wait_screen '127\.0\.0\.3.*✘ ciph' 5
ok $? "80x24: compact cells (glyph and reason code)"
T send-keys -t "$S" c
wait_screen 'full cells' 5
ok $? "80x24: c switches to full cells"
wait_screen '^  address .*>' 5
ok $? "80x24: full cells no longer all fit: '>' says more to the right"
T send-keys -t "$S" c
wait_screen 'compact cells' 5
ok $? "80x24: c again: compact cells"
versions "80x24 after c c"
# B as python-3.9 (works) against B as python-3.12 (fails): one server.
T send-keys -t "$S" j m
wait_screen 'MARKED' 5
ok $? "80x24: m marks the cell (header says MARKED)"
T send-keys -t "$S" l Enter
wait_screen 'compare: left the marked cell' 5
ok $? "80x24: Enter on another cell opens the compare view"
wait_screen 'left works, right fails: no-shared-cipher' 5
ok $? "80x24: compare says which works and why the other fails"
wait_screen 'one server, two clients: the left shares [1-9][0-9]* suites? at TLSv1\.2, the right 0' 5
ok $? "80x24: compare: the overlap of each client with the one server"
wait_screen '127\.0\.0\.3 as python-3\.9 .*127\.0\.0\.3 as python-3\.12' 5
ok $? "80x24: both cells side by side"
T send-keys -t "$S" Escape
wait_screen '127\.0\.0\.3  python-3\.12' 5
ok $? "80x24: Esc closes the compare view"
orders 80x24
# r: a second result for B / python-3.12, the strip under the verdict
T send-keys -t "$S" r
wait_screen 'history: ✘✘  0 ok of 2, steady' 20
ok $? "80x24: r adds a second result to the cell's history"
T send-keys -t "$S" q
wait_exit 5
ok $? "80x24: q ends tlsmatrix"

# --- 80x24 with the mouse: SGR events, ncurses reads them as xterm's ---
start 80 24 "$XTERM"
wait_screen '16/16 done' 30
ok $? "80x24 mouse: every cell done"
mouse 80x24 40 12
# the wheel over the matrix, three rows a notch: from A down to B
sgr 65 20 3
wait_screen '127\.0\.0\.3  java-17' 5
ok $? "80x24 mouse: the wheel down over the matrix moves down the rows"
x=$(( $(hdr | sed 's/java-17.*//' | tr -d '\n' | LC_ALL=C.UTF-8 wc -m) + 2 ))
T send-keys -t "$S" q
wait_exit 5

# --- --no-mouse: the same click selects nothing ---
start 80 24 "$XTERM" --no-mouse
wait_screen '16/16 done' 30
ok $? "--no-mouse: every cell done"
click "$x" 2
T send-keys -t "$S" j
wait_screen '127\.0\.0\.3  python-3\.9' 5
ok $? "--no-mouse: keys still work after the click"
is "$(screen | grep -c 'profile  java-17')" 0 \
    "--no-mouse: the click on the header selected nothing"
T send-keys -t "$S" q
wait_exit 5

# --- 120x40: compact beside the detail pane, history, order ---
start 120 40 "$XTERM" --format json
wait_screen '16/16 done' 30
ok $? "120x40: every cell done"
versions 120x40
wait_screen '127\.0\.0\.3.*✘ ciph' 5
ok $? "120x40: compact cells beside the detail pane"
# t: ten more results for B as python-3.12, all failures: a steady strip
T send-keys -t "$S" j l t
wait_screen '127\.0\.0\.3.*0/10' 30
ok $? "120x40: t probed the cell ten times"
wait_screen 'history: ✘✘✘✘✘✘✘✘✘✘✘  0 ok of 11' 5
ok $? "120x40: the detail pane shows the cell's 11 results as a strip"
T send-keys -t "$S" Enter G
wait_screen '│   11  \+[0-9]+\.[0-9]s  fail' 5
ok $? "120x40: and lists them with their times (the end of the detail)"
T send-keys -t "$S" Escape
T send-keys -t "$S" e C-u "$TEST_TMP/snap.json" Enter
wait_for 10 test -s "$TEST_TMP/snap.json"
ok $? "120x40: e wrote a JSON snapshot"
n=$(grep '"history": \[' "$TEST_TMP/snap.json" | awk -F'"at_ms"' 'NF - 1 > m { m = NF - 1 } END { print m + 0 }')
is "$n" 11 "JSON: the re-probed cell's history has its 11 results"
is "$(grep -c '"history": \[{"verdict": "fail", "outcome": "failed", "protocol": ' "$TEST_TMP/snap.json")" 5 \
    "JSON: every failing cell's history starts with its failure"
orders 120x40
# A / python-3.12 (works) against B / python-3.12 (fails): one client
T send-keys -t "$S" k m j Enter
wait_screen 'one client, two servers; the right one against the left:' 5
ok $? "120x40: compare of one client on two servers"
wait_screen '127\.0\.0\.2 as python-3\.12 .*127\.0\.0\.3 as python-3\.12' 5
ok $? "120x40: both cells side by side"
T send-keys -t "$S" Escape k m
wait_gone 'MARKED' 5
ok $? "120x40: m on the marked cell unmarks it"
mouse 120x40 110 20
T send-keys -t "$S" q
wait_exit 5
is "$(cat "$TEST_TMP/stderr.$runs")" "" "120x40: nothing on stderr"

# --- 200x60: full cells, no gap, compare of two servers, text history ---
start 200 60 "$XTERM"
wait_screen '16/16 done' 30
ok $? "200x60: every cell done"
versions 200x60
wait_screen '127\.0\.0\.3.*✘ no-shared' 5
ok $? "200x60: full cells"
row_a | grep -Eq '[^ ] {0,2}│'
ok $? "200x60: no gap between the matrix and the detail pane"
T send-keys -t "$S" c
wait_screen '127\.0\.0\.3.*✘ ciph' 5
ok $? "200x60: c switches to compact cells"
T send-keys -t "$S" c
wait_screen '127\.0\.0\.3.*✘ no-shared' 5
ok $? "200x60: c again: full cells"
# A as python-3.12 (works) against B as python-3.12 (fails): one client
T send-keys -t "$S" l m j Enter
wait_screen 'one client, two servers; the right one against the left:' 5
ok $? "200x60: compare of one client on two servers shows how they differ"
wait_screen 'lacks ECDHE' 5
ok $? "200x60: B lacks A's ECDHE suites"
T send-keys -t "$S" Escape r
wait_screen '127\.0\.0\.3  python-3\.12' 5
wait_screen 'history: ✘✘  0 ok of 2' 20
ok $? "200x60: r adds a second result to the history"
T send-keys -t "$S" e C-u "$TEST_TMP/snap.txt" Enter
wait_for 10 test -s "$TEST_TMP/snap.txt"
ok $? "200x60: e wrote a text snapshot"
orders 200x60
# node-20's header lies past column 95, beyond X10 mouse coordinates
x=$(( $(hdr | sed 's/node-20.*//' | tr -d '\n' | LC_ALL=C.UTF-8 wc -m) + 2 ))
ok "$([ "$x" -gt 95 ] && echo 0 || echo 1)" "200x60: node-20 is at column $x"
click "$x" 2
wait_screen 'profile  node-20' 5
ok $? "200x60 mouse: a click on a header far right selects its column"
click "$x" 4
wait_screen '127\.0\.0\.3  node-20' 5
ok $? "200x60 mouse: a click on a cell far right selects it"
sgr 64 40 4
wait_screen '127\.0\.0\.2  node-20' 5
ok $? "200x60 mouse: the wheel up over the matrix moves up the rows"
grep -q '^History (cells with more than one result' "$TEST_TMP/snap.txt"
ok $? "text: a History section"
grep -Eq '^  127\.0\.0\.3 as python-3\.12: xx  0 ok of 2, \+[0-9]+\.[0-9]s to \+[0-9]+\.[0-9]s$' "$TEST_TMP/snap.txt"
ok $? "text: the re-probed cell's strip, counts and times"
is "$(grep -c ' as .*: [x+!][x+!]*  [0-9]' "$TEST_TMP/snap.txt")" 1 \
    "text: only the cell with more than one result"
T send-keys -t "$S" q
wait_exit 5
is "$(cat "$TEST_TMP/status.$runs")" 0 "200x60: exit status 0"

done_testing
