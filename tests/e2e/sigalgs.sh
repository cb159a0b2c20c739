#!/bin/sh
# sigalgs.sh: signature schemes (issue #15). The enumeration lists the
# schemes a server signs with, per version; a server that can sign only
# with rsa_pkcs1_sha1 (openssl s_server -sigalgs RSA+SHA1 at @SECLEVEL=0)
# fails the profiles that do not offer it with no-shared-sigalg, naming
# both sides' lists, where the real Python 3.12 gets handshake_failure;
# a profile that offers it (java-17) gets through.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl python3 timeout
[ -x "$LAB_PY312" ] || skip_all "no Python 3.12 at $LAB_PY312"
lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
A=127.0.0.91
P=$(free_port)
openssl s_server -accept "$A:$P" -cert "$TEST_TMP/pki/rsa.pem" \
    -key "$TEST_TMP/pki/rsa.key" -tls1_2 -sigalgs RSA+SHA1 \
    -cipher 'ALL:@SECLEVEL=0' -www -quiet </dev/null >"$TEST_TMP/s.log" 2>&1 &
spid=$!
on_exit "kill $spid 2>/dev/null; wait $spid 2>/dev/null"
wait_for 10 lab_accepts "$A" "$P" || { echo "Bail out! s_server"; exit 1; }

timeout 120 "$TLSMATRIX" --batch --json -p python-3.12,java-17 \
    --profile-dir "$TOP_SRCDIR/data/profiles" --ca-file "$LAB_CA" \
    --resolve "$LAB_NAME:$P:$A" "$LAB_NAME:$P" </dev/null \
    >"$TEST_TMP/out.json" 2>"$TEST_TMP/err"
is "$?" 1 "tlsmatrix: a cell fails"
r=$(python3 - "$TEST_TMP/out.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["servers"][0]
print(s["sigalgs_tls12"], s["sigalgs_tls13"])
for c in d["cells"]:
    e = c["explanation"]["detail"]
    print(c["profile"], c["reason"],
          "client: ecdsa_secp256r1_sha256" in e and
          "server: rsa_pkcs1_sha1" in e)
EOF
)
is "$(echo "$r" | sed -n 1p)" "['rsa_pkcs1_sha1'] None" \
    "enumeration: TLS 1.2 signs with rsa_pkcs1_sha1 only"
is "$(echo "$r" | sed -n 2p)" "python-3.12 no-shared-sigalg True" \
    "python-3.12: no-shared-sigalg, with both lists"
is "$(echo "$r" | sed -n 3p)" "java-17 None False" \
    "java-17 offers rsa_pkcs1_sha1: ok"
# The real client: the server's handshake_failure (its class allows the
# finer reason).
c=$("$LAB_PY312" "$TOP_SRCDIR/tests/lab/clients/python.py" "$LAB_CA" \
    "$LAB_NAME" "$A" "$P" | python3 -c 'import json,sys; print(json.load(sys.stdin)["class"])')
case "|$c|" in *"|no-shared-sigalg|"*) st=0 ;; *) st=1 ;; esac
ok $st "real Python 3.12 fails as the class no-shared-sigalg allows ($c)"
done_testing
