#!/bin/sh
# shellcheck disable=SC2086 # address lists are split into words on purpose
# resolver_dnsmasq.sh: name resolution end to end, against a real dnsmasq.
#
# One dnsmasq on a free loopback port serves a name with 3 A + 1 AAAA, one
# with 16 A + 4 AAAA, a CNAME chain, a name without addresses, and answers
# NXDOMAIN for the rest of example.test and REFUSED outside it. tlsmatrix
# runs in batch JSON mode with --dns pointing at it; probes go to a closed
# loopback port and fail fast, since this test is about the address list.
# A UDP socket that never answers stands in for a dead resolver.

. "$TOP_SRCDIR/tests/lib.sh"

command -v dnsmasq >/dev/null 2>&1 || skip_all "dnsmasq not installed"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

# silent.py PORTFILE: a UDP "resolver" that reads queries and never answers.
cat > "$TEST_TMP/silent.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(60)
try:
    while True:
        s.recvfrom(4096)
except OSError:
    pass
PY

# The records. AAAA answers are IPv4-mapped loopback addresses (and ::1), so
# that even the probes of this test stay on loopback.
THREE_A="127.0.1.1 127.0.1.2 127.0.1.3"
THREE_AAAA="::1"
MANY_A=""
i=1
while [ $i -le 16 ]; do MANY_A="$MANY_A 127.0.2.$i"; i=$((i + 1)); done
MANY_AAAA="::ffff:127.0.3.1 ::ffff:127.0.3.2 ::ffff:127.0.3.3 ::ffff:127.0.3.4"
CNAME_A="127.0.4.1"

set --
for a in $THREE_A $THREE_AAAA; do set -- "$@" "--host-record=three.example.test,$a"; done
for a in $MANY_A $MANY_AAAA; do set -- "$@" "--host-record=many.example.test,$a"; done
set -- "$@" "--host-record=target.example.test,$CNAME_A" \
	"--cname=c1.example.test,c2.example.test" \
	"--cname=c2.example.test,target.example.test" \
	"--txt-record=txt.example.test,no-addresses-here"

# Listen on ::1 too when this machine has IPv6 loopback.
listen6=""
if python3 -c 'import socket; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).bind(("::1", 0))' 2>/dev/null; then
	listen6="--listen-address=::1"
fi

# Start dnsmasq on a free port; retry in case another process takes it.
DNS_PORT=""
tries=0
while [ $tries -lt 5 ] && [ -z "$DNS_PORT" ]; do
	tries=$((tries + 1))
	p=$(free_port)
	dnsmasq --no-daemon --port "$p" --listen-address=127.0.0.1 $listen6 \
		--bind-interfaces --no-resolv --no-hosts --no-poll \
		--local=/example.test/ --local-ttl=300 --pid-file= \
		--conf-file=/dev/null "$@" >"$TEST_TMP/dnsmasq.log" 2>&1 &
	dpid=$!
	if wait_for 5 python3 "$TOP_SRCDIR/tests/lab/dnsq.py" 127.0.0.1 "$p" three.example.test; then
		DNS_PORT=$p
		on_exit "kill $dpid 2>/dev/null"
	else
		kill "$dpid" 2>/dev/null
		wait "$dpid" 2>/dev/null
	fi
done
[ -n "$DNS_PORT" ] || { cat "$TEST_TMP/dnsmasq.log" >&2; skip_all "dnsmasq would not start"; }
diag "dnsmasq on 127.0.0.1:$DNS_PORT${listen6:+ and [::1]:$DNS_PORT}"

# A TCP port nothing listens on: every probe is refused at once, so a run
# that resolved exits 1 (a cell failed) and one that did not exits 3.
CLOSED=$(free_port)

# run NAME OUTFILE [ARGS...]: tlsmatrix in batch JSON mode; status in $rc.
run() {
	_name=$1; _out=$2; shift 2
	timeout 30 "$TLSMATRIX" --batch --json --timeout 1000 "$@" \
		"$_name:$CLOSED" >"$TEST_TMP/$_out.json" 2>"$TEST_TMP/$_out.err"
	rc=$?
}

