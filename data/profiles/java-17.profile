# Java 17: SSLSocketFactory.getDefault() with defaults (HttpsURLConnection sends the
# same hello; java.net.http.HttpClient adds ALPN h2, http/1.1).
# Format: docs/PROFILES.md.

id = java-17
name = Java 17 (HttpsURLConnection / SSLSocket, SunJSSE)
family = java
runtime = OpenJDK 17.0.15 (Debian)
library = SunJSSE (JDK 17)
platform = Debian 12 x86-64, openjdk-17, default java.security
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2

suites = TLS_AES_256_GCM_SHA384
	TLS_AES_128_GCM_SHA256
	TLS_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_DSS_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_DSS_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_DHE_DSS_WITH_AES_256_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_DSS_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA256
	TLS_RSA_WITH_AES_128_CBC_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV

groups = x25519 secp256r1 secp384r1 secp521r1 x448 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = x25519 secp256r1
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_rsae_sha256
	rsa_pss_rsae_sha384 rsa_pss_rsae_sha512 rsa_pss_pss_sha256
	rsa_pss_pss_sha384 rsa_pss_pss_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384
	rsa_pkcs1_sha512 dsa_sha256 ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224
	ecdsa_sha1 rsa_pkcs1_sha1 dsa_sha1
sigalgs_cert = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_rsae_sha256
	rsa_pss_rsae_sha384 rsa_pss_rsae_sha512 rsa_pss_pss_sha256
	rsa_pss_pss_sha384 rsa_pss_pss_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384
	rsa_pkcs1_sha512 dsa_sha256 ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224
	ecdsa_sha1 rsa_pkcs1_sha1 dsa_sha1
# JSSE order. status_request_v2 (RFC 6961) carries a fixed body; JSSE sends
# no server_name for a name without a dot ("localhost").
extensions = server_name status_request supported_groups ec_point_formats
	status_request_v2 extended_master_secret session_ticket
	signature_algorithms supported_versions psk_key_exchange_modes
	signature_algorithms_cert key_share
alpn =
sni = dotted

# Byte-level details.
record_version = TLSv1.2
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed
psk_modes = psk_dhe_ke
padding = none
grease = no
# status_request_v2: ocsp_multi, request length 4, no responder ids, no extensions.
ext_data = 0x0011:000702000400000000

# --- the policy applied to the answer ---
# JSSE has its own rules: jdk.tls.disabledAlgorithms "DH keySize < 1024,
# EC keySize < 224", jdk.certpath.disabledAlgorithms "RSA keySize < 1024".
# Level 1 is the closest OpenSSL level (1024-bit floors); unlike OpenSSL 3.0
# at level 1, Java accepts a SHA-1-signed leaf under a private CA.
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 1024
min_dh_bits = 1024
# jdk.certpath.disabledAlgorithms restricts SHA-1 only for chains that end
# at a JDK-shipped CA ("SHA1 jdkCA & usage TLSServer", java.security since
# JDK-8196415), so a SHA-1-signed leaf under a private CA passes
# (observed: tests/e2e/fidelity.sh, server sha1-leaf).
sha1_certificates = yes


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-dns-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 32768

source = captured 2026-11-28 from OpenJDK 17.0.15 (Debian
	17.0.15+6-Debian-1deb12u1) on Debian 12 x86-64
	(tests/data/hello/java-17.hex,
	tests/data/hello/decoded/java17_urlconn_37.json); re-checked 2026-11-28 on this
	machine: a loopback capture of an SSLSocket from
	SSLSocketFactory.getDefault() (OpenJDK 17.0.15) matched this profile
	byte for byte outside the random, session id and key shares;
	java.security properties as quoted in the note
note = SunJSSE defaults: record version 0x0303, key shares x25519 and
	secp256r1, status_request_v2 and signature_algorithms_cert, 33 TLS
	1.2 suites including TLS_RSA_* and DHE-DSS.
	jdk.tls.disabledAlgorithms = SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4,
	DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC,
	anon, NULL, ECDH. No SNI for single-label host names. A plain
	SSLSocket checks the host name only with endpoint identification
	"HTTPS", as HttpsURLConnection sets it; this profile models that
	(check_hostname = yes).
	Certificate decision: a Certificate message over
	jdk.tls.maxHandshakeMessageSize (32768) is refused, an
	IP-only-SAN certificate passes by name through the CN, EKU
	clientAuth only is refused (measured by the trust lab
	(tests/data/trust/FACTS.md)); cacerts here is Debian's symlink
	to /etc/ssl/certs/java/cacerts, fed from the system store by
	ca-certificates-java, so trust_store is system (a tarball JDK
	keeps its own cacerts: --trust java-17=FILE).
