#!/bin/sh
# tests/e2e/capture.sh: tlsmatrix --capture against real clients.
#
# For Python 3.12 (the pyenv build) and curl: start a capture server on a
# free loopback port for one client, point the client at it with the name
# api.example.test, and check what tlsmatrix printed and wrote: one line
# with the peer, JA3, JA4, suite count and profile path; a profile file
# that `--list-profiles --profile-dir` loads and lists with that JA4;
# suites that are the client's own (Python's get_ciphers() and the shipped
# hand-made profiles); and the same JA4 as the shipped profile of that
# client. The library behind a hello: captures of clients with a shipped
# profile, replayed, are recognised as that library; Ruby, PHP and Perl
# as Debian's OpenSSL 3.0 at level 2, with its policy in their profiles.
# Also: usage errors and a clean stop on SIGINT. Run by make check.

. "$TOP_SRCDIR/tests/lib.sh"

PY312=${PY312:-$HOME/.pyenv/versions/3.12.1/bin/python3}
NAME=api.example.test

# capture_one DIR: starts the server for one hello; sets PID and PORT.
capture_one() {
	mkdir -p "$1"
	"$TLSMATRIX" --capture 127.0.0.1:0 --capture-count 1 \
	    --capture-dir "$1" --timeout 5000 >"$1.out" 2>"$1.err" &
	PID=$!
	on_exit "kill $PID 2>/dev/null"
	wait_for 10 grep -q 'capturing on 127.0.0.1:' "$1.err" ||
	    { echo "Bail out! no listening line"; cat "$1.err"; exit 1; }
	PORT=$(sed -n 's/.*capturing on 127\.0\.0\.1:\([0-9]*\).*/\1/p' \
	    "$1.err")
}

# finished PID: true once the process has exited.
finished() { ! kill -0 "$1" 2>/dev/null; }

# field NAME FILE: the value of NAME=... in the first line of FILE.
field() { sed -n "1s/.* $1=\([^ ]*\).*/\1/p" "$2"; }

# suites FILE: the suites of a profile file, one per line.
suites() {
	awk '/^suites[ \t]*=/ { on = 1; sub(/^suites[ \t]*=/, ""); }
	    on && /^[a-z_]+[ \t]*=/ && !/^suites/ { on = 0 }
	    on { sub(/#.*/, ""); gsub(/,/, " "); for (i = 1; i <= NF; i++)
	    print $i }' "$1"
}

# listed_ja4 DIR ID: the JA4 column of --list-profiles for ID.
listed_ja4() {
	"$TLSMATRIX" --profile-dir "$1" --list-profiles |
	    awk -v id="$2" '$1 == id { for (i = 2; i <= NF; i++)
	    if ($i ~ /^t[0-9s][0-9]/) { print $i; exit } }'
}

check_capture() {	# check_capture DIR CLIENT SHIPPED-ID
	wait_for 10 finished "$PID"
	ok $? "$2: the capture server stops after one client"
	wait "$PID"
	is "$?" 0 "$2: exit status 0"
	line=$(head -n 1 "$1.out")
	diag "$line"
	case $line in
	127.0.0.1:*" sni=$NAME ja3="*" ja4="*" suites="*" profile="*)
		ok 0 "$2: one line: peer, sni, ja3, ja4, suites, profile" ;;
	*)	ok 1 "$2: one line: peer, sni, ja3, ja4, suites, profile" ;;
	esac
	JA3=$(field ja3 "$1.out")
	JA4=$(field ja4 "$1.out")
	FILE=$(field profile "$1.out")
	ok "$(echo "$JA3" | grep -cE '^[0-9a-f]{32}$' | sed 's/^1$/0/')" \
	    "$2: JA3 is an MD5"
	ok "$(echo "$JA4" | grep -cE '^t1[0-3][di][0-9]{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$' | sed 's/^1$/0/')" \
	    "$2: JA4 has JA4's shape"
	is "$FILE" "$1/captured-$JA4.profile" "$2: profile named by its JA4"
	check "$2: the profile file exists" -- test -f "$FILE"
	case $line in *"(inexact)"*) ok 1 "$2: exact" ;; *) ok 0 "$2: exact" ;; esac
	is "$(listed_ja4 "$1" "captured-$JA4")" "$JA4" \
	    "$2: --list-profiles loads it and shows the printed JA4"
	is "$(listed_ja4 "$TOP_SRCDIR/data/profiles" "$3")" "$JA4" \
	    "$2: same JA4 as the shipped $3 profile"
	is "$(suites "$FILE" | tr '\n' ' ')" \
	    "$(suites "$TOP_SRCDIR/data/profiles/$3.profile" | tr '\n' ' ')" \
	    "$2: suites as in the shipped $3 profile"
}

# --- Python 3.12 ---
if [ -x "$PY312" ]; then
	D=$TEST_TMP/py312
	capture_one "$D"
	"$PY312" - "$PORT" "$NAME" >"$D.client" 2>&1 <<'PYEOF'
import socket, ssl, sys
port, name = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context()
print("CIPHERS", len(ctx.get_ciphers()))
try:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        with ctx.wrap_socket(s, server_hostname=name):
            pass
except ssl.SSLError as e:
    print("ALERT", e.reason)
PYEOF
	grep -q 'ALERT.*HANDSHAKE_FAILURE' "$D.client"
	ok $? "python-3.12: the client got a handshake_failure alert"
	check_capture "$D" python-3.12 python-3.12
	is "$(field suites "$D.out")" \
	    "$(sed -n 's/^CIPHERS //p' "$D.client")" \
	    "python-3.12: suite count is len(SSLContext.get_ciphers())"
