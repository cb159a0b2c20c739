#!/bin/sh
# tests/e2e/scan_lab.sh: server enumeration against nginx backends of known
# configuration.
#
# The incident lab (A, B, the A twin and, where ::1 works, the modern
# TLS 1.2+1.3 backend) plus four backends of its own: TLS 1.3 only with
# P-384 only and its own suite order (so a usual first hello gets a
# HelloRetryRequest), DHE with a 2048-bit group, a server that follows the
# client's order, and one that still speaks TLS 1.0 and 1.1. For each,
# the `servers` entry of tlsmatrix's JSON must list exactly the
# configured protocols, suites (in the server's order when it has one),
# groups, DH size and certificate. Run by make check (TAP).

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx python3 timeout

lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
lab_scan_servers || { echo "Bail out! cannot write DH parameters"; exit 1; }
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
ok 0 "nginx serves $LAB_ADDRS $LAB_EXTRA_ADDRS on port $LAB_PORT"

ALL="$LAB_ADDR_A,$LAB_ADDR_B,$ADDR_T13,$ADDR_DHE,$ADDR_CPREF,$ADDR_OLD"
[ -n "$LAB_ADDR_V6" ] && ALL="$ALL,[$LAB_ADDR_V6]"
J=$TEST_TMP/scan.json
timeout 120 "$TLSMATRIX" --batch --json -p python-3.12 \
    --profile-dir "$TOP_SRCDIR/data/profiles" --ca-file "$LAB_CA" \
    --resolve "$LAB_NAME:$LAB_PORT:$ALL" "$LAB_NAME:$LAB_PORT" \
    </dev/null >"$J" 2>"$J.err"
rc=$?
sed 's/^/#   stderr: /' "$J.err"
ok $([ "$rc" -le 1 ] && echo 0 || echo 1) "tlsmatrix ran (exit $rc)"

# srv ADDR EXPR: a Python expression over the servers entry s of ADDR
# (None when absent); v(VERSION) is its protocol entry or {}.
srv() {
	python3 - "$J" "$1" "$2" <<'EOF'
import ipaddress, json, sys
def norm(a):
    try:
        return ipaddress.ip_address(str(a).strip("[]")).compressed
    except ValueError:
        return a
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("unparsable: %s" % e); sys.exit(0)
m = [x for x in d.get("servers", []) if norm(x.get("address")) == norm(sys.argv[2])]
s = m[0] if len(m) == 1 else None
def v(name):
    for p in (s or {}).get("protocols", []):
        if p.get("version") == name:
            return p
    return {}
def versions():
    return " ".join(p["version"] for p in (s or {}).get("protocols", []))
def ciphers(name):
    return " ".join(v(name).get("ciphers", []))
def cset(name):
    return " ".join(sorted(v(name).get("ciphers", [])))
try:
    r = eval(sys.argv[3])
except Exception as e:
    r = "error: %s: %s" % (type(e).__name__, e)
print("null" if r is None else ("true" if r is True else "false" if r is False else r))
EOF
}

# The IANA names of the OpenSSL suites used here (RFC 5246, 5288, 5289).
ECDHE_RSA_AES128_SHA=TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
ECDHE_RSA_AES256_SHA384=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
RSA_AES256_SHA=TLS_RSA_WITH_AES_256_CBC_SHA
RSA_AES128_SHA=TLS_RSA_WITH_AES_128_CBC_SHA
ECDHE_RSA_AES128_GCM=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
ECDHE_RSA_AES256_GCM=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
DHE_RSA_AES128_GCM=TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
DHE_RSA_AES256_GCM=TLS_DHE_RSA_WITH_AES_256_GCM_SHA384

DEFAULT_CURVES="x25519 secp256r1 x448 secp521r1 secp384r1"

# --- A and B: the incident ---------------------------------------------------
is "$(srv $LAB_ADDR_A 'versions()')" "TLSv1.2" "A: TLS 1.2 only"
is "$(srv $LAB_ADDR_A 'ciphers("TLSv1.2")')" \
    "$ECDHE_RSA_AES128_SHA $ECDHE_RSA_AES256_SHA384 $RSA_AES256_SHA $RSA_AES128_SHA" \
    "A: the 4 configured suites in nginx's order"
is "$(srv $LAB_ADDR_A 'v("TLSv1.2").get("server_preference")')" true \
    "A: server preference"
is "$(srv $LAB_ADDR_A '" ".join(s["groups"])')" "$DEFAULT_CURVES" \
    "A: OpenSSL's default curves"
is "$(srv $LAB_ADDR_A 's["certificate"]["subject"]')" "CN=$LAB_NAME" \
    "A: certificate subject"
is "$(srv $LAB_ADDR_A 's["chain_length"]')" 1 "A: nginx sends the leaf only"
is "$(srv $LAB_ADDR_A 's["dh_bits"]')" null "A: no DHE"
diag "A: $(srv $LAB_ADDR_A 's["connections"]') connections"

