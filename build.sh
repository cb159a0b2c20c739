#!/bin/sh
# build.sh: build tlsmatrix from a fresh clone on Debian 12, installing
# what is missing (as root, with apt-get), into ./build (or $BUILD_DIR).
#
#   ./build.sh            build; then run build/tlsmatrix --demo
#   ./build.sh check      build and run every test (make check)
#   ./build.sh distcheck  build a release tarball and test it (the unit
#                         tests; $DISTCHECK_TESTS for others, "all": every)
#   ./build.sh lint       make lint: layers, banned calls, function
#                         lengths, style, cppcheck (docs/STYLE-CHECK.md)
#   ./build.sh asan       ASan+UBSan build in build-asan, run the tests
#   ./build.sh tsan       TSan build in build-tsan, run the threaded tests
#   ./build.sh fuzz       libFuzzer build in build-fuzz, each target 5 s
#                         ($FUZZ_SECONDS)
#   ./build.sh deb        the Debian package from the release tarball, in
#                         build-deb (dpkg-buildpackage -b), checked by lintian
set -eu

mode=${1:-build}
top=$(cd "$(dirname "$0")" && pwd)

build_pkgs="gcc make autoconf automake autoconf-archive pkg-config
	libssl-dev libc-ares-dev libncurses-dev libjansson-dev"
test_pkgs="openssl dnsmasq-base nginx-light tmux python3 procps valgrind
	python3-jsonschema python3-cryptography gnutls-bin curl wget mandoc
	golang-1.19-go python3-urllib3 ruby php-cli libio-socket-ssl-perl
	libnss3-tools chromium firefox-esr ca-certificates-java python3-certifi
	iproute2 zsh parallel
	postfix dovecot-imapd dovecot-pop3d dovecot-managesieved vsftpd prosody
	sslscan tinyproxy dante-server slapd postgresql mariadb-server
	python3-psycopg2 python3-ldap3 python3-pymysql"
case $mode in
build) pkgs=$build_pkgs ;;
asan|tsan|fuzz) pkgs="$build_pkgs $test_pkgs clang libclang-rt-14-dev" ;;
deb) pkgs="$build_pkgs debhelper dpkg-dev lintian" ;;
lint) pkgs="$build_pkgs cppcheck clang-format" ;;
*) pkgs="$build_pkgs $test_pkgs" ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "build.sh: missing packages:$missing" >&2
		echo "build.sh: run as root, or: apt-get install$missing" >&2
		exit 1
	fi
	echo "build.sh: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

[ -x "$top/configure" ] || "$top/autogen.sh"

configure_in() {	# configure_in DIR ARGS...: configure once per DIR
	dir=$1; shift
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$top/configure" -nt "$dir/Makefile" ]
	then
		(cd "$dir" && "$top/configure" -q "$@")
	fi
}

jobs=$(nproc 2>/dev/null || echo 2)
case $mode in
build)
	configure_in "${BUILD_DIR:-$top/build}" --enable-werror
	make -s -C "${BUILD_DIR:-$top/build}" -j"$jobs"
	echo "build.sh: built ${BUILD_DIR:-$top/build}/tlsmatrix"
	;;
check)
	configure_in "${BUILD_DIR:-$top/build}" --enable-werror
	make -s -C "${BUILD_DIR:-$top/build}" -j"$jobs"
	make -s -C "${BUILD_DIR:-$top/build}" -j"$jobs" check
	;;
distcheck)
	configure_in "${BUILD_DIR:-$top/build}"
	# The tarball's own build runs the unit tests by default: the rest
	# of the suite already ran on this tree (./build.sh check), and
	# distcheck is about what the tarball holds.
	case ${DISTCHECK_TESTS:-unit} in
	all) make -s -C "${BUILD_DIR:-$top/build}" -j"$jobs" distcheck ;;
	unit) make -s -C "${BUILD_DIR:-$top/build}" -j"$jobs" distcheck \
	    TESTS='$(unit_tests)' ;;
	*) make -s -C "${BUILD_DIR:-$top/build}" -j"$jobs" distcheck \
	    TESTS="$DISTCHECK_TESTS" ;;
	esac
	;;
lint)
	configure_in "${BUILD_DIR:-$top/build}" --enable-werror
	make -s -C "${BUILD_DIR:-$top/build}" lint
	;;
