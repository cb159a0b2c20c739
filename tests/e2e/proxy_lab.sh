#!/bin/sh
# tests/e2e/proxy_lab.sh: the incident's lab reached through real proxies.
#
# The lab of incident_lab.sh (A: ECDHE and RSA key exchange, B: RSA key
# exchange only, one name in our own dnsmasq) is probed directly, through
# tinyproxy (HTTP CONNECT) and through Dante (SOCKS5): every cell must read
# the same three ways, python-3.12 failing on B, and the proxies' own logs
# must show that the connections went through them, to the addresses
# (never the name). The real Python 3.12 through tinyproxy agrees. Then
# the proxies that refuse: tinyproxy's 403 (a port it does not allow) and
# 407 (BasicAuth), Dante's ruleset block and its username method, a port
# where nothing listens, and something that is not a proxy of that
# scheme, each with its own reason. Credentials never show in the
# snapshot or the --trace file. --proxy-env and NO_PROXY. TAP.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
. "$TOP_SRCDIR/tests/lab/proxies.sh"

lab_need_tools openssl nginx dnsmasq python3 timeout
[ -x "$PX_TINYPROXY" ] || skip_all "tinyproxy not found (apt-get install tinyproxy)"
[ -x "$PX_DANTED" ] || skip_all "danted not found (apt-get install dante-server)"

lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
A=$LAB_ADDR_A B=$LAB_ADDR_B
lab_dns_start "$LAB_NAME" "$A" "$B" || { echo "Bail out! dnsmasq did not start"; exit 1; }
ok 0 "lab: nginx A=$A B=$B on $LAB_PORT, dnsmasq on $LAB_DNS_PORT"

px_tinyproxy open "ConnectPort $LAB_PORT" || { echo "Bail out! tinyproxy"; exit 1; }
TP=$PX_PORT TP_LOG=$PX_LOG
px_danted open none "" || { echo "Bail out! danted"; exit 1; }
DS=$PX_PORT DS_LOG=$PX_LOG
ok 0 "tinyproxy on 127.0.0.1:$TP, danted on 127.0.0.1:$DS (as $(ps -o user= -p "$(pgrep -n -f "danted -f $TEST_TMP")" 2>/dev/null))"

TARGET=$LAB_NAME:$LAB_PORT
COMMON="--batch --json --dns 127.0.0.1:$LAB_DNS_PORT --ca-file $LAB_CA --timeout 4000 -p python-3.9,python-3.12"

FIELDS="verdict reason protocol cipher"
# shellcheck disable=SC2086
tm_run "$TEST_TMP/direct.json" $COMMON "$TARGET"
is "$rc" 1 "direct: exit 1 (a cell fails)"
is "$(px_cell "$TEST_TMP/direct.json" "$B" python-3.12 verdict)" fail \
    "direct: python-3.12 fails on B"

for via in "http://127.0.0.1:$TP tinyproxy $TP_LOG" \
    "socks5://127.0.0.1:$DS dante $DS_LOG"; do
	set -- $via
	url=$1 who=$2 log=$3
	before=$(grep -c . "$log")
	# shellcheck disable=SC2086
	tm_run "$TEST_TMP/$who.json" $COMMON --proxy "$url" "$TARGET"
	is "$rc" 1 "$who: exit 1, as directly"
	for a in "$A" "$B"; do
		for p in python-3.9 python-3.12; do
			# shellcheck disable=SC2086
			is "$(px_cell "$TEST_TMP/$who.json" "$a" "$p" $FIELDS)" \
			    "$(px_cell "$TEST_TMP/direct.json" "$a" "$p" $FIELDS)" \
			    "$who: $p on $a reads as directly"
		done
	done
	is "$(px_cell "$TEST_TMP/$who.json" "$B" python-3.12 verdict)" fail \
	    "$who: python-3.12 fails on B through the proxy"
	after=$(grep -c . "$log")
	ok "$([ "$after" -gt "$before" ] && echo 0 || echo 1)" \
	    "$who's log grew ($before -> $after lines): the probes went through it"
	for a in "$A" "$B"; do
		check "$who's log names $a" -- grep -q -F "$a" "$log"
	done
	check "$who was never asked for the name" -- sh -c \
	    "! grep -q -F '$LAB_NAME' '$log'"
