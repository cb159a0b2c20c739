# tests/lab/trust/servers.sh: the trust lab's servers (issue #14 item 7).
#
# Sourced after tests/lib.sh and tests/lab/lab.sh by tests/e2e/trust_lab.sh.
# trust_servers DIR: builds the PKI (tests/lab/trust/pki.sh) in DIR and
# adds one nginx server block per case, each on its own loopback address
# from 127.0.1.1 on (LAB_NGINX_EXTRA, LAB_EXTRA_ADDRS), then starts nginx
# (lab_nginx_start) and the AIA server (plain HTTP on TRUST_AIA_ADDR,
# serving only the omitted intermediate). nginx sends the certificate file
# as written, leaf first: the "order" case reverses the intermediates after
# the leaf, which is the out-of-order chain real servers send (TLS 1.3
# allows it; RFC 8446 4.4.2). Sets TRUST_DIR, TRUST_SERVERS ("case=address
# ..."), TRUST_AIA_URL and TRUST_ACCESS_LOG (every case's requests, one
# access log). Everything stops on exit. POSIX sh.
# shellcheck disable=SC2034

TRUST_NAME=www.trust.lab.test
TRUST_AIA_ADDR=127.0.1.200
TRUST_CASES="good aia cross order extra cnonly iponly wild cnsan eku big"

# _trust_aia_up ADDR PORT: the AIA server answers with the intermediate.
_trust_aia_up() {
	python3 - "$1" "$2" <<'PY' >/dev/null 2>&1
import sys, urllib.request
u = "http://%s:%s/ia.der" % (sys.argv[1], sys.argv[2])
h = urllib.request.ProxyHandler({})
d = urllib.request.build_opener(h).open(u, timeout=1).read()
sys.exit(0 if d[:1] == b"\x30" else 1)
PY
}

trust_servers() {
	TRUST_DIR=$1
	TRUST_AIA_PORT=$(free_port)
	TRUST_AIA_URL=http://$TRUST_AIA_ADDR:$TRUST_AIA_PORT
	IPONLY_ADDR=127.0.1.7 sh "$TOP_SRCDIR/tests/lab/trust/pki.sh" \
	    "$TRUST_DIR" "$TRUST_NAME" "$TRUST_AIA_URL" \
	    >"$TEST_TMP/pki.log" 2>&1 || { cat "$TEST_TMP/pki.log" >&2; return 1; }
	TRUST_ACCESS_LOG=$TRUST_DIR/access.log
	TRUST_SERVERS=
	_n=1
	for _c in $TRUST_CASES; do
		_a=127.0.1.$_n
		LAB_NGINX_EXTRA="$LAB_NGINX_EXTRA
$(lab_server_block "$_a:@PORT@" "TLSv1.2 TLSv1.3" 'ECDHE+AESGCM:ECDHE+CHACHA20' \
	    "$TRUST_DIR/$_c.chain.pem" "$TRUST_DIR/$_c.key" off \
	    "access_log $TRUST_ACCESS_LOG")"
		LAB_EXTRA_ADDRS="$LAB_EXTRA_ADDRS $_a"
		TRUST_SERVERS="$TRUST_SERVERS $_c=$_a"
		_n=$((_n + 1))
	done
	TRUST_SERVERS=${TRUST_SERVERS# }
	mkdir -p "$TRUST_DIR/aia" && cp "$TRUST_DIR/ia.der" "$TRUST_DIR/aia/" || return 1
	python3 -m http.server --bind "$TRUST_AIA_ADDR" --directory "$TRUST_DIR/aia" \
	    "$TRUST_AIA_PORT" </dev/null >"$TEST_TMP/aia.log" 2>&1 &
	TRUST_AIA_PID=$!
	on_exit "kill $TRUST_AIA_PID 2>/dev/null; wait $TRUST_AIA_PID 2>/dev/null"
	wait_for 10 _trust_aia_up "$TRUST_AIA_ADDR" "$TRUST_AIA_PORT" || {
		echo "# the AIA server did not come up" >&2; return 1; }
	lab_nginx_start
}
