#!/usr/bin/env python3
# tests/lab/clients/cli.py: one handshake with a command-line client.
#
# Ground truth for the curl-7.88, wget-1.21, gnutls-3.7 and openssl-3.0
# profiles (tests/e2e/fidelity.sh). Each client runs with its defaults plus
# the lab CA and the name, against ADDR:PORT, never asking DNS:
#   curl     --resolve NAME:PORT:ADDR, classified by exit code (35 handshake,
#            60 certificate; curl finishes the handshake before it rejects
#            a wrong name) and the text of its message;
#   wget     in a private mount namespace (unshare -m) whose /etc/hosts
#            maps NAME to ADDR and whose /etc/resolv.conf names only
#            127.0.0.1, so it cannot reach the machine's resolver; wget
#            prints no version or cipher, so only the verdict and class;
#   gnutls   gnutls-cli --sni-hostname/--verify-hostname NAME; its suite
#            names are mapped to IANA by code (gnutls-cli -l);
#   openssl  openssl s_client with its defaults, as the openssl-3.0
#            profile models them (issue #4: "the openssl s_client
#            defaults"): it reports a failed verification but completes
#            the handshake, and checks no host name.
# Prints one JSON line {"ok", "version", "cipher", "error", "class"};
# "class" is the failure as tlsmatrix reasons, "a|b" when the message
# allows several. Usage: cli.py CLIENT CAFILE NAME ADDR PORT. CAFILE "-"
# means the client's default trust (no CA option: curl's and s_client's
# compiled-in paths, wget's and gnutls-cli's system trust), as
# tests/e2e/trust_lab.sh uses it inside a namespace with a changed store.

import json
import os
import re
import subprocess
import sys
import tempfile

TIMEOUT = 15

# OpenSSL error text (curl, s_client), lower case -> reasons.
OSSL_CLASSES = [
    (r"alert handshake failure",
     "server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg"),
    (r"alert protocol version|unsupported protocol|no protocols available"
     r"|wrong ssl version", "no-shared-protocol"),
    (r"no ciphers available|no cipher match", "no-shared-cipher"),
    (r"legacy sigalg|wrong signature type", "legacy-signature"),
    (r"dh key too small", "dh-too-small"),
    (r"unsuitable certificate purpose", "cert-eku"),
    (r"excessive message size", "message-too-large"),
    (r"ee key too small|ca key too small|key too weak", "key-too-small"),
    (r"has expired", "cert-expired"),
    (r"not yet valid", "cert-not-yet-valid"),
    (r"hostname mismatch|no alternative certificate subject name"
     r"|does not match", "cert-hostname"),
    (r"digest algorithm too weak|md too weak", "cert-weak-signature"),
    (r"unable to get local issuer|self.signed|unable to get issuer"
     r"|unable to verify the first", "cert-untrusted"),
    (r"key usage|basic constraints|invalid ca", "cert-strict"),
    # A ServerHello or HelloRetryRequest with what the client never
    # offered: OpenSSL aborts there (illegal_parameter; an unsolicited
    # known extension: unsupported_extension). Measured with
    # tests/lab/hostile_server.py's suiteclose, hrrgroup, unsolext.
    (r"wrong cipher returned|unknown cipher returned|bad key share"
     r"|illegal parameter", "illegal-parameter"),
    (r"unsolicited extension|bad extension", "protocol-error"),
    (r"unrecognized name", "sni-rejected|sni-required"),
    (r"timed out|timeout", "timeout"),
    (r"refused", "refused"),
    (r"reset by peer", "reset"),
    (r"unexpected eof|connection closed", "closed"),
    (r"alert", "server-alert"),
]

