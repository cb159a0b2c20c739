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
# Bad values from users and scripts (issue #9): ports, timeouts, counts,
# addresses, names; each a usage error naming what is wrong.
usage_error 'port "65536" is not a number from 1 to 65535' 'port 65536' -- \
    127.0.0.1:65536
usage_error 'port "-1"' 'port -1' -- 127.0.0.1:-1
usage_error 'port "1x"' 'port 1x' -- host.example:1x
usage_error "--timeout: '99999999999999999999'" 'timeout overflow' -- \
    --timeout 99999999999999999999 host.example
usage_error "--timeout: '-5'" 'timeout negative' -- --timeout -5 host.example
usage_error "--timeout: ''" 'timeout empty' -- --timeout '' host.example
usage_error '--jobs' 'jobs 100000' -- -j 100000 host.example
usage_error 'not a valid IPv4 address' 'address 999.1.1.1' -- 999.1.1.1
usage_error "missing ']'" 'address [::1' -- '[::1'
usage_error '"999.0.0.1" is not an IP address' 'resolve bad address' -- \
    --resolve h.example:443:999.0.0.1 h.example
usage_error '--resolve' 'resolve no address' -- --resolve h.example:443: \
    h.example
usage_error '--dns' 'dns port 0' -- --dns 127.0.0.1:0 host.example
usage_error 'too long' 'host of 400 bytes' -- \
    "$(printf '%0400d' 0 | tr 0 a).example"
usage_error '--profiles: empty list' 'empty profile list' -- -p '' h.example
usage_error '--export: empty file name' 'empty export path' -- -o '' \
    h.example

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

# --version: "tlsmatrix VERSION" with configure's version first (the
# libraries' lines after it: tests/e2e/version.sh).
want=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
    "$TOP_BUILDDIR/config.h")
got=$("$TLSMATRIX" --version 2>&1)
is $? 0 "--version exits 0"
is "$(printf '%s\n' "$got" | head -n 1)" "tlsmatrix $want" \
    "--version prints the version"

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

# Bad files (issue #9): each a clear line naming the file and status 3,
# never a crash. The targets are a closed loopback port: no resolution.
closed=$(free_port)
# runtime_error PATTERN NAME -- ARGS...: status 3, a "tlsmatrix: ..." line
# on stderr containing PATTERN, no sanitizer report.
runtime_error() {
	_pat=$1 _name=$2; shift 2; [ "$1" = "--" ] && shift
	timeout 60 "$TLSMATRIX" --batch --no-scan --timeout 1000 \
	    -p python-3.9 "$@" "127.0.0.1:$closed" >"$TEST_TMP/out" \
	    2>"$TEST_TMP/err" </dev/null
	is "$?" 3 "$_name: exit status 3"
	grep '^tlsmatrix: ' "$TEST_TMP/err" | grep -qF -- "$_pat"
	_r=$?
	ok $_r "$_name: a line naming '$_pat'"
	[ $_r -eq 0 ] || sed 's/^/#   stderr: /' "$TEST_TMP/err"
	! grep -qE 'Sanitizer|runtime error' "$TEST_TMP/err"
	ok $? "$_name: no sanitizer report"
}
mkdir -p "$TEST_TMP/pd"
printf 'id = broken\nname = Broken\nciphers = NOPE\n' \
    >"$TEST_TMP/pd/broken.profile"
runtime_error "broken.profile:3: unknown key 'ciphers'" \
    'malformed profile: file and line' -- --profile-dir "$TEST_TMP/pd"
printf 'id = \001\033[2J\n' >"$TEST_TMP/pd/broken.profile"
runtime_error 'broken.profile:1' 'profile with control bytes' -- \
    --profile-dir "$TEST_TMP/pd"
esc=$(printf '\033')
! grep -q "$esc" "$TEST_TMP/err"
ok $? "profile with control bytes: ESC escaped on stderr"
runtime_error "$TEST_TMP/missing" 'missing profile dir' -- \
    --profile-dir "$TEST_TMP/missing"
runtime_error 'cannot write /nonexistent/dir/x.json' \
    'export into a missing directory' -- --json -o /nonexistent/dir/x.json
mkdir -p "$TEST_TMP/ro"
chmod 500 "$TEST_TMP/ro"
if [ ! -w "$TEST_TMP/ro" ]; then
	runtime_error "cannot write $TEST_TMP/ro/x.txt" \
	    'export into a read-only directory' -- -o "$TEST_TMP/ro/x.txt"
else
	ok 0 "# SKIP running as root: a read-only directory is writable"
fi
runtime_error 'cannot write /dev/full' 'export to a full device' -- \
    -o /dev/full
# A store file that cannot be read is a usage error (issue #14).
usage_error "$TEST_TMP/no-ca.pem: No such file" 'missing CA file' -- \
    --ca-file "$TEST_TMP/no-ca.pem" 127.0.0.1:1
usage_error "--trust: 'python-3.9' is not ID=FILE" 'trust without a file' \
    -- --trust python-3.9 127.0.0.1:1
usage_error '--system-store: empty file name' 'empty system store name' \
    -- --system-store '' 127.0.0.1:1
runtime_error "--trace: cannot write '/nonexistent/dir/t'" \
    'trace into a missing directory' -- --trace /nonexistent/dir/t

done_testing
