#!/bin/sh
# tests/e2e/fidelity.sh: tlsmatrix's cells against the real clients.
#
# Issue #4 item 6. Servers that separate the profiles (tests/lab/lab.sh
# lab_fid_servers: RSA key exchange only, CBC-SHA1 only, DHE with a 1024-bit
# group, a 1024-bit RSA key, TLS 1.0/1.1 only, TLS 1.3 only, ECDSA only,
# expired, wrong name, server order, SHA-1-signed leaf, CA without
# keyUsage, and a modern control) run on loopback; every real client on
# this machine that a profile predicts (tests/lab/clients/) connects to
# each, and tlsmatrix probes each with that profile. Per (server, client)
# pair the verdict must agree; on success the protocol and the suite; on
# failure the client's failure class (the driver maps its message to the
# tlsmatrix reasons it allows) must contain tlsmatrix's reason. A client
# that is missing, or of another version than its profile, is skipped.
# Prints "fidelity: N/M pairs match" for the default method, the same for
# the default run (with the enumeration, whose certain refusals settle
# cells without a probe), and the ratio for --method openssl as a
# diagnostic. Run by make check (TAP).

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx python3 timeout
CLIENTS=$TOP_SRCDIR/tests/lab/clients

# --- the lab ----------------------------------------------------------------
lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
lab_fid_certs "$TEST_TMP/fid" || { echo "Bail out! lab_fid_certs failed"; exit 1; }
lab_fid_servers
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
ok 0 "nginx serves $(echo "$LAB_FID_SERVERS" | wc -w) fidelity servers on port $LAB_PORT"
CA=$LAB_FID_CA

# --- the real clients ---------------------------------------------------------
# JOBS: one line per client, "PROFILE<TAB>COMMAND" where COMMAND takes
# ADDR PORT as its last two arguments. SKIPS: "PROFILE<TAB>reason".
JOBS=$TEST_TMP/clients.tsv SKIPS=$TEST_TMP/skips.tsv
: >"$JOBS"; : >"$SKIPS"
tab=$(printf '\t')
add_client() { printf '%s\t%s\n' "$1" "$2" >>"$JOBS"; }
skip_client() { printf '%s\t%s\n' "$1" "$2" >>"$SKIPS"; }

for v in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do
	py=
	for d in "$HOME"/.pyenv/versions/"$v".*; do
		[ -x "$d/bin/python" ] && py=$d/bin/python
	done
	if [ -n "$py" ]; then
		add_client "python-$v" "$py $CLIENTS/python.py $CA $LAB_NAME"
	else
		skip_client "python-$v" "no pyenv Python $v in ~/.pyenv/versions"
	fi
done

if command -v node >/dev/null 2>&1 &&
    node --version 2>/dev/null | grep -q '^v20\.'; then
	add_client node-20 "node $CLIENTS/node.js $CA $LAB_NAME"
else
	skip_client node-20 "node 20 not in PATH"
fi

