#!/bin/sh
# starttls_mail.sh: STARTTLS against real Debian servers (issue #17).
#
# Starts on 127.0.0.117, each with its own configuration in a temporary
# directory, and stops on every exit path:
#   Postfix   SMTP on 25 and 587 (the port chooses smtp), on a high port
#             (--starttls smtp) and, without TLS, on another; TLS 1.2 with
#             only AES-CBC-SHA and RSA key exchange: the incident's
#             backend B as a mail relay (Python 3.9 connects, 3.10+ not);
#   Dovecot   IMAP, POP3 and ManageSieve on high ports;
#   vsftpd    FTP AUTH TLS on a high port;
#   Prosody   XMPP on 5222 and 5269 (client and server streams, by port).
# Postfix's master needs root (it binds 25 and drops to the postfix user
# for smtpd; inet_interfaces is loopback-only, since Postfix finds no
# interface for 127.0.0.117 itself, and master.cf names the address); Dovecot, vsftpd and Prosody run as nobody, so they get
# ports above 1024 and --starttls says the protocol.
# Then, for each service: tlsmatrix's enumeration equals sslscan's
# (--starttls-smtp, -imap, -pop3, -ftp, -xmpp, with --xmpp-server), the
# pyenv Pythons' own clients (smtplib, imaplib, poplib, ftplib with
# create_default_context) agree with the python-* cells, and the failure
# reasons hold: no STARTTLS offered, another protocol, an XMPP domain the
# server does not serve, direct TLS on a STARTTLS port.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl python3 timeout setpriv sslscan
# Debian's Python for the test's own JSON work: pyenv's shim in PATH
# costs seconds a call on a loaded machine
PY3=/usr/bin/python3
[ -x "$PY3" ] || PY3=python3
for _t in /usr/sbin/postfix /usr/sbin/dovecot /usr/sbin/vsftpd \
    /usr/bin/prosody; do
	[ -x "$_t" ] || skip_all "$_t not installed (build.sh's test_pkgs)"
done
[ "$(id -u)" -eq 0 ] || skip_all "Postfix's master must start as root"

A=127.0.0.117
NAME=mail.lab.test
LAB_NAME=$NAME
# The servers run as nobody: their directory must be theirs, outside a
# build tree nobody may not be able to enter.
S=$(mktemp -d /tmp/tlsmatrix-starttls.XXXXXX) || exit 1
chmod 755 "$S"
on_exit "rm -rf '$S'"
lab_certs "$S/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
chmod 644 "$S/pki/rsa.key"
CA=$S/pki/ca.pem CERT=$S/pki/rsa.pem KEY=$S/pki/rsa.key