is "$(srv $LAB_ADDR_B 'versions()')" "TLSv1.2" "B: TLS 1.2 only"
is "$(srv $LAB_ADDR_B 'ciphers("TLSv1.2")')" \
    "$RSA_AES256_SHA $RSA_AES128_SHA" \
    "B: AES256-SHA, AES128-SHA in order"
is "$(srv $LAB_ADDR_B 's["groups"]')" "[]" "B: no groups"
diag "B: $(srv $LAB_ADDR_B 's["connections"]') connections"

# --- TLS 1.3 only, P-384 only ------------------------------------------------
is "$(srv $ADDR_T13 'versions()')" "TLSv1.3" "T13: TLS 1.3 only"
is "$(srv $ADDR_T13 'ciphers("TLSv1.3")')" \
    "TLS_CHACHA20_POLY1305_SHA256 TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384" \
    "T13: the configured suites in its order"
is "$(srv $ADDR_T13 'v("TLSv1.3").get("server_preference")')" true \
    "T13: server preference"
is "$(srv $ADDR_T13 '" ".join(s["groups"])')" secp384r1 "T13: P-384 only"
is "$(srv $ADDR_T13 's["hello_retry_request"]')" true "T13: HRR noticed"
is "$(srv $ADDR_T13 's["certificate"]["subject"]')" "CN=$LAB_NAME" \
    "T13: certificate through an OpenSSL handshake"
diag "T13: $(srv $ADDR_T13 's["connections"]') connections"

# --- DHE 2048 ----------------------------------------------------------------
is "$(srv $ADDR_DHE 'ciphers("TLSv1.2")')" \
    "$DHE_RSA_AES256_GCM $DHE_RSA_AES128_GCM" \
    "DHE: the 2 suites in order"
is "$(srv $ADDR_DHE 's["dh_bits"]')" 2048 "DHE: 2048-bit group"
diag "DHE: $(srv $ADDR_DHE 's["connections"]') connections"

# --- the client's order ------------------------------------------------------
is "$(srv $ADDR_CPREF 'cset("TLSv1.2")')" \
    "$ECDHE_RSA_AES128_GCM $ECDHE_RSA_AES256_GCM $RSA_AES128_SHA" \
    "client preference: the 3 suites"
is "$(srv $ADDR_CPREF 'v("TLSv1.2").get("server_preference")')" false \
    "client preference: detected"

# --- TLS 1.0 to 1.2 ----------------------------------------------------------
is "$(srv $ADDR_OLD 'versions()')" "TLSv1.2 TLSv1.1 TLSv1" \
    "old: TLS 1.2, 1.1 and 1.0, not SSLv3"
for _v in TLSv1.2 TLSv1.1 TLSv1; do
	is "$(srv $ADDR_OLD "ciphers(\"$_v\")")" \
	    "$ECDHE_RSA_AES128_SHA $RSA_AES128_SHA" "old: $_v suites in order"
done
diag "old: $(srv $ADDR_OLD 's["connections"]') connections"

# --- the modern backend, where ::1 works -------------------------------------
if [ -n "$LAB_ADDR_V6" ]; then
	is "$(srv $LAB_ADDR_V6 'versions()')" "TLSv1.3 TLSv1.2" \
	    "modern: TLS 1.3 and 1.2"
	# OpenSSL's own expansion of the cipher string, RSA ones only (the
	# lab key is RSA), is nginx's TLS 1.2 order.
	want=$(openssl ciphers -stdname "$LAB_CIPHERS_MODERN" |
	    awk '$NF == "Au=RSA" || / Au=RSA / {print $1}' | tr '\n' ' ' |
	    sed 's/ $//')
	is "$(srv $LAB_ADDR_V6 'ciphers("TLSv1.2")')" "$want" \
	    "modern: TLS 1.2 suites in nginx's order"
	is "$(srv $LAB_ADDR_V6 'ciphers("TLSv1.3")')" \
	    "TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256 TLS_AES_128_GCM_SHA256" \
	    "modern: OpenSSL's TLS 1.3 suites in its order"
	# OpenSSL 3.0's default list also has the RFC 7919 groups, which
	# only TLS 1.3 negotiates by name.
	is "$(srv $LAB_ADDR_V6 '" ".join(s["groups_tls13"])')" \
	    "$DEFAULT_CURVES ffdhe2048 ffdhe3072 ffdhe4096 ffdhe6144 ffdhe8192" \
	    "modern: OpenSSL's default TLS 1.3 groups"
	is "$(srv $LAB_ADDR_V6 '" ".join(s["groups_tls12"])')" "$DEFAULT_CURVES" \
	    "modern: OpenSSL's default curves for TLS 1.2"
	is "$(srv $LAB_ADDR_V6 's["hello_retry_request"]')" false \
	    "modern: no HRR for an x25519 share"
fi

done_testing
