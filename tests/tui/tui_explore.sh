#!/bin/sh
# tests/tui/tui_explore.sh: the TUI's explorer keys against `--demo`, in tmux.
#
# Like tui_demo.sh: a private tmux server, send-keys, and polling
# `capture-pane -p` for what must appear, never a fixed sleep. Covers
# horizontal scrolling with 44 profiles, the profile header's detail,
# mouse clicks, the filter, search, export (written, and an error that
# leaves the TUI running), the profile picker, pause and resume, the
# help, resizing, idleness once done, and q.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"

S=tx
runs=0
TUI_NAME=tx

# start COLS LINES ARGS...: tlsmatrix ARGS in a fresh server, in TEST_TMP.
start() {
	_x=$1 _y=$2; shift 2
	tui_start "$_x" "$_y" "cd '$TEST_TMP' && ${ENVPFX:-} '$TLSMATRIX' $*"
}

# click X Y: a left click at the 0-based cell X,Y (X10 mouse encoding,
# which ncurses asks tmux for).
click() {
	_cx=$(printf "\\$(printf %o $((33 + $1)))")
	_cy=$(printf "\\$(printf %o $((33 + $2)))")
	T send-keys -t "$S" -l "$(printf '\033[M ')$_cx$_cy"
	T send-keys -t "$S" -l "$(printf '\033[M#')$_cx$_cy"
}

# --- 44 profiles in a 200x60 terminal: horizontal scrolling ---
all=$(ls "$TOP_SRCDIR/data/profiles" | sed -n 's/\.profile$//p' | paste -sd, -)
nprof=$(ls "$TOP_SRCDIR/data/profiles" | grep -c '\.profile$')
start 200 60 --demo -p "$all"
ok $? "tmux session started with $nprof profiles"
wait_screen "$((nprof * 2))/$((nprof * 2)) done" 30 header
ok $? "200x60: every cell of $nprof profiles done"
first=$(ls "$TOP_SRCDIR/data/profiles" | sed -n 's/\.profile$//p' | sort | head -n 1)
wait_screen "^  address .*${first}.*>" 5
ok $? "the first profile shows, and '>' says more are to the right"
T send-keys -t "$S" End
wait_screen '^  address .*wget-1\.21.*<' 5
ok $? "End scrolls right to the last profile, '<' says more to the left"
wait_screen '127\.0\.0\.3  wget-1\.21' 5 detail_part
ok $? "End selects the last cell"
wait_screen '^.≠?127\.0\.0\.3 B' 5
ok $? "the address column stays frozen while scrolled"
T send-keys -t "$S" H
wait_screen '^  address .*<.*' 5
ok $? "H pages left"
T send-keys -t "$S" Home
wait_screen "127\\.0\\.0\\.2  ${first}" 5 detail_part
ok $? "Home: back to the first cell"
is "$(screen | sed -n 2p | grep -c '<')" 0 "Home: nothing hidden to the left"

# Up from the first address selects the profile's column header.
T send-keys -t "$S" Up
wait_screen "profile  ${first}" 5 detail_part
ok $? "Up from row 1: the profile header's detail"
wait_screen '^library: ' 5 detail_part
ok $? "profile detail: library"
wait_screen '^suites \([0-9]+\): ' 5 detail_part
ok $? "profile detail: suite count and list"
wait_screen '^policy: security level [0-9]' 5 detail_part
ok $? "profile detail: policy"
T send-keys -t "$S" Tab End
wait_screen '^JA3: [0-9a-f]{32}' 5 detail_part
ok $? "Tab, End: the detail scrolls to JA3"
wait_screen '^ *t1[23]d[0-9]{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]' 5 detail_part
ok $? "profile detail: JA4"
T send-keys -t "$S" Tab
wait_screen 'Enter detail' 5 hintline
ok $? "Tab: back to the matrix"

