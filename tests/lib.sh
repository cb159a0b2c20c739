# tests/lib.sh: TAP helpers and lab plumbing for the shell tests.
#
# Sourced by tests/e2e/*.sh and tests/tui/*.sh. Every helper that waits does
# so against a bound; nothing here sleeps to synchronise.

: "${TLSMATRIX:?run through make check (TLSMATRIX unset)}"
: "${TOP_SRCDIR:?run through make check (TOP_SRCDIR unset)}"

tap_n=0
tap_failed=0

ok() {	# ok COND-STATUS NAME...: record a result (0 = pass)
	_st=$1; shift
	tap_n=$((tap_n + 1))
	if [ "$_st" -eq 0 ]; then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
		tap_failed=$((tap_failed + 1))
	fi
}

check() {	# check NAME -- CMD...: run CMD, pass if it exits 0
	_name=$1; shift; [ "$1" = "--" ] && shift
	if "$@" >/dev/null 2>&1; then ok 0 "$_name"; else ok 1 "$_name"; fi
}

is() {	# is GOT WANT NAME
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

diag() { echo "# $*"; }

skip_all() {	# skip_all REASON: skip the whole script
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit $?
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds; bounded.
wait_for() {
	_limit=$(( $1 * 10 )); shift
	_i=0
	while [ "$_i" -lt "$_limit" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# A private scratch directory, removed on every exit path.
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tlsmatrix-test.XXXXXX")
cleanup_hooks=""
on_exit() { cleanup_hooks="$* ; $cleanup_hooks"; }
run_cleanup() {
	eval "$cleanup_hooks"
	rm -rf "$TEST_TMP"
}
trap run_cleanup EXIT
trap 'exit 130' INT TERM

# free_port: an unused TCP port on loopback (bounded retries by the kernel).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
	echo $(( 20000 + $$ % 20000 ))
}

# tm_run OUT ARGS...: tlsmatrix ARGS with stdout in OUT and stderr in
# OUT.err (echoed as TAP comments), bounded to 120 s; the status in $rc.
tm_run() {
	_out=$1; shift
	timeout 120 "$TLSMATRIX" "$@" </dev/null >"$_out" 2>"$_out.err"
	rc=$?
	[ "$rc" -eq 124 ] && diag "tlsmatrix $* timed out after 120 s"
	[ -s "$_out.err" ] && sed 's/^/#   stderr: /' "$_out.err"
	return 0
}
