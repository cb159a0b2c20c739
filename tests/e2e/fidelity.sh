#!/bin/sh
# tests/e2e/fidelity.sh: tlsmatrix's cells against the real clients.
#
# Issue #4 item 6. Servers that separate the profiles (tests/lab/lab.sh
# lab_fid_servers: RSA key exchange only, CBC-SHA1 only, DHE with a 1024-bit
# group, a 1024-bit RSA key, TLS 1.0/1.1 only, TLS 1.3 only, ECDSA only,
# expired, wrong name, server order, SHA-1-signed leaf, CA without
# keyUsage, and a modern control) run on loopback; every real client on
# this machine that a profile predicts (tests/lab/clients.sh finds them:
# the pyenv Pythons, Node 20, Java 17 and 25, curl, wget, gnutls-cli,
# s_client, and since issue #15 Go 1.19, urllib3 1.26, Ruby, PHP and Perl
# IO::Socket::SSL) connects to each, and tlsmatrix probes each with that
# profile. Per (server, client)
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
. "$TOP_SRCDIR/tests/lab/clients.sh"

lab_need_tools openssl nginx python3 timeout
tab=$(printf '\t')

# --- the lab ----------------------------------------------------------------
lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
lab_fid_certs "$TEST_TMP/fid" || { echo "Bail out! lab_fid_certs failed"; exit 1; }
lab_fid_servers
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
ok 0 "nginx serves $(echo "$LAB_FID_SERVERS" | wc -w) fidelity servers on port $LAB_PORT"
CA=$LAB_FID_CA

# --- the real clients ---------------------------------------------------------
# tests/lab/clients.sh: every client a profile predicts, or a counted SKIP.
lab_clients_find "$CA" "$LAB_NAME"
lab_clients_skips
PROFILES=$LAB_PROFILES
[ -n "$PROFILES" ] || { diag "no real client found"; done_testing; }
REAL=$TEST_TMP/real
lab_clients_run "$LAB_FID_SERVERS" "$LAB_PORT" "$REAL"

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
compare() {
	lab_clients_compare "$TEST_TMP/matrix-$1.json" "$REAL" \
	    "$LAB_FID_SERVERS" "$PROFILES"
}

# The default method and the default run are asserted pair by pair;
# --method openssl is counted.
for m in hello default openssl; do
	compare "$m" >"$TEST_TMP/compare-$m.tsv"
	total=$(wc -l <"$TEST_TMP/compare-$m.tsv")
	good=$(grep -c '^ok' "$TEST_TMP/compare-$m.tsv")
	[ "$m" != openssl ] && lab_clients_report "$m" "$TEST_TMP/compare-$m.tsv"
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
