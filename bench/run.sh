#!/bin/sh
# bench/run.sh: issue #10's benchmark in one command.
#
# Starts a lab of local nginx backends (tests/lab/lab.sh: the incident's
# A, B and A twin; the TLS 1.3-only, DHE, client-order and old-protocol
# backends of tests/e2e/scan_lab.sh; 64 loopback aliases 127.0.1.x on one
# more server block for the scale table) and hands it to bench/bench.py,
# which times tlsmatrix against sslscan, nmap's ssl-enum-ciphers and
# testssl.sh, alternating runs, and prints every table and ratio. Opt-in,
# not part of make check; installs the peers and GNU time with apt-get if
# missing. Only loopback is touched (IP targets, --resolve, --nodns none;
# the "first" section asks its own dnsmasq on 127.0.0.1 through --dns).
#
#   bench/run.sh [--build DIR] [--runs N] [--wan MS] [--no-testssl]
#                [--no-scale] [--only SECTION,...]
#
# SECTION: enum, full, scale, mem, idle, first (default: all of them).
set -u

TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${TOP_BUILDDIR:-$TOP_SRCDIR}
ARGS=
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--runs|--wan|--only) ARGS="$ARGS $1 $2"; shift 2 ;;
	--no-testssl|--no-scale) ARGS="$ARGS $1"; shift ;;
	*) echo "usage: $0 [--build DIR] [--runs N] [--wan MS] [--no-testssl] [--no-scale] [--only enum,full,scale,mem,idle,first]" >&2
	   exit 2 ;;
	esac
done
TLSMATRIX=${TLSMATRIX:-$BUILD/tlsmatrix}
[ -x "$TLSMATRIX" ] || { echo "no tlsmatrix binary at $TLSMATRIX (--build DIR)" >&2; exit 2; }
export TLSMATRIX TOP_SRCDIR

need=
command -v sslscan >/dev/null 2>&1 || need="$need sslscan"
command -v nmap >/dev/null 2>&1 || need="$need nmap"
command -v testssl >/dev/null 2>&1 || need="$need testssl.sh"
[ -x /usr/bin/time ] || need="$need time"
command -v tmux >/dev/null 2>&1 || need="$need tmux"
[ -x "${LAB_DNSMASQ:-/usr/sbin/dnsmasq}" ] || need="$need dnsmasq-base"
if [ -n "$need" ]; then
	echo "# installing$need" >&2
	# shellcheck disable=SC2086
	apt-get install -y $need >/dev/null 2>&1 ||
	    { echo "apt-get install$need failed" >&2; exit 2; }
fi

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

ADDR_T13=127.0.0.5
ADDR_DHE=127.0.0.6
ADDR_CPREF=127.0.0.7
ADDR_OLD=127.0.0.8
SCALE_N=64		# 127.0.1.1 .. 127.0.1.64, configured like A
lab_certs "$TEST_TMP/pki" >/dev/null || exit 1
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 \
    -out "$TEST_TMP/pki/dh2048.pem" 2>/dev/null || exit 1
extra_server() {	# as in tests/e2e/scan_lab.sh
	cat <<EOF
	server {
		listen $1:@PORT@ ssl;
		ssl_certificate $LAB_CERT_RSA;
		ssl_certificate_key $LAB_KEY_RSA;
		ssl_protocols $2;
		ssl_ciphers $3;
		ssl_prefer_server_ciphers $4;
		${5:-}
		location / { return 200 "$1\n"; }
	}
EOF
}
scale_server() {
	echo "	server {"
	i=1
	while [ "$i" -le "$SCALE_N" ]; do
		echo "		listen 127.0.1.$i:@PORT@ ssl;"
		i=$((i + 1))
	done
	cat <<EOF
		ssl_certificate $LAB_CERT_RSA;
		ssl_certificate_key $LAB_KEY_RSA;
		ssl_protocols TLSv1.2;
		ssl_ciphers $LAB_CIPHERS_A;
		ssl_prefer_server_ciphers on;
		location / { return 200 "scale\n"; }
	}
EOF
}
# shellcheck disable=SC2034
LAB_NGINX_EXTRA=$(
	extra_server $ADDR_T13 TLSv1.3 DEFAULT on "ssl_ecdh_curve secp384r1; ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384;"
	extra_server $ADDR_DHE TLSv1.2 \
	    DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256 on \
	    "ssl_dhparam $TEST_TMP/pki/dh2048.pem;"
	extra_server $ADDR_CPREF TLSv1.2 \
	    ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA off
	extra_server $ADDR_OLD "TLSv1 TLSv1.1 TLSv1.2" \
	    "ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0" on
	scale_server
)
# shellcheck disable=SC2034
LAB_EXTRA_ADDRS="$ADDR_T13 $ADDR_DHE $ADDR_CPREF $ADDR_OLD 127.0.1.1 127.0.1.$SCALE_N"
LAB_NO_V6=1		# peers and proxies on IPv4 only
lab_nginx_start >/dev/null || { echo "nginx did not start" >&2; exit 1; }

export LAB_NAME LAB_PORT LAB_CA LAB_ADDR_A LAB_ADDR_B LAB_ADDR_A2 LAB_DNSMASQ \
    ADDR_T13 ADDR_DHE ADDR_CPREF ADDR_OLD SCALE_N TEST_TMP
# shellcheck disable=SC2086
python3 "$TOP_SRCDIR/bench/bench.py" $ARGS
