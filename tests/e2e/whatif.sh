#!/bin/sh
# tests/e2e/whatif.sh: the fix preview (issue #16) against real servers
# and real clients.
#
# nginx serves one server block per TLS configuration on loopback, all
# with the same certificate (tests/lab/lab.sh): RSA key exchange only
# (the incident's backend B), TLS 1.3 only, ECDHE only, CBC only, TLS 1.0
# only, P-384 only, a modern one with the client's order, the same suites
# in the server's order, and a wide old one. For every configuration X and
# every other server Y, tlsmatrix enumerates and probes Y with X's nginx
# lines as --what-if SPEC; the predicted cell of each profile must read as
# the real client reads X (tests/lab/clients.sh: verdict; protocol and
# suite on success; the failure class on failure) for at least 98% of the
# (X, client) pairs over all Y, and the change list must name every cell
# whose verdict differs between Y as measured and X as the real clients
# see it. Apache and HAProxy spellings of the same configurations must
# predict the same cells as the nginx lines. A bad SPEC is a usage error
# (exit 2) naming the part. --suggest-fix on the RSA-kex server proposes
# lines that, served by nginx, let every real client connect with
# forward secrecy where the client has it. Prints
# "whatif: N/M pairs match". Run by make check (TAP).

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
. "$TOP_SRCDIR/tests/lab/clients.sh"

lab_need_tools openssl nginx python3 timeout

# --- bad specs: usage errors that name the part -------------------------
bad_spec() {	# bad_spec SPEC WANT: exit 2, stderr holding WANT
	"$TLSMATRIX" --what-if "$1" --resolve x.test:1:127.0.0.1 x.test:1 \
	    </dev/null >"$TEST_TMP/bad.out" 2>"$TEST_TMP/bad.err"
	_rc=$?
	is "$_rc" 2 "bad spec '$1': exit 2"
	if grep -q -- "$2" "$TEST_TMP/bad.err"; then
		ok 0 "bad spec '$1': names $2"
	else
		ok 1 "bad spec '$1': names $2"
		sed 's/^/#   /' "$TEST_TMP/bad.err"
	fi
}
bad_spec 'ssl_bogus on;' 'unknown directive "ssl_bogus"'
bad_spec 'ssl_ciphers NOSUCHSUITE;' 'ssl_ciphers "NOSUCHSUITE": OpenSSL selects no cipher suite'
bad_spec 'ssl_ciphers !ALL;' 'ssl_ciphers "!ALL"'
bad_spec 'ssl_protocols TLSv9;' 'ssl_protocols "TLSv9"'
bad_spec 'SSLCipherSuite TLSv1.3 TLS_NOPE' 'SSLCipherSuite "TLS_NOPE"'
bad_spec 'bind :443 ssl curves nosuchcurve' 'curves "nosuchcurve"'
bad_spec '# only a comment' 'no TLS directive'
bad_spec "@$TEST_TMP/no-such-file" 'no-such-file'
printf 'ssl_protocols TLSv1.2;\nssl_prefer_server_ciphers maybe;\n' >"$TEST_TMP/bad.conf"
bad_spec "@$TEST_TMP/bad.conf" 'line 2: ssl_prefer_server_ciphers takes on or off'

# --- the lab ----------------------------------------------------------------
lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }

# LABEL|PROTOCOLS|CIPHERS|PREFER|EXTRA: each configuration, one address
# each from 127.0.0.40 on, the same RSA certificate.
CONFIGS="rsa-kex|TLSv1.2|AES256-SHA:AES128-SHA|on|
tls13-only|TLSv1.3|ECDHE+AESGCM|on|
ecdhe-only|TLSv1.2|ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA|on|
cbc-only|TLSv1.2|ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA|on|
tls10-only|TLSv1|ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0|on|
p384-only|TLSv1.2 TLSv1.3|ECDHE+AESGCM|on|ssl_ecdh_curve secp384r1
client-order|TLSv1.2 TLSv1.3|ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA|off|
server-order|TLSv1.2 TLSv1.3|ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA|on|
old-wide|TLSv1 TLSv1.1 TLSv1.2|ECDHE-RSA-AES128-SHA:AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0|on|"
# WHATIF_MORE=1: four more, as tests/lab/lab.sh's fidelity servers have
# them (slower: every run enumerates every server).
if [ -n "${WHATIF_MORE:-}" ]; then
	python3 "$TOP_SRCDIR/tests/lab/clients/dh1024.py" >"$TEST_TMP/dh1024.pem"
	CONFIGS="$CONFIGS