# six free ports at once (lib.sh's free_port, one interpreter each, is
# slow through pyenv's shim)
set -- $("$PY3" -c '
import socket
ss = [socket.socket() for _ in range(6)]
for s in ss:
    s.bind(("127.0.0.117", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
[ $# -eq 6 ] || { echo "Bail out! no free ports"; exit 1; }
SMTP_HI=$1 SMTP_NOTLS=$2 IMAP=$3 POP3=$4 SIEVE=$5 FTP=$6

up() {	# up PORT WHAT: wait (bounded) until A:PORT accepts
	wait_for 60 "$PY3" -c "import socket; socket.create_connection(('$A', $1), 1)" ||
	    { echo "Bail out! $2 did not listen on $A:$1"; exit 1; }
}
# The fixed ports must be free: a server already there (another run of
# this test) would be tested instead of ours.
for p in 25 587 5222 5269; do
	if "$PY3" -c "import socket; socket.create_connection(('$A', $p), 1)" \
	    2>/dev/null; then
		echo "Bail out! $A:$p is in use (another run of this test?)"
		exit 1
	fi
done

diag "$(date +%T) Postfix"
# --- Postfix -------------------------------------------------------------
P=$S/postfix
mkdir -p "$P/conf" "$P/queue" "$P/data"
chown postfix "$P/data"
cat >"$P/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $P/queue
data_directory = $P/data
mail_owner = postfix
setgid_group = postdrop
myhostname = $NAME
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
maillog_file = $P/maillog
maillog_file_prefixes = $P
smtpd_tls_security_level = may
smtpd_tls_cert_file = $CERT
smtpd_tls_key_file = $KEY
smtpd_tls_protocols = >=TLSv1.2, <=TLSv1.2
smtpd_tls_ciphers = medium
tls_medium_cipherlist = AES256-SHA:AES128-SHA
EOF
{
	for p in 25 587 "$SMTP_HI"; do
		printf '%s:%s inet n - n - - smtpd\n' "$A" "$p"
	done
	printf '%s:%s inet n - n - - smtpd -o smtpd_tls_security_level=none\n' \
	    "$A" "$SMTP_NOTLS"
	for s in "pickup unix n - n 60 1 pickup" "cleanup unix n - n - 0 cleanup" \
	    "qmgr unix n - n 300 1 qmgr" "tlsmgr unix - - n 1000? 1 tlsmgr" \
	    "rewrite unix - - n - - trivial-rewrite" \
	    "bounce unix - - n - 0 bounce" "defer unix - - n - 0 bounce" \
	    "trace unix - - n - 0 bounce" "verify unix - - n - 1 verify" \
	    "flush unix n - n 1000? 0 flush" "proxymap unix - - n - - proxymap" \
	    "proxywrite unix - - n - 1 proxymap" "smtp unix - - n - - smtp" \
	    "relay unix - - n - - smtp" "showq unix n - n - - showq" \
	    "error unix - - n - - error" "retry unix - - n - - error" \
	    "discard unix - - n - - discard" "local unix - n n - - local" \
	    "anvil unix - - n - 1 anvil" "scache unix - - n - 1 scache" \
	    "postlog unix-dgram n - n - 1 postlogd"; do
		echo "$s"
	done
} >"$P/conf/master.cf"
# (postfix prints its errors only to a terminal: they are in maillog)
postfix -c "$P/conf" start >"$P/start.log" 2>&1 ||
    { cat "$P/maillog"; echo "Bail out! postfix start"; exit 1; }
on_exit "postfix -c '$P/conf' stop >/dev/null 2>&1"
up 25 postfix; up 587 postfix; up "$SMTP_HI" postfix; up "$SMTP_NOTLS" postfix

diag "$(date +%T) Dovecot"
# --- Dovecot ---------------------------------------------------------------
D=$S/dovecot
mkdir -p "$D/run" "$D/state" "$D/home"
cat >"$D/dovecot.conf" <<EOF
instance_name = tlsmatrix-$$
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
protocols = imap pop3 sieve
listen = $A
ssl = yes
ssl_cert = <$CERT
ssl_key = <$KEY
default_login_user = nobody
default_internal_user = nobody
default_internal_group = nogroup
mail_location = maildir:$D/home/mail
passdb {
  driver = static
  args = password=x uid=nobody gid=nogroup home=$D/home
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$D/home
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    port = $IMAP
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    port = $POP3
  }
  inet_listener pop3s {
    port = 0
  }
}
service managesieve-login {
  chroot =
  inet_listener sieve {
    port = $SIEVE
  }
}
EOF

# --- vsftpd ----------------------------------------------------------------
F=$S/vsftpd
mkdir -p "$F/empty"
cat >"$F/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$A
listen_port=$FTP
background=NO
run_as_launching_user=YES
anonymous_enable=YES
anon_root=$F/empty
no_anon_password=YES
ftp_username=nobody
local_enable=NO
write_enable=NO
secure_chroot_dir=$F/empty
seccomp_sandbox=NO
xferlog_enable=NO
vsftpd_log_file=$F/vsftpd.log
ssl_enable=YES
ssl_sslv2=NO
ssl_sslv3=NO
ssl_tlsv1=YES
rsa_cert_file=$CERT
rsa_private_key_file=$KEY
EOF

# --- Prosody ----------------------------------------------------------------
X=$S/prosody
mkdir -p "$X/data" "$X/certs"
cat >"$X/prosody.cfg.lua" <<EOF
pidfile = "$X/prosody.pid"
data_path = "$X/data"
certificates = "$X/certs"
daemonize = false
log = { info = "$X/prosody.log"; error = "$X/prosody.log" }
interfaces = { "$A" }
c2s_ports = { 5222 }
s2s_ports = { 5269 }
c2s_direct_tls_ports = { }
s2s_direct_tls_ports = { }
http_ports = { }
https_ports = { }
modules_enabled = { "tls", "saslauth", "disco", "dialback" }
authentication = "internal_hashed"
c2s_require_encryption = true
s2s_require_encryption = true
ssl = { certificate = "$CERT"; key = "$KEY"; }
VirtualHost "$NAME"
  ssl = { certificate = "$CERT"; key = "$KEY"; }
-- sslscan sends the address as the stream's to=: serve it too
VirtualHost "$A"
  ssl = { certificate = "$CERT"; key = "$KEY"; }
EOF

chown -R nobody:nogroup "$D" "$F" "$X"
(cd "$S" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
    dovecot -F -c "$D/dovecot.conf") >"$D/fg.log" 2>&1 &
on_exit "kill $! 2>/dev/null"
(cd "$S" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
    vsftpd "$F/vsftpd.conf") >"$F/fg.log" 2>&1 &
on_exit "kill $! 2>/dev/null"
(cd "$S" && HOME=$X exec setpriv --reuid=nobody --regid=nogroup \
    --clear-groups -- prosody -F --config "$X/prosody.cfg.lua") \
    >"$X/fg.log" 2>&1 &
on_exit "kill $! 2>/dev/null"
up "$IMAP" dovecot; up "$POP3" dovecot; up "$SIEVE" dovecot
up "$FTP" vsftpd; up 5222 prosody; up 5269 prosody

# The Pythons present (3.6 and later: 2.7's imaplib and poplib have no
# STARTTLS), as profiles and interpreters.
PYS='' PROFS=''
for v in 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do
	py=''
	for d in "$HOME"/.pyenv/versions/"$v".*; do
		[ -x "$d/bin/python" ] && py=$d/bin/python
	done
	if [ -n "$py" ]; then
		PYS="$PYS $v=$py"
		PROFS="$PROFS${PROFS:+,}python-$v"
	else
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP python-$v: no pyenv Python $v"
	fi
done
[ -n "$PROFS" ] || PROFS=python-3.9,python-3.12

tm() {	# tm OUT PORT [ARGS...]: one tlsmatrix run against NAME:PORT
	_o=$1 _p=$2; shift 2
	timeout 120 "$TLSMATRIX" --batch --json --no-config -p "$PROFS" \
	    --ca-file "$CA" --resolve "$NAME:$_p:$A" "$@" "$NAME:$_p" \
	    >"$_o" 2>"$_o.err"
}

# "VERSION SUITE" lines of tlsmatrix's enumeration (IANA names).
ours() {
	"$PY3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["servers"][0]["protocols"]:
    for c in p["ciphers"]:
        print(p["version"], c)' "$1" | sort
}
# The same from sslscan: OpenSSL names mapped to IANA with openssl's table.
sslscan_suites() {	# sslscan_suites OUT ARGS...
	_o=$1; shift
	timeout 120 sslscan --no-colour --no-fallback --no-renegotiation \
	    --no-compression --no-heartbleed --no-groups --sni-name="$NAME" \
	    "$@" >"$_o.log" 2>&1
	openssl ciphers -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' |
	    awk '{ print $3, $1 }' >"$_o.map"
	awk '$1 == "Accepted" || $1 == "Preferred" { print $2, $5 }' "$_o.log" |
	while read -r v c; do
		iana=$(awk -v c="$c" '$1 == c { print $2; exit }' "$_o.map")
		echo "$v ${iana:-$c}"
	done | sort
}

# cells FILE: "PROFILE OUTCOME REASON PROTOCOL CIPHER" lines
cells() {
	"$PY3" -c '
import json, sys
for c in json.load(open(sys.argv[1]))["cells"]:
    print(c["profile"], c["outcome"], c["reason"], c["protocol"],
          c["cipher_openssl"])' "$1"
}

# agree PROTO PORT JSON: every pyenv Python's own client against the cell
# (the clients run at once, each bounded; then each is compared)
agree() {
	_pids=''
	for pv in $PYS; do
		v=${pv%%=*} py=${pv#*=}
		timeout 60 "$py" "$TOP_SRCDIR/tests/lab/clients/starttls.py" \
		    "$1" "$CA" "$NAME" "$A" "$2" >"$TEST_TMP/py-$1-$2-$v" 2>&1 &
		_pids="$_pids $!"
	done
	# shellcheck disable=SC2086
	wait $_pids
	for pv in $PYS; do
		v=${pv%%=*}
		got=$("$PY3" -c '
import json, sys
r = json.loads(sys.stdin.read())
print("ok %s %s" % (r["version"], r["cipher"]) if r["ok"] else "failed")' \
		    <"$TEST_TMP/py-$1-$2-$v" 2>&1)
		want=$(cells "$3" | awk -v p="python-$v" '$1 == p {
		    print ($2 == "ok" ? "ok " $4 " " $5 : "failed") }')
		is "$got" "$want" "$1 on $2: Python $v's own client agrees with python-$v"
	done
}

diag "$(date +%T) SMTP"
# --- SMTP: 25 and 587 by port, a high port by --starttls ----------------------
# (the runs of a section go at once: the wall time is mostly waiting)
tm "$TEST_TMP/smtp25.json" 25 & p1=$!
tm "$TEST_TMP/smtp587.json" 587 & p2=$!
tm "$TEST_TMP/smtphi.json" "$SMTP_HI" --starttls smtp & p3=$!
wait "$p1" "$p2" "$p3"
for f in smtp25 smtp587 smtphi; do
	is "$("$PY3" -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"]["starttls"])' "$TEST_TMP/$f.json")" \
	    smtp "$f: the JSON target says starttls smtp"
	is "$(ours "$TEST_TMP/$f.json" | paste -sd, -)" \
	    "TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA,TLSv1.2 TLS_RSA_WITH_AES_256_CBC_SHA" \
	    "$f: the enumeration finds Postfix's two suites at TLS 1.2"
done
is "$(cells "$TEST_TMP/smtp25.json" | awk '$1 == "python-3.9" || $1 == "python-3.12" { print $1, $2, $3 }' | paste -sd, -)" \
    "python-3.9 ok None,python-3.12 failed no-shared-cipher" \
    "SMTP relay without forward secrecy: Python 3.9 connects, 3.12 does not"
sslscan_suites "$TEST_TMP/ss-smtp" --starttls-smtp "$A:25" >"$TEST_TMP/ss-smtp.txt"
is "$(ours "$TEST_TMP/smtp25.json")" "$(cat "$TEST_TMP/ss-smtp.txt")" \
    "smtp: the enumeration equals sslscan --starttls-smtp's"
agree smtp 25 "$TEST_TMP/smtp25.json"
agree smtp 587 "$TEST_TMP/smtp587.json"

diag "$(date +%T) IMAP"
# --- IMAP, POP3, FTP (sslscan), ManageSieve (Dovecot's IMAP, s_client) -----
tm "$TEST_TMP/imap.json" "$IMAP" --starttls imap & p1=$!
tm "$TEST_TMP/pop3.json" "$POP3" --starttls pop3 & p2=$!
tm "$TEST_TMP/ftp.json" "$FTP" --starttls ftp & p3=$!
wait "$p1" "$p2" "$p3"
for s in imap:"$IMAP" pop3:"$POP3" ftp:"$FTP"; do
	p=${s%%:*} port=${s#*:}
	sslscan_suites "$TEST_TMP/ss-$p" "--starttls-$p" "$A:$port" \
	    >"$TEST_TMP/ss-$p.txt"
	[ -s "$TEST_TMP/ss-$p.txt" ] || diag "$(tail -n 5 "$TEST_TMP/ss-$p.log")"
	is "$(ours "$TEST_TMP/$p.json")" "$(cat "$TEST_TMP/ss-$p.txt")" \
	    "$p: the enumeration equals sslscan --starttls-$p's"
	ok "$([ -s "$TEST_TMP/ss-$p.txt" ]; echo $?)" "$p: sslscan found suites"
	agree "$p" "$port" "$TEST_TMP/$p.json"
done
# ManageSieve: no peer scanner speaks it here (sslscan 2.0 has no
# ManageSieve; testssl 3.0.8, Debian 12's, neither);
# Dovecot's TLS settings are those of IMAP, which sslscan checked, and
# openssl s_client -starttls sieve is the real client of openssl-3.0.
PROFS_IMAP=$PROFS PROFS="$PROFS,openssl-3.0"
tm "$TEST_TMP/sieve.json" "$SIEVE" --starttls sieve
PROFS=$PROFS_IMAP
is "$(cells "$TEST_TMP/sieve.json" | awk '{ print $2 }' | sort -u)" ok \
    "sieve: every cell completes through ManageSieve's STARTTLS"
is "$(ours "$TEST_TMP/sieve.json")" "$(ours "$TEST_TMP/imap.json")" \
    "sieve: the enumeration equals IMAP's on the same Dovecot"
got=$(timeout 30 openssl s_client -connect "$A:$SIEVE" -starttls sieve \
    -servername "$NAME" -CAfile "$CA" -verify_return_error \
    -verify_hostname "$NAME" </dev/null 2>&1 |
    sed -n 's/^New, \(TLSv1\.[0-3]\), Cipher is \(.*\)$/ok \1 \2/p' | head -n 1)
is "$got" "$(cells "$TEST_TMP/sieve.json" | awk '$1 == "openssl-3.0" {
    print ($2 == "ok" ? "ok " $4 " " $5 : "failed") }')" \
    "sieve: openssl s_client -starttls sieve agrees with openssl-3.0"

diag "$(date +%T) XMPP"
# --- XMPP: 5222 and 5269 by port ----------------------------------------------
tm "$TEST_TMP/xmpp.json" 5222 & p1=$!
tm "$TEST_TMP/xmpps.json" 5269 & p2=$!
wait "$p1" "$p2"
for f in xmpp:xmpp xmpps:xmpp-server; do
	is "$("$PY3" -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"]["starttls"])' "$TEST_TMP/${f%%:*}.json")" \
	    "${f#*:}" "${f#*:}: chosen by the port"
	is "$(cells "$TEST_TMP/${f%%:*}.json" | awk '{ print $2 }' | sort -u)" ok \
	    "${f#*:}: every python-* cell completes through <starttls/>"
done
sslscan_suites "$TEST_TMP/ss-xmpp" --starttls-xmpp "$A:5222" \
    >"$TEST_TMP/ss-xmpp.txt"
sslscan_suites "$TEST_TMP/ss-xmpps" --starttls-xmpp --xmpp-server "$A:5269" \
    >"$TEST_TMP/ss-xmpps.txt"
for f in xmpp xmpps; do
	[ -s "$TEST_TMP/ss-$f.txt" ] || diag "$(tail -n 5 "$TEST_TMP/ss-$f.log")"
	ok "$([ -s "$TEST_TMP/ss-$f.txt" ]; echo $?)" "$f: sslscan found suites"
	is "$(ours "$TEST_TMP/$f.json")" "$(cat "$TEST_TMP/ss-$f.txt")" \
	    "$f: the enumeration equals sslscan --starttls-xmpp's"
done

diag "$(date +%T) failures of the exchange"
# --- failures of the exchange, with their own reasons -------------------------
tm "$TEST_TMP/notls.json" "$SMTP_NOTLS" --starttls smtp
is "$(cells "$TEST_TMP/notls.json" | awk '{ print $3 }' | sort -u)" \
    starttls-unsupported "Postfix without TLS: starttls-unsupported"
agree smtp "$SMTP_NOTLS" "$TEST_TMP/notls.json"
tm "$TEST_TMP/wrong.json" 25 --starttls imap
is "$(cells "$TEST_TMP/wrong.json" | awk '{ print $3 }' | sort -u)" \
    starttls-protocol "IMAP against Postfix: starttls-protocol"
grep -q 'not an IMAP greeting: 220 ' "$TEST_TMP/wrong.json"
ok $? "the detail quotes Postfix's greeting"
tm "$TEST_TMP/direct.json" 25 --starttls none
is "$(cells "$TEST_TMP/direct.json" | awk '{ print $3 }' | sort -u)" not-tls \
    "--starttls none on 25: direct TLS meets SMTP (not-tls)"
is "$("$PY3" -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"]["starttls"])' "$TEST_TMP/direct.json")" \
    None "--starttls none: the JSON target says null"
timeout 60 "$TLSMATRIX" --batch --json --no-config -p python-3.12 \
    --ca-file "$CA" --resolve "other.lab.test:5222:$A" other.lab.test:5222 \
    >"$TEST_TMP/unknown.json" 2>/dev/null
is "$(cells "$TEST_TMP/unknown.json" | awk '{ print $3 }')" starttls-refused \
    "XMPP to a domain Prosody does not serve: starttls-refused"
grep -q 'host-unknown' "$TEST_TMP/unknown.json"
ok $? "the detail names Prosody's host-unknown stream error"

diag "$(date +%T) done"
done_testing
