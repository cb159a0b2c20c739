#!/bin/sh
# tests/e2e/ports_lab.sh: several ports of one name in one matrix (#17).
#
# nginx serves the lab name on A at two ports: the lab's shared port with
# A's suites (ECDHE and RSA key exchange) and a second port with B's (RSA
# key exchange only), as a service's 443 and 8443 might differ. Both
# HOST:PORT,PORT and --ports must give one row per address and port, with
# python-3.12 working on the first and failing on the second, the rows
# reading ADDRESS:PORT in text and CSV, and the JSON rows carrying the
# address and a port of their own, valid against the schema. With one
# port nothing changes: rows read as the bare address. TAP.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx python3 timeout

lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
P2=$(free_port)
LAB_NGINX_EXTRA=$(_lab_server "$LAB_ADDR_A:$P2" TLSv1.2 "$LAB_CIPHERS_B")
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
P1=$LAB_PORT A=$LAB_ADDR_A
lab_accepts "$A" "$P2" || { echo "Bail out! nginx not on $A:$P2"; exit 1; }
ok 0 "nginx on $A:$P1 (A's suites) and $A:$P2 (B's suites)"

COMMON="--batch --resolve $LAB_NAME:$P1:$A --ca-file $LAB_CA --timeout 4000 -p python-3.9,python-3.12 --no-timings"

J=$TEST_TMP/two.json
# shellcheck disable=SC2086
tm_run "$J" $COMMON --json "$LAB_NAME:$P1,$P2"
is "$rc" 1 "HOST:$P1,$P2: exit 1 (a cell fails)"
q() {	# q FILE EXPR: a Python expression over the JSON document d
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
def cell(port, prof):
    m = [c for c in d["cells"] if c["port"] == port and c["profile"] == prof]
    return m[0] if len(m) == 1 else {}
print(eval(sys.argv[2]))' "$1" "$2" 2>&1
}
is "$(q "$J" 'sorted((a["address"], a["port"]) for a in d["addresses"])')" \
    "$(python3 -c "print(sorted([('$A', $P1), ('$A', $P2)]))")" \
    "two rows: one address, two ports"
is "$(q "$J" 'len(d["cells"])')" 4 "four cells"
is "$(q "$J" "cell($P1, 'python-3.12').get('verdict')")" ok \
    "python-3.12 works on port $P1 (ECDHE)"
is "$(q "$J" "cell($P2, 'python-3.12').get('verdict')")" fail \
    "python-3.12 fails on port $P2 (RSA key exchange only)"
is "$(q "$J" "cell($P2, 'python-3.9').get('cipher')")" \
    TLS_RSA_WITH_AES_256_CBC_SHA "python-3.9 on port $P2: RSA key exchange"
is "$(q "$J" "sorted((s['address'], s['port'], s['state']) for s in d['servers'])")" \
    "$(python3 -c "print(sorted([('$A', $P1, 'done'), ('$A', $P2, 'done')]))")" \
    "each port enumerated on its own"
is "$(q "$J" "sorted(s['port'] for s in d['servers'] if 'TLS_RSA_WITH_AES_256_CBC_SHA' in str(s) and 'ECDHE' not in str(s))")" \
    "[$P2]" "  and only $P2 accepts RSA key exchange alone"
if python3 -c 'import jsonschema' 2>/dev/null; then
	check "the snapshot is valid against the schema" -- python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
	    "$J" "$TOP_SRCDIR/docs/schema/tlsmatrix.schema.json"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP python3-jsonschema missing"
fi

# shellcheck disable=SC2086
tm_run "$TEST_TMP/P.json" $COMMON --json -P "$P1,$P2" "$LAB_NAME"
is "$(q "$TEST_TMP/P.json" 'sorted((c["port"], c["profile"], c["verdict"]) for c in d["cells"])')" \
    "$(q "$J" 'sorted((c["port"], c["profile"], c["verdict"]) for c in d["cells"])')" \
    "--ports $P1,$P2 gives the same cells"

T=$TEST_TMP/two.txt
# shellcheck disable=SC2086
tm_run "$T" $COMMON "$LAB_NAME:$P1,$P2"
check "text: a row reads $A:$P1" -- grep -q -F "$A:$P1 |" "$T"
check "text: a row reads $A:$P2" -- grep -q -F "$A:$P2 |" "$T"
check "text: the target line names both ports" -- \
    grep -q -E "^target: +$LAB_NAME:$P1,$P2\$" "$T"
check "text: python-3.12 fails on 1 of 2 addresses and ports" -- \
    grep -q -F "python-3.12 fails on 1 of 2 addresses and ports:" "$T"
check "  with no share of DNS answers, which does not pick a port" -- \
    sh -c "! grep -q 'if DNS spreads them' '$T'"
# shellcheck disable=SC2086
tm_run "$TEST_TMP/two.csv" $COMMON --format csv "$LAB_NAME:$P1,$P2"
check "csv: rows name $A:$P2" -- grep -q -F "$A:$P2" "$TEST_TMP/two.csv"

# one port: rows are the bare address, as before
# shellcheck disable=SC2086
tm_run "$TEST_TMP/one.txt" $COMMON "$LAB_NAME:$P1"
check "one port: the row reads $A alone" -- grep -q -E "^  $A +\| " "$TEST_TMP/one.txt"
check "  and no row carries a port" -- sh -c "! grep -q -F '$A:$P1 |' '$TEST_TMP/one.txt'"
check "  and the target line one port" -- \
    grep -q -E "^target: +$LAB_NAME:$P1\$" "$TEST_TMP/one.txt"
# shellcheck disable=SC2086
tm_run "$TEST_TMP/one.json" $COMMON --json "$LAB_NAME:$P1"
is "$(q "$TEST_TMP/one.json" '[(a["address"], a["port"]) for a in d["addresses"]]')" \
    "[('$A', $P1)]" "one port: JSON address and port"

# usage errors
for bad in "$LAB_NAME:$P1,$P1" "$LAB_NAME:$P1,0" "$LAB_NAME:,$P1" "$LAB_NAME:$P1,"; do
	tm_run "$TEST_TMP/bad.txt" --batch "$bad"
	is "$rc" 2 "'$bad' is a usage error"
done
tm_run "$TEST_TMP/bad.txt" --batch -P "$P1" "$LAB_NAME:$P1"
is "$rc" 2 "--ports with HOST:PORT is a usage error"

# --diff keys a row by its address and port: two snapshots of the same
# two ports meet row for row; from a snapshot of the first port alone,
# the second port's row is an address added and nothing is gone.
tm_run "$TEST_TMP/d_same.txt" --diff "$J" "$TEST_TMP/P.json"
is "$rc" 0 "--diff of the two two-port snapshots: exit 0"
check "  and no row added or gone" -- \
    sh -c "! grep -q -E '^address (added|gone)' '$TEST_TMP/d_same.txt'"
tm_run "$TEST_TMP/d_grow.txt" --diff "$TEST_TMP/one.json" "$J"
check "--diff one port to two: $A:$P2 is an address added" -- \
    grep -q -E "^address added +$A:$P2" "$TEST_TMP/d_grow.txt"
check "  and $A (port $P1) is not gone" -- \
    sh -c "! grep -q -E '^address gone' '$TEST_TMP/d_grow.txt'"

done_testing
