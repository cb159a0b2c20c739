#!/bin/sh
# demo_batch.sh: `tlsmatrix --demo --batch` reproduces the incident of
# shared/seed end to end (in-process backends, workers, model, export):
# Python 3.12 fails on backend B and gets ECDHE-RSA-AES256-SHA384 on A,
# Python 3.9 succeeds on both.
. "$TOP_SRCDIR/tests/lib.sh"

cell() {	# cell JSON ADDR PROFILE FIELD
	python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for c in doc["cells"]:
    if c["address"] == sys.argv[2] and c["profile"] == sys.argv[3]:
        v = c.get(sys.argv[4])
        print("null" if v is None else v)
        break
else:
    print("missing")
PY
}

# Both ways of probing a cell must tell the same story: a real OpenSSL
# handshake, and the profile's own ClientHello. --probe-all: every cell
# is probed, none settled by the enumeration (that is checked below).
for method in openssl hello; do
	timeout 60 "$TLSMATRIX" --demo --batch --json --method $method \
	    --probe-all -p python-3.9,python-3.12 \
	    > "$TEST_TMP/demo-$method.json" 2> "$TEST_TMP/err"
	is "$?" 1 "exit status 1: at least one cell failed"
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TEST_TMP/demo-$method.json"
	ok $? "output is one JSON document"

	addrs=$(python3 -c 'import json,sys; print(" ".join(a["address"] for a in json.load(open(sys.argv[1]))["addresses"]))' "$TEST_TMP/demo-$method.json")
	is "$addrs" "127.0.0.2 127.0.0.3" "both demo backends are rows"

	A=127.0.0.2 B=127.0.0.3 F=$TEST_TMP/demo-$method.json
	is "$(cell $F $A python-3.12 verdict)" ok "$method: python-3.12 on A: ok"
	is "$(cell $F $A python-3.12 protocol)" TLSv1.2 "python-3.12 on A: TLSv1.2"
	is "$(cell $F $A python-3.12 cipher)" TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 \
	    "python-3.12 on A: the suite of the incident"
	is "$(cell $F $B python-3.12 verdict)" fail "python-3.12 on B: fail"
	is "$(cell $F $B python-3.12 probe_reason)" server-alert "python-3.12 on B: refused by the server"
	is "$(cell $F $B python-3.12 reason)" no-shared-cipher \
	    "python-3.12 on B: the enumeration explains it: no shared cipher"
	is "$(cell $F $B python-3.12 alert)" handshake_failure "python-3.12 on B: handshake_failure alert"
	is "$(cell $F $B python-3.12 protocol)" null "failed cell has no protocol"
	is "$(cell $F $A python-3.9 verdict)" ok "python-3.9 on A: ok"
	is "$(cell $F $B python-3.9 verdict)" ok "python-3.9 on B: ok"
	is "$(cell $F $B python-3.9 cipher)" TLS_RSA_WITH_AES_256_CBC_SHA \
	    "python-3.9 on B: RSA key exchange, as in the incident"
	is "$(cell $F $B python-3.9 reason)" null "ok cell has no reason"

	is "$(cell $F $B python-3.12 method)" $method "cells decided by $method"
done

# By default the enumeration settles the B cell of python-3.12 without a
# connection: B accepts two RSA key exchange suites, python-3.12 offers
# none of them (issue #10 item 3). Every cell must read as the probed
# run's did, apart from what only a probe can see (the alert).
F=$TEST_TMP/demo-default.json
timeout 60 "$TLSMATRIX" --demo --batch --json -p python-3.9,python-3.12 \
    --trace "$TEST_TMP/trace" > "$F" 2> "$TEST_TMP/err"
is "$?" 1 "default run: exit status 1"
is "$(cell $F $B python-3.12 method)" enumeration \
    "python-3.12 on B: decided by the enumeration"
is "$(cell $F $B python-3.12 reason)" no-shared-cipher \
    "python-3.12 on B (enumeration): no shared cipher"