dhe-1024|TLSv1.2|DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-SHA:@SECLEVEL=1|on|ssl_dhparam $TEST_TMP/dh1024.pem
tls10-11|TLSv1 TLSv1.1|ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0|on|
ffdhe-only|TLSv1.3|ECDHE+AESGCM|on|ssl_ecdh_curve ffdhe2048
chacha-only|TLSv1.2|ECDHE-RSA-CHACHA20-POLY1305|on|"
fi
[ -n "${WHATIF_ONLY:-}" ] && CONFIGS=$(echo "$CONFIGS" | grep -E "^(${WHATIF_ONLY})\|")

SERVERS= n=40
tab=$(printf '\t')
while IFS='|' read -r label prot ciph pref extra; do
	a=127.0.0.$n
	n=$((n + 1))
	SERVERS="${SERVERS:+$SERVERS }$label=$a"
	LAB_EXTRA_ADDRS="${LAB_EXTRA_ADDRS:+$LAB_EXTRA_ADDRS }$a"
	if [ -n "$extra" ]; then
		blk=$(lab_server_block "$a:@PORT@" "$prot" "$ciph" \
		    "$LAB_CERT_RSA" "$LAB_KEY_RSA" "$pref" "$extra")
	else
		blk=$(lab_server_block "$a:@PORT@" "$prot" "$ciph" \
		    "$LAB_CERT_RSA" "$LAB_KEY_RSA" "$pref")
	fi
	LAB_NGINX_EXTRA="$LAB_NGINX_EXTRA
$blk"
	# X's lines, as an SRE would paste them (nginx, Apache, HAProxy)
	{
		echo "ssl_protocols $prot;"
		echo "ssl_ciphers '$ciph';"
		echo "ssl_prefer_server_ciphers $pref;"
		[ -n "$extra" ] && echo "$extra;"
	} >"$TEST_TMP/spec-$label.nginx"
	{
		printf 'SSLProtocol -all'
		for p in $prot; do printf ' +%s' "$p"; done
		echo
		echo "SSLCipherSuite $ciph"
		echo "SSLHonorCipherOrder $pref"
		case $extra in ssl_ecdh_curve*)
			echo "SSLOpenSSLConfCmd Curves ${extra#ssl_ecdh_curve }" ;;
		esac
	} >"$TEST_TMP/spec-$label.apache"
	{
		lo=${prot%% *} hi=${prot##* }
		[ "$lo" = TLSv1 ] && lo=TLSv1.0
		[ "$hi" = TLSv1 ] && hi=TLSv1.0
		printf 'bind :443 ssl crt /etc/haproxy/site.pem ssl-min-ver %s ssl-max-ver %s ciphers %s' \
		    "$lo" "$hi" "$ciph"
		[ "$pref" = off ] && printf ' prefer-client-ciphers'
		case $extra in ssl_ecdh_curve*)
			printf ' curves %s' "${extra#ssl_ecdh_curve }" ;;
		esac
		echo
	} >"$TEST_TMP/spec-$label.haproxy"
done <<EOF
$CONFIGS
EOF
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
ok 0 "nginx serves $(echo "$SERVERS" | wc -w) configurations on port $LAB_PORT"

# --- the real clients against every X ------------------------------------------
lab_clients_find "$LAB_CA" "$LAB_NAME"
lab_clients_skips
PROFILES=${WHATIF_PROFILES:-$LAB_PROFILES}
[ -n "$PROFILES" ] || { diag "no real client found"; done_testing; }
REAL=$TEST_TMP/real
lab_clients_run "$SERVERS" "$LAB_PORT" "$REAL"

# --- tlsmatrix: every Y with X's lines ---------------------------------------
ADDRS=$(for s in $SERVERS; do printf '%s,' "${s#*=}"; done)
ADDRS=${ADDRS%,}
run_whatif() {	# run_whatif OUT SPECFILE [ARG...]: exit status in $rc
	_out=$1 _spec=$2
	shift 2
	timeout 180 nice "$TLSMATRIX" --batch --json --no-timings \
	    --resolve "$LAB_NAME:$LAB_PORT:$ADDRS" --ca-file "$LAB_CA" \
	    --timeout 5000 -p "$PROFILES" --what-if "@$_spec" "$@" \
	    "$LAB_NAME:$LAB_PORT" </dev/null >"$_out" 2>"$_out.err"
	rc=$?
	[ -s "$_out.err" ] && sed 's/^/#   stderr: /' "$_out.err"
}
for s in $SERVERS; do
	x=${s%%=*}
	run_whatif "$TEST_TMP/wi-$x.json" "$TEST_TMP/spec-$x.nginx"
	ok "$([ "$rc" -le 1 ] && echo 0 || echo 1)" \
	    "--what-if with $x's nginx lines ran (exit $rc)"
	cp "$TEST_TMP/wi-$x.json" "$TEST_TMP/wi-$x.nginx.json"
