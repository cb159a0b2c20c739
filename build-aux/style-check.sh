#!/bin/sh
# style-check.sh SRCDIR: what of the house style (docs/STYLE-CHECK.md) a
# machine checks reliably. Every C file in src/ and include/: no trailing
# white space, no indentation by eight spaces or spaces before a tab
# (four spaces continue a top-level declaration, KNF), no CR. The files of
# build-aux/format-files: clang-format --dry-run with .clang-format (when
# clang-format is installed; otherwise said and skipped).
# One line per violation; exits 1 if there is any.
srcdir=${1:-.}
cd "$srcdir" || exit 2
bad=0
files=$(ls src/*.c src/*.h include/*.h 2>/dev/null)
# shellcheck disable=SC2086
if grep -nE '[[:space:]]+$' $files; then
	echo "style-check.sh: trailing white space (above)"
	bad=1
fi
# shellcheck disable=SC2086
if grep -nE '^( {8}| +	)' $files; then
	echo "style-check.sh: indentation by spaces, not tabs (above)"
	bad=1
fi
# shellcheck disable=SC2086
if grep -lU "$(printf '\r')" $files; then
	echo "style-check.sh: CR line ends (above)"
	bad=1
fi
cf=$(command -v clang-format-14 || command -v clang-format)
if [ -z "$cf" ]; then
	echo "style-check.sh: clang-format not installed: format check skipped"
else
	for f in $(grep -v '^#' build-aux/format-files); do
		if ! "$cf" --style=file --dry-run -Werror "$f" 2>/dev/null; then
			echo "$f: not as .clang-format writes it (clang-format --dry-run $f)"
			bad=1
		fi
	done
fi
exit $bad
