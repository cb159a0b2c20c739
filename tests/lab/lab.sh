# tests/lab/lab.sh: a TLS lab on loopback for the end-to-end tests.
#
# Sourced after tests/lib.sh by tests/e2e/*.sh. Builds a private CA and
# leaf certificates (openssl CLI), runs nginx with one server block per
# loopback address on a shared port (the backends behind one DNS name, as in
# the incident of docs/TESTING.md), and dnsmasq as the name's authoritative
# server on a loopback port. Everything lives under $TEST_TMP, is stopped
# through on_exit, and every wait is bounded: a test never touches the
# system nginx, the system resolver or the network beyond 127.0.0.0/8 and
# ::1. POSIX sh.
#
# The LAB_* variables are this library's interface to the scripts that
# source it, hence:
# shellcheck disable=SC2034

LAB_NAME=shop.lab.test
LAB_ADDR_A=127.0.0.2	# A-like: ECDHE and RSA-kex suites, TLS 1.2 only
LAB_ADDR_B=127.0.0.3	# B-like: RSA-kex suites only, TLS 1.2 only
LAB_ADDR_A2=127.0.0.4	# a twin of A
LAB_ADDR_V6=		# "modern" ([::1], TLS 1.2 and 1.3, ECDHE); empty without v6

# More nginx server blocks for a script that needs other backends (text,
# "@PORT@" standing for the shared port) and the addresses they listen on,
# waited for like the others. Empty unless a script sets them before
# lab_nginx_start.
LAB_NGINX_EXTRA=${LAB_NGINX_EXTRA:-}
LAB_EXTRA_ADDRS=${LAB_EXTRA_ADDRS:-}

LAB_NGINX=${LAB_NGINX:-/usr/sbin/nginx}
LAB_DNSMASQ=${LAB_DNSMASQ:-/usr/sbin/dnsmasq}
LAB_PY39=${LAB_PY39:-$HOME/.pyenv/versions/3.9.18/bin/python3}
LAB_PY312=${LAB_PY312:-$HOME/.pyenv/versions/3.12.1/bin/python3}
LAB_PYCLIENT=$TOP_SRCDIR/tests/lab/pyclient.py

# The A-like cipher order is the production A's (sslscan order), with the
# server's preference: a client offering ECDHE-RSA-AES128-SHA gets it.
LAB_CIPHERS_A='ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:AES256-SHA:AES128-SHA'
LAB_CIPHERS_B='AES256-SHA:AES128-SHA'
LAB_CIPHERS_MODERN='ECDHE+AESGCM:ECDHE+CHACHA20'

# lab_need_tools TOOL...: skip the whole test unless every tool is present.
# TOOL is one of openssl, nginx, dnsmasq, python3.
lab_need_tools() {
	for _t in "$@"; do
		case $_t in
		nginx)	[ -x "$LAB_NGINX" ] ||
			    skip_all "nginx not found at $LAB_NGINX (apt-get install nginx-light)" ;;
		dnsmasq) [ -x "$LAB_DNSMASQ" ] ||
			    skip_all "dnsmasq not found at $LAB_DNSMASQ (apt-get install dnsmasq-base)" ;;
		*)	command -v "$_t" >/dev/null 2>&1 ||
			    skip_all "$_t not found in PATH" ;;
		esac
	done
}

# lab_have_v6: true if a socket can be bound to [::1] here. LAB_NO_V6=1
# pretends it cannot (to exercise the IPv4-only path).
lab_have_v6() {
	[ -z "${LAB_NO_V6:-}" ] || return 1
	python3 - <<'EOF' >/dev/null 2>&1
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind(("::1", 0))
s.close()
EOF
}

# lab_accepts ADDR PORT: true if a TCP connection to ADDR:PORT succeeds
# within one second.
lab_accepts() {
	python3 - "$1" "$2" <<'EOF' >/dev/null 2>&1
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1)
s.close()
EOF
}

