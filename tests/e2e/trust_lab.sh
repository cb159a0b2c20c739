#!/bin/sh
# tests/e2e/trust_lab.sh: the certificate decision against the real clients.
#
# Issue #14 item 7. The trust lab (tests/lab/trust/pki.sh, servers.sh):
# nginx on 127.0.1.x serves, for www.trust.lab.test, a good chain, a chain
# missing its intermediate (fetchable from an AIA URL on 127.0.1.200), the
# 2021 pattern of an expired cross-signed root, intermediates out of order,
# extra unrelated certificates, a CN-only name, an IP-only SAN reached by
# name, a wildcard one level too shallow, a CN naming the host beside a SAN
# that does not, EKU clientAuth only and a
# Certificate message over 32 KB. Every real client present
# (tests/lab/clients/) runs inside a private mount namespace whose system
# store has the lab's roots added by update-ca-certificates
# (tests/lab/trust/sysstore.sh; the machine's files never change), in two
# modes:
#   system  the client's default trust (driver CAFILE "-"), on the cases
#           where the store decides (good, aia, cross); tlsmatrix runs with
#           --system-store <the namespace's bundle> and --trust java-17= /
#           java-25= <the namespace's JDK cacerts> (Debian's JDKs read the
#           store ca-certificates-java feeds from the system store);
#   cafile  every client trusts exactly the lab roots (driver CAFILE, the
#           browsers' NSS database), on every case; tlsmatrix --ca-file.
# Per (mode, case, client) the verdict of the client's profile must be the
# real client's; on a failure tlsmatrix's reason must be one the client's
# error allows (the drivers' "class"; "any" when a browser shows no reason).
# A client missing here, or of another version than its profile, is a
# counted SKIP. tlsmatrix reaches the servers through --resolve only.
# Prints "trust lab: N/M pairs match". Run by make check (TAP).

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
. "$TOP_SRCDIR/tests/lab/trust/servers.sh"

lab_need_tools openssl nginx python3 timeout unshare update-ca-certificates
unshare -m true 2>/dev/null ||
    skip_all "unshare -m not allowed here (the changed store needs root)"
CLIENTS=$TOP_SRCDIR/tests/lab/clients
TRUST=$TOP_SRCDIR/tests/lab/trust
N=$TRUST_NAME

# --- the lab ----------------------------------------------------------------
lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
trust_servers "$TEST_TMP/trust" || { echo "Bail out! trust servers did not start"; exit 1; }
ok 0 "nginx serves $(echo "$TRUST_SERVERS" | wc -w) trust cases on port $LAB_PORT, AIA at $TRUST_AIA_URL"
ROOTS=$TRUST_DIR/roots.pem
SYS_CASES="good aia cross"

# --- the real clients -------------------------------------------------------
# JOBS: "PROFILE<TAB>MODES<TAB>COMMAND" (tests/lab/trust/run_clients.py);
# SKIPS: "PROFILE<TAB>reason".
JOBS=$TEST_TMP/clients.tsv SKIPS=$TEST_TMP/skips.tsv
: >"$JOBS"; : >"$SKIPS"
tab=$(printf '\t')
add_client() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$JOBS"; }
skip_client() { printf '%s\t%s\n' "$1" "$2" >>"$SKIPS"; }
"$TLSMATRIX" --list-profiles 2>/dev/null | awk 'NR > 1 { print $1 }' \
    >"$TEST_TMP/profiles.txt"
have_profile() { grep -qx "$1" "$TEST_TMP/profiles.txt"; }
# first_profile PREFIX: the first shipped profile named PREFIX-*.
first_profile() { grep "^$1-" "$TEST_TMP/profiles.txt" | head -n 1; }

for v in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do
	py=
	for d in "$HOME"/.pyenv/versions/"$v".*; do
		[ -x "$d/bin/python" ] && py=$d/bin/python
	done
	if [ -n "$py" ]; then
		add_client "python-$v" all "$py $CLIENTS/python.py @CA@ $N"
	else
		skip_client "python-$v" "no pyenv Python $v in ~/.pyenv/versions"
	fi
