#!/bin/sh
# diff_inputs.sh: --diff sees what vanished and refuses what is too big
# (issue #22).
#
# OLD is a real snapshot (two addresses given with --resolve, two
# profiles, a refused loopback port). NEW is OLD with a profile dropped,
# with an address gone, or with no cells at all: each must report every
# vanished cell ("cell vanished ...") and exit 1, where "0 changes;
# nothing got worse" and 0 used to let a CI gate pass a snapshot that
# holds less. A snapshot over the 64 MiB limit, /dev/zero, and an endless
# one (a FIFO fed a JSON array without end) are refused with exit 3 and a
# message naming the file and the limit, within 5 s (the FIFO: within
# the time its writer needs for 64 MiB).

. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

CLOSED=$(free_port)
timeout 60 "$TLSMATRIX" --batch --json --no-timings --no-scan \
    -p python-3.9,python-3.12 --resolve "two.test:$CLOSED:127.0.0.2,127.0.0.3" \
    "two.test:$CLOSED" >"$TEST_TMP/old.json" 2>"$TEST_TMP/err"
is "$?" 1 "the OLD snapshot: refused cells, exit 1"

# variant NAME PYTHON: NEW = OLD changed by PYTHON (on d) into NAME.json.
variant() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))' "$TEST_TMP/old.json" "$TEST_TMP/$1.json" "$2"
}
variant same 'pass'
variant noprofile 'd["cells"] = [c for c in d["cells"] if c["profile"] != "python-3.12"]
d["profiles"] = [p for p in d["profiles"] if p["id"] != "python-3.12"]'
variant noaddr 'd["cells"] = [c for c in d["cells"] if c["address"] != "127.0.0.3"]
d["addresses"] = [a for a in d["addresses"] if a["address"] != "127.0.0.3"]
d["servers"] = [s for s in d["servers"] if s["address"] != "127.0.0.3"]'
variant nocells 'd["cells"] = []'

# diff NAME: tlsmatrix --diff OLD NAME.json; status in rc, output in out.
diff_to() {
	timeout 30 "$TLSMATRIX" --diff "$TEST_TMP/old.json" "$TEST_TMP/$1.json" \
	    >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	rc=$?
}

diff_to same
is "$rc" 0 "identical snapshots: exit 0"
grep -q '^0 changes; nothing got worse' "$TEST_TMP/out"
ok $? "identical snapshots: 0 changes"

diff_to noprofile
is "$rc" 1 "a profile dropped: exit 1"
is "$(grep -c '^cell vanished .*python-3.12: fail refused -> absent' "$TEST_TMP/out")" 2 \
    "a profile dropped: its 2 cells vanished"
grep -q 'something got worse' "$TEST_TMP/out"
ok $? "a profile dropped: something got worse"

diff_to noaddr
is "$rc" 1 "an address gone: exit 1"
grep -q '^address gone *127\.0\.0\.3' "$TEST_TMP/out"
ok $? "an address gone: said"
is "$(grep -c '^cell vanished *127\.0\.0\.3 ' "$TEST_TMP/out")" 2 \
    "an address gone: its 2 cells vanished"

diff_to nocells
is "$rc" 1 "no cells left: exit 1"
is "$(grep -c '^cell vanished' "$TEST_TMP/out")" 4 "no cells left: all 4 vanished"
diag "$(cat "$TEST_TMP/out")"

# --- sizes ---------------------------------------------------------------------
# too_big NAME FILE [MS]: --diff OLD FILE ends within MS (5000) ms,
# exit 3, naming FILE and the limit.
too_big() {
	_t0=$(date +%s%N)
	timeout 30 "$TLSMATRIX" --diff "$TEST_TMP/old.json" "$2" \
	    >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	rc=$?
	_ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
	is "$rc" 3 "$1: exit 3"
	grep -q "^tlsmatrix: --diff: .*$(basename "$2"): larger than 67108864 bytes" \
	    "$TEST_TMP/err"
	ok $? "$1: the file and the limit are named"
	_b=${3:-5000}
	[ -n "${ASAN_OPTIONS:-}" ] && _b=$((_b * 3))	# ASan: slower reads
	[ "$_ms" -lt "$_b" ]
	ok $? "$1: over in $_ms ms (under $_b)"
}
# 65 MiB of one JSON string: sparse where the file system allows
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("{\"pad\": \"")
    f.write("x" * (65 * 1024 * 1024))
    f.write("\"}")' "$TEST_TMP/big.json"
too_big "a 65 MiB snapshot" "$TEST_TMP/big.json"
rm -f "$TEST_TMP/big.json"
too_big "/dev/zero as a snapshot" /dev/zero
# Through a FIFO the writer sets the pace: on a loaded machine Python
# takes seconds to push 64 MiB through a 64 KB pipe (tlsmatrix itself
# spends a few tens of milliseconds), so the bound is wider here.
mkfifo "$TEST_TMP/endless.json" || skip_all "mkfifo failed"
python3 -c '
import sys
try:
    out, chunk = sys.stdout.buffer, b"1, " * (1 << 20)
    out.write(b"{\"schema_version\": 1, \"cells\": [")
    while True: out.write(chunk)
except (BrokenPipeError, OSError): pass' >"$TEST_TMP/endless.json" 2>/dev/null &
on_exit "kill $! 2>/dev/null"
too_big "an endless snapshot" "$TEST_TMP/endless.json" 15000

done_testing