# lab_certs DIR: a test CA and leaves for the lab names, all in DIR.
# Sets LAB_CA, LAB_CERT_RSA/LAB_KEY_RSA (RSA-2048), LAB_CERT_EC/LAB_KEY_EC
# (P-256). The CA carries keyUsage keyCertSign and key identifiers, so
# Python 3.13's VERIFY_X509_STRICT accepts the chain; the RSA leaf has
# keyEncipherment, which RSA key exchange (AES256-SHA) needs.
lab_certs() {
	_d=$1
	mkdir -p "$_d" || return 1
	cat >"$_d/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
CN = tlsmatrix lab CA
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
	cat >"$_d/leaf.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = $LAB_NAME
[rsa]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$LAB_NAME, DNS:*.lab.test, IP:127.0.0.2, IP:127.0.0.3, IP:127.0.0.4, IP:::1
[ec]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$LAB_NAME, DNS:*.lab.test, IP:127.0.0.2, IP:127.0.0.3, IP:127.0.0.4, IP:::1
EOF
	(
	cd "$_d" || exit 1
	openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 30 \
	    -config ca.cnf -keyout ca.key -out ca.pem &&
	openssl req -new -newkey rsa:2048 -nodes -sha256 -config leaf.cnf \
	    -keyout rsa.key -out rsa.csr &&
	openssl x509 -req -in rsa.csr -CA ca.pem -CAkey ca.key \
	    -CAcreateserial -sha256 -days 30 -extfile leaf.cnf -extensions rsa \
	    -out rsa.pem &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -sha256 -config leaf.cnf -keyout ec.key -out ec.csr &&
	openssl x509 -req -in ec.csr -CA ca.pem -CAkey ca.key \
	    -CAcreateserial -sha256 -days 30 -extfile leaf.cnf -extensions ec \
	    -out ec.pem
	) >"$_d/openssl.log" 2>&1 || { cat "$_d/openssl.log" >&2; return 1; }
	LAB_CA=$_d/ca.pem
	LAB_CERT_RSA=$_d/rsa.pem
	LAB_KEY_RSA=$_d/rsa.key
	LAB_CERT_EC=$_d/ec.pem
	LAB_KEY_EC=$_d/ec.key
}

# _lab_server LISTEN PROTOCOLS CIPHERS: one nginx server block.
_lab_server() {
	cat <<EOF
	server {
		listen $1 ssl;
		server_name $LAB_NAME;
		ssl_certificate $LAB_CERT_RSA;
		ssl_certificate_key $LAB_KEY_RSA;
		ssl_protocols $2;
		ssl_ciphers $3;
		ssl_prefer_server_ciphers on;
		location / { return 200 "$1\n"; }
	}
EOF
}

# _lab_nginx_conf PORT: the whole nginx.conf on stdout.
_lab_nginx_conf() {
	_p=$LAB_NGINX_PREFIX
	cat <<EOF
# generated by tests/lab/lab.sh
master_process off;
daemon off;
pid $_p/nginx.pid;
error_log $_p/error.log info;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $_p/tmp/body;
	proxy_temp_path $_p/tmp/proxy;
	fastcgi_temp_path $_p/tmp/fastcgi;
	uwsgi_temp_path $_p/tmp/uwsgi;
	scgi_temp_path $_p/tmp/scgi;
	default_type text/plain;
EOF
	_lab_server "$LAB_ADDR_A:$1" TLSv1.2 "$LAB_CIPHERS_A"
	_lab_server "$LAB_ADDR_B:$1" TLSv1.2 "$LAB_CIPHERS_B"
	_lab_server "$LAB_ADDR_A2:$1" TLSv1.2 "$LAB_CIPHERS_A"
	[ -n "$LAB_ADDR_V6" ] &&
	    _lab_server "[$LAB_ADDR_V6]:$1" "TLSv1.2 TLSv1.3" "$LAB_CIPHERS_MODERN"
	[ -n "$LAB_NGINX_EXTRA" ] &&
	    printf '%s\n' "$LAB_NGINX_EXTRA" | sed "s/@PORT@/$1/g"
	echo "}"
}

