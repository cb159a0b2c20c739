#!/bin/sh
# tests/lab/trust/pki.sh: the trust lab's PKI (issue #14 item 7).
#
# Usage: pki.sh DIR NAME AIA_URL_BASE
# Builds, with the openssl CLI only, every certificate the trust lab
# (tests/e2e/trust_lab.sh) serves, in DIR. NAME is the name every client
# asks for (at least three labels: the wildcard case certifies *.<parent of
# NAME's parent>, one level too shallow). AIA_URL_BASE is the plain-HTTP
# URL the missing intermediate is served under (AIA caIssuers).
# All keys are P-256 (fast to make); every certificate is valid from one
# 30 days from now, except the expired old root.
#
# Results, in DIR:
#   root.pem            the lab root R (goes into the system store)
#   oldroot.pem         an expired root R_old (also in the system store),
#                       the DST Root CA X3 of 2021
#   roots.pem           R and R_old: the bundle a client is given as CAFILE
#   ia.der              the intermediate the "aia" server omits (DER, for
#                       the AIA server)
#   SERVER.chain.pem    the certificates SERVER sends, in order (first is
#   SERVER.key          the leaf) and the leaf's key, for SERVER in:
#     good    leaf <- I <- R, sends leaf, I
#     aia     leaf (AIA caIssuers -> ia.der) <- IA <- R, sends the leaf only
#     cross   leaf <- I <- R, sends leaf, I, X (R's key certified by the
#             expired R_old), as Let's Encrypt's chain did after 2021-09-30
#     order   leaf <- I1 <- I2 <- R, sends leaf, I2, I1 (out of order)
#     extra   leaf <- I <- R, sends leaf, U1, I, U2 (U* unrelated, self-signed)
#     cnonly  leaf with CN=NAME and no subjectAltName
#     iponly  leaf with CN=NAME and one SAN, IP:IPONLY_ADDR (env, default
#             127.0.1.7), reached by NAME
#     wild    leaf with CN and SAN DNS:*.<grandparent of NAME>: NAME is one
#             label too deep for it (no CN to fall back on)
#     cnsan   leaf with CN=NAME and one SAN, DNS:other.<parent of NAME>: the
#             CN is checked only by a client that reads it despite DNS SANs
#     eku     leaf with extendedKeyUsage clientAuth only
#     big     leaf <- I <- R, sends leaf, I, then unrelated certificates
#             making the Certificate message over 32 KB (about 40 KB)
set -eu
DIR=$1 NAME=$2 AIA=$3
IPONLY_ADDR=${IPONLY_ADDR:-127.0.1.7}
mkdir -p "$DIR"
cd "$DIR"
PARENT=${NAME#*.}
GRAND=${PARENT#*.}

cat >ext.cnf <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[inter]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$NAME
[leaf_aia]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$NAME
authorityInfoAccess = caIssuers;URI:$AIA/ia.der
[leaf_cnonly]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_iponly]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = IP:$IPONLY_ADDR
[leaf_wild]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:*.$GRAND
[leaf_cnsan]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:other.$PARENT
[leaf_eku]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$NAME
[pad]
basicConstraints = critical, CA:FALSE
subjectKeyIdentifier = hash
nsComment = $(head -c 9000 /dev/zero | tr '\0' 'x')
CNF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
# selfsigned NAME CN EXT [DAYS]
selfsigned() {
	key "$1"
	openssl req -new -key "$1.key" -subj "/CN=$2" -config ext.cnf -out "$1.csr"
	openssl x509 -req -in "$1.csr" -signkey "$1.key" -sha256 -days "${4:-30}" \
	    -extfile ext.cnf -extensions "$3" -out "$1.pem" 2>/dev/null
}
# issue NAME CN EXT ISSUER [KEYNAME]: NAME's certificate, signed by ISSUER
# (ISSUER.pem, ISSUER.key); KEYNAME.key is reused when given.
issue() {
	_k=${5:-$1}
	[ -f "$_k.key" ] || key "$_k"
	openssl req -new -key "$_k.key" -subj "/CN=$2" -config ext.cnf -out "$1.csr"
	openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" \
	    -set_serial "0x$(openssl rand -hex 8)" -sha256 -days 30 \
	    -extfile ext.cnf -extensions "$3" -out "$1.pem" 2>/dev/null
}

selfsigned root "tlsmatrix trust lab root R" root
# R_old: valid 2020-01-01 to 2021-01-01 (openssl ca sets the dates).
key oldroot
mkdir -p ca.db
: >ca.db/index.txt
cat >ca.cnf <<CNF
[ca]
default_ca = lab
[lab]
database = ca.db/index.txt
new_certs_dir = ca.db
serial = ca.db/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
CNF
echo 01 >ca.db/serial
openssl req -new -key oldroot.key -subj "/CN=tlsmatrix trust lab old root R_old" \
    -config ext.cnf -out oldroot.csr
openssl ca -batch -config ca.cnf -selfsign -keyfile oldroot.key -in oldroot.csr \
    -startdate 20200101000000Z -enddate 20210101000000Z \
    -extfile ext.cnf -extensions root -notext -out oldroot.pem 2>/dev/null
cat root.pem oldroot.pem >roots.pem

issue inter "tlsmatrix trust lab intermediate I" inter root
issue ia "tlsmatrix trust lab intermediate IA (AIA only)" inter root
issue i2 "tlsmatrix trust lab intermediate I2" inter root
issue i1 "tlsmatrix trust lab intermediate I1" inter i2
# X: R's subject and key, certified by R_old (valid now, like the
# ISRG Root X1 cross-sign that outlived DST Root CA X3).
openssl x509 -x509toreq -in root.pem -signkey root.key -out x.csr 2>/dev/null
openssl x509 -req -in x.csr -CA oldroot.pem -CAkey oldroot.key \
    -set_serial "0x$(openssl rand -hex 8)" -sha256 -days 30 \
    -extfile ext.cnf -extensions inter -out cross-x.pem 2>/dev/null
openssl x509 -in ia.pem -outform DER -out ia.der

for s in good cross extra big; do issue "$s" "$NAME" leaf inter; done
issue aia "$NAME" leaf_aia ia
issue order "$NAME" leaf i1
issue cnonly "$NAME" leaf_cnonly inter
issue iponly "$NAME" leaf_iponly inter
issue wild "*.$GRAND" leaf_wild inter
issue eku "$NAME" leaf_eku inter
issue cnsan "$NAME" leaf_cnsan inter
for u in u1 u2; do selfsigned "$u" "tlsmatrix unrelated $u" root; done
for n in 1 2 3 4; do selfsigned "pad$n" "tlsmatrix padding $n" pad; done

cat good.pem inter.pem >good.chain.pem
cat aia.pem >aia.chain.pem
cat cross.pem inter.pem cross-x.pem >cross.chain.pem
cat order.pem i2.pem i1.pem >order.chain.pem
cat extra.pem u1.pem inter.pem u2.pem >extra.chain.pem
for s in cnonly iponly wild cnsan eku; do cat "$s.pem" inter.pem >"$s.chain.pem"; done
cat big.pem inter.pem pad1.pem pad2.pem pad3.pem pad4.pem >big.chain.pem
rm -f ./*.csr
