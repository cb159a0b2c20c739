# Java 21 SSLSocketFactory.getDefault() / HttpsURLConnection with defaults.
# Format: docs/PROFILES.md.

id = java-21
name = Java 21 (SunJSSE)
family = java
runtime = OpenJDK 21
library = SunJSSE
platform = any OS, default java.security
default = no

# --- the ClientHello ---
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
# JSSE order, as captured from Java 17; no server_name for a single-label
# host name.
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
# jdk.tls.disabledAlgorithms "DH keySize < 1024", jdk.certpath
# "RSA keySize < 1024": level 1 is the closest OpenSSL level. Java accepts a
# SHA-1-signed leaf under a private CA (the SHA1 rule is for jdkCA anchors).
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 1024
min_dh_bits = 1024


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

source = documented: docs/client-defaults.md §6 (JDK-8279164 "Disable
	TLS_ECDH_* cipher suites" in openjdk/jdk commit 00d22f6, JDK
	20; TLS_RSA_* only disabled from JDK 24, JDK-8245545), read
	2026-11-28; the hello is the Java 17.0.15 capture
	(data/profiles/java-17.profile), whose 17u build already has
	the ECDH backport
note = Java 21 keeps RSA key exchange (TLS_RSA_*), CBC-SHA1, DHE-RSA and
	DHE-DSS, and SHA-1 signature schemes, unlike Java 25.
	jdk.tls.disabledAlgorithms = SSLv3, TLSv1, TLSv1.1, DTLSv1.0,
	RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,
	3DES_EDE_CBC, anon, NULL, ECDH. Uncertain ([R]): the suite order
	and extension list are assumed identical to Java 17 (same
	CipherSuite.java order); not captured from a 21 build; a 21u
	backport of the TLS_RSA_* disabling is not known.
	Certificate decision: a Certificate message over
	jdk.tls.maxHandshakeMessageSize (32768) is refused, an
	IP-only-SAN certificate passes by name through the CN, EKU
	clientAuth only is refused (measured by the trust lab
	(tests/data/trust/FACTS.md), on Java 17 and 25); cacerts here is
	Debian's symlink to /etc/ssl/certs/java/cacerts, fed from the
	system store by ca-certificates-java, so trust_store is system
	(a tarball JDK keeps its own cacerts: --trust java-21=FILE).