# _lab_nginx_up PORT: true when every listener accepts.
_lab_nginx_up() {
	for _a in $LAB_ADDR_A $LAB_ADDR_B $LAB_ADDR_A2 $LAB_ADDR_V6 \
	    $LAB_EXTRA_ADDRS; do
		lab_accepts "$_a" "$1" || return 1
	done
}

# lab_nginx_start: run nginx (foreground, one process, own prefix) on a
# free port shared by the A, B, A twin and (if ::1 works) modern backends.
# Needs lab_certs first. Sets LAB_PORT, LAB_ADDR_V6, LAB_NGINX_PID and
# LAB_ADDRS (the backend addresses, space separated). Stopped on exit.
lab_nginx_start() {
	: "${LAB_CERT_RSA:?lab_certs must run before lab_nginx_start}"
	LAB_NGINX_PREFIX=$TEST_TMP/nginx
	mkdir -p "$LAB_NGINX_PREFIX/tmp" || return 1
	if lab_have_v6; then LAB_ADDR_V6=::1; else LAB_ADDR_V6=; fi
	LAB_ADDRS="$LAB_ADDR_A $LAB_ADDR_B $LAB_ADDR_A2${LAB_ADDR_V6:+ $LAB_ADDR_V6}"
	# A port free on 127.0.0.1 may still be taken on another address: a
	# few fresh ports, then give up.
	_tries=0
	while [ "$_tries" -lt 3 ]; do
		_tries=$((_tries + 1))
		LAB_PORT=$(free_port)
		_lab_nginx_conf "$LAB_PORT" >"$LAB_NGINX_PREFIX/nginx.conf"
		"$LAB_NGINX" -p "$LAB_NGINX_PREFIX" -c "$LAB_NGINX_PREFIX/nginx.conf" \
		    -e "$LAB_NGINX_PREFIX/error.log" \
		    </dev/null >"$LAB_NGINX_PREFIX/stdout.log" 2>&1 &
		LAB_NGINX_PID=$!
		on_exit "kill $LAB_NGINX_PID 2>/dev/null; wait $LAB_NGINX_PID 2>/dev/null"
		_i=0
		while [ "$_i" -lt 100 ]; do	# 10 s at most
			if _lab_nginx_up "$LAB_PORT"; then
				export LAB_PORT
				return 0
			fi
			kill -0 "$LAB_NGINX_PID" 2>/dev/null || break
			sleep 0.1
			_i=$((_i + 1))
		done
		kill "$LAB_NGINX_PID" 2>/dev/null
		wait "$LAB_NGINX_PID" 2>/dev/null
	done
	echo "# nginx did not come up; its error log:" >&2
	sed 's/^/#   /' "$LAB_NGINX_PREFIX/error.log" >&2 2>/dev/null
	return 1
}

# lab_dns_query PORT NAME [TYPE]: one raw DNS query to 127.0.0.1:PORT,
# the answer addresses printed one a line (tests/lab/dns_query.py). TYPE
# is A (default) or AAAA. Exit 0 with answers, 2 on a reply without any
# (NXDOMAIN, NODATA, REFUSED), 1 on no reply within 0.5 s.
lab_dns_query() {
	python3 "$TOP_SRCDIR/tests/lab/dns_query.py" "$1" "$2" "${3:-A}"
}