done

# --- the real Python 3.12 through tinyproxy ----------------------------------
if [ -x "$LAB_PY312" ]; then
	for a in "$A" "$B"; do
		R=$TEST_TMP/real-$a.json
		"$LAB_PY312" "$LAB_PYCLIENT" --ca "$LAB_CA" --name "$LAB_NAME" \
		    --proxy "127.0.0.1:$TP" "$a" "$LAB_PORT" >"$R"
		diag "real Python 3.12 via tinyproxy on $a: $(cat "$R")"
		want=$(python3 -c 'import json,sys; print("ok" if json.load(open(sys.argv[1]))["ok"] else "fail")' "$R")
		is "$(px_cell "$TEST_TMP/tinyproxy.json" "$a" python-3.12 verdict)" \
		    "$want" "python-3.12 via tinyproxy on $a matches the real Python 3.12 via tinyproxy"
	done
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP real Python 3.12 not at $LAB_PY312"
fi

# --- proxies that say no ------------------------------------------------------
# reason_all FILE: the distinct reasons of every cell, sorted
reason_all() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(",".join(sorted(set(str(c.get("reason")) for c in d["cells"]))))' "$1"
}

px_tinyproxy deny "ConnectPort 443" || { echo "Bail out! tinyproxy deny"; exit 1; }
# shellcheck disable=SC2086
tm_run "$TEST_TMP/403.json" $COMMON --proxy "http://127.0.0.1:$PX_PORT" "$TARGET"
is "$(reason_all "$TEST_TMP/403.json")" proxy-refused \
    "tinyproxy refusing the port (403): every cell proxy-refused"
check "  the detail quotes 403 Access violation" -- grep -q "403 Access violation" "$TEST_TMP/403.json"

px_tinyproxy auth "ConnectPort $LAB_PORT
BasicAuth alice s3cr3t-pw" || { echo "Bail out! tinyproxy auth"; exit 1; }
AUTH_PORT=$PX_PORT
# shellcheck disable=SC2086
tm_run "$TEST_TMP/407.json" $COMMON --proxy "http://127.0.0.1:$AUTH_PORT" "$TARGET"
is "$(reason_all "$TEST_TMP/407.json")" proxy-auth \
    "tinyproxy with BasicAuth, no credentials (407): proxy-auth"
# shellcheck disable=SC2086
tm_run "$TEST_TMP/407bad.json" $COMMON --proxy "http://alice:wrong@127.0.0.1:$AUTH_PORT" "$TARGET"
is "$(reason_all "$TEST_TMP/407bad.json")" proxy-auth \
    "tinyproxy, wrong password: proxy-auth"
# shellcheck disable=SC2086
tm_run "$TEST_TMP/auth.json" $COMMON --proxy "http://alice:s3cr3t-pw@127.0.0.1:$AUTH_PORT" \
    --trace "$TEST_TMP/auth.trace" "$TARGET"
is "$(px_cell "$TEST_TMP/auth.json" "$B" python-3.12 verdict) $(px_cell "$TEST_TMP/auth.json" "$A" python-3.12 verdict)" \
    "fail ok" "tinyproxy with the right credentials: B fails, A works"
check "  the password is in neither the snapshot nor the trace" -- sh -c \
    "! grep -q -e s3cr3t -e alice '$TEST_TMP/auth.json' '$TEST_TMP/auth.json.err' '$TEST_TMP/auth.trace'"
# the text snapshot too
timeout 120 "$TLSMATRIX" --batch --dns "127.0.0.1:$LAB_DNS_PORT" --ca-file "$LAB_CA" \
    -p python-3.12 --proxy "http://alice:s3cr3t-pw@127.0.0.1:$AUTH_PORT" \
    "$TARGET" >"$TEST_TMP/auth.txt" 2>&1 </dev/null
