#!/bin/sh
# cli_errors.sh: bad command lines end with status 2 and one clear line on
# stderr naming the option; --help and --version; the man page and the help
# text list the same options. Nothing here reaches the network: every case
# fails in cli_parse, before any resolution.
. "$TOP_SRCDIR/tests/lib.sh"

# usage_error PATTERN NAME -- ARGS...: status 2, no stdout, exactly one
# "tlsmatrix: ..." line on stderr, and that line contains PATTERN.
usage_error() {
	_pat=$1 _name=$2; shift 2; [ "$1" = "--" ] && shift
	"$TLSMATRIX" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
	_st=$?
	is "$_st" 2 "$_name: exit status 2"
	[ ! -s "$TEST_TMP/out" ]
	ok $? "$_name: nothing on stdout"
	_n=$(grep -c '^tlsmatrix: ' "$TEST_TMP/err")
	_line=$(grep '^tlsmatrix: ' "$TEST_TMP/err")
	[ "$_n" -eq 1 ] && printf '%s\n' "$_line" | grep -qF -- "$_pat"
	_r=$?
	ok $_r "$_name: one line naming '$_pat'"
	[ $_r -eq 0 ] || sed 's/^/#   stderr: /' "$TEST_TMP/err"
}

usage_error '99999' 'bad port' -- host.example:99999
usage_error 'port' 'port 0' -- host.example:0
usage_error "--timeout: 'abc' is not a number of milliseconds" \
    'timeout abc' -- --timeout abc host.example
usage_error '--timeout' 'timeout too small' -- --timeout 5 host.example
usage_error '--jobs' 'jobs 0' -- -j 0 host.example
usage_error '--per-address' 'per-address 65' -- --per-address 65 host.example
usage_error '--resolve' 'resolve garbage' -- --resolve garbage host.example
usage_error '--dns' 'dns name' -- --dns ns.example host.example
usage_error "unknown or ambiguous option '--bogus'" 'unknown option' -- \
    --bogus host.example
usage_error "unknown option '-x'" 'unknown short option' -- -x host.example
usage_error '--timeout: needs a value' 'missing value' -- host.example \
    --timeout
usage_error 'missing HOST' 'missing host' --
usage_error '--demo' 'demo plus host' -- --demo api.example.com
usage_error '--format' 'format xml' -- --format xml host.example
usage_error '-4 and -6' '-4 with -6' -- -4 -6 host.example

# A control sequence in a bad value must not reach the terminal raw.
esc=$(printf '\033')
"$TLSMATRIX" --timeout "1${esc}[2J" host.example >/dev/null 2>"$TEST_TMP/err"
! grep -q "$esc" "$TEST_TMP/err"
ok $? "ESC in a bad value is escaped on stderr"

# --help: status 0, on stdout, every option mentioned.
"$TLSMATRIX" --help >"$TEST_TMP/help" 2>"$TEST_TMP/err"
is $? 0 "--help exits 0"
missing=""
for opt in -p --profiles --profile-dir --list-profiles --dns --resolve \
    -4 -6 --sni --ca-file --timeout -j --jobs --per-address --batch \
    --json --format -o --export --demo --ascii --no-color --no-timings \
    -h --help -V --version; do
	grep -qe "$opt\\b" "$TEST_TMP/help" || missing="$missing $opt"
done
is "$missing" "" "--help mentions every option"
"$TLSMATRIX" -h >"$TEST_TMP/help2" 2>/dev/null
cmp -s "$TEST_TMP/help" "$TEST_TMP/help2"
ok $? "-h prints the same text"

# --version: "tlsmatrix VERSION" with configure's version.
want=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
    "$TOP_BUILDDIR/config.h")
got=$("$TLSMATRIX" --version 2>&1)
is $? 0 "--version exits 0"
is "$got" "tlsmatrix $want" "--version prints the version"

# The man page documents every long option the help text lists.
man="$TOP_SRCDIR/tlsmatrix.1"
missing=""
# shellcheck disable=SC2013 # option names are single words
for opt in $(grep -o -e '--[a-z][a-z-]*' "$TEST_TMP/help" | sort -u); do
	name=${opt#--}
	grep -qe "^\.It .*Fl \\\\-$name\\b" "$man" || missing="$missing $opt"
done
is "$missing" "" "tlsmatrix.1 documents every option of --help"
if command -v mandoc >/dev/null 2>&1; then
	mandoc -T lint -W warning "$man" >"$TEST_TMP/lint" 2>&1
	ok $? "mandoc -T lint finds no warning in tlsmatrix.1"
	sed 's/^/#   /' "$TEST_TMP/lint"
else
	ok 0 "# SKIP mandoc not installed"
fi

done_testing