# GnuTLS text (wget, gnutls-cli) -> reasons.
GNUTLS_CLASSES = [
    (r"handshake failed|fatal alert has been received"
     r"|handshake_failure|handshake failure",
     "server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg"),
    (r"protocol version|unsupported version|version is not supported"
     r"|protocol_version",
     "no-shared-protocol"),
    (r"no supported cipher|could not negotiate a supported cipher",
     "no-shared-cipher"),
    (r"diffie-hellman prime|dh prime|not long enough", "dh-too-small"),
    (r"intended purpose|key purpose", "cert-eku"),
    (r"has expired|expired", "cert-expired"),
    (r"not yet activated|not yet valid", "cert-not-yet-valid"),
    (r"does not match|hostname|subject alternative name", "cert-hostname"),
    (r"insecure algorithm|weak|signer.*constraints|insecure",
     "cert-weak-signature|key-too-small"),
    (r"signer not found|not trusted|unknown issuer|issuer is not known",
     "cert-untrusted"),
    (r"signer.*not a ca|not a ca|key usage", "cert-strict"),
    (r"illegal parameter", "illegal-parameter"),
    (r"unrecognized name", "sni-rejected|sni-required"),
    (r"timed out|timeout", "timeout"),
    (r"refused", "refused"),
    (r"reset", "reset"),
    (r"unexpected.*terminat|pull function|premature", "closed"),
    (r"alert", "server-alert"),
]


def classify(text, table):
    low = text.lower()
    for pat, cls in table:
        if re.search(pat, low):
            return cls
    return "unknown"


def run(cmd, **kw):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, **kw)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return -1, "", "driver: timed out after %d s" % TIMEOUT
    except OSError as e:
        return -2, "", "driver: %s" % e


def result(ok, version=None, cipher=None, error=None, cls=None):
    return {"ok": ok, "version": version, "cipher": cipher,
            "error": error, "class": cls}


def cafile(option, ca):
    """The CA option for CAFILE, none for "-" (the client's default)."""
    return [] if ca == "-" else [option, ca]


def last_lines(text, n=3):
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return " | ".join(lines[-n:])


def do_curl(ca, name, addr, port):
    url = "https://%s:%s/" % (name, port)
    rc, out, err = run(["curl", "-sS", "-v", "-o", "/dev/null",
                        "--max-time", "8"] + cafile("--cacert", ca) +
                       ["--resolve", "%s:%s:%s" % (name, port, addr), url],
                       env=dict(os.environ, LC_ALL="C", http_proxy="",
                                https_proxy="", HTTPS_PROXY="",
                                ALL_PROXY="", all_proxy=""))
    m = re.search(r"SSL connection using (\S+) / (\S+)", err)
    if rc == 0:
        return result(True, m.group(1) if m else None,
                      m.group(2) if m else None)
    msg = [ln for ln in err.splitlines() if ln.startswith("curl: (")]
    text = msg[-1] if msg else last_lines(err)
    cls = classify(text, OSSL_CLASSES)
    if rc == 60 and cls == "unknown":
        cls = "cert-invalid"
    elif rc == 28:
        cls = "timeout"
    elif rc == 7:
        cls = "refused"
    return result(False, error="exit %d: %s" % (rc, text), cls=cls)


