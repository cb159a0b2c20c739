#!/bin/sh
# config_file.sh: the configuration file through the real binary (issue
# #20): its settings apply to the demo, the command line wins, --no-config
# ignores it, ~/.config is the fallback for an unset XDG_CONFIG_HOME, and
# a bad line is exit 2 with one message naming the file and the line,
# escaped when the path holds an escape byte. --help works whatever the
# file holds. Only the demo: no network beyond loopback.
. "$TOP_SRCDIR/tests/lib.sh"

cfg="$TEST_TMP/xdg/tlsmatrix/config"
mkdir -p "$TEST_TMP/xdg/tlsmatrix" "$TEST_TMP/home/.config/tlsmatrix"
XDG_CONFIG_HOME="$TEST_TMP/xdg"; export XDG_CONFIG_HOME
HOME="$TEST_TMP/home"; export HOME

# cells FILE: the profile column of a CSV snapshot, sorted and unique.
profiles_of() { tail -n +2 "$1" | cut -d, -f3 | sort -u | tr '\n' ' '; }

printf '# defaults\nprofiles = python-3.9\nformat = csv\ndns = 127.0.0.1:9\nno-timings = yes\n' >"$cfg"
timeout 120 "$TLSMATRIX" --demo --batch >"$TEST_TMP/a" 2>"$TEST_TMP/err"
is $? 0 "the file's profiles: python-3.9 only, every cell ok"
is "$(head -n 1 "$TEST_TMP/a" | tr -d '\r')" \
    "address,family,profile,verdict,reason,protocol,suite,group,method,time_ms" \
    "the file's format: CSV"
is "$(profiles_of "$TEST_TMP/a")" "python-3.9 " "the file's profile list"
is "$(tail -n +2 "$TEST_TMP/a" | cut -d, -f10 | tr -d '\r' | sort -u)" "" \
    "the file's no-timings: no times"

timeout 120 "$TLSMATRIX" --demo --batch -p python-3.12 --format text \
    >"$TEST_TMP/b" 2>&1
is $? 1 "the command line's -p wins: python-3.12 fails on B"
grep -q '^Findings' "$TEST_TMP/b"
ok $? "the command line's --format text wins"

timeout 120 "$TLSMATRIX" --demo --batch --no-config >"$TEST_TMP/c" 2>&1
is $? 1 "--no-config: the default profiles again (one fails)"
grep -q '^Findings' "$TEST_TMP/c"
ok $? "--no-config: the default text format"

# usage_error WHAT PATTERN: exit 2, nothing on stdout, one line with it.
usage_error() {
	timeout 60 "$TLSMATRIX" --demo --batch >"$TEST_TMP/out" \
	    2>"$TEST_TMP/err"
	is $? 2 "$1: exit status 2"
	[ ! -s "$TEST_TMP/out" ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] &&
	    grep -qF -- "$2" "$TEST_TMP/err"
	_r=$?
	ok $_r "$1: one line naming '$2'"
	[ $_r -eq 0 ] || sed 's/^/#   stderr: /' "$TEST_TMP/err"
}
printf 'jobs = 4\n\ntimeout = soon\n' >"$cfg"
usage_error "a bad value" "$cfg:3: --timeout: 'soon' is not a number"
printf 'jobs = 4\nbatch = yes\n' >"$cfg"
usage_error "a key no file may set" "$cfg:2: 'batch' is not an option"
printf 'just words\n' >"$cfg"
usage_error "a line without =" "$cfg:1: expected 'key = value'"
"$TLSMATRIX" --help >/dev/null 2>&1
is $? 0 "--help works with a bad file"
"$TLSMATRIX" --version >/dev/null 2>&1
is $? 0 "--version works with a bad file"
timeout 120 "$TLSMATRIX" --demo --batch --no-config >/dev/null 2>&1
is $? 1 "--no-config works with a bad file"

rm -f "$cfg"
mkdir "$cfg"
usage_error "a directory in the file's place" "$cfg: cannot read"
rmdir "$cfg"

# An escape byte in the path is shown escaped.
esc=$(printf '\033')
mkdir -p "$TEST_TMP/e${esc}[2J/tlsmatrix"
printf 'x\n' >"$TEST_TMP/e${esc}[2J/tlsmatrix/config"
XDG_CONFIG_HOME="$TEST_TMP/e${esc}[2J" usage_error "a hostile path" \
    'e\x1b[2J/tlsmatrix/config:1:'
! grep -q "$esc" "$TEST_TMP/err"
ok $? "no raw escape byte on stderr"

# Without XDG_CONFIG_HOME: ~/.config/tlsmatrix/config.
printf 'profiles = python-3.9\nformat = csv\n' \
    >"$TEST_TMP/home/.config/tlsmatrix/config"
(unset XDG_CONFIG_HOME; timeout 120 "$TLSMATRIX" --demo --batch) \
    >"$TEST_TMP/d" 2>&1
is $? 0 "XDG_CONFIG_HOME unset: ~/.config/tlsmatrix/config is read"
is "$(profiles_of "$TEST_TMP/d")" "python-3.9 " "its profile list applies"

done_testing
