#!/bin/sh
# client_cert.sh: servers that ask for a client certificate (issue #15).
#
# nginx with ssl_verify_client on and optional, TLS 1.2 and TLS 1.3 (on
# finishes the handshake and answers 400 "No required SSL certificate was
# sent"), and openssl s_server -Verify 1 in TLS 1.3 (certificate_required
# after the client's Finished). For each, tlsmatrix's cells must say what
# the real clients meet: Python 3.12 (handshake, then GET /) and curl
# (its HTTP status) without a certificate, with one the server trusts and
# with one it does not (--cert/--key, curl --cert/--key).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx python3 curl timeout
[ -x "$LAB_PY312" ] || skip_all "no Python 3.12 at $LAB_PY312"

ON12=127.0.0.61 ON13=127.0.0.62 OPT12=127.0.0.63 OPT13=127.0.0.64
NAME=cc.lab.test
PKI=$TEST_TMP/pki
lab_certs "$PKI" || { echo "Bail out! lab_certs failed"; exit 1; }
# A client certificate from the lab CA (P-256), one from nowhere (Ed25519).
(
cd "$PKI" || exit 1
printf 'extendedKeyUsage = clientAuth\n' >client.ext
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=lab client" -keyout client.key -out client.csr &&
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key \
    -CAcreateserial -days 2 -extfile client.ext -out client.pem &&
openssl req -x509 -newkey ed25519 -nodes -subj "/CN=stranger" -days 2 \
    -keyout stranger.key -out stranger.pem
) >"$TEST_TMP/pki.log" 2>&1 || { echo "Bail out! client certificates"; exit 1; }

block() {	# block ADDR PROTOCOLS VERIFY
	printf '\tserver { listen %s:@PORT@ ssl; server_name %s;\n' "$1" "$NAME"
	printf '\t\tssl_certificate %s/rsa.pem; ssl_certificate_key %s/rsa.key;\n' \
	    "$PKI" "$PKI"
	printf '\t\tssl_protocols %s; ssl_client_certificate %s/ca.pem;\n' \
	    "$2" "$PKI"
	printf '\t\tssl_verify_client %s; location / { return 200 "hi\\n"; } }\n' "$3"
}
LAB_NGINX_EXTRA=$(block $ON12 TLSv1.2 on; block $ON13 TLSv1.3 on;
    block $OPT12 TLSv1.2 optional; block $OPT13 TLSv1.3 optional)
LAB_EXTRA_ADDRS="$ON12 $ON13 $OPT12 $OPT13"
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
P=$LAB_PORT
ok 0 "nginx: verify on/optional x TLS 1.2/1.3 on port $P"

# tm OUT ADDR [ARGS...]: tlsmatrix's JSON for NAME at ADDR
tm() {
	_o=$1 _a=$2; shift 2
	timeout 60 "$TLSMATRIX" --batch --json -p python-3.12,curl-7.88 \
	    --profile-dir "$TOP_SRCDIR/data/profiles" --ca-file "$LAB_CA" \
	    --timeout 4000 "$@" --resolve "$NAME:$P:$_a" "$NAME:$P" \
	    </dev/null >"$_o" 2>"$_o.err"
}
# cells FILE: "reason verdict" of each cell, then the CA names once
cells() {
	python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["cells"]:
    a = c.get("client_auth") or {}
    print(c["reason"], a.get("verdict"), a.get("alert"))
a = d["cells"][0].get("client_auth") or {}
print(a.get("ca_names"), len(a.get("sigalgs") or []) > 0)
EOF
}
# real ADDR [CERT KEY]: "python=STATUS curl=STATUS": what Python 3.12 (a
# handshake, then GET /) and curl get; STATUS is the HTTP code or "tls"
real() {
	_a=$1
	_py=$("$LAB_PY312" - "$LAB_CA" "$_a" "$P" "$NAME" "${2:-}" "${3:-}" <<'EOF'
import socket, ssl, sys
ca, addr, port, name, cert, key = sys.argv[1:7]
ctx = ssl.create_default_context(cafile=ca)
if cert:
    ctx.load_cert_chain(cert, key)
try:
    s = ctx.wrap_socket(socket.create_connection((addr, int(port)), 5),
                        server_hostname=name)
    s.sendall(b"GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
              % name.encode())
    print(s.recv(4096).split(b" ")[1].decode())
except (ssl.SSLError, OSError) as e:
    print("tls")
EOF
)
	_curl=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
	    --cacert "$LAB_CA" ${2:+--cert "$2" --key "$3"} \
	    --resolve "$NAME:$P:$_a" "https://$NAME:$P/" 2>/dev/null)
	[ "$_curl" = 000 ] && _curl=tls
	echo "python=$_py curl=$_curl"
}