# lab_dns_start NAME ADDR...: dnsmasq on 127.0.0.1:LAB_DNS_PORT answering
# NAME with every ADDR (A or AAAA) and nothing else: no upstream, no
# /etc/hosts, no /etc/dnsmasq.conf. Sets and exports LAB_DNS_PORT and
# LAB_DNS_PID and prints the port as a TAP comment. Call it directly, not
# in $(...): a subshell would lose the variables and the exit hook.
# Killed on exit.
lab_dns_start() {
	_name=$1; shift
	LAB_DNS_DIR=$TEST_TMP/dnsmasq
	mkdir -p "$LAB_DNS_DIR" || return 1
	_recs=
	for _a in "$@"; do
		_recs="$_recs --host-record=$_name,$_a"
	done
	_tries=0
	while [ "$_tries" -lt 3 ]; do
		_tries=$((_tries + 1))
		LAB_DNS_PORT=$(free_port)
		# $_recs is split on purpose: names and addresses hold no spaces.
		# shellcheck disable=SC2086
		"$LAB_DNSMASQ" --no-daemon --conf-file=/dev/null \
		    --pid-file="$LAB_DNS_DIR/dnsmasq.pid" --user=root \
		    --no-resolv --no-hosts --no-poll --bind-interfaces \
		    --listen-address=127.0.0.1 --port="$LAB_DNS_PORT" \
		    --cache-size=0 $_recs \
		    </dev/null >"$LAB_DNS_DIR/log" 2>&1 &
		LAB_DNS_PID=$!
		on_exit "kill $LAB_DNS_PID 2>/dev/null; wait $LAB_DNS_PID 2>/dev/null"
		_i=0
		while [ "$_i" -lt 50 ]; do	# 50 tries of 0.6 s at most
			lab_dns_query "$LAB_DNS_PORT" "$_name" A >/dev/null 2>&1
			case $? in	# any reply: dnsmasq is serving
			0|2)	export LAB_DNS_PORT
				echo "# dnsmasq for $_name on 127.0.0.1:$LAB_DNS_PORT"
				return 0 ;;
			esac
			kill -0 "$LAB_DNS_PID" 2>/dev/null || break
			sleep 0.1
			_i=$((_i + 1))
		done
		kill "$LAB_DNS_PID" 2>/dev/null
		wait "$LAB_DNS_PID" 2>/dev/null
	done
	echo "# dnsmasq did not come up; its log:" >&2
	sed 's/^/#   /' "$LAB_DNS_DIR/log" >&2 2>/dev/null
	return 1
}

# lab_pyclient PYTHON ADDR PORT [NAME]: run the real PYTHON's default
# client context against ADDR:PORT (SNI and hostname NAME, CA $LAB_CA) and
# print its one JSON line.
lab_pyclient() {
	"$1" "$LAB_PYCLIENT" --ca "$LAB_CA" --name "${4:-$LAB_NAME}" "$2" "$3"
}

# --- servers that separate the client profiles (tests/e2e/fidelity.sh) -----

