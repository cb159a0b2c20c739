#!/bin/sh
# fleet.sh: the acceptance check of issue #19 at test scale, on a fleet of
# TLS names on loopback (tests/lab/fleet_lab.sh: dnsmasq answering
# name-I.fleet.test with 127.20.X.Y, one nginx listening on all of them).
#
# - 200 and 2,000 targets (--targets, --dns to that dnsmasq, the default
#   profiles, --no-scan to keep it to about a minute): every target comes
#   out exactly once, complete and in file order; 2,000 cost at most 12
#   times what 200 cost (the mean of a run before and one after), in wall
#   time and in CPU time (the children's getrusage); peak RSS under 64 MB
#   (ru_maxrss).
# - --shard I/N: the N parts of a list are disjoint, cover it, each keeps
#   file order (shard I holds the entries I, I+N, I+2N, ...), and their
#   interleaving is byte for byte the unsharded run (--no-timings); a shard
#   beyond a short list is empty, not an error; bad specs are usage errors.
# - The GNU parallel recipe of docs/FLEETS.md, taken from that file and
#   run as written (a `tlsmatrix` on PATH adds --dns and --ca-file).
#
# The scan (about 69 connections a target) is measured at 1,000 and
# 10,000 targets by bench/fleet.sh, which also runs this ratio check at
# the same 200 and 2,000 with the scan (--check).

. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"
. "$TOP_SRCDIR/tests/lab/fleet_lab.sh"

lab_need_tools openssl nginx dnsmasq python3

SMALL=200
LARGE=2000
fleet_start "$LARGE" || { echo "Bail out! the fleet did not start"; exit 1; }
diag "fleet: $LARGE names, nginx port $FLEET_PORT, dnsmasq 127.0.0.1:$FLEET_DNS_PORT"
DNS=127.0.0.1:$FLEET_DNS_PORT

# measure LIST OUT ARGS...: tlsmatrix --targets LIST ARGS, stdout to OUT;
# prints "STATUS WALL_MS CPU_MS MAXRSS_KB" (the child's rusage).
measure() {
	python3 - "$@" <<'EOF'
import resource, subprocess, sys, time
lst, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
t = time.monotonic()
with open(out, "w") as o, open(out + ".err", "w") as e:
    try:
        rc = subprocess.call(args[:1] + ["--targets", lst] + args[1:],
                             stdout=o, stderr=e, stdin=subprocess.DEVNULL,
                             timeout=300)
    except subprocess.TimeoutExpired:
        rc = "timeout"
w = (time.monotonic() - t) * 1000
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(rc, int(w), int((r.ru_utime + r.ru_stime) * 1000), r.ru_maxrss)
EOF
}

TM="$TLSMATRIX --no-config --dns $DNS --ca-file $FLEET_CA --no-scan --no-timings"

# in_order LIST OUT: "ok" when OUT has one complete line per target of
# LIST, in its order, every cell finished and none failed; else what is
# wrong.
in_order() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
want = [l.strip().rsplit(":", 1) for l in open(sys.argv[1]) if l.strip()]
got = []
for n, line in enumerate(open(sys.argv[2]), 1):
    try:
        d = json.loads(line)
    except ValueError:
        print("line %d is not JSON" % n); sys.exit()
    s = d.get("summary", {})
    if s.get("pending") or s.get("failed") or not s.get("cells"):
        print("line %d (%s): summary %s" % (n, d["target"]["host"], s)); sys.exit()
    got.append([d["target"]["host"], str(d["target"]["port"])])
if got == want:
    print("ok")
elif len(got) != len(want):
    print("%d lines for %d targets" % (len(got), len(want)))
else:
    i = next(i for i in range(len(got)) if got[i] != want[i])
    print("line %d is %s, want %s" % (i + 1, got[i], want[i]))
EOF
}

