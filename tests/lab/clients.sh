# tests/lab/clients.sh: the real clients of this machine against lab servers.
#
# Sourced after tests/lib.sh and tests/lab/lab.sh by the tests that compare
# tlsmatrix's cells with what real clients do (tests/e2e/fidelity.sh,
# tests/e2e/families.sh). Finds each real client a profile predicts, runs
# its driver (tests/lab/clients/: DRIVER ... CAFILE NAME ADDR PORT, one
# JSON line {ok, version, cipher, error, class}) against every server,
# and compares the results with a tlsmatrix JSON snapshot pair by pair.
# A client that is missing, or of another version than its profile, is a
# counted SKIP. POSIX sh.
#
# shellcheck disable=SC2034

LAB_CLIENTS=$TOP_SRCDIR/tests/lab/clients
LAB_GO=${LAB_GO:-/usr/lib/go-1.19/bin/go}
LAB_SYS_PY=${LAB_SYS_PY:-/usr/bin/python3}

_lab_tab=$(printf '\t')

# lab_clients_find CA NAME: every real client present, into LAB_JOBS
# ("PROFILE<TAB>COMMAND", COMMAND taking ADDR PORT last) and LAB_SKIPS
# ("PROFILE<TAB>reason"), files under $TEST_TMP. CA is the PEM file of
# the lab's CAs, NAME the server name. Sets LAB_PROFILES (comma list).
lab_clients_find() {
	_ca=$1 _nm=$2
	LAB_JOBS=$TEST_TMP/clients.tsv LAB_SKIPS=$TEST_TMP/skips.tsv
	: >"$LAB_JOBS"; : >"$LAB_SKIPS"
	for v in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do
		py=
		for d in "$HOME"/.pyenv/versions/"$v".*; do
			[ -x "$d/bin/python" ] && py=$d/bin/python
		done
		if [ -n "$py" ]; then
			_lab_add "python-$v" "$py $LAB_CLIENTS/python.py $_ca $_nm"
		else
			_lab_skip "python-$v" "no pyenv Python $v in ~/.pyenv/versions"
		fi
	done

	if command -v node >/dev/null 2>&1 &&
	    node --version 2>/dev/null | grep -q '^v20\.'; then
		_lab_add node-20 "node $LAB_CLIENTS/node.js $_ca $_nm"
	else
		_lab_skip node-20 "node 20 not in PATH"
	fi

	# Java: one class compiled by the oldest javac, one PKCS#12 trust
	# store with the lab CAs, run by each JDK with only the trust store
	# changed.
	JDK17='' JDK25=''
	for d in /usr/lib/jvm/*17*; do [ -x "$d/bin/java" ] && JDK17=$d; done
	for d in /usr/lib/jvm/*25*; do [ -x "$d/bin/java" ] && JDK25=$d; done
	_jcls=$TEST_TMP/java
	if [ -n "$JDK17" ] && [ -x "$JDK17/bin/javac" ] &&
	    timeout 60 "$JDK17/bin/javac" -d "$_jcls" "$LAB_CLIENTS/Client.java" \
	    2>"$TEST_TMP/javac.err"; then
		_ts=$TEST_TMP/truststore.p12
		awk -v d="$TEST_TMP" '/BEGIN CERT/ { n++ } { print > (d "/ca-" n ".pem") }' "$_ca"
		for f in "$TEST_TMP"/ca-*.pem; do
			timeout 30 "$JDK17/bin/keytool" -importcert -noprompt \
			    -storetype PKCS12 -keystore "$_ts" -storepass changeit \
			    -alias "$(basename "$f" .pem)" -file "$f" >/dev/null 2>&1
		done
		_jopts="-Djavax.net.ssl.trustStore=$_ts -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit -cp $_jcls Client $_nm"
		_lab_add java-17 "$JDK17/bin/java $_jopts"
		if [ -n "$JDK25" ]; then
			_lab_add java-25 "$JDK25/bin/java $_jopts"
		else
			_lab_skip java-25 "no JDK 25 in /usr/lib/jvm"
		fi
	else
		_lab_skip java-17 "no JDK 17 with javac in /usr/lib/jvm"
		_lab_skip java-25 "no JDK 17 javac to build the driver"
	fi

	if curl --version 2>/dev/null | grep -q '^curl 7\.88'; then
		_lab_add curl-7.88 "python3 $LAB_CLIENTS/cli.py curl $_ca $_nm"
	else
		_lab_skip curl-7.88 "curl 7.88 not in PATH"
	fi
	if wget --version 2>/dev/null | grep -q '^GNU Wget 1\.21' &&
	    unshare -m true 2>/dev/null; then
		_lab_add wget-1.21 "python3 $LAB_CLIENTS/cli.py wget $_ca $_nm"
	else
		_lab_skip wget-1.21 "wget 1.21 not in PATH, or unshare -m not allowed (needs root)"
	fi
	if gnutls-cli --version 2>/dev/null | grep -q 'gnutls-cli 3\.7'; then
		_lab_add gnutls-3.7 "python3 $LAB_CLIENTS/cli.py gnutls $_ca $_nm"
	else
		_lab_skip gnutls-3.7 "gnutls-cli 3.7 not in PATH (apt-get install gnutls-bin)"
	fi
	if openssl version 2>/dev/null | grep -q '^OpenSSL 3\.0'; then
		_lab_add openssl-3.0 "python3 $LAB_CLIENTS/cli.py openssl $_ca $_nm"
	else
		_lab_skip openssl-3.0 "openssl 3.0 not in PATH"
	fi

	# Go 1.19: the driver built here, into the test's directory, with
	# no module download and no network (GOPROXY=off, GOFLAGS=-mod=mod
	# is not needed: one file, GO111MODULE=off).
	_gd=$TEST_TMP/go
	if [ -x "$LAB_GO" ] && "$LAB_GO" version 2>/dev/null | grep -q 'go1\.19' &&
	    mkdir -p "$_gd" &&
	    env GOCACHE="$_gd/cache" GOPATH="$_gd/path" GO111MODULE=off \
	    GOPROXY=off GOFLAGS= CGO_ENABLED=0 timeout 180 "$LAB_GO" build \
	    -o "$_gd/go_client" "$LAB_CLIENTS/go_client.go" \
	    >"$_gd/build.log" 2>&1; then
		# net/http asks for h2 and http/1.1 (go-1.19); tls.Dial for
		# nothing (go-1.19-tls).
		_lab_add go-1.19 "$_gd/go_client -alpn h2,http/1.1 $_ca $_nm"
		_lab_add go-1.19-tls "$_gd/go_client $_ca $_nm"
	else
		_why="no Go 1.19 at $LAB_GO (apt-get install golang-1.19-go)"
		[ -s "$_gd/build.log" ] && _why="go build failed: $(head -c 200 "$_gd/build.log" | tr '\n' ' ')"
		_lab_skip go-1.19 "$_why"
		_lab_skip go-1.19-tls "$_why"
	fi
	if "$LAB_SYS_PY" -c 'import urllib3, sys
sys.exit(not urllib3.__version__.startswith("1.26."))' 2>/dev/null; then
		_lab_add urllib3-1.26 "$LAB_SYS_PY $LAB_CLIENTS/urllib3_client.py $_ca $_nm"
	else
		_lab_skip urllib3-1.26 "no urllib3 1.26 for $LAB_SYS_PY (apt-get install python3-urllib3)"
	fi
	if ruby -e 'exit(RUBY_VERSION.start_with?("3.1.") ? 0 : 1)' 2>/dev/null &&
	    ruby -ropenssl -e 'exit(OpenSSL::OPENSSL_LIBRARY_VERSION.start_with?("OpenSSL 3.0") ? 0 : 1)' 2>/dev/null; then
		_lab_add ruby-3.1 "ruby $LAB_CLIENTS/ruby_client.rb $_ca $_nm"
	else
		_lab_skip ruby-3.1 "no Ruby 3.1 on OpenSSL 3.0 in PATH (apt-get install ruby)"
	fi
	if php -r 'exit(strncmp(PHP_VERSION, "8.2.", 4) == 0 && extension_loaded("openssl") ? 0 : 1);' 2>/dev/null; then
		_lab_add php-8.2 "php $LAB_CLIENTS/php_client.php $_ca $_nm"
	else
		_lab_skip php-8.2 "no PHP 8.2 CLI with openssl in PATH (apt-get install php-cli)"
	fi
	if perl -MIO::Socket::SSL -e 'exit($IO::Socket::SSL::VERSION =~ /^2\./ ? 0 : 1)' 2>/dev/null; then
		_lab_add perl-io-socket-ssl "perl $LAB_CLIENTS/perl_client.pl $_ca $_nm"
	else
		_lab_skip perl-io-socket-ssl "no IO::Socket::SSL 2.x for perl (apt-get install libio-socket-ssl-perl)"
	fi
	LAB_PROFILES=$(cut -f1 "$LAB_JOBS" | paste -sd, -)
}

_lab_add() { printf '%s\t%s\n' "$1" "$2" >>"$LAB_JOBS"; }
_lab_skip() { printf '%s\t%s\n' "$1" "$2" >>"$LAB_SKIPS"; }

# lab_clients_skips: one counted TAP SKIP per missing client.
lab_clients_skips() {
	while IFS="$_lab_tab" read -r _p _why; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP $_p: $_why"
	done <"$LAB_SKIPS"
}

# lab_clients_run SERVERS PORT DIR: every (server, client) pair,
# $LAB_CLIENT_JOBS (8) at a time, each bounded by 30 s; SERVERS is "label=address ...", the result
# of each pair in DIR/LABEL__PROFILE.json. A JVM takes seconds to start
# on a loaded machine: at most two run at once, each bounded by 120 s.
# The clients run without the variables that would change their trust
# store (TEST-LAB-NOTES.md).
lab_clients_run() {
	mkdir -p "$3"
	python3 - "$LAB_JOBS" "$3" "$2" "$1" <<'EOF'
import concurrent.futures as cf, json, os, shlex, subprocess, sys, threading
jobs, outdir, port, servers = sys.argv[1:5]
clients = [l.rstrip("\n").split("\t", 1) for l in open(jobs) if l.strip()]
# Client by client, so the 8 at a time go to different servers (openssl
# s_server serves one connection at a time).
pairs = [(s.split("=")[0], s.split("=")[1], p, c)
         for p, c in clients for s in servers.split()]
env = {k: v for k, v in os.environ.items()
       if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
                    "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE")}
jvms = threading.Semaphore(2)
def run(argv, heavy):
    if not heavy:
        return subprocess.run(argv, stdin=subprocess.DEVNULL, env=env,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=30)
    with jvms:
        return subprocess.run(argv, stdin=subprocess.DEVNULL, env=env,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
def one(job):
    label, addr, prof, cmd = job
    argv = shlex.split(cmd) + [addr, port]
    try:
        r = run(argv, prof.startswith("java-"))
        line = r.stdout.decode("utf-8", "replace").strip().splitlines()
        out = line[-1] if line else ""
        json.loads(out)
    except Exception as e:
        out = json.dumps({"ok": None, "error": "driver failed: %s" % e,
                          "class": "driver"})
    with open("%s/%s__%s.json" % (outdir, label, prof), "w") as f:
        f.write(out + "\n")
with cf.ThreadPoolExecutor(int(os.environ.get("LAB_CLIENT_JOBS", "8"))) as ex:
    list(ex.map(one, pairs))
EOF
}

# lab_clients_compare MATRIX DIR SERVERS PROFILES: one line per pair,
# "ok<TAB>text" or "not ok<TAB>text<TAB># tlsmatrix: ...<TAB># real: ...".
# Protocols compare as written (TLSv1, TLSv1.2 ...); suites compare as
# IANA names, the clients' OpenSSL names mapped by `openssl ciphers
# -stdname`. A failure matches when tlsmatrix's reason is one of the
# reasons the client's message allows (the drivers' "class").
lab_clients_compare() {
	openssl ciphers -V -stdname 'ALL:@SECLEVEL=0' >"$TEST_TMP/ciphers.txt" 2>/dev/null
	python3 - "$1" "$2" "$3" "$TEST_TMP/ciphers.txt" "$4" <<'EOF'
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

# lab_clients_report PREFIX FILE: the lines of lab_clients_compare as TAP
# tests named "PREFIX: pair", the two diagnostics under a failure.
lab_clients_report() {
	while IFS="$_lab_tab" read -r _st _text _d1 _d2; do
		if [ "$_st" = ok ]; then
			ok 0 "$1: $_text"
		else
			ok 1 "$1: $_text"
			echo "$_d1"
			echo "$_d2"
		fi
	done <"$2"
}