check "  nor in the text snapshot" -- sh -c "! grep -q -e s3cr3t -e alice '$TEST_TMP/auth.txt'"
check "  whose header names the proxy, redacted" -- \
    grep -q -x -F "proxy:      http://***:***@127.0.0.1:$AUTH_PORT" "$TEST_TMP/auth.txt"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"]["proxy"])' "$TEST_TMP/auth.json")" \
    "http://***:***@127.0.0.1:$AUTH_PORT" "  and so does the JSON's target.proxy"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"]["proxy"])' "$TEST_TMP/direct.json")" \
    None "  which is null when direct"

px_danted block none "socks block { from: 0.0.0.0/0 to: $B/32
	log: connect
}" ||
    { echo "Bail out! danted block"; exit 1; }
# shellcheck disable=SC2086
tm_run "$TEST_TMP/block.json" $COMMON --proxy "socks5://127.0.0.1:$PX_PORT" "$TARGET"
is "$(px_cell "$TEST_TMP/block.json" "$B" python-3.9 reason) $(px_cell "$TEST_TMP/block.json" "$A" python-3.9 verdict)" \
    "proxy-refused ok" "Dante blocking B: B proxy-refused (ruleset), A still works"

px_danted user username "" || { echo "Bail out! danted username"; exit 1; }
# shellcheck disable=SC2086
tm_run "$TEST_TMP/0xff.json" $COMMON --proxy "socks5://127.0.0.1:$PX_PORT" "$TARGET"
is "$(reason_all "$TEST_TMP/0xff.json")" proxy-auth \
    "Dante wanting a username (method 0xFF): proxy-auth"

DEAD=$(free_port)
# shellcheck disable=SC2086
tm_run "$TEST_TMP/dead.json" $COMMON --proxy "http://127.0.0.1:$DEAD" "$TARGET"
is "$(reason_all "$TEST_TMP/dead.json")" proxy-unreachable \
    "nothing on the proxy's port: proxy-unreachable"
# shellcheck disable=SC2086
tm_run "$TEST_TMP/garbage.json" $COMMON --proxy "http://127.0.0.1:$DS" "$TARGET"
is "$(reason_all "$TEST_TMP/garbage.json")" proxy-protocol \
    "http:// pointed at Dante: proxy-protocol"
# shellcheck disable=SC2086
tm_run "$TEST_TMP/tls.json" $COMMON --proxy "socks5://$A:$LAB_PORT" "$TARGET"
is "$(reason_all "$TEST_TMP/tls.json")" proxy-protocol \
    "socks5:// pointed at a TLS server: proxy-protocol"

# --- the environment ------------------------------------------------------------
before=$(grep -c . "$TP_LOG")
# shellcheck disable=SC2086
https_proxy=http://127.0.0.1:$TP tm_run "$TEST_TMP/env-off.json" $COMMON "$TARGET"
is "$(grep -c . "$TP_LOG")" "$before" "https_proxy alone is ignored (no --proxy-env)"
# shellcheck disable=SC2086
https_proxy=http://127.0.0.1:$TP tm_run "$TEST_TMP/env-on.json" $COMMON --proxy-env "$TARGET"
ok "$([ "$(grep -c . "$TP_LOG")" -gt "$before" ] && echo 0 || echo 1)" \
    "--proxy-env uses https_proxy"
is "$(px_cell "$TEST_TMP/env-on.json" "$B" python-3.12 verdict)" fail "  and B still fails"
before=$(grep -c . "$TP_LOG")
# shellcheck disable=SC2086
NO_PROXY=.lab.test https_proxy=http://127.0.0.1:$TP tm_run "$TEST_TMP/env-no.json" $COMMON --proxy-env "$TARGET"
is "$(grep -c . "$TP_LOG")" "$before" "NO_PROXY=.lab.test: direct"
# shellcheck disable=SC2086
ALL_PROXY=ftp://x tm_run "$TEST_TMP/env-bad.json" $COMMON --proxy-env "$TARGET"
is "$rc" 2 "a bad ALL_PROXY with --proxy-env is a usage error"
check "  naming the variable" -- grep -q "ALL_PROXY" "$TEST_TMP/env-bad.json.err"

done_testing
