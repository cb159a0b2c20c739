#!/bin/sh
# headers.sh: every public header compiles on its own.
. "$TOP_SRCDIR/tests/lib.sh"
out=$("$TOP_SRCDIR/build-aux/check-headers.sh" "$TOP_SRCDIR" "${CC:-cc}" \
    -I"$TOP_BUILDDIR" 2>&1)
st=$?
[ -n "$out" ] && echo "$out" | sed 's/^/# /'
ok $st "every header in include/ is self-contained"
done_testing