# Java: one class compiled by the oldest javac, one PKCS#12 trust store
# with both lab CAs, run by each JDK with only the trust store changed.
JDK17='' JDK25=''
for d in /usr/lib/jvm/*17*; do [ -x "$d/bin/java" ] && JDK17=$d; done
for d in /usr/lib/jvm/*25*; do [ -x "$d/bin/java" ] && JDK25=$d; done
JCLS=$TEST_TMP/java
if [ -n "$JDK17" ] && [ -x "$JDK17/bin/javac" ] &&
    timeout 60 "$JDK17/bin/javac" -d "$JCLS" "$CLIENTS/Client.java" \
    2>"$TEST_TMP/javac.err"; then
	TS=$TEST_TMP/truststore.p12
	awk -v d="$TEST_TMP" '/BEGIN CERT/ { n++ } { print > (d "/ca-" n ".pem") }' "$CA"
	for f in "$TEST_TMP"/ca-*.pem; do
		timeout 30 "$JDK17/bin/keytool" -importcert -noprompt \
		    -storetype PKCS12 -keystore "$TS" -storepass changeit \
		    -alias "$(basename "$f" .pem)" -file "$f" >/dev/null 2>&1
	done
	JOPTS="-Djavax.net.ssl.trustStore=$TS -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit -cp $JCLS Client $LAB_NAME"
	add_client java-17 "$JDK17/bin/java $JOPTS"
	if [ -n "$JDK25" ]; then
		add_client java-25 "$JDK25/bin/java $JOPTS"
	else
		skip_client java-25 "no JDK 25 in /usr/lib/jvm"
	fi
else
	skip_client java-17 "no JDK 17 with javac in /usr/lib/jvm"
	skip_client java-25 "no JDK 17 javac to build the driver"
fi

if curl --version 2>/dev/null | grep -q '^curl 7\.88'; then
	add_client curl-7.88 "python3 $CLIENTS/cli.py curl $CA $LAB_NAME"
else
	skip_client curl-7.88 "curl 7.88 not in PATH"
fi
if wget --version 2>/dev/null | grep -q '^GNU Wget 1\.21' &&
    unshare -m true 2>/dev/null; then
	add_client wget-1.21 "python3 $CLIENTS/cli.py wget $CA $LAB_NAME"
else
	skip_client wget-1.21 "wget 1.21 not in PATH, or unshare -m not allowed (needs root)"
fi
if gnutls-cli --version 2>/dev/null | grep -q 'gnutls-cli 3\.7'; then
	add_client gnutls-3.7 "python3 $CLIENTS/cli.py gnutls $CA $LAB_NAME"
else
	skip_client gnutls-3.7 "gnutls-cli 3.7 not in PATH (apt-get install gnutls-bin)"
fi
if openssl version 2>/dev/null | grep -q '^OpenSSL 3\.0'; then
	add_client openssl-3.0 "python3 $CLIENTS/cli.py openssl $CA $LAB_NAME"
else
	skip_client openssl-3.0 "openssl 3.0 not in PATH"
fi

while IFS="$tab" read -r prof why; do
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $prof: $why"
done <"$SKIPS"
PROFILES=$(cut -f1 "$JOBS" | paste -sd, -)
[ -n "$PROFILES" ] || { diag "no real client found"; done_testing; }

# Every (server, client) pair, 8 at a time, each bounded by 30 s.
REAL=$TEST_TMP/real
mkdir -p "$REAL"
python3 - "$JOBS" "$REAL" "$LAB_PORT" "$LAB_FID_SERVERS" <<'EOF'
import concurrent.futures as cf, json, shlex, subprocess, sys
jobs, outdir, port, servers = sys.argv[1:5]
clients = [l.rstrip("\n").split("\t", 1) for l in open(jobs) if l.strip()]
pairs = [(s.split("=")[0], s.split("=")[1], p, c)
         for s in servers.split() for p, c in clients]
def one(job):
    label, addr, prof, cmd = job
    argv = shlex.split(cmd) + [addr, port]
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=30)
        line = r.stdout.decode("utf-8", "replace").strip().splitlines()
        out = line[-1] if line else ""
        json.loads(out)
    except Exception as e:
        out = json.dumps({"ok": None, "error": "driver failed: %s" % e,
                          "class": "driver"})
    with open("%s/%s__%s.json" % (outdir, label, prof), "w") as f:
        f.write(out + "\n")
with cf.ThreadPoolExecutor(8) as ex:
    list(ex.map(one, pairs))
EOF

# --- tlsmatrix: every fidelity server as one name's addresses ---------------
ADDRS=$(for s in $LAB_FID_SERVERS; do printf '%s,' "${s#*=}"; done)
ADDRS=${ADDRS%,}
# hello and openssl probe every cell (--no-scan); "default" is the
# tool's default run: the enumeration of every address, and the cells it
# makes certain decided from it without a probe (issue #10 item 3).
for m in hello openssl default; do
	case $m in
	default) margs= ;;
	*) margs="--no-scan --method $m" ;;
	esac
	# shellcheck disable=SC2086
	timeout 120 "$TLSMATRIX" --batch --json $margs \
	    --resolve "$LAB_NAME:$LAB_PORT:$ADDRS" --ca-file "$CA" \
	    --timeout 5000 -p "$PROFILES" "$LAB_NAME:$LAB_PORT" \
	    </dev/null >"$TEST_TMP/matrix-$m.json" 2>"$TEST_TMP/matrix-$m.err"
	rc=$?
	ok "$([ "$rc" -le 1 ] && echo 0 || echo 1)" \
	    "tlsmatrix ${margs:-(default)} ran (exit $rc)"
	[ -s "$TEST_TMP/matrix-$m.err" ] && sed 's/^/#   stderr: /' "$TEST_TMP/matrix-$m.err"
done
decided=$(python3 -c 'import json,sys
print(sum(c["method"] == "enumeration" for c in json.load(open(sys.argv[1]))["cells"]))' \
    "$TEST_TMP/matrix-default.json" 2>/dev/null)
ok "$([ "${decided:-0}" -gt 0 ] && echo 0 || echo 1)" \
    "the default run settles cells from the enumeration (${decided:-0} of them, each compared below)"

# --- compare ------------------------------------------------------------------
# compare METHOD: one line per pair, "ok<TAB>text" or "not ok<TAB>text".
# Protocols compare as written (TLSv1, TLSv1.2 ...); suites compare as
# IANA names, the clients' OpenSSL names mapped by `openssl ciphers
# -stdname`. A failure matches when tlsmatrix's reason is one of the
# reasons the client's message allows (the drivers' "class").
compare() {
	openssl ciphers -V -stdname 'ALL:@SECLEVEL=0' >"$TEST_TMP/ciphers.txt" 2>/dev/null
	python3 - "$TEST_TMP/matrix-$1.json" "$REAL" "$LAB_FID_SERVERS" \
	    "$TEST_TMP/ciphers.txt" "$PROFILES" <<'EOF'
import json, re, sys
matrix, real, servers, ciphers, profiles = sys.argv[1:6]
iana = {}
for m in re.finditer(r"0x..,0x.. - (\S+)\s+- (\S+)", open(ciphers).read()):
    iana[m.group(2)] = m.group(1)
try:
    d = json.load(open(matrix))
    cells = {(c["address"], c["profile"]): c for c in d["cells"]}
except Exception as e:
    cells = {}
for s in servers.split():
    label, addr = s.split("=")
    for prof in profiles.split(","):
        try:
            r = json.load(open("%s/%s__%s.json" % (real, label, prof)))
        except Exception as e:
            r = {"ok": None, "error": str(e), "class": "driver"}
        c = cells.get((addr, prof), {})
        got_ok = c.get("verdict") == "ok"
        why = []
        if r.get("ok") is None:
            why.append("driver: %s" % r.get("error"))
        elif bool(r["ok"]) != got_ok:
            why.append("verdict %s, real client %s" %
                       (c.get("verdict"), "ok" if r["ok"] else "fail"))
        elif r["ok"]:
            if r.get("version") and r["version"] != c.get("protocol"):
                why.append("protocol %s, real %s" %
                           (c.get("protocol"), r["version"]))
            rc = r.get("cipher")
            rc = iana.get(rc, rc)
            if rc and rc != c.get("cipher"):
                why.append("cipher %s, real %s" % (c.get("cipher"), rc))
        elif c.get("reason") not in (r.get("class") or "").split("|"):
            why.append("reason %s, real class %s" %
                       (c.get("reason"), r.get("class")))
        name = "%s on %s (%s)" % (prof, label, addr)
        if why:
            print("not ok\t%s: %s\t# tlsmatrix: %s %s %s / %s\t# real: %s" % (
                name, "; ".join(why), c.get("verdict"), c.get("protocol"),
                c.get("cipher"), c.get("detail") or c.get("reason"),
                r.get("error") or "%s %s" % (r.get("version"), r.get("cipher"))))
        else:
            print("ok\t%s" % name)
EOF
}

# The default method and the default run are asserted pair by pair;
# --method openssl is counted.
for m in hello default openssl; do
	compare "$m" >"$TEST_TMP/compare-$m.tsv"
	total=$(wc -l <"$TEST_TMP/compare-$m.tsv")
	good=$(grep -c '^ok' "$TEST_TMP/compare-$m.tsv")
	if [ "$m" != openssl ]; then
		while IFS="$tab" read -r st text d1 d2; do
			if [ "$st" = ok ]; then
				ok 0 "$m: $text"
			else
				ok 1 "$m: $text"
				echo "$d1"
				echo "$d2"
			fi
		done <"$TEST_TMP/compare-$m.tsv"
	fi
	diag "fidelity ($m): $good/$total pairs match"
	[ "$m" = hello ] && echo "# fidelity: $good/$total pairs match"
	[ "$m" = default ] && echo "# fidelity (default run, $decided cells from the enumeration): $good/$total pairs match"
done
# --- every shipped profile: settled cells against probed ones ----------------
# Most profiles have no real client here, so the check above cannot speak
# for them. Here the judge is the profile's own probe: the default run
# (cells settled by the enumeration where it is certain) must read
# exactly as --probe-all (every cell probed) on every fidelity server.
# The default run also shares one handshake among the profiles that send
# the same ClientHello (JSON "shared"); --probe-all shares none.
ALL=$("$TLSMATRIX" --list-profiles | awk 'NR > 1 { print $1 }' | paste -sd, -)
for m in settle probe; do
	[ "$m" = probe ] && pa=--probe-all || pa=
	# shellcheck disable=SC2086
	timeout 120 "$TLSMATRIX" --batch --json $pa \
	    --resolve "$LAB_NAME:$LAB_PORT:$ADDRS" --ca-file "$CA" \
	    --timeout 5000 -p "$ALL" --trace "$TEST_TMP/all-$m.trace" \
	    "$LAB_NAME:$LAB_PORT" \
	    </dev/null >"$TEST_TMP/all-$m.json" 2>"$TEST_TMP/all-$m.err"
	rc=$?
	ok "$([ "$rc" -le 1 ] && echo 0 || echo 1)" \
	    "every profile, ${pa:-settling}: ran (exit $rc)"
done
python3 - "$TEST_TMP/all-settle.json" "$TEST_TMP/all-probe.json" \
    >"$TEST_TMP/settle.tsv" <<'EOF'
import json, sys
def load(path):
    try:
        return {(c["address"], c["profile"]): c
                for c in json.load(open(path))["cells"]}
    except Exception:
        return {}
a, b = load(sys.argv[1]), load(sys.argv[2])
fields = ("verdict", "protocol", "cipher", "reason")
print("count\t%d\t%d\t%d\t%d\t%d" % (len(a), len(b),
      sum(c["method"] == "enumeration" for c in a.values()),
      sum((c.get("shared") or 0) > 1 for c in a.values()),
      sum((c.get("shared") or 0) > 1 for c in b.values())))
for k in sorted(b):
    c = a.get(k, {})
    want = tuple(b[k].get(f) for f in fields)
    got = tuple(c.get(f) for f in fields)
    if got != want:
        print("not ok\t%s on %s (%s): %s, probed: %s" % (k[1], k[0],
              c.get("method"), "/".join(map(str, got)),
              "/".join(map(str, want))))
EOF
IFS="$tab" read -r _ n_settle n_probe n_decided n_shared n_shared_pa \
    <"$TEST_TMP/settle.tsv"
is "$n_settle" "$n_probe" "every profile: both runs have every cell ($n_probe)"
ok "$([ "${n_decided:-0}" -gt 0 ] && echo 0 || echo 1)" \
    "every profile: $n_decided cells settled by the enumeration"
ok "$([ "${n_shared:-0}" -gt 0 ] && echo 0 || echo 1)" \
    "every profile: $n_shared cells judged on a handshake shared with others"
is "${n_shared_pa:-x}" 0 "every profile, --probe-all: no cell shared"
# TCP connections (tried) per run, from --trace: the scans' and the
# probes' (a shared handshake counts once, on its first cell).
conns() {
	awk '/ scan row=/ || / cell row=/ {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^connections=/) {
				split($i, kv, "="); n += kv[2]
				if ($0 ~ / scan row=/) s += kv[2]
			}
	} END { printf "%d (scan %d, probes %d)", n, s, n - s }' "$1"
}
diag "every profile, TCP connections: default $(conns "$TEST_TMP/all-settle.trace")," \
    "--probe-all $(conns "$TEST_TMP/all-probe.trace")"
is "$(grep -c '^not ok' "$TEST_TMP/settle.tsv")" 0 \
    "every profile: every cell reads as in the run that probed all"
grep '^not ok' "$TEST_TMP/settle.tsv" | sed 's/^/# /'

if [ -n "${FIDELITY_VERBOSE:-}" ]; then
	grep -v '^ok' "$TEST_TMP/compare-openssl.tsv" | sed 's/^/# openssl: /'
fi

done_testing
