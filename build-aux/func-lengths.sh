#!/bin/sh
# func-lengths.sh [-n LIMIT] [-m MAX] FILE...: the functions of KNF-style C
# files (the body between a '{' and a '}' at column 0) longer than LIMIT
# lines (default 100), one "file:line: name: N lines" each, longest first.
# With -m MAX, exits 1 when more than MAX functions are that long (make
# lint: issue #18 allows 3 in src/). A '{' at column 0 that follows a
# line ending in '=' (an initialiser) is not a function.
limit=100
max=
while getopts n:m: opt; do
	case $opt in
	n) limit=$OPTARG ;;
	m) max=$OPTARG ;;
	*) echo "usage: func-lengths.sh [-n LIMIT] [-m MAX] FILE..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
out=$(awk -v limit="$limit" '
	FNR == 1 { start = 0; name = ""; prev = "" }
	/^[A-Za-z_].*\(/ && start == 0 {
		n = $0; sub(/\(.*/, "", n); sub(/.*[ *]/, "", n); name = n
	}
	/^\{/ && start == 0 && prev !~ /=[ \t]*$/ { start = FNR }
	/^\}/ && start > 0 {
		len = FNR - start + 1
		if (len > limit)
			printf "%d %s:%d: %s: %d lines\n", len, FILENAME, start, name, len
		start = 0
	}
	{ prev = $0 }
' "$@" | sort -rn | cut -d' ' -f2-)
[ -n "$out" ] && printf '%s\n' "$out"
n=$(printf '%s' "$out" | grep -c .)
if [ -n "$max" ] && [ "$n" -gt "$max" ]; then
	echo "func-lengths.sh: $n functions over $limit lines, at most $max allowed" >&2
	exit 1
fi
exit 0
