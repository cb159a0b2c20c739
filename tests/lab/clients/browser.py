#!/usr/bin/env python3
# tests/lab/clients/browser.py: one page load with a real headless browser.
#
# Ground truth for the chrome-* and firefox-* profiles' certificate
# decisions (tests/e2e/trust_lab.sh, issue #14). Usage:
#   browser.py [--exclude ADDR] [--access-log FILE] chromium|firefox
#              CAFILE NAME ADDR PORT
# Loads https://NAME:PORT/ with NAME reaching ADDR and nothing else
# resolvable, in a throwaway HOME whose NSS database (certutil, from
# libnss3-tools) holds every certificate of CAFILE as a trusted CA
# ("C,,"); CAFILE "-" adds none (the browser's own roots only).
#   chromium  --headless=new --no-sandbox --no-proxy-server --dump-dom, the
#             name mapped by --host-resolver-rules ("MAP * ~NOTFOUND" for
#             every other name; --exclude ADDR keeps an address, e.g. the
#             AIA server's, out of the rules); the database is
#             $HOME/.pki/nssdb. Success: the page's body came back. The
#             failure is the net::ERR_* code it logs.
#   firefox   firefox-esr --headless --screenshot with a fresh profile
#             (its cert9.db is the database; network.dns.forceResolve sends
#             every name to ADDR; updates, telemetry, captive-portal and
#             remote-settings traffic off). Success: the screenshot is
#             written and the browser exits, or, with --access-log (the
#             server's access log), the page's path, unique to this run,
#             appears in it: then the browser is stopped at once. On a
#             certificate error page Firefox never returns: killed after
#             the bound, a failure whose reason is unknown (class "any":
#             only the verdict compares).
# Prints one JSON line {"ok", "version", "cipher", "error", "class"} like
# the other drivers; version and cipher are not reported (null).

import binascii
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BOUND = 45  # seconds for one page load (a loaded machine starts slowly)

# net::ERR_* -> tlsmatrix reasons it allows.
CHROME_CLASSES = [
    (r"ERR_CERT_COMMON_NAME_INVALID", "cert-hostname"),
    (r"ERR_CERT_AUTHORITY_INVALID", "cert-untrusted"),
    (r"ERR_CERT_DATE_INVALID", "cert-expired|cert-not-yet-valid"),
    (r"ERR_CERT_WEAK_SIGNATURE_ALGORITHM|ERR_CERT_WEAK_KEY",
     "cert-weak-signature|key-too-small"),
    # Chromium says CERT_INVALID for a wrong extended key usage and for
    # other malformed-certificate refusals.
    (r"ERR_CERT_INVALID", "cert-eku|cert-strict|cert-invalid"),
    (r"ERR_SSL_VERSION_OR_CIPHER_MISMATCH",
     "no-shared-protocol|no-shared-cipher|no-shared-group|no-shared-sigalg"),
    (r"ERR_CONNECTION_REFUSED", "refused"),
    (r"ERR_CONNECTION_RESET", "reset"),
    (r"ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE", "closed"),
    (r"ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT", "timeout"),
    (r"ERR_SSL_PROTOCOL_ERROR", "server-alert|message-too-large"),
]


def result(ok, error=None, cls=None):
    return {"ok": ok, "version": None, "cipher": None, "error": error,
            "class": cls}


def nssdb(db, ca):
    os.makedirs(db, exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", "sql:" + db, "--empty-password"],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=30)
    if ca == "-":
        return
    pem = open(ca).read()
    certs = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----",
                       pem, re.S)
    for i, c in enumerate(certs):
        path = os.path.join(db, "ca-%d.pem" % i)
        with open(path, "w") as f:
            f.write(c + "\n")
        subprocess.run(["certutil", "-A", "-d", "sql:" + db, "-n",
                        "lab-ca-%d" % i, "-t", "C,,", "-i", path],
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)


def seen(log, token):
    try:
        with open(log, "rb") as f:
            return token.encode() in f.read()
    except OSError:
        return False


