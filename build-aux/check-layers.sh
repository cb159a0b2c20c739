#!/bin/sh
# check-layers.sh SRCDIR: every module includes only its own layer or lower
# ones, and third-party headers stay in the files allowed to use them.
# Prints one line per violation; exits 1 if there is any.
# The table is the one in docs/ARCHITECTURE.md.
srcdir=${1:-.}
cd "$srcdir" || exit 2

layer_of() {
	case $1 in
	status|xmem|clock|bytes|trace|fileio|exitcode) echo 0 ;;
	tls_names|profile|netaddr|dns_answer|result|hello_build|hello_parse|server|explain|client_hello|fingerprint|profile_write|profile_match|conffile|policy|profile_int|profile_value|profile_set|explain_int|explain_server) echo 1 ;;
	net|conn|resolver|cert|trust|probe|probe_int|probe_ossl|probe_classify|probe_raw|probe_verdict|probe_trust|probe_aia|probe_clientauth|hello_io|scan|digest|capture|demo|options|sockbio|chain_fetch|scan_int|scan_part|scan_plan|ratelimit|whatif|whatif_int|whatif_predict|whatif_spec|whatif_expand|whatif_lines|starttls|starttls_int|starttls_line|starttls_xmpp|starttls_bin|proxy) echo 2 ;;
	evq|pool) echo 3 ;;
	model|app|app_int|app_*|evloop) echo 4 ;;
	fmt|fmt_int|fmt_detail|findings|export|export_int|export_*|snapdiff|whatif_view|whatif_fix|cli|cli_int|cli_*|layout|ui|ui_int|ui_*|main|run|run_*) echo 5 ;;
	config) echo -1 ;;
	*) echo unknown ;;
	esac
}

bad=0
for f in include/*.h src/*.c src/*.h; do
	[ -f "$f" ] || continue
	mod=$(basename "$f"); mod=${mod%.*}
	ml=$(layer_of "$mod")
	if [ "$ml" = unknown ]; then
		echo "$f: module '$mod' is missing from the layer table"
		bad=1
		continue
	fi
	for inc in $(sed -n 's/^#include "\([^"]*\)\.h".*/\1/p' "$f"); do
		il=$(layer_of "$inc")
		if [ "$il" = unknown ]; then
			echo "$f: includes unknown module '$inc.h'"
			bad=1
		elif [ "$il" -gt "$ml" ]; then
			echo "$f: layer $ml includes $inc.h of layer $il"
			bad=1
		fi
	done
	# In layer 5, the TUI and the exporter never include each other.
	case $mod in
	ui|ui_*|layout) grep -q '^#include "export' "$f" &&
		{ echo "$f: the TUI includes the exporter"; bad=1; } ;;
	export|export_*) grep -q '^#include "ui' "$f" &&
		{ echo "$f: export includes the TUI"; bad=1; } ;;
	esac
	# A module's private header (NAME_int.h) is for NAME's files alone.
	for inc in $(sed -n 's/^#include "\([a-z]*\)_int\.h".*/\1/p' "$f"); do
		case $mod in
		"$inc"|"$inc"_*) ;;
		*) echo "$f: includes ${inc}_int.h, private to $inc"; bad=1 ;;
		esac
	done
	case $f in include/*)
		if grep -q '^#include <\(openssl/\|ares\|curses\|ncurses\|pthread\|jansson\)' "$f"; then
			echo "$f: a public header includes a third-party header"
			bad=1
		fi ;;
	esac
done

confined() {	# confined PATTERN ALLOWED-REGEX WHAT
	for f in $(grep -l "^#include <$1" src/*.c src/*.h 2>/dev/null); do
		echo "$f" | grep -Eq "$2" && continue
		echo "$f: includes $3 outside $2"
		bad=1
	done
}
confined 'openssl/' '^src/(cert|trust|sockbio|chain_fetch|probe_trust|probe_aia|probe_clientauth|probe|probe_ossl|probe_classify|probe_raw|probe_verdict|hello_io|scan|scan_part|scan_plan|digest|demo|whatif|whatif_expand)\.c$' '<openssl/*>'
confined 'ares' '^src/resolver\.c$' '<ares.h>'
confined '\(n\)\?curses' '^src/ui[a-z_]*\.[ch]$' 'curses'
confined 'jansson' '^src/snapdiff\.c$' '<jansson.h>'
confined 'pthread' '^src/(evq|pool|demo|probe_aia|ratelimit)\.c$' '<pthread.h>'
exit $bad
