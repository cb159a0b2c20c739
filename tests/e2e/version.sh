#!/bin/sh
# version.sh: --version names the OpenSSL, c-ares, curses and jansson this
# binary runs with, and each is the version that library itself reports
# at run time (the shared object the dynamic linker gives the binary,
# asked through ctypes), not the headers it was built against.
. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

"$TLSMATRIX" --version >"$TEST_TMP/v" 2>"$TEST_TMP/err"
is $? 0 "--version exits 0"
[ ! -s "$TEST_TMP/err" ]
ok $? "--version: nothing on stderr"
is "$(wc -l <"$TEST_TMP/v" | tr -d ' ')" 5 "--version: five lines"
sed 's/^/#   /' "$TEST_TMP/v"

# lib SONAME-PATTERN: the path the binary loads, from ldd.
lib() { ldd "$TLSMATRIX" | sed -n "s|^[[:space:]]*$1[^ ]* => \\([^ ]*\\) .*|\\1|p" | head -n 1; }

# want LABEL LIBPATH PYEXPR: the line "LABEL: VALUE" with VALUE from the
# library itself (PYEXPR calls it through ctypes as l).
want() {
	_label=$1 _path=$2 _expr=$3
	if [ -z "$_path" ]; then
		ok 1 "$_label: ldd shows the library"
		return
	fi
	_v=$(python3 -c "import ctypes,sys
l = ctypes.CDLL(sys.argv[1])
$_expr
print(f(l).decode())" "$_path" 2>"$TEST_TMP/pyerr")
	[ -n "$_v" ]
	ok $? "$_label: the library answers ($_path)"
	grep -qxF "$_label: $_v" "$TEST_TMP/v"
	ok $? "$_label: --version says '$_v'"
}

want OpenSSL "$(lib libcrypto)" '
l.OpenSSL_version.restype = ctypes.c_char_p
f = lambda l: l.OpenSSL_version(0)'
want c-ares "$(lib libcares)" '
l.ares_version.restype = ctypes.c_char_p
f = lambda l: l.ares_version(None)'
want curses "$(lib 'libncursesw\?')" '
l.curses_version.restype = ctypes.c_char_p
f = lambda l: l.curses_version()'
want jansson "$(lib libjansson)" '
l.jansson_version_str.restype = ctypes.c_char_p
f = lambda l: l.jansson_version_str()'

done_testing