done

# One measured run (no --what-if): Y as it is, for the flips.
timeout 180 nice "$TLSMATRIX" --batch --json --no-timings \
    --resolve "$LAB_NAME:$LAB_PORT:$ADDRS" --ca-file "$LAB_CA" \
    --timeout 5000 -p "$PROFILES" "$LAB_NAME:$LAB_PORT" \
    </dev/null >"$TEST_TMP/measured.json" 2>"$TEST_TMP/measured.err"
ok "$([ "$?" -le 1 ] && echo 0 || echo 1)" "the measured run ran"

# --- compare: predicted Y-under-X against the real clients on X ---------------
openssl ciphers -V -stdname 'ALL:@SECLEVEL=0' >"$TEST_TMP/ciphers.txt" 2>/dev/null
python3 - "$TEST_TMP" "$REAL" "$SERVERS" "$PROFILES" >"$TEST_TMP/pairs.tsv" <<'EOF'
import json, re, sys
tmp, real, servers, profiles = sys.argv[1:5]
servers = [s.split("=") for s in servers.split()]
profiles = profiles.split(",")
iana = {}
for m in re.finditer(r"0x..,0x.. - (\S+)\s+- (\S+)", open(tmp + "/ciphers.txt").read()):
    iana[m.group(2)] = m.group(1)
def load(p):
    try:
        return json.load(open(p))
    except Exception:
        return {}
measured = {(c["address"], c["profile"]): c
            for c in load(tmp + "/measured.json").get("cells", [])}
for x, xa in servers:
    d = load("%s/wi-%s.json" % (tmp, x))
    cells = {(c["address"], c["profile"]): c for c in d.get("cells", [])}
    wi = d.get("what_if") or {}
    changed = {(c["address"], c["profile"]): c for c in wi.get("changed", [])}
    for y, ya in servers:
        if y == x:
            continue
        for prof in profiles:
            try:
                r = json.load(open("%s/%s__%s.json" % (real, x, prof)))
            except Exception as e:
                r = {"ok": None, "error": str(e), "class": "driver"}
            c = cells.get((ya, prof), {})
            why = []
            got_ok = c.get("verdict") == "ok"
            if c.get("method") != "what-if":
                why.append("method %s, not what-if" % c.get("method"))
            if r.get("ok") is None:
                why.append("driver: %s" % r.get("error"))
            elif bool(r["ok"]) != got_ok:
                why.append("verdict %s, real %s" % (c.get("verdict"),
                           "ok" if r["ok"] else "fail"))
            elif r["ok"]:
                if r.get("version") and r["version"] != c.get("protocol"):
                    why.append("protocol %s, real %s" % (c.get("protocol"), r["version"]))
                rc = iana.get(r.get("cipher"), r.get("cipher"))
                if rc and rc != c.get("cipher"):
                    why.append("cipher %s, real %s" % (c.get("cipher"), rc))
            elif c.get("reason") not in (r.get("class") or "").split("|"):
                why.append("reason %s, real class %s" % (c.get("reason"), r.get("class")))
            # a flip the real client shows must be in the change list
            mc = measured.get((ya, prof), {})
            flip = ""
            # (a cell predicted wrong is counted above, not here)
            if not why and r.get("ok") is not None and mc and \
                    (mc.get("verdict") == "ok") != bool(r["ok"]):
                ch = changed.get((ya, prof))
                want = "fixed" if r["ok"] else "broken"
                flip = "ok" if ch and ch.get("kind") == want else \
                    "missing (%s)" % (ch.get("kind") if ch else "absent")
            unc = "uncertain" if (c.get("detail") or "").startswith(
                ("uncertain", "kept")) else ""
            print("%s\t%s under %s (%s)\t%s\t%s\t%s\t%s" % (
                "not ok" if why else "ok", y, x, prof, "; ".join(why), unc,
                flip, "%s %s %s / %s" % (c.get("verdict"), c.get("protocol"),
                c.get("cipher"), (c.get("detail") or "")[:120])))
