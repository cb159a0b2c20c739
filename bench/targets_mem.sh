#!/bin/sh
# bench/targets_mem.sh: peak memory of a long --targets list (issue #22).
#
# Writes N (default 20000) unreachable targets, 127.0.A.B on a loopback
# port nothing listens on (refused at once: loopback only, no DNS), runs
# tlsmatrix --targets over them and prints the peak resident set size
# (the child's ru_maxrss, from Python's getrusage), the time and the
# number of lines written. Exit 1 when the peak is 64 MB or more (the
# bound issue #22 sets for 20,000), or a line is missing.
#
#   bench/targets_mem.sh [--build DIR] [N] [tlsmatrix options...]
set -u

TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${TOP_BUILDDIR:-$TOP_SRCDIR/build}
if [ "${1:-}" = "--build" ]; then BUILD=$2; shift 2; fi
N=${1:-20000}
[ $# -gt 0 ] && shift
case $N in ''|*[!0-9]*) echo "usage: $0 [--build DIR] [N] [options...]" >&2; exit 2 ;; esac
TLSMATRIX=${TLSMATRIX:-$BUILD/tlsmatrix}
[ -x "$TLSMATRIX" ] || { echo "no tlsmatrix binary at $TLSMATRIX (--build DIR)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlsmatrix-targets.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$N" "$tmp/list" "$tmp/out" "$TLSMATRIX" "$@" <<'PY'
import resource, socket, subprocess, sys, time
n, lst, out, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
s.close()                       # bound once, never listening: refused
with open(lst, "w") as f:
    for i in range(n):
        f.write("127.%d.%d.%d:%d\n" % (i // 62500 % 250, 1 + i // 250 % 250,
                                       1 + i % 250, port))
t0 = time.monotonic()
with open(out, "w") as o:
    rc = subprocess.call([argv[0], "--targets", lst] + argv[1:], stdout=o,
                         stdin=subprocess.DEVNULL)
el = time.monotonic() - t0
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
lines = sum(1 for _ in open(out))
print("targets %d  exit %d  lines %d  %.1f s  peak RSS %d kB (%.1f MB)"
      % (n, rc, lines, el, kb, kb / 1024))
sys.exit(0 if kb < 64 * 1024 and lines == n else 1)
PY