def run(argv, env, log=None, token=None):
    """Run argv in its own process group, bounded; (rc, stdout, stderr).
    With LOG, stop early (rc "seen") once TOKEN appears in it."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env, start_new_session=True)
    rc = None
    deadline = time.time() + BOUND
    while time.time() < deadline:
        try:
            p.wait(timeout=0.2)
            rc = p.returncode
            break
        except subprocess.TimeoutExpired:
            if log and seen(log, token):
                rc = "seen"
                break
    if rc is None or rc == "seen":
        os.killpg(p.pid, signal.SIGKILL)
    err = p.communicate()[1]
    if rc is None and log and seen(log, token):
        rc = "seen"
    return rc, "", err.decode("utf-8", "replace")


def run_dump(argv, env):
    """Run chromium --dump-dom, bounded; (rc, stdout, stderr)."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, start_new_session=True)
    try:
        out, err = p.communicate(timeout=BOUND)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        rc = None
    return rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def chromium(home, env, ca, name, addr, port, exclude, log):
    nssdb(os.path.join(home, ".pki", "nssdb"), ca)
    rules = "MAP %s %s, MAP * ~NOTFOUND" % (name, addr)
    for x in exclude:
        rules += ", EXCLUDE %s" % x
    rc, out, err = run_dump(["chromium", "--headless=new", "--no-sandbox",
                        "--disable-gpu", "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update", "--no-proxy-server",
                        "--user-data-dir=" + os.path.join(home, "data"),
                        "--host-resolver-rules=" + rules, "--dump-dom",
                        "https://%s:%s/" % (name, port)], env)
    if rc == 0 and re.search(r"<pre[^>]*>ok", out):
        return result(True)
    m = re.findall(r"net::(ERR_[A-Z_]+)", err)
    if rc is None:
        return result(False, "killed after %d s" % BOUND, "timeout")
    if not m:
        return result(False, "exit %s, no net error logged" % rc, "any")
    code = m[-1]
    for pat, cls in CHROME_CLASSES:
        if re.search(pat, code):
            return result(False, code, cls)
    return result(False, code, "any")


def firefox(home, env, ca, name, addr, port, exclude, log):
    prof = os.path.join(home, "profile")
    nssdb(prof, ca)
    prefs = {
        "network.dns.forceResolve": addr,
        "network.proxy.type": 0,
        "app.update.enabled": False,
        "app.update.auto": False,
        "browser.shell.checkDefaultBrowser": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "toolkit.telemetry.enabled": False,
        "network.captive-portal-service.enabled": False,
        "network.connectivity-service.enabled": False,
        "browser.safebrowsing.update.enabled": False,
        "services.settings.server": "http://127.0.0.1:9/",
        "security.OCSP.enabled": 0,
    }
    with open(os.path.join(prof, "user.js"), "w") as f:
        for k, v in prefs.items():
            f.write("user_pref(%s, %s);\n" % (json.dumps(k), json.dumps(v)))
    shot = os.path.join(home, "shot.png")
    token = "tlsmatrix-" + binascii.hexlify(os.urandom(8)).decode()
    rc, out, err = run(["firefox-esr", "--headless", "--no-remote",
                        "--profile", prof, "--screenshot", shot,
                        "https://%s:%s/%s" % (name, port, token)], env,
                       log, token)
    if rc == "seen" or (rc == 0 and os.path.exists(shot)):
        return result(True)
    if rc is None:
        return result(False, "no page within %d s (certificate error page)"
                      % BOUND, "any")
    return result(False, "exit %s: %s" % (rc, err.strip()[-200:]), "any")


def main(argv):
    args = argv[1:]
    exclude = []
    log = None
    while len(args) > 1 and args[0] in ("--exclude", "--access-log"):
        if args[0] == "--exclude":
            exclude.append(args[1])
        else:
            log = args[1]
        args = args[2:]
    if len(args) != 5 or args[0] not in ("chromium", "firefox"):
        sys.stderr.write("usage: browser.py [--exclude ADDR] [--access-log "
                         "FILE] chromium|firefox CAFILE NAME ADDR PORT\n")
        return 2
    which, ca, name, addr, port = args
    home = tempfile.mkdtemp(prefix="tlsmatrix-browser.")
    env = {"HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "LC_ALL": "C", "TMPDIR": home}
    try:
        fn = chromium if which == "chromium" else firefox
        out = fn(home, env, ca, name, addr, port, exclude, log)
    except Exception as e:  # a broken setup is a driver failure
        out = {"ok": None, "version": None, "cipher": None,
               "error": "driver failed: %s" % e, "class": "driver"}
    finally:
        shutil.rmtree(home, ignore_errors=True)
    sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