EOF
total=$(wc -l <"$TEST_TMP/pairs.tsv")
good=$(grep -c '^ok' "$TEST_TMP/pairs.tsv")
flips=$(awk -F"$tab" '$5 != ""' "$TEST_TMP/pairs.tsv" | wc -l)
flips_ok=$(awk -F"$tab" '$5 == "ok"' "$TEST_TMP/pairs.tsv" | wc -l)
n_unc=$(awk -F"$tab" '$4 != ""' "$TEST_TMP/pairs.tsv" | wc -l)
n_unc_bad=$(awk -F"$tab" '$4 != "" && $1 != "ok"' "$TEST_TMP/pairs.tsv" | wc -l)
echo "# whatif: $good/$total pairs match"
diag "$n_unc of the $total predicted cells were marked uncertain ($n_unc_bad of them did not match)"
grep '^not ok' "$TEST_TMP/pairs.tsv" | sed 's/^/# /'
ok "$([ "$total" -gt 0 ] && [ $((good * 100)) -ge $((total * 98)) ] && echo 0 || echo 1)" \
    "predictions match the real clients for >= 98% of pairs ($good/$total)"
is "$flips_ok" "$flips" "the change list names every cell that flips, of those predicted right ($flips_ok/$flips)"
awk -F"$tab" '$5 != "" && $5 != "ok"' "$TEST_TMP/pairs.tsv" | sed 's/^/# flip: /'

# --- the document: valid against the schema; text and Markdown lead with the
# changes, regressions first -------------------------------------------------
if python3 -c 'import jsonschema' 2>/dev/null; then
	python3 - "$TOP_SRCDIR/docs/schema/tlsmatrix.schema.json" \
	    "$TEST_TMP"/wi-*.nginx.json >"$TEST_TMP/schema.out" 2>&1 <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
for f in sys.argv[2:]:
    jsonschema.validate(json.load(open(f)), schema)
PY
	ok $? "every what-if document validates against the schema"
	sed 's/^/#   /' "$TEST_TMP/schema.out" | tail -5
else
	ok 0 "# SKIP python3-jsonschema not installed"
fi
X1=$(echo "$SERVERS" | awk '{ print $1 }')
X1=${X1%%=*}
for fmt in text md; do
	timeout 180 nice "$TLSMATRIX" --batch --format "$fmt" --no-timings \
	    --resolve "$LAB_NAME:$LAB_PORT:$ADDRS" --ca-file "$LAB_CA" \
	    --timeout 5000 -p "$PROFILES" --what-if "@$TEST_TMP/spec-$X1.nginx" \
	    "$LAB_NAME:$LAB_PORT" </dev/null >"$TEST_TMP/wi.$fmt" 2>/dev/null
	head -1 "$TEST_TMP/wi.$fmt" | grep -Eq '^(WHAT IF|## What if)'
	ok $? "$fmt snapshot starts with the what-if summary"
	# regressions first: no "fixed" line before a "broken" one
	awk '/(^  |\| )fixed/ { f = 1 } /(^  |\| )broken/ && f { bad = 1 }
	    END { exit bad }' "$TEST_TMP/wi.$fmt"
	ok $? "$fmt snapshot lists regressions before fixes"
done

# --- Apache and HAProxy spellings predict the same cells ---------------------
cells_of() {	# cells_of FILE: "address profile verdict protocol cipher reason"
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for c in d["cells"]:
    print(c["address"], c["profile"], c["verdict"], c["protocol"], c["cipher"], c["reason"])' "$1" 2>/dev/null
}
for x in ${WHATIF_SPELLINGS:-rsa-kex tls10-only p384-only client-order}; do
	[ -f "$TEST_TMP/spec-$x.nginx" ] || continue
	cells_of "$TEST_TMP/wi-$x.nginx.json" >"$TEST_TMP/c-$x.nginx"
	for fl in apache haproxy; do
		run_whatif "$TEST_TMP/wi-$x.$fl.json" "$TEST_TMP/spec-$x.$fl"
		cells_of "$TEST_TMP/wi-$x.$fl.json" >"$TEST_TMP/c-$x.$fl"
		if [ -s "$TEST_TMP/c-$x.$fl" ] &&
		    cmp -s "$TEST_TMP/c-$x.nginx" "$TEST_TMP/c-$x.$fl"; then
			ok 0 "$x: the $fl spelling predicts what the nginx lines do"
		else
			ok 1 "$x: the $fl spelling predicts what the nginx lines do"
			diff "$TEST_TMP/c-$x.nginx" "$TEST_TMP/c-$x.$fl" | head -20 | sed 's/^/#   /'
		fi
	done
