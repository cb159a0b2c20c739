#!/bin/sh
# deb.sh DEB: the Debian package built by ./build.sh deb (issue #20),
# run by .ci/run. lintian finds no error; unpacked into a scratch root
# (dpkg -x: this machine's own /usr never changes) it holds the binary,
# the man page, the bash and zsh completions, the docs, and under
# /usr/share/tlsmatrix every file of the source's data/ (all of
# pkgdatadir, whatever is added there); the packaged binary finds its
# libraries, reports the package's version, was built for
# /usr/share/tlsmatrix, and runs the demo in batch mode from the
# packaged profiles, reproducing the incident; the packaged bash
# completion completes with it.
TLSMATRIX=${TLSMATRIX:-unset}
. "$TOP_SRCDIR/tests/lib.sh"

deb=$1
[ -f "$deb" ] || { echo "Bail out! no package at '$deb'"; exit 1; }
command -v dpkg-deb >/dev/null 2>&1 || skip_all "dpkg-deb not installed"

if command -v lintian >/dev/null 2>&1; then
	lintian --allow-root --fail-on error "$deb" >"$TEST_TMP/lintian" 2>&1
	ok $? "lintian: no error"
	sed 's/^/#   /' "$TEST_TMP/lintian"
else
	ok 1 "lintian is installed (./build.sh deb installs it)"
fi

root=$TEST_TMP/root
dpkg-deb -x "$deb" "$root"
ok $? "dpkg -x unpacks the package"
for f in usr/bin/tlsmatrix usr/share/man/man1/tlsmatrix.1.gz \
    usr/share/bash-completion/completions/tlsmatrix \
    usr/share/zsh/vendor-completions/_tlsmatrix \
    usr/share/doc/tlsmatrix/copyright usr/share/doc/tlsmatrix/README.md.gz; do
	[ -f "$root/$f" ]
	ok $? "the package holds /$f"
done

# All the data tlsmatrix reads under /usr/share/tlsmatrix: the profiles
# and the trust stores (data/trust/'s README and generate.sh, which make
# the stores, are for the source tree, not the package).
missing=
n=0
for f in $(cd "$TOP_SRCDIR/data" && find . -type f \( -name '*.profile' \
    -o -name '*.pem' \) | sort); do
	n=$((n + 1))
	cmp -s "$TOP_SRCDIR/data/$f" "$root/usr/share/tlsmatrix/$f" ||
	    missing="$missing ${f#./}"
done
is "$missing" "" "every profile and store of data/ ($n) is in /usr/share/tlsmatrix"

TLSMATRIX=$root/usr/bin/tlsmatrix
ldd "$TLSMATRIX" >"$TEST_TMP/ldd" 2>&1
! grep -q 'not found' "$TEST_TMP/ldd"
ok $? "the packaged binary finds every library"
want=$(dpkg-deb -f "$deb" Version)
is "$("$TLSMATRIX" --version | head -n 1)" "tlsmatrix ${want%%-*}" \
    "--version says the package's version"
"$TLSMATRIX" --help | tr -s ' \n' ' ' | grep -q '/usr/share/tlsmatrix/profiles'
ok $? "built to read /usr/share/tlsmatrix/profiles"

# The packaged profiles in place of /usr/share/tlsmatrix/profiles.
TLSMATRIX_PROFILES=$root/usr/share/tlsmatrix/profiles
export TLSMATRIX_PROFILES
XDG_CONFIG_HOME=$TEST_TMP/none; export XDG_CONFIG_HOME
timeout 120 "$TLSMATRIX" --demo --batch --format csv >"$TEST_TMP/demo.csv" \
    2>"$TEST_TMP/demo.err"
is $? 1 "the packaged demo: exit 1 (one cell fails)"
sed 's/^/#   /' "$TEST_TMP/demo.err"
is "$(tail -n +2 "$TEST_TMP/demo.csv" | wc -l | tr -d ' ')" 4 \
    "the packaged demo: four cells"
grep -q '^127\.0\.0\.3,ipv4,python-3\.12,fail,no-shared-cipher,' \
    "$TEST_TMP/demo.csv"
ok $? "the packaged demo: python-3.12 fails on B, no-shared-cipher"
is "$(grep -c ',ok,' "$TEST_TMP/demo.csv")" 3 "the packaged demo: three ok"
timeout 120 "$TLSMATRIX" --demo --batch >"$TEST_TMP/demo.txt" 2>&1
is $? 1 "the packaged demo, text: exit 1"

if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" --form); COMP_CWORD=1
	    _tlsmatrix; echo "${COMPREPLY[*]}"' sh \
	    "$root/usr/share/bash-completion/completions/tlsmatrix" \
	    "$TLSMATRIX")
	is "$got" "--format" "the packaged bash completion completes --form"
fi

done_testing
