#!/bin/sh
# tests/e2e/starttls_lab.sh: real directory and database servers (#17).
#
# Debian's slapd (LDAP StartTLS, RFC 4511 §4.14), PostgreSQL 15
# (SSLRequest) and MariaDB 10.11 (the SSL request of the handshake), each
# started here on a high loopback port as the user nobody, with its own
# configuration and data in $TEST_TMP, with the lab's certificate for
# shop.lab.test; stopped on exit. PostgreSQL is set up like the
# incident's B (TLS 1.2 only, RSA key exchange only). For each:
#   - tlsmatrix --starttls PROTO enumerates exactly the (version, suite)
#     pairs sslscan --starttls-PROTO finds on the same server;
#   - the real Python client of that service agrees with its profile's
#     cell (verdict, protocol, suite): ldap3's start_tls and PyMySQL on
#     Debian's Python 3.11 (python-3.11), psycopg2 with sslmode=require
#     (libpq on Debian's OpenSSL 3.0: openssl-3.0);
#   - python-3.12 fails on PostgreSQL for want of a shared suite, as on B.
# PostgreSQL is also reached through Dante (SOCKS5): the proxy's tunnel,
# then the SSLRequest, then TLS, every cell as directly. TAP.

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
. "$TOP_SRCDIR/tests/lab/proxies.sh"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
lab_need_tools openssl python3 timeout sslscan slapd mariadbd mariadb-install-db setpriv
[ -x "$PGBIN/postgres" ] || skip_all "PostgreSQL not found (apt-get install postgresql)"
[ "$(id -u)" -eq 0 ] || skip_all "needs root to run the servers as nobody"

lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
ADDR=$LAB_ADDR_A	# in the lab certificate's names
D=$TEST_TMP/srv
_px_dir "$D" || { echo "Bail out! $D"; exit 1; }
cp "$LAB_CERT_RSA" "$D/cert.pem" && cp "$LAB_KEY_RSA" "$D/key.pem" &&
    chown nobody "$D/cert.pem" "$D/key.pem" && chmod 600 "$D/key.pem" ||
    { echo "Bail out! certificate copy"; exit 1; }

as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
# (exec ...) &: $! is the server itself, which the exit hook kills

# accepting ADDR PORT: true once the server takes TCP connections
accepting() { lab_accepts "$1" "$2"; }