# addresses_are FILE ADDR...: the JSON address list is exactly this set,
# without duplicates (dnsmasq rotates the order, so order is not checked).
addresses_are() {
	_f=$1; shift
	python3 - "$_f" "$@" <<'PY'
import ipaddress, json, sys
try:
    doc = json.load(open(sys.argv[1]))
    got = [ipaddress.ip_address(a["address"].split("%")[0])
           for a in doc["addresses"]]
except (OSError, ValueError, KeyError, TypeError) as e:
    print("#", sys.argv[1], "is not the JSON expected:", str(e)[:200])
    sys.exit(1)
want = [ipaddress.ip_address(a) for a in sys.argv[2:]]
if len(got) != len(set(got)):
    print("# duplicates in", [str(a) for a in got]); sys.exit(1)
if set(got) != set(want):
    print("# got ", sorted(str(a) for a in got)); print("# want", sorted(str(a) for a in want)); sys.exit(1)
for a in doc["addresses"]:
    fam = str(a.get("family", ""))
    v6 = ipaddress.ip_address(a["address"].split("%")[0]).version == 6
    if ("6" in fam) != v6:
        print("# family", fam, "for", a["address"]); sys.exit(1)
PY
}

# one_error_line FILE PATTERN...: stderr is one line holding every pattern.
one_error_line() {
	_f=$1; shift
	[ "$(wc -l <"$_f")" -eq 1 ] || return 1
	for _p in "$@"; do grep -qF -- "$_p" "$_f" || return 1; done
}

DNS="127.0.0.1:$DNS_PORT"

run three.example.test three --dns "$DNS"
is "$rc" 1 "3 A + 1 AAAA: exit status 1 (resolved; the probes were refused)"
addresses_are "$TEST_TMP/three.json" $THREE_A $THREE_AAAA
ok $? "3 A + 1 AAAA: the address list is exactly the records"

run many.example.test many --dns "$DNS"
is "$rc" 1 "16 A + 4 AAAA: exit status 1 (resolved, probes refused)"
addresses_are "$TEST_TMP/many.json" $MANY_A $MANY_AAAA
ok $? "16 A + 4 AAAA: all 20 addresses, no duplicates"

run c1.example.test cname --dns "$DNS"
is "$rc" 1 "CNAME chain: exit status 1 (resolved, probes refused)"
addresses_are "$TEST_TMP/cname.json" $CNAME_A
ok $? "CNAME chain c1 -> c2 -> target: the target's address"
python3 - "$TEST_TMP/cname.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
chain = d["target"]["cname_chain"]
ok = chain == ["c2.example.test", "target.example.test"] and \
    d["resolution"]["canonical"] == "target.example.test"
if not ok:
    print("# cname_chain", chain, "canonical", d["resolution"]["canonical"])
sys.exit(0 if ok else 1)
PY
ok $? "CNAME chain: cname_chain lists c2 then target, in order"
python3 - "$TEST_TMP/many.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = all(a["sources"][0]["ttl"] == 300 and a["sources"][0]["seen"] == 1
         for a in d["addresses"]) and len(d["addresses"]) == 20
sys.exit(0 if ok else 1)
PY
ok $? "16 A + 4 AAAA: every address has its TTL (300) and source"

run three.example.test only4 --dns "$DNS" -4
addresses_are "$TEST_TMP/only4.json" $THREE_A
ok $? "-4: only the A records"
run three.example.test only6 --dns "$DNS" -6
addresses_are "$TEST_TMP/only6.json" $THREE_AAAA
ok $? "-6: only the AAAA record"

run nx.example.test nx --dns "$DNS"
is "$rc" 3 "NXDOMAIN: exit status 3"
one_error_line "$TEST_TMP/nx.err" "127.0.0.1:$DNS_PORT" nx.example.test NXDOMAIN
st=$?
ok $st "NXDOMAIN: one line naming the resolver, the name and NXDOMAIN"
[ $st -eq 0 ] || sed 's/^/#   /' "$TEST_TMP/nx.err"

run txt.example.test nodata --dns "$DNS"
is "$rc" 3 "no A/AAAA records: exit status 3"
one_error_line "$TEST_TMP/nodata.err" "127.0.0.1:$DNS_PORT" "no A/AAAA records"
ok $? "no A/AAAA records: one line saying so"

run www.example.invalid refused --dns "$DNS"
is "$rc" 3 "REFUSED (name outside dnsmasq's zone): exit status 3"
one_error_line "$TEST_TMP/refused.err" "127.0.0.1:$DNS_PORT" REFUSED
ok $? "REFUSED: one line naming the resolver and REFUSED"

