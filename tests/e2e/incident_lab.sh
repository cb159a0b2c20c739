#!/bin/sh
# tests/e2e/incident_lab.sh: the motivating incident, rebuilt on loopback.
#
# One name (shop.lab.test, served by our own dnsmasq) resolves to an
# A-like backend (ECDHE and RSA-kex suites), a B-like backend (RSA-kex
# only) and, where ::1 works, a modern TLS 1.3 backend, all nginx on one
# port. tlsmatrix must find every address, mark python-3.12 on B as failed
# with a reason and the rest as working, and agree cell by cell with the
# real Python 3.9 and 3.12 interpreters run against the same backends.
# Run by make check (TAP); see docs/TESTING.md.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx dnsmasq python3 timeout

# --- the lab ----------------------------------------------------------------
lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
ok 0 "lab CA and leaf certificates created"
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
ok 0 "nginx serves $LAB_ADDRS on port $LAB_PORT"
[ -n "$LAB_ADDR_V6" ] || diag "::1 unusable here: no IPv6 backend"

# The name's addresses, as DNS load balancing would hand them out.
NAME_ADDRS="$LAB_ADDR_A $LAB_ADDR_B${LAB_ADDR_V6:+ $LAB_ADDR_V6}"
# shellcheck disable=SC2086
lab_dns_start "$LAB_NAME" $NAME_ADDRS || { echo "Bail out! dnsmasq did not start"; exit 1; }
ok 0 "dnsmasq answers $LAB_NAME on 127.0.0.1:$LAB_DNS_PORT"

# jq FILE EXPR: evaluate a Python expression over the JSON document d in
# FILE and print it (None as null, booleans as true/false). cell(ADDR,
# PROFILE) is the one cell for that pair, or {} when it is missing or not
# unique; addresses compare as IP addresses, brackets and case aside.
jq() {
	python3 - "$1" "$2" <<'EOF'
import ipaddress, json, sys
def norm(a):
    a = str(a).strip("[]").split("%")[0]
    try:
        return ipaddress.ip_address(a).compressed
    except ValueError:
        return a
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("unparsable: %s" % e)
    sys.exit(0)
def cell(addr, prof):
    m = [c for c in d.get("cells", [])
         if norm(c.get("address")) == norm(addr) and c.get("profile") == prof]
    return m[0] if len(m) == 1 else {}
def addrs():
    return " ".join(sorted(norm(a.get("address")) for a in d.get("addresses", [])))
try:
    v = eval(sys.argv[2])
except Exception as e:
    print("error: %s: %s" % (type(e).__name__, e))
    sys.exit(0)
if v is None:
    print("null")
elif v is True or v is False:
    print("true" if v else "false")
else:
    print(v)
EOF
}

sorted_addrs() {	# sorted_addrs ADDR...: as jq's addrs() spells them
	python3 -c 'import ipaddress, sys
print(" ".join(sorted(ipaddress.ip_address(a).compressed for a in sys.argv[1:])))' "$@"
}

run_tlsmatrix() {	# run_tlsmatrix OUT ARGS...: bounded run, exit status in $rc
	_out=$1; shift
	timeout 120 "$TLSMATRIX" "$@" </dev/null >"$_out" 2>"$_out.err"
	rc=$?
	[ "$rc" -eq 124 ] && diag "tlsmatrix $* timed out after 120 s"
	if [ -s "$_out.err" ]; then
		sed 's/^/#   stderr: /' "$_out.err"
	fi
}

# --- tlsmatrix, JSON ----------------------------------------------------------
TARGET=$LAB_NAME:$LAB_PORT
COMMON="--batch --dns 127.0.0.1:$LAB_DNS_PORT --ca-file $LAB_CA --timeout 3000"
J=$TEST_TMP/matrix.json
# shellcheck disable=SC2086
run_tlsmatrix "$J" $COMMON --json -p python-3.9,python-3.12 "$TARGET"
is "$rc" 1 "--json exits 1: a cell failed"
is "$(jq "$J" 'type(d).__name__')" dict "the output is one JSON object"
is "$(jq "$J" 'd["target"]["host"]')" "$LAB_NAME" "target.host"
is "$(jq "$J" 'd["target"]["port"]')" "$LAB_PORT" "target.port"
is "$(jq "$J" 'd["target"]["sni"]')" "$LAB_NAME" "target.sni defaults to the host"
# shellcheck disable=SC2086
is "$(jq "$J" 'addrs()')" "$(sorted_addrs $NAME_ADDRS)" \
    "the addresses are exactly the name's records in the lab DNS"
is "$(jq "$J" '",".join(sorted(p["id"] for p in d["profiles"]))')" \
    "python-3.12,python-3.9" "the profiles are the two asked for"