# --- 200 and 2,000 targets --------------------------------------------------
fleet_list "$SMALL" "$TEST_TMP/small"
fleet_list "$LARGE" "$TEST_TMP/large"
# The small list runs before and after the large one, and the large one
# is compared with their mean: the machine's load drifts (other work
# shares the cores), and this way the drift cancels instead of landing
# on one side of the ratio.
# shellcheck disable=SC2046,SC2086
set -- $(measure "$TEST_TMP/small" "$TEST_TMP/small.out" $TM)
rc_s=$1 wall_s=$2 cpu_s=$3
# shellcheck disable=SC2046,SC2086
set -- $(measure "$TEST_TMP/large" "$TEST_TMP/large.out" $TM)
rc_l=$1 wall_l=$2 cpu_l=$3 kb_l=$4
# shellcheck disable=SC2046,SC2086
set -- $(measure "$TEST_TMP/small" "$TEST_TMP/small2.out" $TM)
diag "$SMALL targets: $wall_s and $2 ms, CPU $cpu_s and $3 ms;" \
    "$LARGE targets: $wall_l ms, CPU $cpu_l ms, peak RSS $kb_l kB"
is "$1" 0 "$SMALL targets again: exit 0"
wall_s=$(((wall_s + $2) / 2)) cpu_s=$(((cpu_s + $3) / 2))
is "$rc_s" 0 "$SMALL targets: exit 0"
is "$rc_l" 0 "$LARGE targets: exit 0"
is "$(in_order "$TEST_TMP/small" "$TEST_TMP/small.out")" ok \
    "$SMALL targets: each exactly once, complete, in file order"
is "$(in_order "$TEST_TMP/large" "$TEST_TMP/large.out")" ok \
    "$LARGE targets: each exactly once, complete, in file order"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 99) }'; }
[ "$wall_l" -le $((wall_s * 12)) ]
ok $? "10 times the targets, at most 12 times the wall time ($(ratio "$wall_l" "$wall_s")x)"
[ "$cpu_l" -le $((cpu_s * 12)) ]
ok $? "10 times the targets, at most 12 times the CPU time ($(ratio "$cpu_l" "$cpu_s")x)"
# Under ASan (build.sh asan sets ASAN_OPTIONS) freed memory waits in a
# quarantine and shadow memory doubles the rest: the bound is for the
# plain build.
san=
[ -n "${ASAN_OPTIONS:-}" ] && san=" # SKIP peak RSS means nothing under ASan"
[ "$kb_l" -lt 65536 ] || [ -n "$san" ]
ok $? "$LARGE targets: peak RSS under 64 MB ($kb_l kB)$san"

# --- --shard I/N ----------------------------------------------------------
# parts N OUTPREFIX: runs the N shards of the small list one after another.
parts() {
	_i=1
	while [ "$_i" -le "$1" ]; do
		# shellcheck disable=SC2086
		timeout 120 $TM --targets "$TEST_TMP/small" --shard "$_i/$1" \
		    >"$2.$_i" 2>"$2.$_i.err"
		echo "$?"
		_i=$((_i + 1))
	done | sort -u | tr '\n' ' '
}
is "$(parts 3 "$TEST_TMP/s3")" "0 " "--shard 1/3, 2/3, 3/3: each exits 0"
# check_parts N PREFIX: "ok" when the parts are disjoint, cover the list
# and part I is the entries I, I+N, ... in order.
check_parts() {
	python3 - "$TEST_TMP/small" "$1" "$2" <<'EOF'
import json, sys
lst, n, pre = sys.argv[1], int(sys.argv[2]), sys.argv[3]
want = [l.strip().rsplit(":", 1)[0] for l in open(lst) if l.strip()]
parts = []
for i in range(1, n + 1):
    try:
        parts.append([json.loads(l)["target"]["host"] for l in open("%s.%d" % (pre, i))])
    except (OSError, ValueError, KeyError) as e:
        print("part %d: %s" % (i, e)); sys.exit()
seen = {}
for i, p in enumerate(parts, 1):
    for h in p:
        if h in seen:
            print("%s in parts %d and %d" % (h, seen[h], i)); sys.exit()
        seen[h] = i
missing = [h for h in want if h not in seen]
if missing:
    print("%d targets in no part, first %s" % (len(missing), missing[0])); sys.exit()
for i, p in enumerate(parts, 1):
    if p != want[i - 1::n]:
        print("part %d is not the entries %d, %d, ... in order" % (i, i, i + n)); sys.exit()
print("ok")
EOF
}
is "$(check_parts 3 "$TEST_TMP/s3")" ok \
    "--shard 1/3..3/3: disjoint, cover the list, each in file order"
