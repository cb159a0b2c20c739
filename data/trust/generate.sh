#!/bin/sh
# data/trust/generate.sh: the trust stores of the client profiles, as data
# (issue #14 item 2). Re-run on a Debian 12 machine to refresh them:
#
#   data/trust/generate.sh [OUTDIR]      (default: the directory of this script)
#
# Writes one PEM bundle per store, OUTDIR/<id>.pem, from the real sources:
#   debian    Debian's ca-certificates: every certificate under
#             /usr/share/ca-certificates/ that /etc/ca-certificates.conf
#             does not disable (what update-ca-certificates puts into
#             /etc/ssl/certs/ca-certificates.crt on a stock Debian), never
#             the machine's own additions (/usr/local/share/ca-certificates)
#   node-20   the roots compiled into the node 20 binary on PATH
#             (node -p "tls.rootCertificates.join('\n')")
#   java-17, java-25
#             each installed JDK's lib/security/cacerts through keytool
#             -list -rfc (on Debian a symlink to /etc/ssl/certs/java/cacerts,
#             which ca-certificates-java builds from the system store; the
#             machine's own additions are left out, as for debian)
#   certifi   certifi as Debian packages it (python3-certifi): Debian's
#             certifi.where() is the system bundle, so its content is the
#             debian store's; the header says so
#   nss       NSS's built-in roots (libnss3's libnssckbi.so, Mozilla's root
#             program, as firefox-esr uses it): the built-ins trusted for
#             TLS servers (trust flags "C" in certutil's SSL column)
# Format, shared with the loader (src/, issue #14 item 3): header lines
#   # store: ID
#   # source: where the certificates came from
#   # version: the source's version
#   # date: YYYY-MM-DD (the source's modification date, UTC)
#   # count: N
# then N certificates as PEM, sorted by the SHA-256 of their DER, nothing
# between them: a re-run on the same sources writes the same bytes.
# A store whose source is missing is not written; the script says which
# package would provide it and exits 1 at the end. As root it installs the
# Debian packages it needs first (apt-get). Needs python3.
set -eu
top=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$top}
pkgs="ca-certificates ca-certificates-java libnss3 libnss3-tools python3-certifi"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "generate.sh: installing$missing" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends $missing >/dev/null
	else
		echo "generate.sh: missing packages:$missing (apt-get install$missing)" >&2
	fi
fi
mkdir -p "$OUT"
exec python3 - "$OUT" <<'PY'
import base64, datetime, glob, hashlib, os, re, shutil, subprocess, sys, tempfile

OUT = sys.argv[1]
PEM_RE = re.compile(r"-----BEGIN CERTIFICATE-----\s*(.*?)\s*-----END CERTIFICATE-----", re.S)
failed = []


def ders(text):
    return [base64.b64decode("".join(m.split())) for m in PEM_RE.findall(text)]


def pkgver(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                              capture_output=True, text=True,
                              timeout=30).stdout.strip() or "unknown"
    except Exception:
        return "unknown"


def mdate(path):
    t = os.stat(path).st_mtime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d")


def write(store, source, version, date, certs):
    uniq = {hashlib.sha256(d).hexdigest(): d for d in certs}
    lines = ["# store: %s" % store, "# source: %s" % source,
             "# version: %s" % version, "# date: %s" % date,
             "# count: %d" % len(uniq)]
    for fp in sorted(uniq):
        b = base64.b64encode(uniq[fp]).decode()
        lines.append("-----BEGIN CERTIFICATE-----")
        lines += [b[i:i + 64] for i in range(0, len(b), 64)]
        lines.append("-----END CERTIFICATE-----")
    path = os.path.join(OUT, store + ".pem")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)
    print("%s: %d certificates (%s)" % (path, len(uniq), source))


def skip(store, why):
    failed.append(store)
    print("generate.sh: %s not written: %s" % (store, why), file=sys.stderr)


def local_additions():
    """The machine's own CAs (administrator-added), by DER."""
    out = set()
    for p in glob.glob("/usr/local/share/ca-certificates/**/*.crt", recursive=True):
        try:
            out.update(ders(open(p).read()))
        except OSError:
            pass
    return out


LOCAL = local_additions()

# --- debian -------------------------------------------------------------------
def debian():
    base = "/usr/share/ca-certificates"
    conf = "/etc/ca-certificates.conf"
    if not os.path.isdir(base):
        return skip("debian", "no %s (apt-get install ca-certificates)" % base), None
    disabled = set()
    if os.path.exists(conf):
        for ln in open(conf):
            if ln.startswith("!"):
                disabled.add(ln[1:].strip())
    certs = []
    for p in sorted(glob.glob(base + "/**/*.crt", recursive=True)):
        rel = os.path.relpath(p, base)
        if rel not in disabled:
            certs += ders(open(p).read())
    ver = pkgver("ca-certificates")
    write("debian", "Debian ca-certificates: %s/*/*.crt not disabled in %s" % (base, conf),
          ver, mdate(base + "/mozilla") if os.path.isdir(base + "/mozilla") else mdate(base),
          certs)
    return certs


DEB = debian() or []

# --- node-20 ------------------------------------------------------------------
node = shutil.which("node")
try:
    ver = subprocess.run([node, "--version"], capture_output=True, text=True,
                         timeout=30).stdout.strip() if node else ""
except Exception:
    ver = ""
