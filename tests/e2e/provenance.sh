#!/bin/sh
# provenance.sh: every shipped profile's `source` names only files of this
# repository (issue #15): no absolute path, nothing under the engineers'
# shared folder, and every file it names exists here (tests/data/hello/,
# docs/, data/profiles/). Upstream references ("golang/go
# src/crypto/tls/defaults.go") are not files of ours and are not checked.
. "$TOP_SRCDIR/tests/lib.sh"

# The source block of a profile: the `source =` line and its tab-indented
# continuation lines.
source_of() {
	awk '/^source[ \t]*=/ { p = 1; print; next }
	    p && /^\t/ { print; next } { p = 0 }' "$1"
}

# Paths a source names, one per line: tokens that start with one of our
# top-level folders, or look like a capture file name.
paths_of() {
	tr ' \t(),;"' '\n\n\n\n\n\n' | sed 's/\.$//' |
	    grep -E '^(tests|docs|data)/|\.(hex|json)$' || true
}

# Where files outside the repository live: absolute paths of this kind of
# machine, the engineers' shared reference folder and its sub-folders.
outside='(^|[^a-z])/(work|home|root|tmp|srv|opt|mnt)/|shared/|client-hellos(-raw)?/|seed/'

n=0
for f in "$TOP_SRCDIR"/data/profiles/*.profile; do
	id=$(basename "$f" .profile)
	src=$(source_of "$f")
	if [ -z "$src" ]; then
		ok 1 "$id has a source"
		continue
	fi
	bad=$(printf '%s\n' "$src" | grep -nE "$outside" || true)
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'
	[ -z "$bad" ]
	ok $? "$id: source names no path outside the repository"
	missing=
	for p in $(printf '%s\n' "$src" | paths_of); do
		case "$p" in
		*/*) ;;
		*) continue ;;	# "-2.hex" after a full name: same folder
		esac
		[ -e "$TOP_SRCDIR/$p" ] || missing="$missing $p"
	done
	[ -n "$missing" ] && diag "missing:$missing"
	[ -z "$missing" ]
	ok $? "$id: every repository file its source names exists"
	n=$((n + 1))
done
[ "$n" -ge 40 ]
ok $? "checked the shipped profiles ($n)"

# The check must catch an outside path, or it proves nothing.
printf 'source = captured (/work/x/y.hex, shared/reference/a.hex)\n' \
    > "$TEST_TMP/bad.profile"
source_of "$TEST_TMP/bad.profile" | grep -qE "$outside"
ok $? "an outside path in a source is caught"
done_testing
