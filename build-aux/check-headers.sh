#!/bin/sh
# check-headers.sh SRCDIR CC CPPFLAGS...: every public header compiles on
# its own (it includes what it uses). Exits 1 naming each one that does not.
srcdir=$1; shift
cc=$1; shift
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0
for h in "$srcdir"/include/*.h; do
	printf '#include "%s"\n' "$(basename "$h")" > "$tmp/t.c"
	if ! $cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	    "$@" -I"$srcdir/include" -c "$tmp/t.c" -o "$tmp/t.o" \
	    2> "$tmp/err"; then
		echo "$h does not compile alone:"
		sed 's/^/    /' "$tmp/err" | head -5
		bad=1
	fi
done
exit $bad
