# Java 8 (8u341+) SSLSocketFactory.getDefault() / HttpsURLConnection with defaults.
# Format: docs/PROFILES.md.

id = java-8
name = Java 8 (8u341+, SunJSSE, TLS 1.3 on by default)
family = java
runtime = OpenJDK / Oracle JDK 8u341 or later
library = SunJSSE
platform = any OS, default java.security
default = no

# --- the ClientHello ---
versions = TLSv1.3 TLSv1.2

suites = TLS_AES_256_GCM_SHA384
	TLS_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
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

groups = secp256r1 secp384r1 secp521r1 ffdhe2048 ffdhe3072 ffdhe4096
	ffdhe6144 ffdhe8192
key_shares = secp256r1
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	dsa_sha256 ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224 ecdsa_sha1
	rsa_pkcs1_sha1 dsa_sha1
sigalgs_cert = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	dsa_sha256 ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224 ecdsa_sha1
	rsa_pkcs1_sha1 dsa_sha1
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

source = documented: JDK-8245485 (8u261 release note: TLS 1.3
	implemented but disabled for the default client context),
	openjdk/jdk8u-dev PR #96 (JDK-8245263, enable TLSv1.3 by
	default for clients, 2022-08) and testssl/testssl.sh issue
	#2430 (8u311 reordered the suites, 8u341 enables TLS 1.3 for
	clients), read 2026-11-28; disabledAlgorithms from client-
	defaults.md §6 (jdk8u-dev commit b1e2ea8, PR #519, June 2024,
	adds ECDH); suite order and hello layout derived from the Java
	17 capture (data/profiles/java-17.profile)
note = A current Java 8: TLSv1.3 and TLSv1.2 (TLSv1/1.1 disabled since
	8u291), RSA key exchange, CBC-SHA1 and DHE-RSA/DHE-DSS offered.
	jdk.tls.disabledAlgorithms = SSLv3, TLSv1, TLSv1.1, RC4, DES,
	MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC,
	anon, NULL, include jdk.disabled.namedCurves, ECDH. Uncertain
	([R]): the exact list and order on 8u (taken as Java 17's without
	ChaCha20, which 8u lacks), groups and signature schemes without
	x25519/x448 and EdDSA (added in JDK 11 and 15), the key share
	(secp256r1 assumed), and the extension order (Java 17's). Older
	8u without TLS 1.3 (before 8u341) send TLS 1.2 only.
	Certificate decision: a Certificate message over
	jdk.tls.maxHandshakeMessageSize (32768) is refused, an
	IP-only-SAN certificate passes by name through the CN, EKU
	clientAuth only is refused (measured by the trust lab
	(tests/data/trust/FACTS.md), on Java 17 and 25); cacerts here is
	Debian's symlink to /etc/ssl/certs/java/cacerts, fed from the
	system store by ca-certificates-java, so trust_store is system
	(a tarball JDK keeps its own cacerts: --trust java-8=FILE).
