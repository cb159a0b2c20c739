#!/bin/sh
# snapshots.sh: issue #8 end to end. --batch and --export write the same
# bytes; the JSON of real runs (the demo, a refused port, a server that
# answers garbage) validates against docs/schema/tlsmatrix.schema.json;
# --format md and jsonl; --diff of the demo before and after fixing
# backend B shows exactly the flipped cell and the added suites;
# --targets prints one document per target with the worst exit status.
. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"
export SOURCE_DATE_EPOCH=1800000000
P=python-3.9,python-3.12
SCHEMA=$TOP_SRCDIR/docs/schema/tlsmatrix.schema.json

# --- --batch stdout and --export FILE agree byte for byte ----------------
for f in text json md; do
	timeout 60 "$TLSMATRIX" --demo --batch --no-timings -p $P --format $f \
	    --export "$TEST_TMP/export.$f" > "$TEST_TMP/stdout.$f" 2>"$TEST_TMP/err"
	is "$?" 1 "$f: exit status 1 (python-3.12 fails on B)"
	check "$f: --batch and --export write the same bytes" -- \
	    cmp "$TEST_TMP/stdout.$f" "$TEST_TMP/export.$f"
done
grep -q '^generated:  2027-01-15T08:00:00Z$' "$TEST_TMP/stdout.text"
ok $? "SOURCE_DATE_EPOCH pins the time"

# --- Markdown --------------------------------------------------------------
M=$TEST_TMP/stdout.md
grep -q '^# tlsmatrix .* snapshot$' "$M"; ok $? "md: title"
grep -q '^| address | python-3.9 | python-3.12 |$' "$M"; ok $? "md: matrix header"
grep -q '^| 127.0.0.3 | ok TLS1.2 | FAIL no-shared-cipher |$' "$M"
ok $? "md: the failing cell in the matrix"
grep -q '^### 127.0.0.3 as python-3.12$' "$M"; ok $? "md: the failure's section"
grep -q '^| fix the server | enable ' "$M"; ok $? "md: the server fix"
grep -q '^## Profiles (2)$' "$M"; ok $? "md: profiles"
# every table row has as many cells as its header
python3 - "$M" <<'PY'
import re, sys
cols = None; bad = 0
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if not line.startswith("|"):
        cols = None; continue
    n = len(re.findall(r"(?<!\\)\|", line)) - 1
    if cols is None: cols = n
    elif n != cols: bad += 1; print("#", line[:120])
sys.exit(1 if bad else 0)
PY
ok $? "md: every row has its table's width"

# --- the JSON schema ---------------------------------------------------------
timeout 60 "$TLSMATRIX" --demo --batch --json -p $P > "$TEST_TMP/demo-t.json" 2>/dev/null
timeout 60 "$TLSMATRIX" --demo --batch --json --no-scan --method openssl \
    > "$TEST_TMP/demo-noscan.json" 2>/dev/null
# a refused port
CLOSED=$(free_port)
timeout 60 "$TLSMATRIX" --batch --json -p $P --timeout 2000 \
    --resolve "closed.test:$CLOSED:127.0.0.1" "closed.test:$CLOSED" \
    > "$TEST_TMP/refused.json" 2>/dev/null
is "$?" 1 "a refused port: exit status 1"
# a server that answers every connection with escape sequences and bytes
# that are not UTF-8, then closes
cat > "$TEST_TMP/junk.py" <<'PY'
import os, socket, sys, threading
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(120)
def serve(c):
    try:
        c.settimeout(5); c.recv(4096)
        c.sendall(b"\x1b[2J\x1b]0;pwned\x07HTTP/1.0 400 \xff\xfe|`*\r\n\r\n")
    except OSError:
        pass
    c.close()
while True:
    try: c, _ = s.accept()
    except OSError: break
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
python3 "$TEST_TMP/junk.py" "$TEST_TMP/junk.port" &
jpid=$!
on_exit "kill $jpid 2>/dev/null"
wait_for 10 test -f "$TEST_TMP/junk.port"
JP=$(cat "$TEST_TMP/junk.port")
timeout 60 "$TLSMATRIX" --batch --json -p $P --timeout 2000 \
    --resolve "junk.test:$JP:127.0.0.1" "junk.test:$JP" > "$TEST_TMP/junk.json" 2>/dev/null
is "$?" 1 "a server that answers garbage: exit status 1"
timeout 60 "$TLSMATRIX" --batch --format md -p $P --timeout 2000 \
    --resolve "junk.test:$JP:127.0.0.1" "junk.test:$JP" > "$TEST_TMP/junk.md" 2>/dev/null
if LC_ALL=C grep -q "$(printf '\033')" "$TEST_TMP/junk.md"; then r=1; else r=0; fi
ok $r "md: no raw escape character from the server"

