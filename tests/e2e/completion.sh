#!/bin/sh
# completion.sh: the shell completions (issue #20). The bash one is
# sourced into a real bash and _tlsmatrix called as bash would, the
# COMPREPLY checked: options (from --help), profile ids (from
# --list-profiles, also after a comma and from --profile-dir), formats,
# methods, files for --ca-file, --opt=value. The zsh one: every option
# --help lists is in its table, zsh (when installed) parses it, and Tab
# in an interactive zsh (tests/e2e/zcomplete.zsh) completes options,
# formats, methods and profile ids.
. "$TOP_SRCDIR/tests/lib.sh"

command -v bash >/dev/null 2>&1 || skip_all "bash not installed"
comp="$TOP_SRCDIR/completions/tlsmatrix.bash"
mkdir -p "$TEST_TMP/files" "$TEST_TMP/profiles"
: >"$TEST_TMP/files/corp-ca.pem"
: >"$TEST_TMP/files/corp-other.pem"
sed 's/^id *=.*/id = zz-test/' "$TOP_SRCDIR/data/profiles/python-3.9.profile" \
    >"$TEST_TMP/profiles/zz-test.profile"

# complete WORD...: the COMPREPLY for the command line "tlsmatrix WORD...",
# the cursor at the end of the last word, one candidate a line, sorted.
complete_line() {
	bash -c '
	. "$1"; shift
	COMP_WORDS=("$TLSMATRIX" "$@")
	COMP_CWORD=$#
	_tlsmatrix
	printf "%s\n" "${COMPREPLY[@]}" | sort' sh "$comp" "$@" 2>"$TEST_TMP/err"
}

# want NAME WANT WORD...: COMPREPLY is exactly WANT (space separated).
want() {
	_name=$1 _want=$2; shift 2
	_got=$(complete_line "$@" | tr '\n' ' ' | sed 's/ $//')
	is "$_got" "$_want" "$_name"
	[ -s "$TEST_TMP/err" ] && sed 's/^/#   stderr: /' "$TEST_TMP/err"
}

want "an option" "--format" --form
want "options sharing a prefix" "--no-color --no-config --no-fetch --no-mouse --no-scan --no-timings" --no-
want "a format" "csv" --format c
want "formats" "html" --format h
want "--format=VALUE" "html" --format = h
want "a method" "openssl" --method o
want "a profile id" "python-3.12 python-3.12-windows" -p python-3.12
want "a profile id after a comma" \
    "python-3.9,python-3.12 python-3.9,python-3.12-windows" -p python-3.9,python-3.12
want "a profile id from --profile-dir" "zz-test" \
    --profile-dir "$TEST_TMP/profiles" --profiles z
want "files for --ca-file" \
    "$TEST_TMP/files/corp-ca.pem $TEST_TMP/files/corp-other.pem" \
    --ca-file "$TEST_TMP/files/corp-"
want "no value to guess for --timeout" "" --timeout 3
want "a STARTTLS protocol" "smtp" --starttls sm

# Every option --help lists completes.
"$TLSMATRIX" --help | grep -o -e '--[a-z][a-z0-9-]*' | sort -u \
    >"$TEST_TMP/help-opts"
complete_line -- >/dev/null
complete_line --  | grep -e '^--' >"$TEST_TMP/bash-opts"
cmp -s "$TEST_TMP/help-opts" "$TEST_TMP/bash-opts"
ok $? "bash offers exactly the options of --help ($(wc -l <"$TEST_TMP/help-opts"))"

# zsh: every option of --help is in the table.
zcomp="$TOP_SRCDIR/completions/_tlsmatrix"
missing=
while read -r opt; do
	grep -qe "['*]$opt\\(=\\|\\[\\)" -e "$opt[+=]\\?}" -e ",$opt" "$zcomp" ||
	    missing="$missing $opt"
done <"$TEST_TMP/help-opts"
is "$missing" "" "zsh: every option of --help is in _tlsmatrix"
if grep -q -e '--starttls' "$TEST_TMP/help-opts"; then
	grep -q "'--starttls=" "$zcomp"
	ok $? "zsh: --starttls exists now: complete its protocols"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$zcomp"
	ok $? "zsh parses _tlsmatrix"
	# the profile function as zsh's completion system would call it
	zsh -c '
	_values() { shift 2; print -l -- "$@"; }
	typeset -A opt_args
	words=("$1")
	source "$2" 2>/dev/null
	_tlsmatrix_profiles' zsh "$TLSMATRIX" "$zcomp" >"$TEST_TMP/z" 2>&1
	grep -qx 'python-3.12' "$TEST_TMP/z" && ! grep -q '^ID' "$TEST_TMP/z"
	ok $? "zsh: _tlsmatrix_profiles lists the ids"
	# Tab in a real interactive zsh (zpty), tlsmatrix on its PATH
	mkdir -p "$TEST_TMP/bin"
	ln -s "$TLSMATRIX" "$TEST_TMP/bin/tlsmatrix"
	zwant() {
		_name=$1 _want=$2; shift 2
		_got=$(timeout 30 zsh "$TOP_SRCDIR/tests/e2e/zcomplete.zsh" \
		    "$TOP_SRCDIR/completions" "$TEST_TMP/bin" "$@" 2>&1 |
		    tr '\n' ' ' | sed 's/ $//')
		is "$_got" "$_want" "zsh: $_name"
	}
	zwant "an option" "--format" --form
	zwant "options sharing a prefix" "--no-color --no-config" --no-c
	zwant "a format" "csv" --format c
	zwant "a method" "openssl" --method o
	zwant "a profile id" "python-3.12 python-3.12-windows" -p python-3.12
else
	ok 0 "# SKIP zsh not installed"
fi

done_testing
