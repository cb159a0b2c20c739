#!/bin/sh
# layers.sh: the include graph follows the layer table (check-layers.sh).
. "$TOP_SRCDIR/tests/lib.sh"
out=$("$TOP_SRCDIR/build-aux/check-layers.sh" "$TOP_SRCDIR" 2>&1)
st=$?
[ -n "$out" ] && echo "$out" | sed 's/^/# /'
ok $st "every #include respects the layers and third-party confinement"
# The checker must catch a violation, or it proves nothing.
mkdir -p "$TEST_TMP/t/include" "$TEST_TMP/t/src"
printf '#include "config.h"\n#include "ui.h"\n' > "$TEST_TMP/t/src/model.c"
printf '#include <openssl/ssl.h>\n' > "$TEST_TMP/t/src/fmt.c"
"$TOP_SRCDIR/build-aux/check-layers.sh" "$TEST_TMP/t" > "$TEST_TMP/v" 2>&1
grep -q 'model.c: layer 4 includes ui.h' "$TEST_TMP/v"
ok $? "a core module including the TUI is caught"
grep -q 'fmt.c: includes <openssl' "$TEST_TMP/v"
ok $? "OpenSSL outside its files is caught"
done_testing