if python3 -c 'import jsonschema' 2>/dev/null; then
	python3 - "$SCHEMA" "$TEST_TMP/stdout.json" "$TEST_TMP/demo-t.json" \
	    "$TEST_TMP/demo-noscan.json" "$TEST_TMP/refused.json" \
	    "$TEST_TMP/junk.json" > "$TEST_TMP/schema.out" 2>&1 <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    errs = list(v.iter_errors(json.load(open(path))))
    bad += len(errs)
    print("%s: %s" % (path.split("/")[-1], "INVALID" if errs else "valid"))
    for e in errs[:5]:
        print("  %s at %s" % (e.message[:200], e.json_path))
sys.exit(1 if bad else 0)
PY
	r=$?
	sed 's/^/# /' "$TEST_TMP/schema.out"
	ok $r "the JSON of the demo, a refused port and a garbage server validates against the schema"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP python3-jsonschema not installed (apt-get install python3-jsonschema)"
fi
# every key the schema names is in docs/JSON.md
python3 - "$SCHEMA" "$TOP_SRCDIR/docs/JSON.md" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); doc = open(sys.argv[2]).read()
keys = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.get("properties", {}).items():
            keys.add(k)
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(s)
missing = sorted(k for k in keys if "`%s`" % k not in doc and '"%s"' % k not in doc)
for k in missing: print("# not in docs/JSON.md:", k)
sys.exit(1 if missing else 0)
PY
ok $? "docs/JSON.md names every key of the schema"

# --- JSON lines ----------------------------------------------------------------
timeout 60 "$TLSMATRIX" --demo --batch --no-timings -p $P --format jsonl \
    > "$TEST_TMP/run.jsonl" 2>/dev/null
is "$?" 1 "jsonl: exit status 1"
python3 - "$TEST_TMP/run.jsonl" "$SCHEMA" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
cells = [o for o in objs if o["type"] == "cell"]
assert len(cells) == 4, len(cells)
assert objs[-1]["type"] == "summary" and objs[-1]["cells"] == 4 and objs[-1]["failed"] == 1
assert sorted((c["address"], c["profile"]) for c in cells) == sorted(
    (a, p) for a in ("127.0.0.2", "127.0.0.3") for p in ("python-3.9", "python-3.12"))
bad = [c for c in cells if c["address"] == "127.0.0.3" and c["profile"] == "python-3.12"][0]
assert bad["verdict"] == "fail" and bad["reason"] in ("no-shared-cipher", "server-alert"), bad
try:
    import jsonschema
    s = json.load(open(sys.argv[2]))
    cell = dict(s["$defs"]["cell"]); cell["$defs"] = s["$defs"]
    for c in cells:
        c = dict(c); del c["type"], c["schema_version"], c["target"]
        jsonschema.validate(c, cell, cls=jsonschema.Draft202012Validator)
except ImportError:
    pass
PY
ok $? "jsonl: one line per cell, then the summary; cells validate"

# --- --diff: the demo before and after fixing backend B ----------------------
timeout 60 "$TLSMATRIX" --demo --batch --json --no-timings -p $P > "$TEST_TMP/old.json" 2>/dev/null
TLSMATRIX_DEMO_FIXED=1 timeout 60 "$TLSMATRIX" --demo --batch --json --no-timings -p $P \
    > "$TEST_TMP/new.json" 2>/dev/null
is "$?" 0 "the fixed demo: every cell ok"
"$TLSMATRIX" --diff "$TEST_TMP/old.json" "$TEST_TMP/new.json" > "$TEST_TMP/diff" 2>&1
is "$?" 0 "--diff before -> after: exit 0, nothing got worse"
is "$(grep '^cell' "$TEST_TMP/diff")" \
    "cell fixed       127.0.0.3 python-3.12: fail no-shared-cipher -> ok" \
    "--diff: exactly the flipped cell"
is "$(grep '^suite' "$TEST_TMP/diff" | sort)" \
"suite added      127.0.0.3 TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
suite added      127.0.0.3 TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" \
    "--diff: exactly the suites added on B"
