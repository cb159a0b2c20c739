#!/bin/sh
# resolver_compare.sh: several resolvers compared, and sampling over time.
#
# Two dnsmasq instances on loopback answer split.example.test differently
# (split horizon): asked with --dns A,B (or --dns A --dns B), tlsmatrix
# must probe the union, label each address with the resolvers that gave it,
# say that they disagree, and keep going when one of them fails. The
# crafted responder (tests/lab/dns_responder.py) supplies answers that
# change from query to query for --samples. Also: IP literals (IPv6 in
# brackets, with a zone) and --resolve as targets, which ask no DNS.
# Probes go to a closed loopback port: this test is about the address list.

. "$TOP_SRCDIR/tests/lib.sh"

command -v dnsmasq >/dev/null 2>&1 || skip_all "dnsmasq not installed"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

# start_dnsmasq VAR RECORD...: a dnsmasq on a free port, its port in VAR.
start_dnsmasq() {
	_var=$1; shift
	_port=""; _tries=0
	while [ $_tries -lt 5 ] && [ -z "$_port" ]; do
		_tries=$((_tries + 1))
		_p=$(free_port)
		dnsmasq --no-daemon --port "$_p" --listen-address=127.0.0.1 \
			--bind-interfaces --no-resolv --no-hosts --no-poll \
			--local=/example.test/ --local-ttl=120 --pid-file= \
			--conf-file=/dev/null "$@" >>"$TEST_TMP/dnsmasq.log" 2>&1 &
		_pid=$!
		if wait_for 5 python3 "$TOP_SRCDIR/tests/lab/dnsq.py" 127.0.0.1 "$_p" probe.example.test; then
			_port=$_p
			on_exit "kill $_pid 2>/dev/null"
		else
			kill "$_pid" 2>/dev/null
			wait "$_pid" 2>/dev/null
		fi
	done
	[ -n "$_port" ] || { cat "$TEST_TMP/dnsmasq.log" >&2; skip_all "dnsmasq would not start"; }
	eval "$_var=\$_port"
}

# Resolver A: split -> .1 .2, onlya -> .5; B: split -> .1 .3, no onlya.
start_dnsmasq PA --host-record=probe.example.test,127.0.0.1 \
	--host-record=split.example.test,127.0.1.1 \
	--host-record=split.example.test,127.0.1.2 \
	--host-record=onlya.example.test,127.0.1.5
start_dnsmasq PB --host-record=probe.example.test,127.0.0.1 \
	--host-record=split.example.test,127.0.1.1 \
	--host-record=split.example.test,127.0.1.3
A="127.0.0.1:$PA"
B="127.0.0.1:$PB"
diag "resolver A on $A, B on $B"

# The crafted responder, for answers that change between queries.
python3 "$TOP_SRCDIR/tests/lab/dns_responder.py" "$TEST_TMP/resp.port" \
	--lifetime 120 >/dev/null 2>&1 &
rpid=$!
on_exit "kill $rpid 2>/dev/null"
wait_for 5 test -s "$TEST_TMP/resp.port" || skip_all "responder would not start"
R="127.0.0.1:$(cat "$TEST_TMP/resp.port")"

CLOSED=$(free_port)

# run OUT ARGS...: tlsmatrix in batch JSON mode; status in $rc, time in $ms.
run() {
	_out=$1; shift
	_t0=$(date +%s%N)
	timeout 30 "$TLSMATRIX" --batch --json --timeout 1000 --no-scan "$@" \
		>"$TEST_TMP/$_out.json" 2>"$TEST_TMP/$_out.err"
	rc=$?
	ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
}

# jcheck FILE PYTHON-EXPR...: each expression is true of the JSON document
# (d); addresses by text in a, their sources by resolver in src(a).
jcheck() {
	_f=$1; shift
	python3 - "$_f" "$@" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("# not JSON:", e); sys.exit(1)
a = {x["address"]: x for x in d["addresses"]}
def src(addr):
    return {s["resolver"]: s for s in a[addr]["sources"]}
def seen(addr):
    return {s["resolver"] for s in a[addr]["sources"] if s["seen"] > 0}
for expr in sys.argv[2:]:
    try:
        good = eval(expr)
    except Exception as e:
        good = False; print("# error in", expr, ":", repr(e))
    if not good:
        print("# false:", expr)
        print("# addresses:", json.dumps(d["addresses"])[:1500])
        print("# resolution:", json.dumps(d["resolution"])[:800])
        sys.exit(1)
PY
}