# start NAME PORT CMD...: CMD as nobody in the background, killed on
# exit; waits (30 s at most) until PORT accepts
start() {
	_n=$1 _p=$2; shift 2
	(exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@") \
	    </dev/null >"$D/$_n.log" 2>&1 &
	_pid=$!
	on_exit "kill $_pid 2>/dev/null; wait $_pid 2>/dev/null"
	if wait_for 30 accepting "$ADDR" "$_p"; then
		ok 0 "$_n listens on $ADDR:$_p as nobody"
		return 0
	fi
	sed "s/^/#   $_n: /" "$D/$_n.log"
	echo "Bail out! $_n did not start"
	exit 1
}

# --- slapd: StartTLS with its defaults (Debian builds it with GnuTLS) ------
LDAP_PORT=$(free_port)
cat >"$D/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
pidfile $D/slapd.pid
argsfile $D/slapd.args
TLSCertificateFile $D/cert.pem
TLSCertificateKeyFile $D/key.pem
EOF
start slapd "$LDAP_PORT" slapd -d 0 -h "ldap://$ADDR:$LDAP_PORT/" -f "$D/slapd.conf"

# --- PostgreSQL: like the incident's B -----------------------------------------
PG_PORT=$(free_port)
as_nobody "$PGBIN/initdb" -D "$D/pg" -A trust -U postgres --no-sync \
    >"$D/initdb.log" 2>&1 || { sed 's/^/#   /' "$D/initdb.log"; echo "Bail out! initdb"; exit 1; }
start postgres "$PG_PORT" "$PGBIN/postgres" -D "$D/pg" -k "$D" -p "$PG_PORT" \
    -h "$ADDR" -c fsync=off -c ssl=on -c "ssl_cert_file=$D/cert.pem" \
    -c "ssl_key_file=$D/key.pem" -c ssl_max_protocol_version=TLSv1.2 \
    -c "ssl_ciphers=$LAB_CIPHERS_B"

# --- MariaDB: TLS with its defaults ---------------------------------------------
MY_PORT=$(free_port)
as_nobody mariadb-install-db --no-defaults --datadir="$D/my" \
    --auth-root-authentication-method=normal --skip-test-db \
    >"$D/install-db.log" 2>&1 || { sed 's/^/#   /' "$D/install-db.log"; echo "Bail out! mariadb-install-db"; exit 1; }
start mariadb "$MY_PORT" mariadbd --no-defaults --datadir="$D/my" \
    --socket="$D/my.sock" --pid-file="$D/my.pid" --port="$MY_PORT" \
    --bind-address="$ADDR" --skip-grant-tables --skip-name-resolve \
    --ssl-cert="$D/cert.pem" --ssl-key="$D/key.pem"

PROFILES=python-3.9,python-3.11,python-3.12,openssl-3.0
COMMON="--batch --json --ca-file $LAB_CA --sni $LAB_NAME --timeout 5000 -p $PROFILES"

# pairs FILE: the enumeration's "VERSION OPENSSL-NAME" pairs, sorted
STDNAMES=$TEST_TMP/stdnames
openssl ciphers -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' >"$STDNAMES"
pairs() {
	python3 - "$1" "$STDNAMES" <<'EOF'
import json, sys
names = {}
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) >= 3 and f[1] == "-":
        names[f[0]] = f[2]
d = json.load(open(sys.argv[1]))
out = set()
for s in d["servers"]:
    for p in s.get("protocols") or []:
        for c in p["ciphers"]:
            out.add("%s %s" % (p["version"], names.get(c, c)))
print("\n".join(sorted(out)))
EOF
}
# sslscan_pairs OPTION PORT: what sslscan accepts, the same way
sslscan_pairs() {
	timeout 180 sslscan --no-colour --no-check-certificate --no-heartbleed \
	    --no-renegotiation --no-compression --no-fallback --no-groups \
	    "$1" "$ADDR:$2" 2>&1 |
	    awk '$1 == "Accepted" || $1 == "Preferred" { print $2, $5 }' | sort -u
}
# sclient_pairs PROTO PORT: every (version, suite) OpenSSL knows, each
# offered alone by openssl s_client -starttls PROTO at @SECLEVEL=0; the
# pairs the server completes a handshake with. DHE suites are left out:
# against slapd (GnuTLS) OpenSSL 3.0's client ends every DHE-only hello
# with its own decode_error alert (measured 2026-12), so s_client cannot
# show what the server accepts there.
sclient_pairs() {
	for v in tls1 tls1_1 tls1_2; do
		for c in $(openssl ciphers -s -$v 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' | tr ':' ' '); do
			case $c in DHE-*|*-DHE-*) continue ;; esac
			echo | timeout 5 openssl s_client -starttls "$1" -connect "$ADDR:$2" \
			    -$v -cipher "$c:@SECLEVEL=0" 2>/dev/null |
			    grep -q "Cipher is $c\$" && echo "$v $c"
		done
	done | sed 's/^tls1 /TLSv1 /; s/^tls1_1 /TLSv1.1 /; s/^tls1_2 /TLSv1.2 /'
	for c in TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256 \
	    TLS_AES_128_GCM_SHA256 TLS_AES_128_CCM_SHA256 TLS_AES_128_CCM_8_SHA256; do
		echo | timeout 5 openssl s_client -starttls "$1" -connect "$ADDR:$2" \
		    -tls1_3 -ciphersuites "$c" 2>/dev/null |
		    grep -q "Cipher is $c\$" && echo "TLSv1.3 $c"
	done
}

# cell FILE PROFILE: "verdict protocol cipher_openssl" of the one row
cell() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["cells"] if c["profile"] == sys.argv[2]]
print(" ".join(str(c[0].get(k)) for k in ("verdict", "protocol", "cipher_openssl")) if len(c) == 1 else "missing")' "$1" "$2"
}

# sslscan 2.0.7 fails every --starttls-ldap connection to slapd ("STARTLS
# LDAP connection ... failed with unknown error", measured 2026-12), and
# testssl.sh 3.0 does LDAP only with --ssl-native, where Debian's OpenSSL
# offers no TLS 1.0/1.1: openssl s_client is LDAP's peer here.
for svc in "ldap $LDAP_PORT s_client" "postgres $PG_PORT --starttls-psql" \
    "mysql $MY_PORT --starttls-mysql"; do
	set -- $svc
	proto=$1 port=$2 opt=$3
	J=$TEST_TMP/$proto.json
	# shellcheck disable=SC2086
	tm_run "$J" $COMMON --starttls "$proto" "$ADDR:$port"
	is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["servers"][0]["state"])' "$J" 2>&1)" \
	    done "$proto: the enumeration finished"
	pairs "$J" >"$TEST_TMP/$proto.ours"
	if [ "$opt" = s_client ]; then
		grep -v -e ' DHE-' "$TEST_TMP/$proto.ours" >"$TEST_TMP/$proto.ours.x"
		diag "$proto: DHE pairs not checked by s_client: $(grep -c ' DHE-' "$TEST_TMP/$proto.ours")"
		mv "$TEST_TMP/$proto.ours.x" "$TEST_TMP/$proto.ours"
		sclient_pairs "$proto" "$port" | sort -u >"$TEST_TMP/$proto.peer"
		opt="openssl s_client -starttls ldap (one suite per hello)"
	else
		sslscan_pairs "$opt" "$port" >"$TEST_TMP/$proto.peer"
		opt="sslscan $opt"
	fi
	diag "$proto: $(grep -c . "$TEST_TMP/$proto.ours") (version, suite) pairs; $opt: $(grep -c . "$TEST_TMP/$proto.peer")"
	if cmp -s "$TEST_TMP/$proto.ours" "$TEST_TMP/$proto.peer" &&
	    [ -s "$TEST_TMP/$proto.ours" ]; then
		ok 0 "$proto: the enumeration equals $opt"
	else
		ok 1 "$proto: the enumeration equals $opt"
		diff "$TEST_TMP/$proto.ours" "$TEST_TMP/$proto.peer" | sed 's/^/#   /'
	fi
