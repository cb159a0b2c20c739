#!/bin/sh
# resolver_hostile.sh: answers a real DNS server will not send.
#
# tests/lab/dns_responder.py answers by the first label of the name:
# truncated (TC set, the TCP retry closed unanswered), a wrong message id,
# a CNAME loop, 300 A records (past the cap of 256), garbage bytes, a
# record cut off mid-way, SERVFAIL, REFUSED and silence. Each run must end
# within its bound with one clear line naming the resolver and the cause
# (or, for the oversized answer, the cap stated in the output), and a
# hostile resolver must not spoil a good one asked beside it.

. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

python3 "$TOP_SRCDIR/tests/lab/dns_responder.py" "$TEST_TMP/resp.port" \
	--lifetime 120 >"$TEST_TMP/resp.log" 2>&1 &
rpid=$!
on_exit "kill $rpid 2>/dev/null"
wait_for 5 test -s "$TEST_TMP/resp.port" || skip_all "responder would not start"
R="127.0.0.1:$(cat "$TEST_TMP/resp.port")"
diag "responder on $R"
CLOSED=$(free_port)

# run MODE [ARGS...]: tlsmatrix against the responder for MODE.bad.test;
# status in $rc, milliseconds in $ms, outputs in $TEST_TMP/MODE.*
run() {
	_m=$1; shift
	_t0=$(date +%s%N)
	timeout 30 "$TLSMATRIX" --batch --json --timeout 1000 --no-scan \
		-p python-3.9 --dns "$R" "$@" "$_m.bad.test:$CLOSED" \
		>"$TEST_TMP/$_m.json" 2>"$TEST_TMP/$_m.err"
	rc=$?
	ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
}

# reason_is MODE REASON: resolution.errors holds one entry with REASON.
reason_is() {
	python3 - "$TEST_TMP/$1.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d["resolution"]["errors"]
ok = len(e) == 1 and e[0]["reason"] == sys.argv[2]
if not ok:
    print("# errors:", json.dumps(e))
sys.exit(0 if ok else 1)
PY
}

# expect MODE REASON BOUND_MS PATTERN: exit 3, one stderr line naming the
# resolver and PATTERN, the JSON reason, and the time bound.
expect() {
	_m=$1; _r=$2; _bound=$3; _pat=$4
	run "$_m"
	is "$rc" 3 "$_m: exit status 3"
	[ "$(wc -l <"$TEST_TMP/$_m.err")" -eq 1 ] &&
		grep -qF "$R: $_m.bad.test: $_pat" "$TEST_TMP/$_m.err"
	_st=$?
	ok $_st "$_m: one line naming the resolver: '$_pat'"
	[ $_st -eq 0 ] || sed 's/^/#   /' "$TEST_TMP/$_m.err"
	reason_is "$_m" "$_r"
	ok $? "$_m: JSON reason $_r"
	[ "$ms" -lt "$_bound" ]
	ok $? "$_m: over in $ms ms (bound $_bound)"
}

expect trunc truncated 2500 "truncated answer (TC bit set) and the retry over TCP failed"
expect loop cname-loop 2500 "CNAME loop"
expect malformed malformed 2500 "malformed DNS response"
expect servfail servfail 2500 "SERVFAIL"
expect refused refused 2500 "REFUSED"
expect nxdomain nxdomain 2500 "NXDOMAIN"
# c-ares drops answers with a wrong id or that do not parse as a reply to
# its question, as RFC 5452 §9.1 asks: to us they are silence.
expect wrongid timeout 2500 "timed out"
expect garbage timeout 2500 "timed out"
expect silent timeout 2500 "timed out"

# 300 A and 60 AAAA records (over TCP after TC): the first 256 are kept.
run many
is "$rc" 1 "many: resolved (exit 1, probes refused)"
python3 - "$TEST_TMP/many.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["resolution"]["per_resolver"][0]
n = len(d["addresses"])
ok = n == 256 and r["capped"] is True and len(d["cells"]) == 256
if not ok:
    print("# addresses", n, "per_resolver", r)
sys.exit(0 if ok else 1)
PY
ok $? "many: 256 addresses kept and probed, capped: true in the JSON"
timeout 30 "$TLSMATRIX" --batch --timeout 1000 --no-scan -p python-3.9 \
	--dns "$R" "many.bad.test:$CLOSED" >"$TEST_TMP/many.txt" 2>&1
grep -q "capped: an answer held more than 256 addresses; the rest were dropped" \
	"$TEST_TMP/many.txt"
ok $? "many: the text snapshot states the cap"

# A hostile resolver beside a good one: the good answer is probed.
run ok --dns "127.0.0.1:1"
is "$rc" 1 "ok + unreachable: exit 1 (one answered)"
run loop --dns "127.0.0.1:1"
is "$rc" 3 "loop + unreachable: exit 3 (none answered)"
[ "$(wc -l <"$TEST_TMP/loop.err")" -eq 2 ]
ok $? "loop + unreachable: one line each"

done_testing
