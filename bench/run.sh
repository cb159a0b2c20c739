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

SCALE_N=64		# 127.0.1.1 .. 127.0.1.64, configured like A
lab_certs "$TEST_TMP/pki" >/dev/null || exit 1
lab_scan_servers || exit 1
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
LAB_NGINX_EXTRA="$LAB_NGINX_EXTRA
$(scale_server)"
LAB_EXTRA_ADDRS="$LAB_EXTRA_ADDRS 127.0.1.1 127.0.1.$SCALE_N"
LAB_NO_V6=1		# peers and proxies on IPv4 only
lab_nginx_start >/dev/null || { echo "nginx did not start" >&2; exit 1; }

export LAB_NAME LAB_PORT LAB_CA LAB_ADDR_A LAB_ADDR_B LAB_ADDR_A2 LAB_DNSMASQ \
    ADDR_T13 ADDR_DHE ADDR_CPREF ADDR_OLD SCALE_N TEST_TMP
# shellcheck disable=SC2086
python3 "$TOP_SRCDIR/bench/bench.py" $ARGS