# The filter keeps the columns that depend on the address.
T send-keys -t "$S" f
wait_screen 'FILTER: disagreements' 5 header
ok $? "f: the header says the filter is on"
wait_screen '^  address \(2 of 2\)' 5
ok $? "f: both addresses disagree somewhere"
is "$(screen | sed -n 2p | grep -c "$first ")" 0 \
    "f: $first (works everywhere) is hidden"
# (the 12 columns left fit in compact cells: "⚠p…3.12")
wait_screen '⚠(1/2 python-|[a-z]*…)3\.12' 5
ok $? "f: python-3.12's column stays"
T send-keys -t "$S" f
wait_screen "^  address  .*${first}" 5
ok $? "f again: everything back"

# Search: an address, then a profile, then n.
T send-keys -t "$S" / 1 2 7 . 0 . 0 . 3 Enter
wait_screen '127\.0\.0\.3  server' 5 detail_part
ok $? "/127.0.0.3 selects that address"
T send-keys -t "$S" / p y t h o n - 3 . 1 Enter
wait_screen 'profile  python-3\.1' 5 detail_part
ok $? "/python-3.1 selects a profile header"
m1=$(detail_part | head -n 1)
T send-keys -t "$S" n
wait_screen 'profile  python-3\.1' 5 detail_part
m2=$(detail_part | head -n 1)
[ "$m1" != "$m2" ]
ok $? "n moves to the next match ($m2)"
T send-keys -t "$S" / z z z q Enter
wait_screen 'no match for "zzzq"' 5 hintline
ok $? "a search without a match says so"
T send-keys -t "$S" Escape
wait_screen 'arrows move' 5 hintline
ok $? "the next key clears the message"
T resize-window -t "$S" -x 80 -y 24
wait_screen '^ api\.incident\.test' 5
ok $? "80x24 with $nprof profiles: header"
wait_screen 'arrows move' 5 hintline
ok $? "80x24: hint line"
T resize-window -t "$S" -x 200 -y 60
wait_screen '^  address .*>' 5
ok $? "back to 200x60"
T send-keys -t "$S" q
wait_exit 5
ok $? "q ends the first run"

# --- the default demo, 120x40: mouse, export, picker, pause ---
start 120 40 --demo
wait_screen '4/4 done' 20 header
ok $? "demo: 4/4 done"
# A click on python-3.12's header, then on A's address.
line=$(screen | sed -n 2p)
pre=${line%%python-3.12*}
x=$(printf %s "$pre" | wc -m)
click $((x + 1)) 1
wait_screen 'profile  python-3\.12' 5 detail_part
ok $? "a click on a profile id shows that profile"
click 4 2
wait_screen '127\.0\.0\.2  server' 5 detail_part
ok $? "a click on an address selects it"
click $((x + 1)) 3
wait_screen '127\.0\.0\.3  python-3\.12' 5 detail_part
ok $? "a click on a cell selects it"

# Export: the default name in the prompt, Enter writes it.
T send-keys -t "$S" e
wait_screen 'export to .*tlsmatrix-api\.incident\.test-[0-9]{8}-[0-9]{6}\.txt_' 5 hintline
ok $? "e: the prompt shows the default file name"
T send-keys -t "$S" Enter
wait_screen 'wrote tlsmatrix-api\.incident\.test-' 5 hintline
ok $? "Enter: the status line says it was written"
f=$(ls "$TEST_TMP"/tlsmatrix-api.incident.test-*.txt 2>/dev/null | head -n 1)
[ -n "$f" ] && grep -q 'python-3\.12' "$f" && grep -q '127\.0\.0\.3' "$f"
ok $? "the snapshot file holds the matrix"
"$TLSMATRIX" --demo --batch --no-timings >"$TEST_TMP/batch.txt" 2>/dev/null
is "$(grep -c 'no-shared-cipher' "$f")" \
    "$(grep -c 'no-shared-cipher' "$TEST_TMP/batch.txt")" \
    "the snapshot has the same findings as --batch"