def do_wget(ca, name, addr, port):
    with tempfile.TemporaryDirectory() as d:
        hosts = os.path.join(d, "hosts")
        resolv = os.path.join(d, "resolv.conf")
        with open(hosts, "w") as f:
            f.write("127.0.0.1 localhost\n%s %s\n" % (addr, name))
        with open(resolv, "w") as f:
            f.write("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
        url = "https://%s:%s/" % (name, port)
        script = ('mount --bind "$1" /etc/hosts && '
                  'mount --bind "$2" /etc/resolv.conf && '
                  'ca=; [ "$3" = - ] || ca="--ca-certificate=$3"; '
                  'exec wget --no-config --no-proxy --no-hsts --tries=1 '
                  '--timeout=5 -O /dev/null $ca "$4"')
        rc, out, err = run(["unshare", "-m", "sh", "-c", script, "sh",
                            hosts, resolv, "" if ca == "-" else ca, url],
                           env=dict(os.environ, LC_ALL="C"))
    if rc == 0:
        return result(True)
    lines = [ln for ln in err.splitlines()
             if re.search(r"ERROR|GnuTLS|Unable|failed", ln)]
    text = " | ".join(lines) or last_lines(err)
    return result(False, error="exit %d: %s" % (rc, text),
                  cls=classify(text, GNUTLS_CLASSES))


def gnutls_codes():
    # "TLS_ECDHE_RSA_AES_128_GCM_SHA256   0xc0, 0x2f  TLS1.2" -> code
    rc, out, err = run(["gnutls-cli", "-l"])
    codes = {}
    for m in re.finditer(r"^(TLS_\S+)\s+0x([0-9a-f]{2}), 0x([0-9a-f]{2})",
                         out, re.M):
        codes[m.group(1)] = int(m.group(2) + m.group(3), 16)
    return codes


def iana_names():
    rc, out, err = run(["openssl", "ciphers", "-V", "-stdname",
                        "ALL:@SECLEVEL=0"])
    names = {}
    for m in re.finditer(r"0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)", out):
        names[int(m.group(1) + m.group(2), 16)] = m.group(3)
    return names


def do_gnutls(ca, name, addr, port):
    # -d 4 logs the selected suite ("Selected cipher suite: GNUTLS_...").
    rc, out, err = run(["gnutls-cli", "-d", "4"] +
                       cafile("--x509cafile", ca) +
                       ["--sni-hostname", name, "--verify-hostname", name,
                        "-p", str(port), addr],
                       env=dict(os.environ, LC_ALL="C"))
    log = out + "\n" + err
    both = "\n".join(ln for ln in log.splitlines()
                     if not ln.startswith("|<"))
    if "Handshake was completed" in both:
        ver = re.search(r"^- Version: (\S+)", both, re.M)
        desc = re.search(r"^- Description: \((TLS[^)-]*)[^)]*\)-\(([^)]*)\)"
                         r"-\(([^)]*)\)-\(([^)]*)\)", both, re.M)
        cipher = None
        suite = re.search(r"Selected cipher suite: GNUTLS_(\S+)", log)
        if suite:
            code = gnutls_codes().get("TLS_" + suite.group(1))
            # GnuTLS names the TLS 1.3 suites as IANA does without
            # "TLS_"; openssl ciphers does not list the CCM ones.
            cipher = iana_names().get(code, "TLS_" + suite.group(1)) \
                if code is not None else "TLS_" + suite.group(1)
        v = ver.group(1) if ver else (desc.group(1) if desc else None)
        v = {"TLS1.3": "TLSv1.3", "TLS1.2": "TLSv1.2", "TLS1.1": "TLSv1.1",
             "TLS1.0": "TLSv1"}.get(v, v)
        return result(True, v, cipher)
    lines = [ln for ln in both.splitlines()
             if re.search(r"\*\*\*|error|Status|alert|fail", ln, re.I)]
    text = " | ".join(ln.strip() for ln in lines) or last_lines(both)
    return result(False, error="exit %d: %s" % (rc, text),
                  cls=classify(text, GNUTLS_CLASSES))


def do_openssl(ca, name, addr, port):
    target = "[%s]:%s" % (addr, port) if ":" in addr else \
        "%s:%s" % (addr, port)
    rc, out, err = run(["openssl", "s_client", "-connect", target,
                        "-servername", name] + cafile("-CAfile", ca) +
                       ["-brief"])
    both = out + "\n" + err
    ver = re.search(r"Protocol version: (\S+)", both)
    suite = re.search(r"Ciphersuite: (\S+)", both)
    if rc == 0 and "CONNECTION ESTABLISHED" in both:
        return result(True, ver.group(1) if ver else None,
                      suite.group(1) if suite else None)
    lines = [ln for ln in both.splitlines()
             if re.search(r"error|verify|alert", ln, re.I)]
    text = " | ".join(ln.strip() for ln in lines) or last_lines(both)
    return result(False, error="exit %d: %s" % (rc, text),
                  cls=classify(text, OSSL_CLASSES))


def main(argv):
    if len(argv) != 6:
        sys.stderr.write("usage: cli.py curl|wget|gnutls|openssl CAFILE "
                         "NAME ADDR PORT\n")
        return 2
    fn = {"curl": do_curl, "wget": do_wget, "gnutls": do_gnutls,
          "openssl": do_openssl}.get(argv[1])
    if fn is None:
        sys.stderr.write("cli.py: unknown client %s\n" % argv[1])
        return 2
    sys.stdout.write(json.dumps(fn(*argv[2:]), sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
