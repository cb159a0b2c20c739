#!/bin/sh
# check-banned.sh SRCDIR: C library calls the project does not use, in
# src/*.c and src/*.h, one line per use; exits 1 if there is any.
#   sprintf vsprintf strcpy strcat  unbounded: snprintf, status_set_err
#   gets strtok tmpnam mktemp        unsafe or not reentrant
#   atoi atol atoll                  no error report: strtol, netaddr_parse_port
#   rand srand random                not random: OpenSSL's RAND_bytes
#   system popen                     a shell on input we did not write
#   alloca                           unbounded stack
# A call inside a comment or a string counts too: reword it.
srcdir=${1:-.}
cd "$srcdir" || exit 2
pat='(^|[^_a-zA-Z0-9.>])(sprintf|vsprintf|strcpy|strcat|gets|strtok|tmpnam|mktemp|atoi|atol|atoll|rand|srand|random|system|popen|alloca)[[:space:]]*\('
out=$(grep -nE "$pat" src/*.c src/*.h 2>/dev/null)
if [ -n "$out" ]; then
	printf '%s\n' "$out" | sed 's/$/  (banned call: see build-aux\/check-banned.sh)/'
	exit 1
fi
exit 0