# --- two resolvers that disagree -----------------------------------------
run split --dns "$A,$B" "split.example.test:$CLOSED"
is "$rc" 1 "split horizon: exit 1 (resolved; probes refused)"
jcheck "$TEST_TMP/split.json" \
	"set(a) == {'127.0.1.1', '127.0.1.2', '127.0.1.3'}" \
	"seen('127.0.1.1') == {'$A', '$B'}" \
	"seen('127.0.1.2') == {'$A'}" \
	"seen('127.0.1.3') == {'$B'}" \
	"d['resolution']['disagree'] is True" \
	"[a[x]['disputed'] for x in ('127.0.1.1', '127.0.1.2', '127.0.1.3')] == [False, True, True]" \
	"src('127.0.1.2')['$A']['ttl'] == 120 and src('127.0.1.2')['$B']['ttl'] is None" \
	"d['resolution']['errors'] == []" \
	"len(d['cells']) == 3 * len(d['profiles'])" \
	"all(c['verdict'] == 'fail' for c in d['cells'])"
ok $? "split horizon: the union, labelled by resolver, all probed, disagreement flagged"

run split2 --dns "$A" --dns "$B" "split.example.test:$CLOSED"
jcheck "$TEST_TMP/split2.json" \
	"set(a) == {'127.0.1.1', '127.0.1.2', '127.0.1.3'}" \
	"[r['resolver'] for r in d['resolution']['per_resolver']] == ['$A', '$B']"
ok $? "--dns A --dns B is the same as --dns A,B"

timeout 30 "$TLSMATRIX" --batch --timeout 1000 --no-scan --dns "$A,$B" \
	"split.example.test:$CLOSED" >"$TEST_TMP/split.txt" 2>&1
grep -q "RESOLVERS DISAGREE" "$TEST_TMP/split.txt" &&
	grep -q "#1 $A: 1 of 1 queries answered, 2 addresses" "$TEST_TMP/split.txt" &&
	grep -q "#2 $B: 1 of 1 queries answered, 2 addresses" "$TEST_TMP/split.txt" &&
	grep -Eq "127\.0\.1\.2 +1/1 +0/1 - +not from every resolver" "$TEST_TMP/split.txt"
st=$?
ok $st "text snapshot: each resolver, what it answered, the disagreement"
[ $st -eq 0 ] || sed -n '/^Resolvers/,/^Addresses/s/^/#   /p' "$TEST_TMP/split.txt"

# --- one resolver fails, the other answers ----------------------------------
run onlya --dns "$A,$B" "onlya.example.test:$CLOSED"
is "$rc" 1 "one resolver NXDOMAIN, one answers: exit 1, not 3"
jcheck "$TEST_TMP/onlya.json" \
	"set(a) == {'127.0.1.5'}" \
	"len(d['resolution']['errors']) == 1" \
	"d['resolution']['errors'][0]['resolver'] == '$B'" \
	"d['resolution']['errors'][0]['reason'] == 'nxdomain'" \
	"'NXDOMAIN' in d['resolution']['errors'][0]['error']" \
	"d['resolution']['state'] == 'done'"
ok $? "the answer is probed and B's NXDOMAIN is in resolution.errors"
[ "$(wc -l <"$TEST_TMP/onlya.err")" -eq 1 ] &&
	grep -q "$B: onlya.example.test: NXDOMAIN" "$TEST_TMP/onlya.err"
ok $? "stderr: one line naming B and NXDOMAIN"

run nowhere --dns "$A,$B" "nowhere.example.test:$CLOSED"
is "$rc" 3 "every resolver fails: exit 3"
[ "$(wc -l <"$TEST_TMP/nowhere.err")" -eq 2 ] &&
	grep -q "$A: nowhere.example.test: NXDOMAIN" "$TEST_TMP/nowhere.err" &&
	grep -q "$B: nowhere.example.test: NXDOMAIN" "$TEST_TMP/nowhere.err"