# shellcheck disable=SC2086
set -- $NAME_ADDRS
is "$(jq "$J" 'len(d["cells"])')" $(($# * 2)) "one cell per address and profile"

A=$LAB_ADDR_A B=$LAB_ADDR_B
if [ -n "$LAB_ADDR_V6" ]; then
	fam='{norm(a.get("address")): a.get("family") for a in d["addresses"]}'
	is "$(jq "$J" "${fam}['$A'] == ${fam}['$B'] != ${fam}['::1']")" true \
	    "IPv4 addresses share a family, ::1 has another"
fi
is "$(jq "$J" "cell('$B', 'python-3.12').get('verdict')")" fail \
    "python-3.12 fails on B (RSA key exchange only)"
is "$(jq "$J" "cell('$B', 'python-3.12').get('reason') is not None")" true \
    "python-3.12 on B has a reason"
diag "python-3.12 on B: reason=$(jq "$J" "cell('$B', 'python-3.12').get('reason')")" \
    "alert=$(jq "$J" "cell('$B', 'python-3.12').get('alert')")"
is "$(jq "$J" "cell('$A', 'python-3.12').get('verdict')")" ok "python-3.12 works on A"
is "$(jq "$J" "cell('$A', 'python-3.12').get('protocol')")" TLSv1.2 \
    "python-3.12 on A: TLS 1.2"
is "$(jq "$J" "cell('$A', 'python-3.12').get('cipher')")" \
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 "python-3.12 on A: the one shared suite"
is "$(jq "$J" "cell('$A', 'python-3.9').get('verdict')")" ok "python-3.9 works on A"
# A prefers ECDHE-RSA-AES128-SHA and Python 3.9 offers it (real 3.9 agrees).
is "$(jq "$J" "cell('$A', 'python-3.9').get('cipher')")" \
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA "python-3.9 on A: A's preferred suite"
is "$(jq "$J" "cell('$B', 'python-3.9').get('verdict')")" ok "python-3.9 works on B"
is "$(jq "$J" "cell('$B', 'python-3.9').get('cipher')")" \
    TLS_RSA_WITH_AES_256_CBC_SHA "python-3.9 on B: RSA key exchange"
is "$(jq "$J" '",".join(sorted(set(json.dumps(c.get("reason")) for c in d["cells"] if c.get("verdict") == "ok")))')" \
    null "reason is null in every working cell"

# The same run with cells decided by each profile's own ClientHello.
JH=$TEST_TMP/matrix-hello.json
# shellcheck disable=SC2086
run_tlsmatrix "$JH" $COMMON --json --method hello -p python-3.9,python-3.12 "$TARGET"
is "$rc" 1 "--method hello: exits 1, a cell failed"

# --- the real clients ---------------------------------------------------------
# Ground truth: every (address, python) cell must say what the interpreter
# itself does against that backend with its default context, whichever
# method decided the cell.
for J in "$J" "$JH"; do
for pair in "3.9:$LAB_PY39" "3.12:$LAB_PY312"; do
	ver=${pair%%:*} py=${pair#*:} prof=python-${pair%%:*}
	if [ ! -x "$py" ]; then
		for a in $NAME_ADDRS; do
			tap_n=$((tap_n + 1))
			echo "ok $tap_n # SKIP real Python $ver not at $py ($a)"
		done
		continue
	fi
	for a in $NAME_ADDRS; do
		R=$TEST_TMP/real-$ver-$a.json
		lab_pyclient "$py" "$a" "$LAB_PORT" >"$R"
		diag "real Python $ver on $a: $(cat "$R")"
		real_ok=$(jq "$R" 'd["ok"]')
		want=fail; [ "$real_ok" = true ] && want=ok
		got="$(jq "$J" "cell('$a', '$prof').get('verdict')")"
		if [ "$want" = ok ]; then
			got="$got $(jq "$J" "cell('$a', '$prof').get('protocol')") $(jq "$J" "cell('$a', '$prof').get('cipher_openssl')")"
			want="ok $(jq "$R" 'd["version"]') $(jq "$R" 'd["cipher"]')"
		fi
		is "$got" "$want" "$prof on $a matches real Python $ver ($(jq "$J" "cell('$a', '$prof').get('method')"))"
	done
done
done

# --- exit status 0 when every cell works ------------------------------------
J9=$TEST_TMP/matrix-39.json
# shellcheck disable=SC2086
run_tlsmatrix "$J9" $COMMON --json -p python-3.9 "$TARGET"
is "$rc" 0 "--json exits 0 when every cell works (python-3.9 alone)"
is "$(jq "$J9" '",".join(sorted(set(c.get("verdict") for c in d["cells"])))')" ok \
    "python-3.9 alone: every verdict ok"

# --- text batch ----------------------------------------------------------------
T=$TEST_TMP/matrix.txt
# shellcheck disable=SC2086
run_tlsmatrix "$T" $COMMON -p python-3.9,python-3.12 "$TARGET"
is "$rc" 1 "batch text exits 1: a cell failed"
for a in $NAME_ADDRS; do
	check "batch text names $a" -- grep -F -q -e "$a" "$T"
done
[ "$tap_failed" -eq 0 ] || sed 's/^/#   text: /' "$T"

done_testing