is "$(cell $F $B python-3.12 probe_reason)" no-shared-cipher \
    "python-3.12 on B (enumeration): no probe saw anything else"
is "$(cell $F $B python-3.12 alert)" null \
    "python-3.12 on B (enumeration): no alert, no connection"
is "$(cell $F $B python-3.12 timings)" "{'connect_ms': 0, 'handshake_ms': 0}" \
    "python-3.12 on B (enumeration): no time spent"
side=$(python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cells"]:
    if c["address"] == "127.0.0.3" and c["profile"] == "python-3.12":
        print(c["explanation"]["side"])' "$F")
is "$side" server "python-3.12 on B (enumeration): the server's side refuses"
for a in $A $B; do
	for p in python-3.9 python-3.12; do
		[ "$a/$p" = "$B/python-3.12" ] && continue
		is "$(cell $F $a $p method)" hello "$p on $a: probed (hello)"
	done
done
same=$(python3 - "$F" "$TEST_TMP/demo-hello.json" <<'PY'
import json, sys
key = lambda c: (c["address"], c["profile"])
def cells(path):
    return {key(c): (c["verdict"], c["protocol"], c["cipher"], c["reason"])
            for c in json.load(open(path))["cells"]}
a, b = cells(sys.argv[1]), cells(sys.argv[2])
print("same" if a == b else "differ: %r vs %r" % (a, b))
PY
)
is "$same" same "default run: every cell as in the run that probed all"
is "$(python3 -c 'import json,sys
print([s["unclear_refusals"] for s in json.load(open(sys.argv[1]))["servers"]])' "$F")" \
    "[False, False]" "the demo's refusals are all alerts: the lists settle cells"

# --trace: the milestones of that run, in order, on one clock. Each
# address's first column is probed before its suites are known; the
# settled cell comes after B's suites and before B's scan ends.
trace=$(python3 - "$TEST_TMP/trace" <<'PY'
import sys
lines = [l.split() for l in open(sys.argv[1])]
ev = [(int(f[0]), int(f[1]), f[2], dict(x.split("=", 1) for x in f[3:]
       if "=" in x)) for f in lines]
problems = []
if [e[2] for e in ev][:1] != ["start"] or ev[-1][2] != "end":
    problems.append("not start...end")
if any(b[0] < a[0] or b[1] < a[1] for a, b in zip(ev, ev[1:])):
    problems.append("time goes back")
rows = {e[3]["row"]: e[3]["addr"] for e in ev if e[2] == "address"}
if sorted(rows.values()) != ["127.0.0.2", "127.0.0.3"]:
    problems.append("addresses %r" % rows)
def when(kind, **kv):
    for i, e in enumerate(ev):
        if e[2] == kind and all(e[3].get(k) == v for k, v in kv.items()):
            return i
    return None
b = [r for r, a in rows.items() if a == "127.0.0.3"][0]
settled = when("cell", row=b, profile="python-3.12", method="enumeration",
               outcome="no-shared-cipher")
suites, scan = when("suites", row=b, settles="yes"), when("scan", row=b)
if None in (settled, suites, scan) or not suites < settled < scan:
    problems.append("B: suites %s, settled %s, scan %s" %
                    (suites, settled, scan))
for r in rows:
    first = when("cell", row=r, profile="python-3.9", method="hello")
    known = when("suites", row=r)
    if first is None or known is None:
        problems.append("row %s: no first cell or no suites" % r)
if len([e for e in ev if e[2] == "cell"]) != 4:
    problems.append("%d cell events" % len([e for e in ev if e[2] == "cell"]))
if when("batch", ) is None:
    problems.append("no batch event")
print("; ".join(problems) or "ok")
PY
)
is "$trace" ok "--trace: start, addresses, cells, suites, scans, end, in order"

# The enumeration finds exactly what each demo backend is configured with.
servers() {	# servers JSON ADDR: "VERSION:SUITE,SUITE pref=BOOL" per protocol
	python3 - "$@" <<'PY'
import json, sys
for s in json.load(open(sys.argv[1]))["servers"]:
    if s["address"] == sys.argv[2]:
        print(" ".join("%s:%s pref=%s" % (p["version"], ",".join(p["ciphers"]),
              p["server_preference"]) for p in s["protocols"]))
PY
}
F=$TEST_TMP/demo-openssl.json
is "$(servers $F 127.0.0.2)" \
    "TLSv1.2:TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,TLS_RSA_WITH_AES_256_CBC_SHA,TLS_RSA_WITH_AES_128_CBC_SHA pref=True" \
    "backend A: TLS 1.2 only, its 4 suites in its own order"
is "$(servers $F 127.0.0.3)" \
    "TLSv1.2:TLS_RSA_WITH_AES_256_CBC_SHA,TLS_RSA_WITH_AES_128_CBC_SHA pref=True" \
    "backend B: TLS 1.2 only, RSA key exchange only"

# Issue #6 on the demo: the B cell of python-3.12 explains the empty
# overlap, cites the Python change and offers both fixes; the column is
# flagged as failing on half the addresses.
explain() {	# explain JSON EXPR: EXPR over the python-3.12 x B cell (c) and doc (d)
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["cells"] if c["address"] == "127.0.0.3" and c["profile"] == "python-3.12"][0]
print(eval(sys.argv[2]))
PY
}
F=$TEST_TMP/demo-hello.json
is "$(explain $F 'c["explanation"]["side"]')" server "the server refused"
is "$(explain $F '"client: 14 suites, all ECDHE/DHE" in c["explanation"]["detail"] and "server: 2 suites, RSA key exchange only" in c["explanation"]["detail"] and "overlap: none" in c["explanation"]["detail"]')" True \
    "the explanation shows both sides and the empty overlap"
