#!/bin/sh
# tests/e2e/families.sh: every suite family, group and key type, as each
# real client decides it.
#
# Issue #15 item 5. Servers beyond nginx, each on its own loopback
# address from 127.0.0.60 on, one shared port: `openssl s_server` (one
# per address) offering CCM and CCM_8 (TLS 1.2 and 1.3), Camellia, ARIA,
# CBC with SHA-256/384, DHE with ChaCha20; X448, P-521 or ffdhe3072 as the
# only group; a HelloRetryRequest (P-256 only in TLS 1.3); Ed25519, Ed448,
# RSA-PSS, ECDSA P-384 and P-521 certificates; TLS 1.3 suites in the
# server's order and in the client's; and `gnutls-serv` (which binds every
# address, so it runs in a network namespace of its own behind one
# loopback address: tests/lab/ns_server.py) with its NORMAL priorities
# and with Camellia-GCM only. Every real client present
# (tests/lab/clients.sh, as tests/e2e/fidelity.sh) connects to each, and
# tlsmatrix's default run (enumeration, then probes) must agree pair by
# pair (every cell probed, --no-scan): the verdict, the protocol and
# suite on success, the reason on failure. Missing clients are counted SKIPs; a mismatch is `not ok`.
# Run by make check (TAP).

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
. "$TOP_SRCDIR/tests/lab/clients.sh"

lab_need_tools openssl python3 timeout

# --- certificates ---------------------------------------------------------------
lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
P=$TEST_TMP/pki
(
cd "$P" || exit 1
leaf() {	# leaf NAME GENPKEY-ARGS...: a key and a leaf signed by the CA
	_n=$1
	shift
	openssl genpkey "$@" -out "$_n.key" &&
	openssl req -new -key "$_n.key" -config leaf.cnf -out "$_n.csr" &&
	openssl x509 -req -in "$_n.csr" -CA ca.pem -CAkey ca.key \
	    -CAcreateserial -sha256 -days 30 -extfile leaf.cnf -extensions ec \
	    -out "$_n.pem"
}
leaf ed25519 -algorithm ED25519 &&
leaf ed448 -algorithm ED448 &&
leaf rsapss -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 &&
leaf p384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384 &&
leaf p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521 &&
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 \
    -out dh2048.pem
) >"$P/families.log" 2>&1 ||
    { sed 's/^/# /' "$P/families.log"; echo "Bail out! certificates"; exit 1; }
CA=$LAB_CA
RSA="$LAB_CERT_RSA $LAB_KEY_RSA"
EC="$LAB_CERT_EC $LAB_KEY_EC"
T13='TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384'