asan)
	configure_in "$top/build-asan" CC=clang --enable-asan --enable-debug
	make -s -C "$top/build-asan" -j"$jobs"
	# Every test but trust_lab.sh and families.sh: they compare real
	# clients (browsers, JVMs) whose minutes of start-up would only load
	# the machine under the timing bounds of the others; tlsmatrix's own
	# side of them runs here in trust_policy.sh, fidelity.sh and
	# client_cert.sh, and they run in full in ./build.sh check. Nor
	# tui_signals.sh, whose stop/continue checks race ASan's slower
	# redraw; it runs in ./build.sh check. Nor the labs of real servers
	# and real clients whose minutes go to the servers and clients, not to
	# tlsmatrix: whatif.sh (22 clients on 9 servers), starttls_mail.sh and
	# starttls_lab.sh (Postfix, Dovecot, vsftpd, Prosody, slapd,
	# PostgreSQL, MariaDB) and fleet.sh (2,000 names; its memory bound
	# means nothing under ASan); tlsmatrix's side of them runs here in
	# test_whatif, test_starttls, test_proxy, proxy_lab.sh and
	# targets_fleet.sh, and the fuzz targets.
	asan_tests=$(make -s -C "$top/build-asan" print-tests | tr ' ' '\n' |
	    grep '^tests/' | grep -v -e '^tests/e2e/trust_lab\.sh$' \
	    -e '^tests/e2e/families\.sh$' -e '^tests/tui/tui_signals\.sh$' \
	    -e '^tests/e2e/whatif\.sh$' -e '^tests/e2e/starttls_mail\.sh$' \
	    -e '^tests/e2e/starttls_lab\.sh$' -e '^tests/e2e/fleet\.sh$' |
	    tr '\n' ' ')
	# exit codes of our own, so a sanitizer report is never mistaken for
	# tlsmatrix's "a cell failed" (1)
	ASAN_OPTIONS=detect_leaks=1:exitcode=86 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86 \
	    make -s -C "$top/build-asan" -j"$jobs" check TESTS="$asan_tests"
	;;
tsan)
	configure_in "$top/build-tsan" CC=clang --enable-tsan --enable-debug
	make -s -C "$top/build-tsan" -j"$jobs"
	make -s -C "$top/build-tsan" -j"$jobs" check \
	    TESTS="tests/unit/test_evq tests/unit/test_pool tests/unit/test_probe tests/e2e/demo_batch.sh"
	;;
fuzz)
	# every libFuzzer target for a few seconds (issue #22), in its own
	# build; exit 1 on a crash, whose input bench/fuzz.sh keeps
	FUZZ_BUILD="$top/build-fuzz" sh "$top/bench/fuzz.sh" "${FUZZ_SECONDS:-5}"
	;;
deb)
	# Outside the source tree: the release tarball (so the package is
	# built from what `make dist` ships) unpacked in build-deb.
	configure_in "${BUILD_DIR:-$top/build}"
	make -s -C "${BUILD_DIR:-$top/build}" dist
	version=$(sed -n "s/^PACKAGE_VERSION='\(.*\)'$/\1/p" "$top/configure")
	rm -rf "$top/build-deb"
	mkdir -p "$top/build-deb"
	tar -xzf "${BUILD_DIR:-$top/build}/tlsmatrix-$version.tar.gz" \
	    -C "$top/build-deb"
	# the tests run in ./build.sh check; DEB_BUILD_OPTIONS may ask for
	# them here too (unset it: the unit tests and the fuzz corpora)
	(cd "$top/build-deb/tlsmatrix-$version" &&
	    DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS-"nocheck parallel=$jobs"} \
	    dpkg-buildpackage -b -us -uc >../dpkg-buildpackage.log 2>&1) || {
		tail -40 "$top/build-deb/dpkg-buildpackage.log" >&2
		echo "build.sh: dpkg-buildpackage failed" \
		    "(build-deb/dpkg-buildpackage.log)" >&2
		exit 1
	}
	lintian --allow-root --fail-on error --tag-display-limit 0 \
	    "$top"/build-deb/tlsmatrix_"$version"_*.changes
	echo "build.sh: built $(ls "$top"/build-deb/*.deb)"
	;;
*)
	echo "usage: build.sh [build|check|distcheck|lint|asan|tsan|fuzz|deb]" >&2
	exit 2
	;;
esac