# lab_fid_certs DIR: after lab_certs, the extra certificates the fidelity
# servers need, in DIR: a 1024-bit RSA leaf, an expired leaf, a leaf for
# another name, a SHA-1-signed leaf, a second CA without keyUsage (Python
# 3.13's VERIFY_X509_STRICT refuses it) and its leaf, and a 1024-bit DH
# group (RFC 2409 §6.2, Oakley group 2). Sets LAB_FID_CA (both CAs in one
# PEM) and LAB_FID_DIR.
lab_fid_certs() {
	_d=$1
	: "${LAB_CA:?lab_certs must run before lab_fid_certs}"
	[ -n "$_d" ] || return 1
	mkdir -p "$_d/db" || return 1
	_pki=$(dirname "$LAB_CA")
	cat >"$_d/leaf.cnf" <<LEAF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = $LAB_NAME
[rsa]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$LAB_NAME, DNS:*.lab.test
[other]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:other.example
[ca_noku]
basicConstraints = critical, CA:TRUE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
LEAF
	# openssl ca, only for the expired leaf's explicit dates.
	cat >"$_d/ca.cnf" <<CACNF
[ca]
default_ca = lab
[lab]
database = $_d/db/index.txt
new_certs_dir = $_d/db
serial = $_d/db/serial
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
CACNF
	: >"$_d/db/index.txt"
	echo 1000 >"$_d/db/serial"
	(
	cd "$_d" || exit 1
	_sign() {	# _sign CSR OUT EXT [MD]
		openssl x509 -req -in "$1" -CA "$_pki/ca.pem" \
		    -CAkey "$_pki/ca.key" -CAcreateserial -"${4:-sha256}" \
		    -days 30 -extfile leaf.cnf -extensions "$3" -out "$2"
	}
	openssl req -new -newkey rsa:1024 -nodes -config leaf.cnf \
	    -keyout rsa1024.key -out rsa1024.csr &&
	_sign rsa1024.csr rsa1024.pem rsa &&
	openssl req -new -newkey rsa:2048 -nodes -config leaf.cnf \
	    -keyout leaf.key -out leaf.csr &&
	openssl ca -batch -config ca.cnf -cert "$_pki/ca.pem" \
	    -keyfile "$_pki/ca.key" -startdate 20200101000000Z \
	    -enddate 20200201000000Z -extfile leaf.cnf -extensions rsa \
	    -notext -in leaf.csr -out expired.pem &&
	_sign leaf.csr sha1.pem rsa sha1 &&
	openssl req -new -key leaf.key -config leaf.cnf \
	    -subj /CN=other.example -out other.csr &&
	_sign other.csr other.pem other &&
	openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 30 \
	    -subj "/CN=tlsmatrix lab CA without keyUsage" -config leaf.cnf \
	    -extensions ca_noku -keyout ca2.key -out ca2.pem &&
	openssl x509 -req -in leaf.csr -CA ca2.pem -CAkey ca2.key \
	    -CAcreateserial -sha256 -days 30 -extfile leaf.cnf -extensions rsa \
	    -out noku.pem &&
	python3 "$TOP_SRCDIR/tests/lab/clients/dh1024.py" >dh1024.pem
	) >"$_d/openssl.log" 2>&1 || { cat "$_d/openssl.log" >&2; return 1; }
	cat "$LAB_CA" "$_d/ca2.pem" >"$_d/cas.pem" || return 1
	LAB_FID_CA=$_d/cas.pem
	LAB_FID_DIR=$_d
}

# lab_server_block LISTEN PROTOCOLS CIPHERS CERT KEY PREFER [DIRECTIVE...]:
# one nginx server block on stdout. PREFER is on or off (the server's
# suite order or the client's); each DIRECTIVE is one more line.
lab_server_block() {
	_l=$1 _pr=$2 _c=$3 _cert=$4 _key=$5 _pref=$6
	shift 6
	printf '\tserver {\n\t\tlisten %s ssl;\n\t\tserver_name %s;\n' "$_l" "$LAB_NAME"
	printf '\t\tssl_certificate %s;\n\t\tssl_certificate_key %s;\n' "$_cert" "$_key"
	printf "\t\tssl_protocols %s;\n\t\tssl_ciphers '%s';\n" "$_pr" "$_c"
	printf '\t\tssl_prefer_server_ciphers %s;\n' "$_pref"
	for _x in "$@"; do
		printf '\t\t%s;\n' "$_x"
	done
	printf '\t\tlocation / { return 200 "ok\\n"; }\n\t}\n'
}

