#!/bin/sh
# trust_policy.sh: the certificate decision per profile (issue #14).
#
# A small PKI made here with the openssl CLI (root R, intermediate I,
# leaves for each case), openssl s_server on loopback for each case, and
# tests/lab/aia_server.py serving I (and hostile answers) at AIA URLs.
# tlsmatrix runs with --system-store R (the profiles that read the
# system store trust R) and checks, in the JSON, each decision and its
# words: a missing intermediate (who fetches it, the fetch, --no-fetch),
# an IP-only SAN reached by name (the CN rules), EKU clientAuth only
# (cert-eku; wget does not check), a Certificate message over 32 KB
# (message-too-large for Java), trust_store and chain, with both backends;
# hostile AIA URLs (slow, huge, a redirect loop, not a certificate, not
# http) bounded and explained; bad store files refused with exit status 2.

. "$TOP_SRCDIR/tests/lib.sh"

command -v openssl >/dev/null 2>&1 || skip_all "openssl CLI not installed"
# Debian's python3 when there is one: a pyenv shim costs seconds a call.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip_all "python3 not installed"

T=$TEST_TMP
NAME=www.trust.test
mkdir -p "$T/aia"

# --- the PKI ------------------------------------------------------------------
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-out "$1" 2>/dev/null; }
ec "$T/root.key"; ec "$T/int.key"; ec "$T/leaf.key"
openssl req -x509 -new -key "$T/root.key" -subj "/CN=Trust Test Root" \
	-days 30 -addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign,cRLSign \
	-out "$T/root.pem" 2>/dev/null
openssl req -new -key "$T/int.key" -subj "/CN=Trust Test Intermediate" \
	-out "$T/int.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' \
	>"$T/int.ext"
openssl x509 -req -in "$T/int.csr" -CA "$T/root.pem" -CAkey "$T/root.key" \
	-CAcreateserial -days 30 -extfile "$T/int.ext" -out "$T/int.pem" \
	2>/dev/null
openssl x509 -in "$T/int.pem" -outform DER -out "$T/aia/int.der"

AIA_PORT_FILE=$T/aia.port
"$PY" "$TOP_SRCDIR/tests/lab/aia_server.py" "$AIA_PORT_FILE" "$T/aia" \
	--lifetime 300 >"$T/aia.log" 2>&1 &
apid=$!
on_exit "kill $apid 2>/dev/null"
wait_for 20 test -s "$AIA_PORT_FILE" || skip_all "AIA server would not start"
AIA=http://127.0.0.1:$(cat "$AIA_PORT_FILE")

# leaf NAME EXTENSIONS...: a leaf for $NAME signed by I.
leaf() {
	_n=$1; shift
	printf '%s\n' "$@" >"$T/$_n.ext"
	openssl req -new -key "$T/leaf.key" -subj "/CN=$NAME" \
		-out "$T/$_n.csr" 2>/dev/null
	openssl x509 -req -in "$T/$_n.csr" -CA "$T/int.pem" \
		-CAkey "$T/int.key" -CAcreateserial -days 30 \
		-extfile "$T/$_n.ext" -out "$T/$_n.pem" 2>/dev/null
}
SAN="subjectAltName=DNS:$NAME"
leaf aia "$SAN" "authorityInfoAccess=caIssuers;URI:$AIA/int.der"
leaf iponly "subjectAltName=IP:127.0.0.1"
leaf eku "$SAN" "extendedKeyUsage=clientAuth"
# 2,000 more names: a Certificate message of about 43 KB.
big=$("$PY" -c 'print(",".join("DNS:n%d.big.trust.test" % i for i in range(2000)))')
leaf big "$SAN,$big"
for m in slow huge loop html; do
	leaf "aia_$m" "$SAN" "authorityInfoAccess=caIssuers;URI:$AIA/$m"
done
leaf aia_https "$SAN" "authorityInfoAccess=caIssuers;URI:https://127.0.0.1:1/int.der"

# --- the servers --------------------------------------------------------------
# serve CASE [CHAIN]: s_server with CASE's leaf (and I when CHAIN is given).
serve() {
	_p=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	_c=$1
	if [ -n "$2" ]; then
		set -- -cert_chain "$T/int.pem"
	else
		set --
	fi
	openssl s_server -quiet -accept "127.0.0.1:$_p" -cert "$T/$_c.pem" \
		-key "$T/leaf.key" "$@" -www </dev/null >"$T/$_c.srv" 2>&1 &
	on_exit "kill $! 2>/dev/null"
	echo "$_c $_p" >>"$T/ports"
	wait_for 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$_p" ||
		diag "server $_c did not start"
}
port_of() { awk -v m="$1" '$1 == m { print $2 }' "$T/ports"; }
for c in aia aia_slow aia_huge aia_loop aia_html aia_https; do serve "$c"; done
for c in iponly eku big; do serve "$c" chain; done

