#!/bin/sh
# valgrind_batch.sh: a whole demo batch run (threads, OpenSSL, the demo
# servers, export) under valgrind: no invalid access, no leak.
. "$TOP_SRCDIR/tests/lib.sh"

command -v valgrind >/dev/null 2>&1 || skip_all "valgrind is not installed"
# A sanitizer build cannot run under valgrind; its own checks cover it.
if grep -qa -e __asan_init -e __tsan_init "$TLSMATRIX"; then
	skip_all "sanitizer build"
fi

timeout 300 valgrind -q --leak-check=full \
    --errors-for-leak-kinds=definite,indirect,possible \
    --error-exitcode=99 --log-file="$TEST_TMP/vg.log" \
    "$TLSMATRIX" --demo --batch --json > "$TEST_TMP/out.json" 2>&1
st=$?
is "$st" 1 "demo batch under valgrind exits 1 (a cell fails), not 99 (an error)"
[ -s "$TEST_TMP/vg.log" ] && sed 's/^/# /' "$TEST_TMP/vg.log" | head -40
[ ! -s "$TEST_TMP/vg.log" ]
ok $? "valgrind reports nothing"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["cells"]) == 4' "$TEST_TMP/out.json"
ok $? "the run still produced its 4 cells"

# The error paths free what they allocated too.
timeout 120 valgrind -q --leak-check=full \
    --errors-for-leak-kinds=definite,indirect,possible \
    --error-exitcode=99 --log-file="$TEST_TMP/vg2.log" \
    "$TLSMATRIX" --batch --timeout 500 --resolve x.test:1:127.0.0.1 \
    x.test:1 > /dev/null 2>&1
is "$?" 1 "refused probe under valgrind exits 1"
[ ! -s "$TEST_TMP/vg2.log" ]
ok $? "valgrind reports nothing on the refused path"
done_testing