# lab_scan_servers: the enumeration's backends, beside A and B (used by
# tests/e2e/scan_lab.sh and bench/): a TLS 1.3-only server on P-384 with
# three suites in its order (ADDR_T13), two DHE-RSA GCM suites on
# ffdhe2048 (ADDR_DHE), three suites in the client's order (ADDR_CPREF),
# and TLS 1.0 to 1.2 with two suites (ADDR_OLD). Needs lab_certs; call
# before lab_nginx_start. Appends to LAB_NGINX_EXTRA and LAB_EXTRA_ADDRS.
lab_scan_servers() {
	ADDR_T13=127.0.0.5 ADDR_DHE=127.0.0.6 ADDR_CPREF=127.0.0.7
	ADDR_OLD=127.0.0.8
	_dh=$(dirname "$LAB_CERT_RSA")/dh2048.pem
	openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 \
	    -out "$_dh" 2>/dev/null || return 1
	LAB_NGINX_EXTRA="$LAB_NGINX_EXTRA
$(lab_server_block "$ADDR_T13:@PORT@" TLSv1.3 DEFAULT "$LAB_CERT_RSA" \
	"$LAB_KEY_RSA" on "ssl_ecdh_curve secp384r1" \
	"ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384")
$(lab_server_block "$ADDR_DHE:@PORT@" TLSv1.2 \
	DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256 "$LAB_CERT_RSA" \
	"$LAB_KEY_RSA" on "ssl_dhparam $_dh")
$(lab_server_block "$ADDR_CPREF:@PORT@" TLSv1.2 \
	ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA \
	"$LAB_CERT_RSA" "$LAB_KEY_RSA" off)
$(lab_server_block "$ADDR_OLD:@PORT@" "TLSv1 TLSv1.1 TLSv1.2" \
	"ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0" "$LAB_CERT_RSA" \
	"$LAB_KEY_RSA" on)"
	LAB_EXTRA_ADDRS="${LAB_EXTRA_ADDRS:+$LAB_EXTRA_ADDRS }$ADDR_T13 $ADDR_DHE $ADDR_CPREF $ADDR_OLD"
}

# _lab_fid LABEL PROTOCOLS CIPHERS CERT KEY PREFER [DIRECTIVE...]: one
# fidelity server on the next address (_lab_fid_n).
_lab_fid() {
	_a=127.0.0.$_lab_fid_n
	_lab_fid_n=$((_lab_fid_n + 1))
	LAB_FID_SERVERS="${LAB_FID_SERVERS:+$LAB_FID_SERVERS }$1=$_a"
	LAB_EXTRA_ADDRS="${LAB_EXTRA_ADDRS:+$LAB_EXTRA_ADDRS }$_a"
	shift
	LAB_NGINX_EXTRA="$LAB_NGINX_EXTRA
$(lab_server_block "$_a:@PORT@" "$@")"
}

# lab_fid_servers: the fidelity servers, one per loopback address from
# 127.0.0.20 on, all for $LAB_NAME. Needs lab_certs and lab_fid_certs;
# call before lab_nginx_start. Appends to LAB_NGINX_EXTRA and
# LAB_EXTRA_ADDRS and sets LAB_FID_SERVERS ("label=address ...").
# Debian's OpenSSL 3.0 has no 3DES suites, so there is no 3DES-only
# server. Server side, TLS 1.0/1.1 and a SHA-1 certificate need
# @SECLEVEL=0, a 1024-bit key or DH group @SECLEVEL=1.
lab_fid_servers() {
	_fd=$LAB_FID_DIR
	LAB_FID_SERVERS=
	_lab_fid_n=20
	_lab_fid modern "TLSv1.2 TLSv1.3" 'ECDHE+AESGCM:ECDHE+CHACHA20' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" off
	_lab_fid rsa-kex TLSv1.2 'AES256-SHA:AES128-SHA' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on
	_lab_fid cbc-sha1 TLSv1.2 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on
	_lab_fid dhe-1024 TLSv1.2 \
	    'DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-SHA:@SECLEVEL=1' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on "ssl_dhparam $_fd/dh1024.pem"
	_lab_fid rsa-1024 "TLSv1.2 TLSv1.3" 'ECDHE+AESGCM:@SECLEVEL=1' \
	    "$_fd/rsa1024.pem" "$_fd/rsa1024.key" on
	_lab_fid tls10-11 "TLSv1 TLSv1.1" 'ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on
	_lab_fid tls13-only TLSv1.3 'ECDHE+AESGCM' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on
	_lab_fid ecdsa-only "TLSv1.2 TLSv1.3" \
	    'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA' \
	    "$LAB_CERT_EC" "$LAB_KEY_EC" on
	_lab_fid expired "TLSv1.2 TLSv1.3" 'ECDHE+AESGCM' \
	    "$_fd/expired.pem" "$_fd/leaf.key" on
	_lab_fid wrong-name "TLSv1.2 TLSv1.3" 'ECDHE+AESGCM' \
	    "$_fd/other.pem" "$_fd/leaf.key" on
	_lab_fid server-order TLSv1.2 \
	    'ECDHE-RSA-AES128-SHA256:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on
	_lab_fid sha1-leaf TLSv1.2 'ECDHE+AESGCM:ECDHE+AES:@SECLEVEL=0' \
	    "$_fd/sha1.pem" "$_fd/leaf.key" on
	_lab_fid ca-no-ku "TLSv1.2 TLSv1.3" 'ECDHE+AESGCM' \
	    "$_fd/noku.pem" "$_fd/leaf.key" on
	# Groups: a HelloRetryRequest for whoever shares only x25519.
	_lab_fid p384-only "TLSv1.2 TLSv1.3" 'ECDHE+AESGCM' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on "ssl_ecdh_curve secp384r1"
	_lab_fid ffdhe-only TLSv1.3 'ECDHE+AESGCM' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on "ssl_ecdh_curve ffdhe2048"
	_lab_fid chacha-only TLSv1.2 'ECDHE-RSA-CHACHA20-POLY1305' \
	    "$LAB_CERT_RSA" "$LAB_KEY_RSA" on
}

