#!/bin/sh
# Regenerate the build system from a git checkout (a release tarball has it).
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
# automake ships the TAP driver but does not install it by itself.
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
autoreconf --force --install --warnings=all