T send-keys -t "$S" e C-u /nonexistent-dir/x.txt Enter
wait_screen 'cannot write /nonexistent-dir/x\.txt' 5 hintline
ok $? "an unwritable path: the error in the status line"
T send-keys -t "$S" Down
wait_screen 'arrows move' 5 hintline
ok $? "... and the TUI keeps running"
T send-keys -t "$S" e C-u "$TEST_TMP/typed.txt" Enter
wait_screen 'wrote ' 5 hintline
[ -s "$TEST_TMP/typed.txt" ]
ok $? "a typed path is written"
T send-keys -t "$S" e Escape
wait_screen 'arrows move' 5 hintline
ok $? "Esc cancels the prompt"

# The picker: add curl-7.88; its cells are probed at once.
T send-keys -t "$S" P
wait_screen 'profiles: 2 chosen' 5
ok $? "P: the picker, with the two shown profiles chosen"
T send-keys -t "$S" c u r l - 7
wait_screen '\[ \] curl-7\.88' 5
ok $? "typing filters the list"
T send-keys -t "$S" Space
wait_screen '\[x\] curl-7\.88' 5
ok $? "space ticks it"
T send-keys -t "$S" Enter
wait_screen '^  address .*curl-7\.88' 5
ok $? "Enter: the new column"
wait_screen '6/6 done' 20 header
ok $? "the new column is probed"
T send-keys -t "$S" P c u r l - 7 Space Enter
wait_screen '1 profile.? added|0 profiles added' 5 hintline
is "$(screen | sed -n 2p | grep -c 'curl-7\.88')" 0 "unticking hides the column"
# A snapshot is what the view shows: the removed column is left out.
T send-keys -t "$S" e C-u "$TEST_TMP/picked.txt" Enter
wait_screen 'wrote ' 5 hintline
[ -s "$TEST_TMP/picked.txt" ] && grep -q 'python-3\.12' "$TEST_TMP/picked.txt"
ok $? "export after unticking: written, with the chosen profiles"
is "$(grep -c 'curl-7\.88' "$TEST_TMP/picked.txt")" 0 \
    "export after unticking: the removed profile is not in it"

# Pause: a re-probes everything, held until p again.
T send-keys -t "$S" p
wait_screen 'PAUSED' 5 header
ok $? "p: paused"
T send-keys -t "$S" a
wait_screen ' 0/6 done' 5 header
ok $? "a while paused: every cell waits"
T send-keys -t "$S" p
wait_screen '6/6 done' 20 header
ok $? "p again: resumed, every cell done"
is "$(header | grep -c PAUSED)" 0 "the header no longer says PAUSED"

# r on an address re-probes its row; on a header, its column.
T send-keys -t "$S" Home Left r
wait_screen 're-probing the row' 5 hintline
ok $? "r on an address: the row"
T send-keys -t "$S" Right Up r
wait_screen 're-probing the column' 5 hintline
ok $? "r on a profile header: the column"
wait_screen '6/6 done' 20 header
ok $? "every cell done again"

# Help lists the keys.
T send-keys -t "$S" '?'
wait_screen 'choose profiles' 5
ok $? "? lists the picker"
for k in 'PgUp, PgDn' 'Home, End' 'mouse click' 'pause or resume' \
    'disagree' 'search' 'export' 're-probe everything' 'q, \^C'; do
	screen | grep -q -- "$k"
	ok $? "help mentions $k"
done
T send-keys -t "$S" x
wait_screen 'arrows move' 5 hintline
ok $? "a key closes the help"
T resize-window -t "$S" -x 80 -y 24
T send-keys -t "$S" '?'
wait_screen 'q, \^C +quit' 5
ok $? "80x24: the help shows every key, down to q"
T send-keys -t "$S" x
wait_screen 'arrows move' 5 hintline
ok $? "80x24: a key closes the help"
T resize-window -t "$S" -x 120 -y 40
wait_screen 'P profiles  p pause' 5 hintline
ok $? "back to 120x40: the whole hint line"