# --- servers beyond nginx (tests/e2e/families.sh) ----------------------------

# lab_s_server ADDR PORT CERT KEY [OPTION...]: `openssl s_server` on
# ADDR:PORT only (-www: one answer per connection, one connection at a
# time), stopped on exit; its log is $TEST_TMP/s_server-ADDR.log and its
# pid LAB_S_SERVER_PID. Start several, then lab_s_server_up each.
lab_s_server() {
	_a=$1 _p=$2 _c=$3 _k=$4
	shift 4
	openssl s_server -accept "$_a:$_p" -cert "$_c" -key "$_k" -www \
	    -quiet "$@" </dev/null >"$TEST_TMP/s_server-$_a.log" 2>&1 &
	LAB_S_SERVER_PID=$!
	on_exit "kill $LAB_S_SERVER_PID 2>/dev/null; wait $LAB_S_SERVER_PID 2>/dev/null"
}

# lab_s_server_up ADDR PORT PID: true once ADDR:PORT accepts (10 s at
# most), false at once if PID has exited.
lab_s_server_up() {
	_i=0
	while [ "$_i" -lt 100 ]; do
		lab_accepts "$1" "$2" && return 0
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# lab_ns_server ADDR PORT LIFETIME CMD...: a server that binds every
# address (gnutls-serv) in a network namespace of its own, reached
# through ADDR:PORT on loopback (tests/lab/ns_server.py; "@PORT@" in CMD
# is the port). Needs root for unshare(CLONE_NEWNET). Waited for (15 s
# at most), stopped on exit and after LIFETIME seconds in any case.
lab_ns_server() {
	_a=$1 _p=$2 _life=$3
	shift 3
	python3 "$TOP_SRCDIR/tests/lab/ns_server.py" "$_a" "$_p" "$_life" "$@" \
	    </dev/null >"$TEST_TMP/ns_server-$_a.out" \
	    2>"$TEST_TMP/ns_server-$_a.log" &
	_pid=$!
	on_exit "kill $_pid 2>/dev/null; wait $_pid 2>/dev/null"
	_i=0
	while [ "$_i" -lt 150 ]; do
		grep -q ready "$TEST_TMP/ns_server-$_a.out" 2>/dev/null &&
		    return 0
		kill -0 "$_pid" 2>/dev/null || return 1
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