if ver.startswith("v20."):
    js = "process.stdout.write(require('tls').rootCertificates.join('\\n'))"
    env = {k: v for k, v in os.environ.items() if k not in ("NODE_EXTRA_CA_CERTS", "NODE_OPTIONS")}
    pem = subprocess.run([node, "-e", js], capture_output=True, text=True,
                         timeout=60, env=env).stdout
    real = os.path.realpath(node)
    pkg = subprocess.run(["dpkg", "-S", real], capture_output=True, text=True,
                         timeout=30).stdout.split(":")[0].strip()
    write("node-20", "tls.rootCertificates of %s (%s), compiled into the binary" %
          (real, ("package %s %s" % (pkg, pkgver(pkg))) if pkg else "not from a package"),
          "node %s" % ver, mdate(real), ders(pem))
else:
    skip("node-20", "no node 20 on PATH (found %s)" % (ver or "none"))

# --- java-17, java-25 ---------------------------------------------------------
for major in ("17", "25"):
    jdks = sorted(d for d in glob.glob("/usr/lib/jvm/*%s*" % major)
                  if os.path.isfile(os.path.join(d, "lib/security/cacerts"))
                  and os.access(os.path.join(d, "bin/keytool"), os.X_OK)
                  and not os.path.islink(d))
    store = "java-" + major
    if not jdks:
        skip(store, "no JDK %s in /usr/lib/jvm (apt-get install openjdk-%s-jre-headless)" % (major, major))
        continue
    jdk = jdks[0]
    cacerts = os.path.join(jdk, "lib/security/cacerts")
    real = os.path.realpath(cacerts)
    r = subprocess.run([os.path.join(jdk, "bin/keytool"), "-list", "-rfc",
                        "-keystore", cacerts, "-storepass", "changeit"],
                       capture_output=True, text=True, timeout=120)
    certs = ders(r.stdout)
    kept = [d for d in certs if d not in LOCAL]
    rel = subprocess.run([os.path.join(jdk, "bin/java"), "-XshowSettings:properties", "-version"],
                         capture_output=True, text=True, timeout=60).stderr
    m = re.search(r"java\.runtime\.version = (\S+)", rel)
    fed = ""
    if real == "/etc/ssl/certs/java/cacerts":
        fed = ", built by ca-certificates-java %s from the system store" % pkgver("ca-certificates-java")
    note = "; %d of the machine's own additions left out" % (len(certs) - len(kept)) if len(kept) != len(certs) else ""
    write(store, "keytool -list -rfc of %s -> %s%s%s" % (cacerts, real, fed, note),
          "java %s" % (m.group(1) if m else "unknown"), mdate(real), kept)

# --- certifi ------------------------------------------------------------------
r = subprocess.run(["/usr/bin/python3", "-c", "import certifi; print(certifi.where())"],
                   capture_output=True, text=True, timeout=60)
where = r.stdout.strip()
if r.returncode == 0 and where:
    real = os.path.realpath(where)
    ver = pkgver("python3-certifi")
    if real in ("/etc/ssl/certs/ca-certificates.crt",) and DEB:
        write("certifi", "certifi.where() of Debian's python3-certifi = %s: the system "
              "store, so the debian store's certificates" % where,
              "python3-certifi %s (ca-certificates %s)" % (ver, pkgver("ca-certificates")),
              mdate(where), DEB)
    else:
        write("certifi", "certifi.where() = %s" % where, "python3-certifi %s" % ver,
              mdate(real), [d for d in ders(open(real).read()) if d not in LOCAL])
else:
    skip("certifi", "no certifi for /usr/bin/python3 (apt-get install python3-certifi)")

# --- nss ----------------------------------------------------------------------
lib = "/usr/lib/x86_64-linux-gnu/libnssckbi.so"
if os.path.exists(lib) and shutil.which("certutil") and shutil.which("modutil"):
    db = tempfile.mkdtemp(prefix="tlsmatrix-nss.")
    try:
        subprocess.run(["certutil", "-N", "-d", "sql:" + db, "--empty-password"],
                       check=True, capture_output=True, timeout=60)
        subprocess.run(["modutil", "-force", "-add", "builtins", "-libfile", lib,
                        "-dbdir", "sql:" + db], input="\n", capture_output=True,
                       text=True, timeout=60, check=True)
        listing = subprocess.run(["certutil", "-L", "-d", "sql:" + db, "-h",
                                  "Builtin Object Token"], capture_output=True,
                                 text=True, timeout=60).stdout
        certs = []
        for ln in listing.splitlines():
            # "NICKNAME<spaces>SSL,S/MIME,JAR": a long nickname leaves one space
            parts = ln.rstrip().rsplit(None, 1)
            if len(parts) != 2 or not parts[0].startswith("Builtin Object Token:") \
                    or not re.match(r"^\w*,\w*,\w*$", parts[1]):
                continue
            if "C" not in parts[1].split(",")[0]:
                continue  # not trusted to issue TLS server certificates
            pem = subprocess.run(["certutil", "-L", "-d", "sql:" + db, "-n", parts[0], "-a"],
                                 capture_output=True, text=True, timeout=60).stdout
            certs += ders(pem)
        write("nss", "NSS built-in roots of %s (libnss3), trusted for TLS servers" % lib,
              "libnss3 %s" % pkgver("libnss3"), mdate(os.path.realpath(lib)), certs)
    finally:
        shutil.rmtree(db, ignore_errors=True)
else:
    skip("nss", "no %s or certutil/modutil (apt-get install libnss3 libnss3-tools)" % lib)

sys.exit(1 if failed else 0)
PY
