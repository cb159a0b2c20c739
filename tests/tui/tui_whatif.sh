#!/bin/sh
# tests/tui/tui_whatif.sh: the fix preview in the TUI (w, issue #16),
# against `tlsmatrix --demo`, driven in tmux.
#
# On backend B (RSA key exchange only), w opens the editor prefilled with
# B's enumeration as nginx directives; adding an ECDHE suite makes the
# matrix show python-3.12's predicted cell on B as working, marked as
# predicted, with "1 fixed, 0 broken" in the editor's frame; a line that
# does not parse shows its error and keeps the last good prediction; Esc
# returns to the measured matrix, without any mark. The help overlay
# lists w. Polls capture-pane (wait_screen), never sleeps a fixed time.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"

S=wi
runs=0
TUI_NAME=wi

start() {
	tui_start 160 40 "trap : INT; '$TLSMATRIX' --demo"
}

start
ok $? "tmux session started"
wait_screen '127\.0\.0\.3.*no-shared-cipher' 30 matrix_part
ok $? "backend B is enumerated: python-3.12 fails there"

T send-keys -t "$S" '?'
wait_screen 'what-if' 5
ok $? "the help overlay lists w (what-if)"
T send-keys -t "$S" q
wait_gone 'what-if: edit' 5
ok $? "the help closes"

# B is the second row: down once, then w.
T send-keys -t "$S" j w
wait_screen 'WHAT-IF 127\.0\.0\.3' 5
ok $? "w opens the editor for backend B"
wait_screen 'ssl_ciphers AES256-SHA:AES128-SHA;' 5
ok $? "prefilled with B's enumeration as nginx directives"
wait_screen '0 fixed, 0 broken' 5
ok $? "unchanged lines change nothing"

T send-keys -t "$S" Enter
T send-keys -t "$S" -l "ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA';"
wait_screen '1 fixed, 0 broken' 10
ok $? "an ECDHE suite fixes python-3.12 on B: 1 fixed, 0 broken"
if screen | grep -q 'ok TLS1.2.*AES128-GCM\|≈'; then
	ok 0 "the predicted cells are marked"
else
	ok 1 "the predicted cells are marked"
	screen | sed 's/^/#   /'
fi
screen | head -1 | grep -q 'PREDICTED'
ok $? "the header says its counts are PREDICTED"
T send-keys -t "$S" Enter
T send-keys -t "$S" -l 'ssl_bogus on;'
wait_screen 'unknown directive "ssl_bogus"' 5
ok $? "a line that does not parse shows its error"
wait_screen '1 fixed, 0 broken' 5
ok $? "and the last good prediction stays"

# Backspace over the bad line: the error goes
T send-keys -t "$S" BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
    BSpace BSpace BSpace BSpace BSpace BSpace
wait_gone 'unknown directive' 5
ok $? "Backspace deletes the bad line and its error goes"

T send-keys -t "$S" Escape
wait_gone 'WHAT-IF' 5
ok $? "Esc closes the editor"
wait_screen '127\.0\.0\.3.*no-shared-cipher' 5 matrix_part
ok $? "the measured matrix is back"
if screen | grep -q '≈'; then
	ok 1 "no predicted mark is left"
else
	ok 0 "no predicted mark is left"
fi

T send-keys -t "$S" q
wait_exit 10
ok $? "q quits"
is "$(cat "$TEST_TMP/status.$runs" 2>/dev/null)" 0 "exit status 0"
done_testing
