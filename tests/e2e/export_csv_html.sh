#!/bin/sh
# export_csv_html.sh: --format csv and --format html (issue #20).
#
# The demo's snapshot in JSON is the reference: the CSV (read with
# Python's csv module) has CRLF line ends, the header row and exactly one
# row per JSON cell with the same address, profile, verdict, reason,
# protocol, suite, group and method; the HTML (read with html.parser)
# holds the findings before the matrix, the matrix with the JSON's
# profiles as columns, its addresses as rows and each cell's class its
# verdict, one <details> per cell, and nothing external (no script, no
# link, no src, only in-page hrefs). --export writes the same bytes.
# Then a TLS server on loopback whose certificate names carry markup
# (<i>, &, quotes) and escape bytes: the HTML shows the names as text
# (the parser sees no element of theirs, and the data holds them with
# ESC shown as \x1b), and no raw control byte reaches either file.
. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"

# py_checks SCRIPT ARGS...: each output line "STATUS NAME" becomes a TAP
# result; a script that dies is a failure, never a skip.
py_checks() {
	_script=$1; shift
	python3 -c "$_script" "$@" >"$TEST_TMP/py.out" 2>"$TEST_TMP/py.err"
	_st=$?
	while read -r _s _name; do
		ok "$_s" "$_name"
	done <"$TEST_TMP/py.out"
	ok "$_st" "python checks ran to the end"
	[ "$_st" -eq 0 ] || sed 's/^/#   /' "$TEST_TMP/py.err"
}

export SOURCE_DATE_EPOCH=1700000000
for f in json csv html; do
	timeout 120 "$TLSMATRIX" --demo --batch --no-timings --format "$f" \
	    >"$TEST_TMP/demo.$f" 2>"$TEST_TMP/demo.$f.err"
	is $? 1 "demo --format $f: exit 1 (python-3.12 fails on B)"
done
timeout 120 "$TLSMATRIX" --demo --batch --no-timings --format csv \
    --export "$TEST_TMP/exported.csv" >/dev/null 2>&1
[ -s "$TEST_TMP/exported.csv" ] &&
    cmp -s "$TEST_TMP/exported.csv" "$TEST_TMP/demo.csv"
ok $? "--export FILE --format csv writes the batch bytes"

py_checks '
import csv, io, json, sys
from html.parser import HTMLParser
doc = json.load(open(sys.argv[1]))
raw = open(sys.argv[2], "rb").read()
cells = doc["cells"]
def t(c, name): print(0 if c else 1, name)

# --- CSV ---
t(raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n"),
  "csv: every line ends with CRLF")
rows = list(csv.reader(io.StringIO(raw.decode("ascii"), newline="")))
head = ["address", "family", "profile", "verdict", "reason", "protocol",
        "suite", "group", "method", "time_ms"]
t(rows[0] == head, "csv: the header row")
t(len(rows) - 1 == len(cells) == 4, "csv: one row per cell (%d)" % (len(rows) - 1))
t(all(len(r) == len(head) for r in rows), "csv: every row has %d fields" % len(head))
want = [[c["address"], c["profile"], c["verdict"], c["reason"] or "",
         c["protocol"] or "", c["cipher"] or "", c["group"] or "",
         c["method"] or ""] for c in cells]
got = [[r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]] for r in rows[1:]]
t(sorted(got) == sorted(want), "csv: the rows say what the JSON cells say")
fam = {a["address"]: a["family"] for a in doc["addresses"]}
t(all(r[1] == fam[r[0]] for r in rows[1:]), "csv: family of each address")
t(all(r[9] == "" for r in rows[1:]), "csv: no times under --no-timings")
fails = [r for r in rows[1:] if r[3] == "fail"]
t(len(fails) == 1 and fails[0][2] == "python-3.12" and
  fails[0][4] == "no-shared-cipher", "csv: python-3.12 fails, no-shared-cipher")

# --- HTML ---
class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True)
        s.stack = []; s.h2 = []; s.matrix = None; s.row = None
        s.cell = None; s.details = 0; s.external = []; s.text = []
        s.in_matrix = False
    def handle_starttag(s, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "iframe", "object", "img") or "src" in a:
            s.external.append(tag)
        if "href" in a and not a["href"].startswith("#"):
            s.external.append(a["href"])
        if any(k.startswith("on") for k in a):
            s.external.append(tag)
        if tag == "table" and a.get("class") == "matrix":
            s.matrix = {"head": [], "rows": []}
            s.in_matrix = True
        if s.in_matrix and tag == "tr":
            s.row = []
        if s.in_matrix and tag in ("th", "td"):
            s.cell = [tag, a.get("class"), ""]
        if tag == "details":
            s.details += 1
        if tag == "h2":
            s.h2.append("")
        if tag not in ("br", "meta"):
            s.stack.append(tag)
    def handle_endtag(s, tag):
        if s.in_matrix and tag in ("th", "td") and s.cell:
            s.row.append(s.cell); s.cell = None
        if s.in_matrix and tag == "tr":
            if all(c[0] == "th" for c in s.row):
                s.matrix["head"] = [c[2] for c in s.row]
            else:
                s.matrix["rows"].append(s.row)
        if tag == "table":
            s.in_matrix = False
        if s.stack and s.stack[-1] == tag:
            s.stack.pop()
    def handle_data(s, d):
        s.text.append(d)
        if s.cell is not None and not (s.stack and s.stack[-1] == "small"):
            s.cell[2] += d
        if s.stack and s.stack[-1] == "h2":
            s.h2[-1] += d