PROFILES=python-3.12,curl-7.88,go-1.19,wget-1.21,java-17,chrome-156,safari

# run CASE OUT [ARGS...]: a batch JSON run against CASE; status in $rc.
run() {
	_c=$1 _o=$2; shift 2
	_p=$(port_of "$_c")
	_t0=$(date +%s)
	timeout 60 "$TLSMATRIX" --batch --json --no-scan --timeout 3000 \
		-p "$PROFILES" --system-store "$T/root.pem" \
		--trust "chrome-156=$T/root.pem" --resolve "$NAME:$_p:127.0.0.1" \
		"$@" "$NAME:$_p" >"$T/$_o.json" 2>"$T/$_o.err"
	rc=$?
	secs=$(( $(date +%s) - _t0 ))
	# every cell's fields, one "PROFILE<TAB>FIELD<TAB>VALUE" line each
	"$PY" - "$T/$_o.json" >"$T/$_o.tsv" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    sys.exit(0)
for c in d["cells"]:
    for k, v in c.items():
        if k == "chain":
            v = ",".join(l["from"] for l in v or [])
        v = "" if v is None else str(v).replace("\t", " ").replace("\n", " ")
        print("%s\t%s\t%s" % (c["profile"], k, v))
PY
}

# cell OUT PROFILE FIELD: a cell's field (chain: its "from"s joined).
cell() {
	awk -F '\t' -v p="$2" -v f="$3" '$1 == p && $2 == f { print $3 }' \
		"$T/$1.tsv"
}

has() {	# has TEXT WORDS NAME
	case $1 in *"$2"*) ok 0 "$3" ;; *) ok 1 "$3"; diag "got: $1" ;; esac
}

for meth in hello openssl; do
	# openssl: only the profiles OpenSSL can speak
	[ "$meth" = openssl ] && PROFILES=python-3.12,curl-7.88,chrome-156
	run aia "aia.$meth" --method "$meth"
	is "$(cell "aia.$meth" python-3.12 reason)" cert-untrusted \
	    "$meth: missing intermediate: python-3.12 cert-untrusted"
	has "$(cell "aia.$meth" python-3.12 detail)" "chrome-156" \
	    "$meth: the detail names the clients that would fetch it"
	has "$(cell "aia.$meth" python-3.12 detail)" "intermediate" \
	    "$meth: the detail says an intermediate is missing"
	is "$(cell "aia.$meth" python-3.12 trust_store)" system \
	    "$meth: python-3.12 verified against the system store"
	is "$(cell "aia.$meth" chrome-156 verdict)" ok \
	    "$meth: chrome-156 fetches the intermediate and completes"
	is "$(cell "aia.$meth" chrome-156 chain)" sent,fetched,store \
	    "$meth: chrome-156's chain: sent, fetched, anchor"
	is "$(cell "aia.$meth" chrome-156 trust_store)" "--trust chrome-156" \
	    "$meth: chrome-156's store is its --trust file"
	has "$(cell "aia.$meth" python-3.12 fixes)" "send the intermediate" \
	    "$meth: the server fix is to send the intermediate"
done
PROFILES=python-3.12,curl-7.88,go-1.19,wget-1.21,java-17,chrome-156,safari

n=$(grep -c "GET /int.der" "$T/aia.log")
[ "$n" -ge 1 ] && [ "$n" -le 2 ]
ok $? "one fetch of the URL per run (2 runs, several fetching profiles): $n"

run aia nofetch --no-fetch
is "$(cell nofetch chrome-156 reason)" cert-untrusted \
    "--no-fetch: chrome-156 does not fetch"
has "$(cell nofetch chrome-156 detail)" "would fetch $AIA/int.der" \
    "--no-fetch: the cell says what would have been fetched"

run iponly iponly
is "$(cell iponly python-3.12 verdict)" ok \
    "IP-only SAN by name: python-3.12 reads the CN"
is "$(cell iponly java-17 verdict)" ok "IP-only SAN by name: java-17 too"
is "$(cell iponly curl-7.88 reason)" cert-hostname \
    "IP-only SAN by name: curl refuses"