# Idle once complete: the main thread sleeps in poll() and is not woken.
pane=$(T display-message -p -t "$S" '#{pane_pid}')
pid=$(pgrep -P "$pane" 2>/dev/null | head -n 1)
if [ -n "$pid" ] && [ -r "/proc/$pid/task/$pid/status" ]; then
	c1=$(grep ctxt_switches "/proc/$pid/task/$pid/status" | awk '{s+=$2} END {print s}')
	t1=$(awk '{print $14 + $15}' "/proc/$pid/task/$pid/stat")
	sleep 2		# a measurement, not a synchronisation
	c2=$(grep ctxt_switches "/proc/$pid/task/$pid/status" | awk '{s+=$2} END {print s}')
	t2=$(awk '{print $14 + $15}' "/proc/$pid/task/$pid/stat")
	is "$((c2 - c1))" 0 "idle: the UI thread was not woken in 2 s"
	is "$((t2 - t1))" 0 "idle: no CPU ticks in 2 s"
else
	ok 0 "# SKIP no /proc for the idle check"
fi

T send-keys -t "$S" q
wait_exit 5
ok $? "q ends tlsmatrix"
is "$(cat "$TEST_TMP/status.$runs")" 0 "exit status 0"
is "$(screen | grep -c 'api\.incident\.test')" 0 "the screen is restored"
is "$(cat "$TEST_TMP/stderr.$runs")" "" "nothing on stderr"

# --- a C locale and NO_COLOR: ASCII only, no colour, nothing lost ---
ENVPFX="LC_ALL=C NO_COLOR=1" start 100 30 --demo
wait_screen '4/4 done' 20 header
ok $? "C locale: painted"
wait_screen '^ [*]127\.0\.0\.3 .* x no-shared-cipher' 5
ok $? "C locale: ASCII glyphs carry the verdicts and the marker"
T send-keys -t "$S" Up
wait_screen '^ ?library: ' 5
ok $? "C locale: the profile header's detail"
is "$(screen | LC_ALL=C grep -c '[^ -~]')" 0 "C locale: every byte on screen is ASCII"
is "$(T capture-pane -p -e -t "$S" | grep -c "$(printf '\033')\\[[0-9;]*3[0-7][;m]")" 0 \
    "NO_COLOR: no colour escapes"
T send-keys -t "$S" q
wait_exit 5
ok $? "C locale: q ends tlsmatrix"

# --- 100+ probes in flight: keys are still answered at once ---
# A listener on four loopback addresses that never answers a hello: every
# probe waits for its timeout.
port=$(free_port)
python3 -c '
import socket, sys, time
port = int(sys.argv[1])
socks = []
for i in range(1, 5):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.%d" % i, port))
    s.listen(1024)
    socks.append(s)
open(sys.argv[2], "w").write("up")
time.sleep(120)
' "$port" "$TEST_TMP/sink.up" &
sink=$!
on_exit "kill $sink 2>/dev/null"
wait_for 10 test -s "$TEST_TMP/sink.up"
ok $? "a silent listener on 127.0.0.1-4"
start 120 40 -p "$all" -j 256 --per-address 64 --timeout 60000 \
    --no-scan --resolve "busy.test:$port:127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4" \
    "busy.test:$port"
wait_screen "0/$((nprof * 4)) done" 10 header
ok $? "$((nprof * 4)) probes pending"
wait_screen '127\.0\.0\.1  ' 5 detail_part
t0=$(date +%s%N)
T send-keys -t "$S" Down
wait_screen '127\.0\.0\.2  ' 5 detail_part
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
diag "a key answered in $ms ms with $((nprof * 4)) probes in flight"
[ "$ms" -lt 1000 ]
ok $? "a key is answered at once while probes are in flight ($ms ms)"
T send-keys -t "$S" q
wait_exit 10
ok $? "q ends tlsmatrix with probes in flight"
is "$(cat "$TEST_TMP/status.$runs")" 0 "exit status 0"

done_testing