if grep -q '^\(address\|protocol\|cell\|suite\).*127.0.0.2' "$TEST_TMP/diff"; then r=1; else r=0; fi
ok $r "--diff: nothing about A (ports differ between runs, addresses do not)"
"$TLSMATRIX" --diff "$TEST_TMP/new.json" "$TEST_TMP/old.json" > "$TEST_TMP/rdiff" 2>&1
is "$?" 1 "--diff after -> before: exit 1, something got worse"
grep -q '^cell broken  *127.0.0.3 python-3.12: ok -> fail' "$TEST_TMP/rdiff"
ok $? "--diff: the broken cell"
grep -q '^suite removed .*TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 (used by python-3.12)$' "$TEST_TMP/rdiff"
ok $? "--diff: a removed suite names the profile that used it"
"$TLSMATRIX" --diff "$TEST_TMP/old.json" "$TEST_TMP/old.json" > "$TEST_TMP/same" 2>&1
is "$?:$(cat "$TEST_TMP/same")" "0:0 changes; nothing got worse" "--diff of a file with itself"
printf '{"schema_version": 2}' > "$TEST_TMP/v2.json"
"$TLSMATRIX" --diff "$TEST_TMP/old.json" "$TEST_TMP/v2.json" >/dev/null 2>"$TEST_TMP/err"
is "$?" 3 "--diff: another schema_version is exit 3"
grep -q 'schema_version 1' "$TEST_TMP/err"; ok $? "--diff: ... and says why"
printf '{"a": [1, 2' > "$TEST_TMP/cut.json"
"$TLSMATRIX" --diff "$TEST_TMP/cut.json" "$TEST_TMP/old.json" >/dev/null 2>&1
is "$?" 3 "--diff: truncated JSON is exit 3"
"$TLSMATRIX" --diff "$TEST_TMP/missing.json" "$TEST_TMP/old.json" >/dev/null 2>&1
is "$?" 3 "--diff: a missing file is exit 3"
"$TLSMATRIX" --diff "$TEST_TMP/old.json" >/dev/null 2>&1
is "$?" 2 "--diff with one file: usage error"
# hostile values in the right places: wrong types are skipped, not trusted
python3 - "$TEST_TMP/old.json" "$TEST_TMP/odd.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["cells"][0]["address"] = 7
d["cells"].append({"address": "127.0.0.9\u001b[2J", "profile": None, "verdict": "fail"})
d["servers"][0]["protocols"] = "nope"
d["addresses"].append({"address": "127.0.0.9\u001b[2J"})
json.dump(d, open(sys.argv[2], "w"))
PY
"$TLSMATRIX" --diff "$TEST_TMP/old.json" "$TEST_TMP/odd.json" > "$TEST_TMP/odd" 2>&1
r=$?
[ $r -le 1 ]; ok $? "--diff: odd values are no crash (exit $r)"
if LC_ALL=C grep -q "$(printf '\033')" "$TEST_TMP/odd"; then r=1; else r=0; fi
ok $r "--diff: no raw escape character from a snapshot"

# --- --targets ---------------------------------------------------------------
JP2=$(free_port)
cat > "$TEST_TMP/targets" <<EOT
# a comment, then a blank line

127.0.0.1:$CLOSED   # refused
127.0.0.1:$JP
EOT
timeout 120 "$TLSMATRIX" --targets "$TEST_TMP/targets" -p $P --timeout 2000 --no-timings \
    > "$TEST_TMP/targets.out" 2>"$TEST_TMP/err"
is "$?" 1 "--targets: the worst exit status (cells failed)"
python3 - "$TEST_TMP/targets.out" "$CLOSED" "$JP" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
docs = [json.loads(l) for l in lines]
assert len(docs) == 2, len(docs)
assert [d["target"]["port"] for d in docs] == [int(sys.argv[2]), int(sys.argv[3])]
assert all(d["schema_version"] == 1 and d["summary"]["cells"] == 2 for d in docs)
PY
ok $? "--targets: one JSON document per line, per target, in file order"
printf '127.0.0.1:%s\nnot a target:x:y\n' "$CLOSED" > "$TEST_TMP/bad-targets"
timeout 60 "$TLSMATRIX" --targets "$TEST_TMP/bad-targets" -p $P --timeout 2000 \
    > "$TEST_TMP/targets.out" 2>"$TEST_TMP/err"
is "$?" 2 "--targets: a bad line is a usage error, the others still run"
is "$(wc -l < "$TEST_TMP/targets.out" | tr -d ' ')" 1 "--targets: the good line's document"
grep -q 'line 2' "$TEST_TMP/err"; ok $? "--targets: the bad line is named"
"$TLSMATRIX" --targets "$TEST_TMP/targets" example.com >/dev/null 2>&1
is "$?" 2 "--targets with a HOST: usage error"

# --- --targets: one pool, targets at the same time -------------------------
# Three servers that accept and never answer: one after another they would
# take at least 3 x --timeout; sharing one pool they overlap.
python3 - "$TEST_TMP/silent.ports" <<'PY' &
import socket, sys, time
socks, ports = [], []
for _ in range(3):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)            # accepted by the kernel, never answered
    socks.append(s)
    ports.append(str(s.getsockname()[1]))
open(sys.argv[1] + ".tmp", "w").write("\n".join(ports) + "\n")
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(60)
PY
silent=$!
on_exit "kill $silent 2>/dev/null"
wait_for 10 test -s "$TEST_TMP/silent.ports"
sed 's/^/127.0.0.1:/' "$TEST_TMP/silent.ports" > "$TEST_TMP/silent.targets"
t0=$(date +%s)
timeout 60 "$TLSMATRIX" --targets "$TEST_TMP/silent.targets" -p $P \
    --no-scan --timeout 3000 --no-timings > "$TEST_TMP/silent.out" 2>/dev/null
st=$?
t1=$(date +%s)
is "$st" 1 "--targets with silent servers: cells fail (timeout)"
is "$(wc -l < "$TEST_TMP/silent.out" | tr -d ' ')" 3 "one line per silent target"
ok $(( t1 - t0 < 8 ? 0 : 1 )) "the three targets overlap: $((t1 - t0)) s, not 3 x 3 s"
kill $silent 2>/dev/null

done_testing
