#!/bin/sh
# snapshot_repeat.sh: issue #15, deterministic snapshots. The incident lab
# behind a real DNS server (dnsmasq rotates the order of its answers) is
# run twice with --no-timings in every format; the two runs must write
# the same bytes (cmp). Two more runs get the addresses from --resolve in
# opposite orders and must write the same bytes too: rows come in address
# order (IPv4 then IPv6, numeric), not in the order answers or results
# came in.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx dnsmasq python3 timeout
unset SOURCE_DATE_EPOCH

lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
# shellcheck disable=SC2086
lab_dns_start "$LAB_NAME" $LAB_ADDRS ||
    { echo "Bail out! dnsmasq did not start"; exit 1; }
ok 0 "lab: $LAB_ADDRS on port $LAB_PORT, dnsmasq on $LAB_DNS_PORT"

P=python-3.9,python-3.12,curl-7.88,java-17
run() {	# run OUT FORMAT ARGS...: one batch run, its status in OUT.rc
	_out=$1 _f=$2; shift 2
	timeout 120 "$TLSMATRIX" --batch --no-timings -p $P --format "$_f" \
	    --profile-dir "$TOP_SRCDIR/data/profiles" --ca-file "$LAB_CA" \
	    "$@" </dev/null >"$_out" 2>"$_out.err"
	echo $? >"$_out.rc"
}

for f in text md json jsonl; do
	run "$TEST_TMP/1.$f" $f --dns "127.0.0.1:$LAB_DNS_PORT" \
	    "$LAB_NAME:$LAB_PORT"
	run "$TEST_TMP/2.$f" $f --dns "127.0.0.1:$LAB_DNS_PORT" \
	    "$LAB_NAME:$LAB_PORT"
	is "$(cat "$TEST_TMP/1.$f.rc")" 1 "$f: the run finished (B fails)"
	check "$f: two runs write the same bytes" -- \
	    cmp "$TEST_TMP/1.$f" "$TEST_TMP/2.$f"
	cmp "$TEST_TMP/1.$f" "$TEST_TMP/2.$f" >/dev/null 2>&1 ||
	    diff "$TEST_TMP/1.$f" "$TEST_TMP/2.$f" | head -20 | sed 's/^/#   /'
done

# The same servers, the addresses handed over in either order.
fwd= rev=
for a in $LAB_ADDRS; do
	case $a in *:*) a="[$a]" ;; esac
	fwd="${fwd:+$fwd,}$a"
	rev="$a${rev:+,$rev}"
done
run "$TEST_TMP/3.text" text --resolve "$LAB_NAME:$LAB_PORT:$rev" \
    "$LAB_NAME:$LAB_PORT"
run "$TEST_TMP/4.text" text --resolve "$LAB_NAME:$LAB_PORT:$fwd" \
    "$LAB_NAME:$LAB_PORT"
check "--resolve in reverse order writes the same bytes" -- \
    cmp "$TEST_TMP/3.text" "$TEST_TMP/4.text"
cmp "$TEST_TMP/3.text" "$TEST_TMP/4.text" >/dev/null 2>&1 ||
    diff "$TEST_TMP/3.text" "$TEST_TMP/4.text" | head -20 | sed 's/^/#   /'

# Address order, whatever the answers' order: 127.0.0.2, .3, .4, then ::1.
got=$(sed -n '/^Matrix/,/^$/p' "$TEST_TMP/3.text" | awk 'NR > 3 && NF { print $1 }' |
    tr '\n' ' ')
want="$LAB_ADDR_A $LAB_ADDR_B $LAB_ADDR_A2 ${LAB_ADDR_V6:+$LAB_ADDR_V6 }"
is "$got" "$want" "matrix rows in address order"
grep -q '^generated:  -$' "$TEST_TMP/1.text"
ok $? "--no-timings leaves the time out"
python3 - "$TEST_TMP/1.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["generated"] is None
assert all(c["timings"] is None for c in d["cells"])
assert all("elapsed_ms" not in s for s in d["servers"])
EOF
ok $? "json: no time, no timings"
done_testing