done

if command -v node >/dev/null 2>&1 &&
    node --version 2>/dev/null | grep -q '^v20\.'; then
	add_client node-20 all "node $CLIENTS/node.js @CA@ $N"
else
	skip_client node-20 "node 20 not in PATH"
fi

# Java: one class compiled by JDK 17's javac; in the cafile mode a PKCS#12
# trust store with the lab roots, in the system mode the JDK's own
# lib/security/cacerts (on Debian, /etc/ssl/certs/java/cacerts).
JDK17='' JDK25=''
for d in /usr/lib/jvm/*17*; do [ -x "$d/bin/java" ] && JDK17=$d; done
for d in /usr/lib/jvm/*25*; do [ -x "$d/bin/java" ] && JDK25=$d; done
JCLS=$TEST_TMP/java
if [ -n "$JDK17" ] && [ -x "$JDK17/bin/javac" ] &&
    timeout 60 "$JDK17/bin/javac" -d "$JCLS" "$CLIENTS/Client.java" \
    2>"$TEST_TMP/javac.err"; then
	TS=$TEST_TMP/truststore.p12
	for f in root oldroot; do
		timeout 30 "$JDK17/bin/keytool" -importcert -noprompt \
		    -storetype PKCS12 -keystore "$TS" -storepass changeit \
		    -alias "$f" -file "$TRUST_DIR/$f.pem" >/dev/null 2>&1
	done
	# A JVM that starts cheaply (one GC thread, no C2): the TLS stack is
	# the same.
	JVM="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
	JTS="-Djavax.net.ssl.trustStore=$TS -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit"
	for j in "17:$JDK17" "25:$JDK25"; do
		if [ -n "${j#*:}" ]; then
			add_client "java-${j%%:*}" cafile "${j#*:}/bin/java $JVM $JTS -cp $JCLS Client $N"
			add_client "java-${j%%:*}" system "${j#*:}/bin/java $JVM -cp $JCLS Client $N"
		else
			skip_client "java-${j%%:*}" "no JDK ${j%%:*} in /usr/lib/jvm"
		fi
	done
else
	skip_client java-17 "no JDK 17 with javac in /usr/lib/jvm"
	skip_client java-25 "no JDK 17 javac to build the driver"
fi

if curl --version 2>/dev/null | grep -q '^curl 7\.88'; then
	add_client curl-7.88 all "python3 $CLIENTS/cli.py curl @CA@ $N"
else
	skip_client curl-7.88 "curl 7.88 not in PATH"
fi
if wget --version 2>/dev/null | grep -q '^GNU Wget 1\.21'; then
	add_client wget-1.21 all "python3 $CLIENTS/cli.py wget @CA@ $N"
else
	skip_client wget-1.21 "wget 1.21 not in PATH"
fi
if gnutls-cli --version 2>/dev/null | grep -q 'gnutls-cli 3\.7'; then
	add_client gnutls-3.7 all "python3 $CLIENTS/cli.py gnutls @CA@ $N"
else
	skip_client gnutls-3.7 "gnutls-cli 3.7 not in PATH (apt-get install gnutls-bin)"
fi
if openssl version 2>/dev/null | grep -q '^OpenSSL 3\.0'; then
	add_client openssl-3.0 all "python3 $CLIENTS/cli.py openssl @CA@ $N"
else
	skip_client openssl-3.0 "openssl 3.0 not in PATH"
fi

# Go, urllib3, Ruby, PHP, Perl: the drivers of tests/lab/clients/ (issue
# #16), when present, for the profile of that client.
GO=/usr/lib/go-1.19/bin/go
if [ ! -f "$CLIENTS/go_client.go" ]; then
	skip_client go-1.19 "no tests/lab/clients/go_client.go"
elif [ ! -x "$GO" ]; then
	skip_client go-1.19 "no Go 1.19 (apt-get install golang-1.19-go)"
elif (cd "$TEST_TMP" && GOCACHE=$TEST_TMP/gocache GOPATH=$TEST_TMP/gopath \
    GO111MODULE=off GOFLAGS='' GOPROXY=off timeout 120 "$GO" build \
    -o "$TEST_TMP/go_client" "$CLIENTS/go_client.go") \
    >"$TEST_TMP/go.err" 2>&1; then
	add_client go-1.19 all "$TEST_TMP/go_client -alpn h2,http/1.1 @CA@ $N"
else
	skip_client go-1.19 "go_client.go did not build: $(head -c 200 "$TEST_TMP/go.err")"
fi
if [ -f "$CLIENTS/urllib3_client.py" ] &&
    /usr/bin/python3 -c 'import urllib3, sys
sys.exit(not urllib3.__version__.startswith("1.26"))' 2>/dev/null; then
	add_client urllib3-1.26 all "/usr/bin/python3 $CLIENTS/urllib3_client.py @CA@ $N"
else
	skip_client urllib3-1.26 "no urllib3_client.py or no urllib3 1.26 (apt-get install python3-urllib3)"
fi
# script interpreter profile-prefix
for spec in "ruby_client.rb ruby ruby" "php_client.php php php" \
    "perl_client.pl perl perl"; do
	# shellcheck disable=SC2086 # split into words on purpose
	set -- $spec
	prof=$(first_profile "$3")
	if [ ! -f "$CLIENTS/$1" ]; then
		skip_client "${prof:-$3}" "no tests/lab/clients/$1"
	elif [ -z "$prof" ]; then
		skip_client "$3" "no $3-* profile in this tlsmatrix"
	elif ! command -v "$2" >/dev/null 2>&1; then
		skip_client "$prof" "$2 not in PATH"
	else
		add_client "$prof" all "$2 $CLIENTS/$1 @CA@ $N"
	fi
done

# Browsers, cafile mode only: the lab roots go into their NSS database.
bmajor() { "$1" --version 2>/dev/null | sed -n 's/^[^0-9]*\([0-9][0-9]*\)\..*/\1/p' | head -n 1; }
for spec in "chromium chrome" "firefox-esr firefox"; do
	# shellcheck disable=SC2086 # split into words on purpose
	set -- $spec
	prof=$(first_profile "$2")
	v=$(bmajor "$1")
	if [ -z "$prof" ]; then
		skip_client "$2" "no $2-* profile in this tlsmatrix"
	elif ! command -v "$1" >/dev/null 2>&1 || ! command -v certutil >/dev/null 2>&1; then
		skip_client "$prof" "$1 or certutil not in PATH (apt-get install $1 libnss3-tools)"
	elif [ "$prof" != "$2-$v" ]; then
		skip_client "$prof" "$1 here is version $v"
	else
		add_client "$prof" cafile "python3 $CLIENTS/browser.py --exclude $TRUST_AIA_ADDR --access-log $TRUST_ACCESS_LOG ${1%-esr} @CA@ $N"
	fi
