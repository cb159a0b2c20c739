#!/bin/sh
# tests/tui/tui_demo.sh: the TUI against `tlsmatrix --demo`, driven in tmux.
#
# tmux's regress pattern: run the program in a private tmux server, send
# keys, and poll `capture-pane -p` for what must appear (wait_screen),
# never sleeping a fixed time. Covers the first paint, live filling,
# navigation and the detail pane, the help overlay, resizing (wide, narrow
# and too small), q and ^C. Skipped when tmux is missing.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"

S=tm	# session name
runs=0
TUI_NAME=tm

exit_status() { cat "$TEST_TMP/status.$runs" 2>/dev/null; }

# start: a new server running the demo under a shell that records its
# exit status. The shell traps SIGINT only to survive ^C itself; a caught
# signal reverts to the default in the exec'd program.
start() {
	tui_start 120 40 "trap : INT; '$TLSMATRIX' --demo \
	    --trace '$TEST_TMP/trace.$((runs + 1))'"
}

start
ok $? "tmux session started"

# First paint: header, both addresses, both profiles.
wait_screen 'api\.incident\.test' 10
ok $? "header names the demo host"
wait_screen '127\.0\.0\.2' 10
ok $? "row for backend A (127.0.0.2)"
wait_screen '127\.0\.0\.3' 10
ok $? "row for backend B (127.0.0.3)"
wait_screen 'python-3\.9 ' 10
ok $? "column python-3.9"
wait_screen 'python-3\.12' 10
ok $? "column python-3.12"

# Live fill: A negotiates TLS 1.2, B refuses python-3.12.
wait_screen '127\.0\.0\.2.*TLS1\.2' 20 matrix_part
ok $? "backend A shows a TLS1.2 label"
wait_screen '127\.0\.0\.3.*(alert|handshake|no-shared-cipher)' 20 matrix_part
ok $? "backend B shows the handshake failure"
# Once B is enumerated, the failure is explained, the column flagged
# (fails on 1 of 2 addresses) and B marked as unlike its sibling.
wait_screen '127\.0\.0\.3.*no-shared-cipher' 20 matrix_part
ok $? "backend B: the enumeration explains it as no-shared-cipher"
wait_screen '1/2 python-3\.12' 5 matrix_part
ok $? "python-3.12's column is flagged: fails on 1 of 2 addresses"
wait_screen '(≠|[*])127\.0\.0\.3' 5 matrix_part
ok $? "backend B is marked as configured unlike A"
wait_screen '[0-9]+/[0-9]+ done' 5
ok $? "header shows progress"
# --trace: the first finished cell reached the screen, then the rest.
wait_for 5 grep -q 'screen complete' "$TEST_TMP/trace.$runs"
first_cell=$(awk '$3 == "screen" && $4 == "first-cell" { print NR }' "$TEST_TMP/trace.$runs")
complete=$(awk '$3 == "screen" && $4 == "complete" { print NR }' "$TEST_TMP/trace.$runs")
cell=$(awk '$3 == "cell" { print NR; exit }' "$TEST_TMP/trace.$runs")
ok "$([ -n "$first_cell" ] && [ -n "$complete" ] && [ -n "$cell" ] &&
    [ "$cell" -lt "$first_cell" ] && [ "$first_cell" -le "$complete" ] &&
    echo 0 || echo 1)" \
    "--trace: a cell, then the first cell on screen, then the whole matrix"

# Navigation: the detail pane follows the selection. The column order
# is the profile order, so find where python-3.12 is first.
first=python-3.9 second=python-3.12
case $(matrix_part | grep -m 1 'python-3\.') in
*python-3.12*python-3.9*) first=python-3.12 second=python-3.9 ;;
esac
wait_screen "127\\.0\\.0\\.2  $first" 5 detail_part
ok $? "detail pane starts at A / $first"
T send-keys -t "$S" Down Right
wait_screen "127\\.0\\.0\\.3  $second" 5 detail_part
ok $? "Down Right: detail pane shows B / $second"
[ "$second" = python-3.12 ] || T send-keys -t "$S" Left
wait_screen '127\.0\.0\.3  python-3\.12' 5 detail_part
ok $? "detail pane shows B / python-3.12"
wait_screen 'handshake_failure' 5 detail_part
ok $? "detail pane explains handshake_failure"
wait_screen 'overlap: none' 5 detail_part
ok $? "detail pane shows the empty overlap"
T send-keys -t "$S" k
wait_screen '127\.0\.0\.2  python-3\.12' 5 detail_part
ok $? "k moves up to A / python-3.12"
T send-keys -t "$S" j

