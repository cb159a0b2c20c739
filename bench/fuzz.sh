#!/bin/sh
# bench/fuzz.sh: fuzzes every libFuzzer target for a while (issue #9).
#
# Usage: bench/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]
#   SECONDS defaults to 60; TARGET is hello_parse, profile_parse, netaddr,
#   client_hello, cert_summary, cli, dns_answer (default: all). Builds with clang, --enable-fuzzing and ASan+UBSan in
#   its own directory ($FUZZ_BUILD, default ${TMPDIR:-/tmp}/tlsmatrix-fuzz,
#   never the source tree), copies each seed corpus to a scratch
#   corpus (so new inputs do not land in git), runs the fuzzer and reports
#   executions and crashes per target. Crash inputs are kept in
#   $FUZZ_BUILD/crashes/<target>/: add them to tests/fuzz/corpus/<target>/
#   once fixed, so make check replays them forever. Exit 1 if any crashed.
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-hello_parse profile_parse netaddr client_hello cert_summary cli dns_answer conffile trust_store whatif_spec}
src=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-${TMPDIR:-/tmp}/tlsmatrix-fuzz}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}

case $secs in
''|*[!0-9]*) echo "fuzz.sh: seconds must be a number: $secs" >&2; exit 2 ;;
esac
command -v clang >/dev/null 2>&1 || {
	echo "fuzz.sh: clang not found (apt-get install clang)" >&2; exit 2; }
[ "$build" != "$src" ] || { echo "fuzz.sh: will not build in the source tree" >&2; exit 2; }

[ -x "$src/configure" ] || (cd "$src" && ./autogen.sh)
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ]; then
	"$src/configure" -q CC=clang --enable-fuzzing --enable-asan >configure.log 2>&1 ||
	    { cat configure.log >&2; exit 2; }
fi
for t in $targets; do
	make -s -j"$jobs" "tests/fuzz/fuzz_$t" >make.log 2>&1 ||
	    { cat make.log >&2; exit 2; }
done

status=0
printf '%-16s %8s %12s %10s %8s %s\n' target seconds executions exec/s crashes corpus
for t in $targets; do
	work=$build/corpus-work/$t
	crashes=$build/crashes/$t
	rm -rf "$crashes"
	mkdir -p "$work" "$crashes"
	cp "$src/tests/fuzz/corpus/$t/"* "$work/" 2>/dev/null || true
	dict=
	[ -f "$src/tests/fuzz/$t.dict" ] && dict=-dict=$src/tests/fuzz/$t.dict
	log=$build/fuzz-$t.log
	# A crash ends this target's run; its input is in $crashes.
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"./tests/fuzz/fuzz_$t" ${dict:+"$dict"} -max_total_time="$secs" -max_len=65536 \
	    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$crashes/" "$work" >"$log" 2>&1 || true
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	n=$(find "$crashes" -type f | wc -l)
	size=$(find "$work" -type f | wc -l)
	printf '%-16s %8s %12s %10s %8s %s\n' "$t" "$secs" "${execs:-?}" \
	    "${rate:-?}" "$n" "$size"
	if [ "$n" -gt 0 ]; then
		status=1
		find "$crashes" -type f | sed 's/^/    crash: /'
		grep -m1 -E 'ERROR: (AddressSanitizer|libFuzzer)|runtime error' \
		    "$log" | sed 's/^/    /' || true
	fi
done
exit $status