is "$(explain $F '"bpo-43998" in c["explanation"]["detail"]')" True "it cites the Python change"
is "$(explain $F 'c["fixes"]["server"].startswith("enable ECDHE-RSA-AES256-GCM-SHA384")')" True \
    "server fix: enable a suite python-3.12 offers"
is "$(explain $F '"set_ciphers(" in c["fixes"]["client"] and ":AES256-SHA:" in c["fixes"]["client"]')" True \
    "client fix: Python set_ciphers with B's suite"
is "$(explain $F '"forward secrecy" in c["fixes"]["client_warning"]')" True \
    "the client fix says what it weakens"
is "$(explain $F '[(k["profile"], k["depends_on_address"], k["fail_share"]) for k in d["consistency"]["columns"]]')" \
    "[('python-3.9', False, 0.0), ('python-3.12', True, 0.5)]" \
    "python-3.12 is flagged: it fails on half the addresses"
is "$(explain $F '[(a["address"], a["differs"]) for a in d["consistency"]["addresses"]]')" \
    "[('127.0.0.2', False), ('127.0.0.3', True)]" "backend B differs from its sibling"

# The text snapshot names both addresses and the failure.
timeout 60 "$TLSMATRIX" --demo --batch > "$TEST_TMP/demo.txt" 2>&1
is "$?" 1 "text batch: exit status 1"
grep -q '127\.0\.0\.3' "$TEST_TMP/demo.txt" && grep -q '127\.0\.0\.2' "$TEST_TMP/demo.txt"
ok $? "text snapshot lists both addresses"
grep -q 'handshake_failure' "$TEST_TMP/demo.txt"
ok $? "text snapshot names the alert"
LC_ALL=C grep -q '[^[:print:][:space:]]' "$TEST_TMP/demo.txt"
ok $((! $?)) "text snapshot is plain printable ASCII"

# --export writes the same snapshot atomically.
timeout 60 "$TLSMATRIX" --demo --batch --json -o "$TEST_TMP/x.json" > /dev/null 2>&1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["cells"]) >= 4' "$TEST_TMP/x.json"
ok $? "--export writes a JSON snapshot with every cell"
done_testing