# r re-probes the selected cell; the same verdict comes back.
T send-keys -t "$S" r
wait_screen '127\.0\.0\.3.*(alert|handshake|no-shared-cipher)' 20 matrix_part
ok $? "r: the re-probed cell fails the same way"
wait_screen '([0-9]+)/\1 done' 20
ok $? "r: every cell done again"

# t probes the selected cell ten times: B refuses python-3.12 every time.
T send-keys -t "$S" t
wait_screen '127\.0\.0\.3.*0/10 ok' 30 matrix_part
ok $? "t: the cell shows 0/10 ok"
wait_screen 'repeats: 0/10 ok' 5 detail_part
ok $? "t: the detail pane lists the repeats"

# Focus: Enter into the detail pane, Escape back.
T send-keys -t "$S" Enter
wait_screen 'Esc/Tab back' 5
ok $? "Enter focuses the detail pane"
T send-keys -t "$S" Escape
wait_screen 'Enter detail' 5
ok $? "Escape returns to the matrix"

# Help overlay: ? opens it, any key closes it.
T send-keys -t "$S" '?'
wait_screen 'tlsmatrix keys' 5
ok $? "? shows the help overlay"
T send-keys -t "$S" x
wait_gone 'tlsmatrix keys' 5
ok $? "any key closes the help"

# Resize: narrow layout, then too small, then wide again.
T resize-window -t "$S" -x 80 -y 24
wait_screen '^(─)+ 127\.0\.0\.3  python-3\.12|^-+ 127\.0\.0\.3  python-3\.12' 5
ok $? "80x24: detail pane moves below the matrix"
is "$(screen | head -n 1 | grep -c 'api\.incident\.test')" 1 \
    "80x24: header on the first line"
is "$(screen | grep -c ' │ \| | ')" 0 "80x24: no leftovers of the wide layout"
wait_screen 'arrows move' 5
ok $? "80x24: hint line present"
# At the minimum size the detail pane scrolls, and its title counts lines.
T resize-window -t "$S" -x 60 -y 15
wait_screen '\(1-[0-9]+/[0-9]+\)' 5
ok $? "60x15: the detail title shows lines 1-N of M"
T send-keys -t "$S" Enter NPage
wait_screen '\(([2-9]|[1-9][0-9]+)-[0-9]+/[0-9]+\)' 5
ok $? "60x15: PgDn in the detail pane scrolls it"
T send-keys -t "$S" Home
wait_screen '\(1-[0-9]+/[0-9]+\)' 5
ok $? "60x15: Home scrolls back to its top"
T send-keys -t "$S" Escape
wait_screen 'Enter detail' 5
ok $? "60x15: Escape leaves the detail pane"
T resize-window -t "$S" -x 40 -y 10
wait_screen 'terminal too small \(need 60x15\)' 5
ok $? "40x10: too small notice"
T resize-window -t "$S" -x 120 -y 40
wait_screen '127\.0\.0\.3  python-3\.12' 5 detail_part
ok $? "120x40: wide layout restored, selection kept"
is "$(screen | grep -c 'terminal too small')" 0 "120x40: notice gone"

# q ends the program with status 0 and the terminal restored.
T send-keys -t "$S" q
wait_exit 5
ok $? "q ends tlsmatrix"
is "$(exit_status)" 0 "exit status 0"
is "$(screen | grep -c 'api\.incident\.test')" 0 "the screen is restored"
is "$(cat "$TEST_TMP/stderr.$runs")" "" "nothing on stderr"

# ^C (SIGINT through the tty) also exits cleanly, with 128 + 2.
start
wait_screen 'api\.incident\.test' 10
ok $? "second run painted"
T send-keys -t "$S" C-c
wait_exit 5
ok $? "^C ends tlsmatrix"
is "$(exit_status)" 130 "exit status 130 after SIGINT"
is "$(cat "$TEST_TMP/stderr.$runs")" "" "nothing on stderr after ^C"

done_testing