done

while IFS="$tab" read -r prof why; do
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $prof: $why"
done <"$SKIPS"
[ -s "$JOBS" ] || { diag "no real client found"; done_testing; }

# --- run them in the changed-store namespace ---------------------------------
# pick CASES [addr]: the servers of CASES as "CASE=ADDR,..." (for
# run_clients.py), or with "addr" their addresses "ADDR,..." (--resolve).
pick() {
	_out=
	for _s in $TRUST_SERVERS; do
		case " $1 " in
		*" ${_s%%=*} "*)
			[ "${2:-}" = addr ] && _s=${_s#*=}
			_out="$_out,$_s" ;;
		esac
	done
	echo "${_out#,}"
}
# machine_store: a digest of the machine's own store files, which the
# namespace must leave as they are.
machine_store() {
	{
		ls -l /etc/ssl/certs /usr/local/share/ca-certificates
		cat /etc/ssl/certs/ca-certificates.crt /etc/ca-certificates.conf \
		    /etc/ssl/certs/java/cacerts
	} 2>/dev/null | cksum
}
before=$(machine_store)
REAL=$TEST_TMP/real NS=$TEST_TMP/ns
mkdir -p "$REAL" "$NS"
t0=$(date +%s)
timeout 600 unshare -m sh "$TRUST/sysstore.sh" "$NS" \
    "$TRUST_DIR/root.pem" "$TRUST_DIR/oldroot.pem" -- \
    nice python3 "$TRUST/run_clients.py" "$JOBS" "$REAL" "$LAB_PORT" 4 \
    "system=-:$(pick "$SYS_CASES")" "cafile=$ROOTS:$(pick "$TRUST_CASES")" \
    >"$TEST_TMP/run.log" 2>&1