# --- the servers ----------------------------------------------------------------
# One line per server: LABEL CERT KEY s_server-OPTIONS...
SERVERS_TXT=$TEST_TMP/servers.txt
cat >"$SERVERS_TXT" <<EOF
ccm $EC -tls1_2 -cipher ECDHE-ECDSA-AES128-CCM:ECDHE-ECDSA-AES256-CCM
ccm8 $EC -tls1_2 -cipher ECDHE-ECDSA-AES128-CCM8:ECDHE-ECDSA-AES256-CCM8
ccm-tls13 $RSA -tls1_3 -ciphersuites TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256
camellia $RSA -tls1_2 -dhparam $P/dh2048.pem -cipher ECDHE-RSA-CAMELLIA128-SHA256:DHE-RSA-CAMELLIA256-SHA256:CAMELLIA128-SHA
aria $RSA -tls1_2 -dhparam $P/dh2048.pem -cipher ECDHE-ARIA256-GCM-SHA384:DHE-RSA-ARIA128-GCM-SHA256:ARIA128-GCM-SHA256
cbc-sha2 $RSA -tls1_2 -serverpref -cipher ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:AES256-SHA256
dhe-chacha $RSA -tls1_2 -dhparam $P/dh2048.pem -cipher DHE-RSA-CHACHA20-POLY1305
x448-only $RSA -groups X448
p521-only $RSA -groups P-521
ffdhe3072-only $RSA -tls1_3 -groups ffdhe3072
hrr-p256 $RSA -tls1_3 -groups P-256
ed25519 $P/ed25519.pem $P/ed25519.key
ed448 $P/ed448.pem $P/ed448.key
rsa-pss $P/rsapss.pem $P/rsapss.key
ecdsa-p384 $P/p384.pem $P/p384.key
ecdsa-p521 $P/p521.pem $P/p521.key
t13-server-order $RSA -tls1_3 -serverpref -ciphersuites $T13
t13-client-order $RSA -tls1_3 -ciphersuites $T13
EOF
PORT=
SERVERS=
n=60
tries=0
while [ -z "$PORT" ] && [ "$tries" -lt 3 ]; do
	tries=$((tries + 1))
	PORT=$(free_port)
	n=60
	SERVERS=
	PIDS=
	# All started first, then each waited for.
	while read -r label cert key opts; do
		addr=127.0.0.$n
		n=$((n + 1))
		# $opts is split on purpose: options hold no blanks.
		# shellcheck disable=SC2086
		lab_s_server "$addr" "$PORT" "$cert" "$key" $opts
		PIDS="$PIDS $LAB_S_SERVER_PID"
		SERVERS="${SERVERS:+$SERVERS }$label=$addr"
	done <"$SERVERS_TXT"
	# shellcheck disable=SC2086
	set -- $PIDS
	for s in $SERVERS; do
		addr=${s#*=}
		if ! lab_s_server_up "$addr" "$PORT" "$1"; then
			diag "s_server ${s%%=*} on $addr:$PORT: $(head -c 300 "$TEST_TMP/s_server-$addr.log")"
			for p in $PIDS; do kill "$p" 2>/dev/null; done
			PORT=
			break
		fi
		shift
	done
done
[ -n "$PORT" ] || { echo "Bail out! openssl s_server did not come up"; exit 1; }
ok 0 "openssl s_server: $(echo "$SERVERS" | wc -w) servers on port $PORT"

# gnutls-serv, each in a network namespace of its own (needs root).
if command -v gnutls-serv >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
	for g in "gnutls-normal NORMAL" \
	    "gnutls-camellia-gcm NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CAMELLIA-128-GCM:+CAMELLIA-256-GCM"; do
		label=${g%% *} prio=${g#* }
		addr=127.0.0.$n
		n=$((n + 1))
		if lab_ns_server "$addr" "$PORT" 900 gnutls-serv \
		    --x509certfile "$LAB_CERT_RSA" --x509keyfile "$LAB_KEY_RSA" \
		    --priority "$prio" -p @PORT@; then
			SERVERS="$SERVERS $label=$addr"
			ok 0 "gnutls-serv $label in its own network namespace, relayed from $addr"
		else
			ok 1 "gnutls-serv $label in its own network namespace, relayed from $addr"
			sed 's/^/#   /' "$TEST_TMP/ns_server-$addr.log"
		fi
	done
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP gnutls-serv: not installed, or unshare -n not allowed (needs root)"
fi

# --- the real clients -------------------------------------------------------------
lab_clients_find "$CA" "$LAB_NAME"
lab_clients_skips
PROFILES=$LAB_PROFILES
[ -n "$PROFILES" ] || { diag "no real client found"; done_testing; }
REAL=$TEST_TMP/real
# s_server answers one connection at a time: fewer clients at once, so
# none waits behind the others past its own timeout.
t0=$(date +%s)
LAB_CLIENT_JOBS=5 lab_clients_run "$SERVERS" "$PORT" "$REAL"
diag "real clients: $(($(date +%s) - t0)) s"

# --- tlsmatrix: every server as one name's addresses -------------------------------
ADDRS=$(for s in $SERVERS; do printf '%s,' "${s#*=}"; done)
ADDRS=${ADDRS%,}
# --no-scan: every cell probed, which is what is compared here;
# tests/e2e/fidelity.sh checks that the enumeration settles cells as the
# probes read them.
t0=$(date +%s)
timeout 300 "$TLSMATRIX" --batch --json --no-scan \
    --resolve "$LAB_NAME:$PORT:$ADDRS" --ca-file "$CA" \
    --timeout 5000 -p "$PROFILES" "$LAB_NAME:$PORT" \
    </dev/null >"$TEST_TMP/matrix.json" 2>"$TEST_TMP/matrix.err"
rc=$?
ok "$([ "$rc" -le 1 ] && echo 0 || echo 1)" \
    "tlsmatrix ran (exit $rc, $(($(date +%s) - t0)) s)"
[ -s "$TEST_TMP/matrix.err" ] && sed 's/^/#   stderr: /' "$TEST_TMP/matrix.err"

# --- compare ------------------------------------------------------------------------
lab_clients_compare "$TEST_TMP/matrix.json" "$REAL" "$SERVERS" "$PROFILES" \
    >"$TEST_TMP/compare.tsv"
lab_clients_report families "$TEST_TMP/compare.tsv"
total=$(wc -l <"$TEST_TMP/compare.tsv")
good=$(grep -c '^ok' "$TEST_TMP/compare.tsv")
echo "# families: $good/$total pairs match"

done_testing