p = P()
html = open(sys.argv[3], encoding="utf-8").read()
p.feed(html); p.close()
t(html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>"),
  "html: one whole document")
t(p.external == [], "html: no script, no external resource (%r)" % p.external)
t("Findings" in p.h2 and "Matrix" in p.h2 and
  p.h2.index("Findings") < p.h2.index("Matrix"), "html: the findings come first")
m = p.matrix
t(m is not None and m["head"][1:] == [x["id"] for x in doc["profiles"]],
  "html: the matrix columns are the profiles")
addrs = [a["address"] for a in doc["addresses"]]
t(m is not None and sorted(r[0][2] for r in m["rows"]) == sorted(addrs),
  "html: the matrix rows are the addresses")
cls = {}
for r in m["rows"]:
    for i, c in enumerate(r[1:]):
        cls[(r[0][2], m["head"][i + 1])] = (c[1], c[2])
ok = all(cls[(c["address"], c["profile"])][0] ==
         {"ok": "ok", "fail": "fail"}[c["verdict"]] for c in cells)
t(ok and len(cls) == len(cells), "html: each matrix cell coloured by its verdict")
b = cls[("127.0.0.3", "python-3.12")][1]
t("no-shared-cipher" in b, "html: the failing cell names its reason (%s)" % b)
t(p.details >= len(cells), "html: a <details> per cell (%d)" % p.details)
text = "".join(p.text)
t("hint, fix the server" in text, "html: the fix is in the page")
' "$TEST_TMP/demo.json" "$TEST_TMP/demo.csv" "$TEST_TMP/demo.html"

# --- a server whose certificate names carry markup and escapes ---
if ! python3 -c 'import cryptography' 2>/dev/null; then
	ok 0 "# SKIP python3-cryptography missing: no hostile certificate"
	done_testing
fi
python3 - "$TEST_TMP" >"$TEST_TMP/srv.log" 2>&1 <<'PY' &
import datetime, os, socket, ssl, sys, time
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
d = sys.argv[1]
evil = "<i>evil</i>&amp;\"q\x27\x1b[2J\x1b]52;c;aGk=\x07</pre><script>x</script>"
key = ec.generate_private_key(ec.SECP256R1())
now = datetime.datetime.now(datetime.timezone.utc)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, evil)])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256()))
open(d + "/c.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
open(d + "/k.pem", "wb").write(key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
    serialization.NoEncryption()))
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(d + "/c.pem", d + "/k.pem")
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16); s.settimeout(1)
open(d + "/port.tmp", "w").write(str(s.getsockname()[1]))
os.rename(d + "/port.tmp", d + "/port")
end = time.monotonic() + 60
while time.monotonic() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    c.settimeout(3)
    try:
        ctx.wrap_socket(c, server_side=True).close()
    except (OSError, ssl.SSLError):
        c.close()
PY
spid=$!
on_exit "kill $spid 2>/dev/null"
if ! wait_for 30 test -s "$TEST_TMP/port"; then
	sed 's/^/#   /' "$TEST_TMP/srv.log"
	ok 1 "the hostile certificate's server starts"
	done_testing
fi
port=$(cat "$TEST_TMP/port")
for f in html csv; do
	timeout 60 "$TLSMATRIX" --batch --no-scan --timeout 3000 -p python-3.9 \
	    --resolve "evil.test:$port:127.0.0.1" --format "$f" \
	    "evil.test:$port" >"$TEST_TMP/evil.$f" 2>"$TEST_TMP/evil.$f.err"
	is $? 1 "hostile certificate, $f: exit 1 (untrusted)"
	LC_ALL=C tr -d '\n\r' <"$TEST_TMP/evil.$f" |
	    LC_ALL=C grep -q '[[:cntrl:]]'
	[ $? -eq 1 ]
	ok $? "hostile certificate, $f: no raw control byte"
done
py_checks '
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True); s.tags = []; s.text = []
    def handle_starttag(s, tag, attrs): s.tags.append(tag)
    def handle_data(s, d): s.text.append(d)
html = open(sys.argv[1], encoding="utf-8").read()
p = P(); p.feed(html); p.close()
t = lambda c, n: print(0 if c else 1, n)
t("script" not in p.tags and "i" not in p.tags,
  "hostile html: the names make no element")
text = "".join(p.text)
want = "<i>evil</i>&amp;\"q\x27\\x1b[2J\\x1b]52;c;aGk=\\x07</pre><script>x</script>"
t(want in text, "hostile html: the names read as the server sent them, ESC escaped once")
t("cert-untrusted" in text, "hostile html: the cell says cert-untrusted")
' "$TEST_TMP/evil.html"

done_testing