ok $? "stderr: one line per resolver"
jcheck "$TEST_TMP/nowhere.json" "d['resolution']['state'] == 'failed'" \
	"len(d['resolution']['errors']) == 2" "d['addresses'] == []"
ok $? "JSON: failed, both errors, no addresses"

# A dead resolver next to a good one: asked in parallel, not one after
# the other, so the good answer is not held up beyond the dead one's timeout.
run dead --dns "127.0.0.1:1,$A" "split.example.test:$CLOSED"
is "$rc" 1 "unreachable resolver beside a good one: exit 1"
jcheck "$TEST_TMP/dead.json" "set(a) == {'127.0.1.1', '127.0.1.2'}" \
	"d['resolution']['errors'][0]['resolver'] == '127.0.0.1:1'"
ok $? "the good resolver's addresses, the dead one's error"

# --- sampling --------------------------------------------------------------
run rot --dns "$R" --samples 4 --interval 50 "rotate.one.test:$CLOSED"
is "$rc" 1 "--samples 4 against a rotating answer: exit 1"
jcheck "$TEST_TMP/rot.json" \
	"d['resolution']['samples'] == 4" \
	"set(a) == {'127.0.9.1', '127.0.9.2', '127.0.9.3', '127.0.9.4', '127.0.9.5'}" \
	"src('127.0.9.1')['$R']['seen'] == 4" \
	"all(src(x)['$R']['seen'] == 1 for x in ('127.0.9.2', '127.0.9.3', '127.0.9.4', '127.0.9.5'))" \
	"all(s['samples'] == 4 for x in a for s in a[x]['sources'])" \
	"[a[x]['present'] for x in sorted(a)] == [True, False, False, False, True]" \
	"len(d['cells']) == 5 * len(d['profiles'])"
ok $? "seen counters per address; vanished addresses kept, present: false; all probed"
[ "$ms" -ge 150 ] && [ "$ms" -lt 10000 ]
ok $? "4 samples 50 ms apart took ${ms} ms (at least 150, bounded)"

run rot1 --dns "$R" --dns "$A" --samples 2 --interval 10 "rotate.two.test:$CLOSED"
jcheck "$TEST_TMP/rot1.json" "d['resolution']['samples'] == 2" \
	"d['resolution']['per_resolver'][1]['failures'] == 2" \
	"set(a) == {'127.0.9.1', '127.0.9.2', '127.0.9.3'}"
ok $? "sampling with two resolvers, one failing every time"

# --- targets that ask no DNS -------------------------------------------------
run lit6 "[::1]:$CLOSED"
jcheck "$TEST_TMP/lit6.json" "list(a) == ['::1']" \
	"a['::1']['source'] == 'literal'" "a['::1']['sources'] == []" \
	"d['resolution']['per_resolver'] == []"
ok $? "IPv6 literal in brackets: one row, no resolver asked"

if ip link show lo >/dev/null 2>&1; then
	run zone "[fe80::1%lo]:$CLOSED"
	# netaddr formats the zone as its interface index
	jcheck "$TEST_TMP/zone.json" "list(a) in (['fe80::1%lo'], ['fe80::1%%%d' % __import__('socket').if_nametoindex('lo')])" \
		"len(d['cells']) == len(d['profiles'])"
	ok $? "IPv6 literal with a zone id: kept and probed"
fi

run lit4 "127.0.0.1:$CLOSED" --dns "$A" --samples 3
jcheck "$TEST_TMP/lit4.json" "list(a) == ['127.0.0.1']" \
	"d['resolution']['samples'] == 0"
ok $? "IPv4 literal: --dns and --samples are not used"

run over --resolve "split.example.test:$CLOSED:[::1],127.0.0.9" \
	--dns "$A" "split.example.test:$CLOSED"
jcheck "$TEST_TMP/over.json" "list(a) == ['127.0.0.9', '::1']" \
	"all(a[x]['source'] == '--resolve' for x in a)" \
	"d['resolution']['resolvers'] == '--resolve'"
ok $? "--resolve (IPv6 in brackets) wins over DNS"

done_testing