# A resolver that never answers: the --timeout bound ends it.
python3 "$TEST_TMP/silent.py" "$TEST_TMP/silent.port" &
spid=$!
on_exit "kill $spid 2>/dev/null"
wait_for 5 test -s "$TEST_TMP/silent.port"
SILENT=$(cat "$TEST_TMP/silent.port")
t0=$(date +%s%N)
run three.example.test silent --dns "127.0.0.1:$SILENT"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
is "$rc" 3 "silent resolver: exit status 3"
one_error_line "$TEST_TMP/silent.err" "127.0.0.1:$SILENT" "timed out"
ok $? "silent resolver: one line naming it and 'timed out'"
[ "$ms" -lt 2500 ]
ok $? "silent resolver: over in ${ms} ms with --timeout 1000 (bound 2500)"

# Two resolvers, the first silent: each is asked on its own (compared,
# not failed over), so the second's records arrive and the first's
# timeout is reported beside them.
run three.example.test failover --dns "127.0.0.1:$SILENT,$DNS"
addresses_are "$TEST_TMP/failover.json" $THREE_A $THREE_AAAA
ok $? "silent first server, good second: the records arrive"
is "$rc" 1 "silent first server, good second: exit 1, not 3"
one_error_line "$TEST_TMP/failover.err" "127.0.0.1:$SILENT" "timed out"
ok $? "silent first server, good second: its timeout on one line"

if [ -n "$listen6" ]; then
	run many.example.test v6server --dns "[::1]:$DNS_PORT"
	addresses_are "$TEST_TMP/v6server.json" $MANY_A $MANY_AAAA
	ok $? "an IPv6 DNS server ([::1]:$DNS_PORT) works"
	run nx.example.test v6nx --dns "[::1]:$DNS_PORT"
	one_error_line "$TEST_TMP/v6nx.err" "[::1]:$DNS_PORT" NXDOMAIN
	ok $? "and its errors name it as [::1]:$DNS_PORT"
else
	diag "no IPv6 loopback: IPv6 resolver case not run"
fi

# The system path (no --dns): resolv.conf and the hosts file, replaced in a
# private mount namespace by files that point only at loopback, so the
# machine's own resolver is never asked. Needs root (port 53, mounts).
SYS_ADDR=127.83.0.1
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$SYS_ADDR" \
		>"$TEST_TMP/resolv.conf"
	printf '127.0.0.1 localhost\n127.0.5.1 pinned.example.test\n' \
		>"$TEST_TMP/hosts"
	dnsmasq --no-daemon --port 53 --listen-address="$SYS_ADDR" \
		--bind-interfaces --no-resolv --no-hosts --no-poll \
		--local=/example.test/ --pid-file= --conf-file=/dev/null \
		--host-record=sys.example.test,127.0.5.2 \
		>"$TEST_TMP/dnsmasq-sys.log" 2>&1 &
	spid53=$!
	on_exit "kill $spid53 2>/dev/null"
	if wait_for 5 python3 "$TOP_SRCDIR/tests/lab/dnsq.py" "$SYS_ADDR" 53 sys.example.test; then
		# sysrun NAME OUT: tlsmatrix without --dns, in the namespace.
		sysrun() {
			timeout 30 unshare -m sh -c 'mount --bind "$1" /etc/resolv.conf &&
				mount --bind "$2" /etc/hosts && shift 2 && exec "$@"' sh \
				"$TEST_TMP/resolv.conf" "$TEST_TMP/hosts" \
				"$TLSMATRIX" --batch --json --timeout 1000 "$1:$CLOSED" \
				>"$TEST_TMP/$2.json" 2>"$TEST_TMP/$2.err"
			rc=$?
		}
		sysrun sys.example.test sys
		addresses_are "$TEST_TMP/sys.json" 127.0.5.2
		ok $? "system resolver from resolv.conf answers"
		sysrun pinned.example.test pinned
		addresses_are "$TEST_TMP/pinned.json" 127.0.5.1
		ok $? "system case reads the hosts file first"
		sysrun nx.example.test sysnx
		one_error_line "$TEST_TMP/sysnx.err" "$SYS_ADDR:53" NXDOMAIN
		ok $? "system case errors name the resolv.conf server"
	else
		diag "no dnsmasq on $SYS_ADDR:53: system resolver case not run"
	fi
else
	diag "not root or no unshare: system resolver case not run"
fi

done_testing
