#!/bin/sh
# tests/lab/trust/sysstore.sh: run a command with a changed system store.
#
# Usage: unshare -m sh sysstore.sh WORK CERT.pem... -- CMD [ARG...]
# Must already run in a private mount namespace (unshare -m; util-linux
# makes its mounts private): refuses otherwise, so the machine's own files
# never change. Copies /etc/ssl/certs, /usr/local/share/ca-certificates and
# /etc/ca-certificates.conf into WORK, bind-mounts the copies over the
# originals, adds each CERT as a local CA (/usr/local/share/ca-certificates
# /tlsmatrix-lab/, as an administrator would), runs update-ca-certificates
# with hooks of our own, then execs CMD. Debian's ca-certificates-java hook
# would queue dpkg triggers (the machine's dpkg state); ours feeds the same
# jar directly, which rewrites the copy's java/cacerts, so Debian's JDKs
# (whose lib/security/cacerts is a symlink to /etc/ssl/certs/java/cacerts)
# see the change as they would on a real machine. After it, outside the
# namespace, WORK/certs/ca-certificates.crt is the changed bundle and
# WORK/certs/java/cacerts the changed JDK store. Environment variables that
# would bypass the store (SSL_CERT_FILE, SSL_CERT_DIR, NODE_EXTRA_CA_CERTS,
# CURL_CA_BUNDLE, REQUESTS_CA_BUNDLE) are cleared for CMD.
set -eu
WORK=$1; shift
# The mount namespace must differ from the one of PID 1.
if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
	echo "sysstore.sh: not in a private mount namespace (run under unshare -m)" >&2
	exit 2
fi
mkdir -p "$WORK/hooks" "$WORK/local"
cp -a /etc/ssl/certs "$WORK/certs"
cp -a /usr/local/share/ca-certificates/. "$WORK/local/"
cp /etc/ca-certificates.conf "$WORK/ca-certificates.conf"
mount --bind "$WORK/certs" /etc/ssl/certs
mount --bind "$WORK/local" /usr/local/share/ca-certificates
mount --bind "$WORK/ca-certificates.conf" /etc/ca-certificates.conf
mkdir -p /usr/local/share/ca-certificates/tlsmatrix-lab
n=0
while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
	n=$((n + 1))
	cp "$1" "/usr/local/share/ca-certificates/tlsmatrix-lab/lab-$n.crt"
	shift
done
[ "${1:-}" = -- ] && shift
JAR=/usr/share/ca-certificates-java/ca-certificates-java.jar
JAVA=
for j in /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/*/bin/java; do
	[ -x "$j" ] && { JAVA=$j; break; }
done
if [ -f "$JAR" ] && [ -n "$JAVA" ] && [ -f /etc/ssl/certs/java/cacerts ]; then
	cat >"$WORK/hooks/java" <<HOOK
#!/bin/sh
exec "$JAVA" -Xmx64m -jar "$JAR" -storepass changeit
HOOK
	chmod +x "$WORK/hooks/java"
fi
update-ca-certificates --hooksdir "$WORK/hooks" >"$WORK/update.log" 2>&1
unset SSL_CERT_FILE SSL_CERT_DIR NODE_EXTRA_CA_CERTS CURL_CA_BUNDLE REQUESTS_CA_BUNDLE
exec "$@"