for a in $ON12 $ON13 $OPT12 $OPT13; do
	case $a in $ON12|$ON13) v=on ;; *) v=optional ;; esac
	tm "$TEST_TMP/$a.json" "$a"
	got=$(cells "$TEST_TMP/$a.json" | tr '\n' '|')
	r=$(real "$a")
	if [ $v = on ]; then
		is "$got" "client-cert-required required None|client-cert-required required None|['CN=tlsmatrix lab CA'] True|" \
		    "$a (verify on): every profile needs a certificate; the CA asked for"
		is "$r" "python=400 curl=400" "$a (verify on): the real clients are refused (HTTP 400)"
	else
		is "$got" "None optional None|None optional None|['CN=tlsmatrix lab CA'] True|" \
		    "$a (verify optional): no failure, the request noted"
		is "$r" "python=200 curl=200" "$a (verify optional): the real clients get through"
	fi
done

# --cert: a certificate the server trusts, and one it does not.
for a in $ON12 $ON13; do
	tm "$TEST_TMP/$a.good.json" "$a" --cert "$PKI/client.pem" --key "$PKI/client.key"
	is "$(cells "$TEST_TMP/$a.good.json" | sed -n 1p)" "None accepted None" \
	    "$a: --cert from the CA asked for: accepted"
	is "$(real "$a" "$PKI/client.pem" "$PKI/client.key")" "python=200 curl=200" \
	    "$a: the real clients with it get through"
	tm "$TEST_TMP/$a.bad.json" "$a" --cert "$PKI/stranger.pem" --key "$PKI/stranger.key"
	is "$(cells "$TEST_TMP/$a.bad.json" | sed -n 1p)" "client-cert-required rejected None" \
	    "$a: --cert (Ed25519) from elsewhere: rejected"
	is "$(real "$a" "$PKI/stranger.pem" "$PKI/stranger.key")" "python=400 curl=400" \
	    "$a: the real clients with it are refused"
done

# openssl s_server -Verify 1, TLS 1.3: certificate_required after the
# client's Finished.
SP=$(free_port)
openssl s_server -accept "127.0.0.65:$SP" -cert "$PKI/rsa.pem" \
    -key "$PKI/rsa.key" -CAfile "$LAB_CA" -Verify 1 -tls1_3 -www -quiet \
    </dev/null >"$TEST_TMP/s_server.log" 2>&1 &
spid=$!
on_exit "kill $spid 2>/dev/null; wait $spid 2>/dev/null"
wait_for 10 lab_accepts 127.0.0.65 "$SP" || { echo "Bail out! s_server"; exit 1; }
P=$SP
tm "$TEST_TMP/sserver.json" 127.0.0.65 --no-scan
is "$(cells "$TEST_TMP/sserver.json" | sed -n 1p)" \
    "client-cert-required required certificate_required" \
    "s_server -Verify (TLS 1.3): client-cert-required, alert certificate_required"
is "$(real 127.0.0.65 | cut -d' ' -f1)" "python=tls" \
    "s_server -Verify: the real Python fails in TLS"

# Bad flags are usage errors naming what is wrong.
"$TLSMATRIX" --batch --cert "$PKI/client.pem" x.test >/dev/null 2>"$TEST_TMP/e1"
is "$?" 2 "--cert without --key: exit 2"
grep -q -- '--cert needs --key' "$TEST_TMP/e1"; ok $? "... and says so"
"$TLSMATRIX" --batch --cert "$TEST_TMP/none.pem" --key "$PKI/client.key" \
    --resolve "x.test:1:127.0.0.1" x.test:1 >/dev/null 2>"$TEST_TMP/e2"
is "$?" 2 "--cert of a missing file: exit 2"
grep -q "none.pem" "$TEST_TMP/e2"; ok $? "... naming the file"
"$TLSMATRIX" --batch --cert "$PKI/client.pem" --key "$PKI/stranger.key" \
    --resolve "x.test:1:127.0.0.1" x.test:1 >/dev/null 2>"$TEST_TMP/e3"
is "$?" 2 "--key that does not match --cert: exit 2"
grep -q "does not match" "$TEST_TMP/e3"; ok $? "... and says so"
done_testing