done

# --- the real Python clients -----------------------------------------------------
PY=/usr/bin/python3
if $PY -c 'import ldap3' 2>/dev/null; then
	real=$($PY - "$ADDR" "$LDAP_PORT" "$LAB_CA" "$LAB_NAME" <<'EOF'
import ssl, sys, ldap3
addr, port, ca, name = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
try:
    t = ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=ca,
                  valid_names=[name], sni=name)
    c = ldap3.Connection(ldap3.Server(addr, port=port, tls=t,
                                      get_info=ldap3.NONE))
    c.open()
    if not c.start_tls():
        raise Exception("start_tls: %s" % c.result)
    print("ok", c.socket.version(), c.socket.cipher()[0])
except Exception as e:
    print("fail # %s" % e)
EOF
)
	diag "ldap3 start_tls (Python $($PY -c 'import platform; print(platform.python_version())')): $real"
	is "$(cell "$TEST_TMP/ldap.json" python-3.11)" "${real%% #*}" \
	    "ldap: python-3.11 agrees with ldap3's start_tls on Debian's Python 3.11"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP python3-ldap3 missing"
fi
if $PY -c 'import pymysql' 2>/dev/null; then
	real=$($PY - "$ADDR" "$MY_PORT" "$LAB_CA" <<'EOF'
import sys, pymysql
addr, port, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    # the address is in the certificate's names: the default context
    # checks the chain and the name, as the profile does for its name
    c = pymysql.connect(host=addr, port=port, user="root",
                        ssl={"ca": ca}, connect_timeout=5)
    print("ok", c._sock.version(), c._sock.cipher()[0])
except Exception as e:
    print("fail # %s" % e)
EOF
)
	diag "PyMySQL: $real"
	is "$(cell "$TEST_TMP/mysql.json" python-3.11)" "${real%% #*}" \
	    "mysql: python-3.11 agrees with PyMySQL on Debian's Python 3.11"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP python3-pymysql missing"
fi
if $PY -c 'import psycopg2' 2>/dev/null; then
	real=$($PY - "$ADDR" "$PG_PORT" <<'EOF'
import sys, psycopg2
addr, port = sys.argv[1], sys.argv[2]
try:
    c = psycopg2.connect(host=addr, port=port, user="postgres",
                         dbname="postgres", sslmode="require",
                         connect_timeout=5)
    i = c.info
    print("ok", i.ssl_attribute("protocol"), i.ssl_attribute("cipher"))
except Exception as e:
    print("fail # %s" % e)
EOF
)
	diag "psycopg2 sslmode=require (libpq): $real"
	got=$(cell "$TEST_TMP/postgres.json" openssl-3.0)
	is "$got" "${real%% #*}" "postgres: openssl-3.0 agrees with psycopg2/libpq (sslmode=require)"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP python3-psycopg2 missing"
fi
is "$(cell "$TEST_TMP/postgres.json" python-3.12 | cut -d' ' -f1) $(python3 -c 'import json,sys
print([c for c in json.load(open(sys.argv[1]))["cells"] if c["profile"] == "python-3.12"][0]["reason"])' "$TEST_TMP/postgres.json")" \
    "fail no-shared-cipher" "postgres like B: python-3.12 fails, no shared cipher"
is "$(cell "$TEST_TMP/postgres.json" python-3.9 | cut -d' ' -f1)" ok \
    "postgres like B: python-3.9 works"

# --- PostgreSQL through Dante: tunnel, SSLRequest, TLS ---------------------------
if [ -x "$PX_DANTED" ]; then
	px_danted pg none "" || { echo "Bail out! danted"; exit 1; }
	# shellcheck disable=SC2086
	tm_run "$TEST_TMP/pg-socks.json" $COMMON --no-scan --starttls postgres \
	    --proxy "socks5://127.0.0.1:$PX_PORT" "$ADDR:$PG_PORT"
	for p in python-3.9 python-3.12 openssl-3.0; do
		is "$(cell "$TEST_TMP/pg-socks.json" $p)" "$(cell "$TEST_TMP/postgres.json" $p)" \
		    "postgres via SOCKS5: $p as directly"
	done
	check "  Dante's log names the server" -- grep -q -F "$ADDR.$PG_PORT" "$PX_LOG"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP danted missing"
fi

done_testing
