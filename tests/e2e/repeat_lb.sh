#!/bin/sh
# repeat_lb.sh: --repeat exposes several backends behind one address.
# A round-robin proxy on 127.0.0.9 alternates between the lab's backend A
# (ECDHE and RSA suites) and B (RSA only); one probe of python-3.12 sees
# one of them, four probes see both: 2/4 ok and two distinct outcomes.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx python3 timeout

lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

python3 "$TOP_SRCDIR/tests/lab/rr_proxy.py" 127.0.0.9 0 60 \
    "$LAB_ADDR_A:$LAB_PORT" "$LAB_ADDR_B:$LAB_PORT" > "$TEST_TMP/proxy.out" &
proxy=$!
on_exit "kill $proxy 2>/dev/null"
wait_for 10 grep -q '^ready' "$TEST_TMP/proxy.out"
ok $? "the round-robin proxy listens"
PPORT=$(sed -n 's/^ready //p' "$TEST_TMP/proxy.out")

J=$TEST_TMP/lb.json
timeout 60 "$TLSMATRIX" --batch --json --no-scan --per-address 1 \
    --repeat 4 -p python-3.12 --ca-file "$LAB_CA" \
    --resolve "$LAB_NAME:$PPORT:127.0.0.9" "$LAB_NAME:$PPORT" > "$J" 2>/dev/null
is "$?" 1 "exit status 1: some probes failed"
rep() {
	python3 -c 'import json,sys
c = json.load(open(sys.argv[1]))["cells"][0]
print(eval(sys.argv[2]))' "$J" "$1"
}
is "$(rep 'c["repeats"]["total"], c["repeats"]["ok"]')" "(4, 2)" \
    "python-3.12: 2 of 4 probes ok (A and B in turn)"
is "$(rep 'sorted((o["verdict"], o["count"]) for o in c["repeats"]["outcomes"])')" \
    "[('fail', 2), ('ok', 2)]" "two distinct outcomes, two each"
is "$(rep 'c["verdict"]')" fail "the cell shows the failure it caught"

timeout 60 "$TLSMATRIX" --batch --no-scan --per-address 1 --repeat 4 \
    -p python-3.12 --ca-file "$LAB_CA" \
    --resolve "$LAB_NAME:$PPORT:127.0.0.9" "$LAB_NAME:$PPORT" \
    > "$TEST_TMP/lb.txt" 2>/dev/null
grep -q '2/4 ok' "$TEST_TMP/lb.txt"
ok $? "the text matrix shows 2/4 ok"
done_testing