done

# --- exit status: 1 when a working cell would break, 0 when none would ----
if [ -f "$TEST_TMP/spec-rsa-kex.nginx" ]; then
	bb=$(python3 -c 'import json,sys
print(json.load(open(sys.argv[1]))["what_if"]["broken"])' "$TEST_TMP/wi-rsa-kex.json" 2>/dev/null)
	run_whatif "$TEST_TMP/wi-rsa-again.json" "$TEST_TMP/spec-rsa-kex.nginx"
	is "$rc" "$([ "${bb:-0}" -gt 0 ] && echo 1 || echo 0)" \
	    "exit status follows the regressions ($bb broken)"
fi

# --- --suggest-fix on the RSA-kex server, checked by the real clients -----
RSA_ADDR=$(for s in $SERVERS; do case $s in rsa-kex=*) echo "${s#*=}" ;; esac; done)
if [ -n "$RSA_ADDR" ]; then
	timeout 180 nice "$TLSMATRIX" --batch --json --no-timings --suggest-fix \
	    --what-if-address "$RSA_ADDR" --resolve "$LAB_NAME:$LAB_PORT:$RSA_ADDR" \
	    --ca-file "$LAB_CA" --timeout 5000 -p "$PROFILES" \
	    "$LAB_NAME:$LAB_PORT" </dev/null >"$TEST_TMP/fix.json" \
	    2>"$TEST_TMP/fix.err"
	is "$?" 0 "--suggest-fix: exit 0 (nothing that works would break)"
	python3 - "$TEST_TMP/fix.json" >"$TEST_TMP/fix.txt" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
wi = d["what_if"]
lines = wi["fixes"][0]["lines"] if wi["fixes"] else ""
m = re.search(r"^ssl_ciphers (\S+);$", lines, re.M)
bad = [c["profile"] for c in d["cells"] if c["verdict"] != "ok"]
print(m.group(1) if m else "")
print(" ".join(bad))
PY
	FIX_CIPHERS=$(sed -n 1p "$TEST_TMP/fix.txt")
	ok "$([ -n "$FIX_CIPHERS" ] && echo 0 || echo 1)" \
	    "--suggest-fix proposes ssl_ciphers ($FIX_CIPHERS)"
	is "$(sed -n 2p "$TEST_TMP/fix.txt")" "" \
	    "its preview: every profile connects"
	# The suggested suites on a real server (openssl s_server, the same
	# OpenSSL nginx runs on): every real client connects, with forward
	# secrecy when its profile offers an ECDHE suite.
	FIX_ADDR=127.0.0.60
	lab_s_server "$FIX_ADDR" "$LAB_PORT" "$LAB_CERT_RSA" "$LAB_KEY_RSA" \
	    -tls1_2 -serverpref -cipher "$FIX_CIPHERS"
	if lab_s_server_up "$FIX_ADDR" "$LAB_PORT" "$LAB_S_SERVER_PID"; then
		LAB_CLIENT_JOBS=2 lab_clients_run "fixed=$FIX_ADDR" "$LAB_PORT" \
		    "$TEST_TMP/real-fix"
		python3 - "$TEST_TMP/real-fix" "$PROFILES" "$TOP_SRCDIR/data/profiles" \
		    >"$TEST_TMP/fix-real.txt" <<'PY'
import json, os, sys
real, profiles, pdir = sys.argv[1:4]
for p in profiles.split(","):
    try:
        r = json.load(open("%s/fixed__%s.json" % (real, p)))
    except Exception as e:
        r = {"ok": None, "error": str(e)}
    txt = open(os.path.join(pdir, p + ".profile")).read()
    has_ecdhe = "ECDHE" in txt
    fs = "ECDHE" in (r.get("cipher") or "") or "TLS_AES" in (r.get("cipher") or "")
    if not r.get("ok"):
        print("fail %s: %s" % (p, r.get("error")))
    elif has_ecdhe and not fs and r.get("cipher"):	# wget names none
        print("nofs %s: %s" % (p, r.get("cipher")))
PY
		is "$(grep -c '^fail' "$TEST_TMP/fix-real.txt")" 0 \
		    "the suggested lines on a real server: every real client connects"
		is "$(grep -c '^nofs' "$TEST_TMP/fix-real.txt")" 0 \
		    "with forward secrecy wherever the client offers ECDHE"
		sed 's/^/# /' "$TEST_TMP/fix-real.txt"
	else
		ok 1 "openssl s_server with the suggested suites started"
	fi
fi

done_testing