has "$(cell iponly curl-7.88 detail)" "cn_fallback no-san" \
    "curl's detail names its CN rule"
is "$(cell iponly go-1.19 reason)" cert-hostname "Go refuses it"
has "$(cell iponly go-1.19 detail)" "cn_fallback never" \
    "Go's detail names its CN rule"
is "$(cell iponly wget-1.21 reason)" cert-hostname "wget (GnuTLS) refuses it"

run eku eku
is "$(cell eku python-3.12 reason)" cert-eku "EKU clientAuth only: cert-eku"
has "$(cell eku python-3.12 detail)" "clientAuth" "the detail names the EKU"
is "$(cell eku wget-1.21 verdict)" ok "wget does not check the EKU"
is "$(cell eku go-1.19 reason)" cert-eku "Go checks it"

run big big
is "$(cell big java-17 reason)" message-too-large \
    "a Certificate message over 32 KB: Java refuses"
has "$(cell big java-17 detail)" "32768" "the detail names Java's limit"
is "$(cell big python-3.12 verdict)" ok "OpenSSL's clients take it"
is "$(cell big go-1.19 verdict)" ok "Go 1.19 takes it (65536)"

# --- hostile AIA URLs ---------------------------------------------------------
for m in slow huge loop html https; do
	run "aia_$m" "h_$m"
	[ "$secs" -le 12 ]
	ok $? "AIA $m: bounded ($secs s)"
	is "$(cell "h_$m" chrome-156 reason)" cert-untrusted \
	    "AIA $m: chrome-156 fails cert-untrusted"
	d=$(cell "h_$m" chrome-156 detail)
	case $m in
	slow) has "$d" "no answer in time" "AIA slow: explained" ;;
	huge) has "$d" "larger than 65536" "AIA huge: explained" ;;
	loop) has "$d" "more than 3 redirects" "AIA loop: explained" ;;
	html) has "$d" "not a certificate" "AIA html: explained" ;;
	https) has "$d" "not an http:// URL" "AIA https: explained" ;;
	esac
done

# --- AIA through --proxy (#17): the fetch goes through the proxy too -----------
. "$TOP_SRCDIR/tests/lab/proxies.sh"
if [ -x "$PX_TINYPROXY" ] && px_tinyproxy aia ""; then
	run aia aia.proxy --method hello --proxy "http://127.0.0.1:$PX_PORT"
	is "$(cell aia.proxy chrome-156 verdict) $(cell aia.proxy chrome-156 chain)" \
	    "ok sent,fetched,store" \
	    "AIA via --proxy: chrome-156 fetches the intermediate, and works"
	check "  the fetch went through the proxy (CONNECT to the AIA server)" -- \
	    grep -q -F "127.0.0.1:${AIA##*:}" "$PX_LOG"
	[ "$tap_failed" -eq 0 ] || sed 's/^/#   tinyproxy: /' "$PX_LOG"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP tinyproxy not here"
fi

# --- bad store files ------------------------------------------------------------
: >"$T/empty.pem"
echo "hello, not a certificate" >"$T/text.pem"
# the second certificate broken: one base64 line dropped
{ cat "$T/root.pem"; sed '3d' "$T/int.pem"; } >"$T/broken.pem"
bad() {	# bad NAME WORDS ARGS...: exit 2 and a message with WORDS
	_n=$1 _w=$2; shift 2
	"$TLSMATRIX" --batch --no-scan -p python-3.12 "$@" \
		--resolve "$NAME:1:127.0.0.1" "$NAME:1" >/dev/null 2>"$T/bad.err"
	is "$?" 2 "$_n: exit status 2"
	has "$(cat "$T/bad.err")" "$_w" "$_n: the message says so"
}
bad "--system-store missing" "$T/nope.pem: No such file" \
	--system-store "$T/nope.pem"
bad "--system-store empty" "$T/empty.pem: empty" --system-store "$T/empty.pem"
bad "--system-store not PEM" "$T/text.pem: not PEM" \
	--system-store "$T/text.pem"
bad "--ca-file broken certificate" "$T/broken.pem: certificate 2 (line" \
	--ca-file "$T/broken.pem"
bad "--trust broken certificate" "$T/broken.pem: certificate 2" \
	--trust "python-3.12=$T/broken.pem"
bad "--trust unknown profile" "no profile nosuch" \
	--trust "nosuch=$T/root.pem"
bad "--trust without a file" "is not ID=FILE" --trust "python-3.12"

done_testing