paste -d '\n' "$TEST_TMP/s3.1" "$TEST_TMP/s3.2" "$TEST_TMP/s3.3" |
    sed '/^$/d' >"$TEST_TMP/s3.merged"
cmp -s "$TEST_TMP/s3.merged" "$TEST_TMP/small.out"
ok $? "the 3 parts interleaved (paste) are the unsharded run, byte for byte"

# A shard of a list shorter than N is empty: a job runner with more
# workers than targets must not fail.
head -n 3 "$TEST_TMP/small" >"$TEST_TMP/three"
# shellcheck disable=SC2086
timeout 60 $TM --targets "$TEST_TMP/three" --shard 5/5 >"$TEST_TMP/empty.out" \
    2>"$TEST_TMP/empty.err"
is "$?" 0 "--shard 5/5 of a 3-target list: exit 0"
is "$(wc -c <"$TEST_TMP/empty.out" | tr -d ' ')" 0 "--shard 5/5 of 3 targets: no output"

for bad in 0/4 5/4 1/0 x 2 1/ /4 -1/4; do
	# shellcheck disable=SC2086
	timeout 20 $TM --targets "$TEST_TMP/three" --shard "$bad" \
	    >/dev/null 2>"$TEST_TMP/bad.err"
	st=$?
	grep -q -- "--shard" "$TEST_TMP/bad.err"
	named=$?
	[ "$st" -eq 2 ] && [ "$named" -eq 0 ]
	ok $? "--shard '$bad': exit 2 with a message naming --shard (exit $st)"
done
timeout 20 "$TLSMATRIX" --no-config --shard 1/2 --dns "$DNS" \
    name-0.fleet.test >/dev/null 2>"$TEST_TMP/bad.err"
is "$?" 2 "--shard without --targets: exit 2"

# --- the GNU parallel recipe of docs/FLEETS.md ------------------------------
# The block between the two markers, run as written in a directory that
# holds fleet.txt (the small list), with a `tlsmatrix` on PATH that adds
# this lab's --dns and --ca-file.
if command -v parallel >/dev/null 2>&1; then
	mkdir -p "$TEST_TMP/recipe/bin"
	cp "$TEST_TMP/small" "$TEST_TMP/recipe/fleet.txt"
	cat >"$TEST_TMP/recipe/bin/tlsmatrix" <<EOF
#!/bin/sh
exec $TM "\$@"
EOF
	chmod +x "$TEST_TMP/recipe/bin/tlsmatrix"
	sed -n '/<!-- tests\/e2e\/fleet.sh runs this: begin -->/,/<!-- tests\/e2e\/fleet.sh runs this: end -->/p' \
	    "$TOP_SRCDIR/docs/FLEETS.md" | sed '/^<!--/d; /^```/d' \
	    >"$TEST_TMP/recipe/recipe.sh"
	echo "# the recipe:"
	sed 's/^/#   /' "$TEST_TMP/recipe/recipe.sh"
	[ -s "$TEST_TMP/recipe/recipe.sh" ]
	ok $? "docs/FLEETS.md has the marked GNU parallel recipe"
	(cd "$TEST_TMP/recipe" && PATH=$TEST_TMP/recipe/bin:$PATH \
	    HOME=$TEST_TMP/recipe timeout 240 sh -e recipe.sh \
	    >recipe.out 2>recipe.err)
	is "$?" 0 "the recipe runs and exits 0"
	sed 's/^/#   /' "$TEST_TMP/recipe/recipe.err" | head -n 10
	cmp -s "$TEST_TMP/recipe/fleet.jsonl" "$TEST_TMP/small.out"
	ok $? "the recipe's fleet.jsonl is the unsharded run, byte for byte"
else
	ok 0 "the GNU parallel recipe # SKIP parallel not installed (apt-get install parallel)"
fi

done_testing