else
	diag "no $PY312: Python 3.12 part skipped"
fi

# --- curl ---
if command -v curl >/dev/null 2>&1; then
	D=$TEST_TMP/curl
	capture_one "$D"
	curl -s --max-time 10 --resolve "$NAME:$PORT:127.0.0.1" \
	    "https://$NAME:$PORT/" >/dev/null 2>&1
	is "$?" 35 "curl: fails in the handshake (exit 35)"
	check_capture "$D" curl curl-7.88
else
	diag "no curl: curl part skipped"
fi

# --- the library behind a hello, and its policy (issue #15 item 6) ---
# Captured hellos of tests/data/hello replayed to the capture server
# (tests/lab/replay_hello.py): a client with a shipped profile is
# recognised as that profile's library; Ruby, PHP and Perl, with their own
# profiles left out of --profile-dir, as Debian's OpenSSL 3.0 at level 2.
HELLO=$TOP_SRCDIR/tests/data/hello
KNOWN=$TEST_TMP/known
mkdir -p "$KNOWN"
for f in "$TOP_SRCDIR"/data/profiles/*.profile; do
	case $f in
	*/ruby-3.1.profile|*/php-8.2.profile|*/perl-io-socket-ssl.profile) ;;
	*) cp "$f" "$KNOWN/" ;;
	esac
done
DEBIAN='OpenSSL 3.0.19 (Debian 12 libssl3)'
# replay ID LIBRARY LEVEL: capture the replayed ID.hex, check the library
# line, the profile's library and security level and its note.
replay() {
	D=$TEST_TMP/infer-$1
	mkdir -p "$D"
	"$TLSMATRIX" --capture 127.0.0.1:0 --capture-count 1 \
	    --capture-dir "$D" --profile-dir "$KNOWN" --timeout 5000 \
	    >"$D.out" 2>"$D.err" &
	PID=$!
	on_exit "kill $PID 2>/dev/null"
	wait_for 10 grep -q 'capturing on 127.0.0.1:' "$D.err" ||
	    { ok 1 "$1: the capture server listens"; return; }
	PORT=$(sed -n 's/.*capturing on 127\.0\.0\.1:\([0-9]*\).*/\1/p' \
	    "$D.err")
	is "$(python3 "$TOP_SRCDIR/tests/lab/replay_hello.py" "$HELLO/$1.hex" \
	    127.0.0.1 "$PORT")" 15030300020228 "$1: replayed, answered with handshake_failure"
	wait_for 10 finished "$PID"
	line=$(grep ': library ' "$D.err")
	diag "$line"
	case $line in
	*": library $2"*" (nearest profile "*", similarity "*"%, "*) ok 0 "$1: recognised as $2" ;;
	*) ok 1 "$1: recognised as $2" ;;
	esac
	FILE=$(field profile "$D.out")
	is "$(sed -n 's/^security_level = //p' "$FILE")" "$3" \
	    "$1: the captured profile has level $3"
	is "$(sed -n 's/^library = //p' "$FILE")" "$2" \
	    "$1: and the library"
	# Continuation lines joined, as the profile parser joins them.
	sed ':a;N;$!ba;s/\n\t/ /g' "$FILE" | grep -q \
	    "^note = .*Library inferred from the hello: $2, [a-z]*: the nearest shipped profile is [a-z0-9.-]* at similarity [0-9]*%"
	ok $? "$1: the note says what was inferred from which profile, how sure"
}
replay go-1.19-tls 'Go crypto/tls 1.19' 1
replay java-17 'SunJSSE (JDK 17)' 1
replay curl-7.88 "$DEBIAN" 2
replay gnutls-3.7 'GnuTLS 3.7.9 (Debian 12)' 1
replay ruby-3.1 "$DEBIAN" 2
replay php-8.2 "$DEBIAN" 2
replay perl-io-socket-ssl "$DEBIAN" 2
grep -q 'min_rsa_bits = 2048' "$TEST_TMP/infer-php-8.2"/*.profile
ok $? "php-8.2: min_rsa_bits 2048, as Debian's level 2"
grep -q 'verify_peer = yes' "$TEST_TMP/infer-ruby-3.1"/*.profile
ok $? "ruby-3.1: verify_peer yes (the library's majority, not s_client's)"

# --- a stop on SIGINT, and usage errors ---
D=$TEST_TMP/sigint
mkdir -p "$D"
"$TLSMATRIX" --capture 0 --capture-dir "$D" >"$D.out" 2>"$D.err" &
PID=$!
on_exit "kill $PID 2>/dev/null"
wait_for 10 grep -q 'capturing on 127.0.0.1:' "$D.err"
ok $? "no ADDR: listens on 127.0.0.1"
kill -INT "$PID"
wait_for 10 finished "$PID"
ok $? "SIGINT stops it"
wait "$PID"
is "$?" 0 "exit status 0 after SIGINT"

"$TLSMATRIX" --capture 127.0.0.1:99999 >/dev/null 2>"$TEST_TMP/e1"
is "$?" 2 "--capture with a bad port: usage error"
"$TLSMATRIX" --capture ::1:8443 >/dev/null 2>"$TEST_TMP/e2"
is "$?" 2 "--capture with bare IPv6: usage error"
grep -q 'brackets' "$TEST_TMP/e2"
ok $? "the message says to use brackets"
"$TLSMATRIX" --capture-count 1 example.test >/dev/null 2>"$TEST_TMP/e3"
is "$?" 2 "--capture-count without --capture: usage error"

done_testing