rc=$?
is "$rc" 0 "the real clients ran in a mount namespace with the lab roots in its system store"
# Where the time went: the total, and per client the sum of its runs.
diag "real clients: $(($(date +%s) - t0)) s in all; per client (s, summed over its runs):" \
    "$(awk -F'\t' '{ split($2, k, "__"); t[k[3]] += $1 } END {
	for (c in t) printf "%s %.0f\n", c, t[c] }' "$REAL/times.tsv" 2>/dev/null |
	sort -k2 -n -r | head -n 8 | paste -sd, -)"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TEST_TMP/run.log" "$NS/update.log" 2>/dev/null
is "$(machine_store)" "$before" "the machine's own store files did not change"
SYS_BUNDLE=$NS/certs/ca-certificates.crt
ok "$(grep -q "$(sed -n 2p "$TRUST_DIR/root.pem")" "$SYS_BUNDLE" 2>/dev/null && echo 0 || echo 1)" \
    "update-ca-certificates put the lab root into the namespace's bundle"
# The namespace's JDK store (keytool -list -rfc, PEM blocks only).
JAVA_PEM=$TEST_TMP/jdk-cacerts.pem
if [ -n "$JDK17" ] && [ -f "$NS/certs/java/cacerts" ]; then
	timeout 60 "$JDK17/bin/keytool" -list -rfc -keystore "$NS/certs/java/cacerts" \
	    -storepass changeit 2>/dev/null |
	    awk '/BEGIN CERT/ { p = 1 } p { print } /END CERT/ { p = 0 }' >"$JAVA_PEM"
fi

# --- tlsmatrix on the same servers --------------------------------------------
PROFILES=$(cut -f1 "$JOBS" | sort -u | paste -sd, -)
if "$TLSMATRIX" --help 2>&1 | grep -q -- '--system-store'; then
	set -- --system-store "$SYS_BUNDLE"
	if [ -s "$JAVA_PEM" ]; then
		for p in $(echo "$PROFILES" | tr ',' ' '); do
			case $p in java-*) set -- "$@" --trust "$p=$JAVA_PEM" ;; esac
		done
	fi
	SYS_PROFILES=$(grep -E "${tab}(all|system)${tab}" "$JOBS" | cut -f1 | sort -u | paste -sd, -)
	timeout 180 "$TLSMATRIX" --batch --json "$@" \
	    --resolve "$N:$LAB_PORT:$(pick "$SYS_CASES" addr)" \
	    --timeout 5000 -p "$SYS_PROFILES" "$N:$LAB_PORT" \
	    </dev/null >"$TEST_TMP/matrix-system.json" 2>"$TEST_TMP/matrix-system.err"
	rc=$?
	ok "$([ "$rc" -le 1 ] && echo 0 || echo 1)" "tlsmatrix --system-store ran (exit $rc)"
	[ -s "$TEST_TMP/matrix-system.err" ] && sed 's/^/#   stderr: /' "$TEST_TMP/matrix-system.err"
	MODES="system cafile"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP system mode: this tlsmatrix has no --system-store (issue #14 item 3 not built in)"
	MODES=cafile
fi
t0=$(date +%s)
timeout 180 "$TLSMATRIX" --batch --json --ca-file "$ROOTS" \
    --resolve "$N:$LAB_PORT:$(pick "$TRUST_CASES" addr)" \
    --timeout 5000 -p "$PROFILES" "$N:$LAB_PORT" \
    </dev/null >"$TEST_TMP/matrix-cafile.json" 2>"$TEST_TMP/matrix-cafile.err"
rc=$?
ok "$([ "$rc" -le 1 ] && echo 0 || echo 1)" "tlsmatrix --ca-file ran (exit $rc, $(($(date +%s) - t0)) s)"
[ -s "$TEST_TMP/matrix-cafile.err" ] && sed 's/^/#   stderr: /' "$TEST_TMP/matrix-cafile.err"

# --- compare ------------------------------------------------------------------
# One line per (mode, case, client): "ok<TAB>text" or "not ok<TAB>text<TAB>detail".
python3 - "$TEST_TMP" "$REAL" "$TRUST_SERVERS" "$SYS_CASES" "$MODES" <<'PY' >"$TEST_TMP/compare.tsv"
import glob, json, os, sys
tmp, real, servers, sys_cases, modes = sys.argv[1:6]
addr = dict(s.split("=", 1) for s in servers.split())
for mode in modes.split():
    try:
        d = json.load(open("%s/matrix-%s.json" % (tmp, mode)))
        cells = {(c["address"], c["profile"]): c for c in d["cells"]}
    except Exception:
        cells = {}
    for path in sorted(glob.glob("%s/%s__*.json" % (real, mode))):
        _, case, prof = os.path.basename(path)[:-5].split("__")
        try:
            r = json.load(open(path))
        except Exception as e:
            r = {"ok": None, "error": str(e), "class": "driver"}
        c = cells.get((addr[case], prof), {})
        why = []
        allowed = (r.get("class") or "").split("|")
        if r.get("ok") is None:
            why.append("driver: %s" % r.get("error"))
        elif bool(r["ok"]) != (c.get("verdict") == "ok"):
            why.append("verdict %s, real client %s" %
                       (c.get("verdict"), "ok" if r["ok"] else "fail"))
        elif not r["ok"] and "any" not in allowed and \
                c.get("reason") not in allowed:
            why.append("reason %s, real class %s" %
                       (c.get("reason"), r.get("class")))
        name = "%s: %s on %s" % (mode, prof, case)
        if why:
            print("not ok\t%s: %s\t# tlsmatrix: %s %s [%s]; real: %s" % (
                name, "; ".join(why), c.get("verdict"), c.get("reason"),
                (c.get("detail") or "")[:160],
                (r.get("error") or "ok")[:200]))
        else:
            print("ok\t%s" % name)
PY
total=$(wc -l <"$TEST_TMP/compare.tsv")
good=$(grep -c '^ok' "$TEST_TMP/compare.tsv")
while IFS="$tab" read -r st text detail; do
	if [ "$st" = ok ]; then
		ok 0 "$text"
	else
		ok 1 "$text"
		echo "$detail"
	fi
done <"$TEST_TMP/compare.tsv"
echo "# trust lab: $good/$total pairs match"

# The JSON fields of issue #14 item 5, on the cells of the system run.
if [ -f "$TEST_TMP/matrix-system.json" ]; then
	python3 - "$TEST_TMP/matrix-system.json" <<'PY' >"$TEST_TMP/fields.txt"
import json, sys
try:
    cells = json.load(open(sys.argv[1]))["cells"]
except Exception:
    cells = []
print(len(cells),
      sum(isinstance(c.get("trust_store"), str) and c["trust_store"] != ""
          for c in cells),
      sum(isinstance(c.get("chain"), list) for c in cells))
PY
	read -r n_cells n_store n_chain <"$TEST_TMP/fields.txt"
	is "$n_store" "$n_cells" "every cell of the system run names its trust_store"
	is "$n_chain" "$n_cells" "every cell of the system run has its chain"
fi

done_testing
