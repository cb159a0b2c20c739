# PHP 8.2 (ssl:// stream, Debian 12): the hello captured with tlsmatrix
# --capture, the policy
# inferred by it from the nearest shipped profile (profile_match.c).
# Format: docs/PROFILES.md.

id = php-8.2
name = PHP 8.2 (ssl:// stream, Debian 12)
family = php
runtime = PHP 8.2.36 (Debian php8.2-cli)
library = OpenSSL 3.0.19 (Debian 12 libssl3)
platform = Debian 12 x86-64, system OpenSSL, security level 2
default = no

# --- the ClientHello ---
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1
suites = TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 TLS_DHE_DSS_WITH_AES_128_GCM_SHA256
	TLS_DHE_DSS_WITH_AES_256_GCM_SHA384 TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256 TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA256 TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_DHE_DSS_WITH_AES_256_CBC_SHA TLS_DHE_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 TLS_ECDHE_ECDSA_WITH_AES_128_CCM
	TLS_DHE_RSA_WITH_AES_128_CCM_8 TLS_DHE_RSA_WITH_AES_128_CCM
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA TLS_RSA_WITH_AES_128_CCM_8
	TLS_RSA_WITH_AES_128_CCM TLS_RSA_WITH_AES_128_CBC_SHA256
	TLS_RSA_WITH_AES_128_CBC_SHA TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM TLS_DHE_RSA_WITH_AES_256_CCM_8
	TLS_DHE_RSA_WITH_AES_256_CCM TLS_DHE_DSS_WITH_AES_256_CBC_SHA256
	TLS_RSA_WITH_AES_256_CCM_8 TLS_RSA_WITH_AES_256_CCM
	TLS_RSA_WITH_AES_256_CBC_SHA256 TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256
	TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256
	TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384
	TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256
	TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256
	TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256
	TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256
	TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA
	TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA
	TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA
	TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA TLS_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_RSA_WITH_ARIA_128_GCM_SHA256 TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256
	TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256 TLS_RSA_WITH_CAMELLIA_256_CBC_SHA
	TLS_RSA_WITH_CAMELLIA_128_CBC_SHA TLS_EMPTY_RENEGOTIATION_INFO_SCSV
groups = x25519 secp256r1 x448 secp521r1 secp384r1 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256
	rsa_pss_pss_sha384 rsa_pss_pss_sha512 rsa_pss_rsae_sha256
	rsa_pss_rsae_sha384 rsa_pss_rsae_sha512 rsa_pkcs1_sha256
	rsa_pkcs1_sha384 rsa_pkcs1_sha512 ecdsa_sha224 rsa_pkcs1_sha224
	dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512
extensions = server_name ec_point_formats supported_groups
	session_ticket encrypt_then_mac extended_master_secret
	signature_algorithms supported_versions psk_key_exchange_modes
	key_share padding
sni = hostname
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed ansiX962_compressed_prime
	ansiX962_compressed_char2
psk_modes = psk_dhe_ke
padding = f5
grease = no
shuffle_extensions = no

# --- the policy applied to the answer ---
security_level = 2
verify_peer = yes
check_hostname = yes
min_rsa_bits = 2048
min_dh_bits = 2048
strict_x509 = no
sha1_certificates = no
legacy_signatures = no

# --- the certificate decision (issue #14, docs/PROFILES.md) ---
# Measured in the trust lab (tests/e2e/trust_lab.sh, tests/data/trust/
# FACTS.md): the system store, no AIA fetching, EKU checked, OpenSSL's
# 100 KB limit on the Certificate message. PHP's peer_name check is
# OpenSSL's X509_check_host: the CN only without a DNS SAN.
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-dns-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = captured 2026-12-06 on Debian 12 x86-64 from stream_socket_client('ssl://ADDR:PORT') with cafile and peer_name (tests/lab/clients/php_client.php) against a
	loopback capture server, name api.example.test: 517 bytes
	(tests/data/hello/php-8.2.hex); the profile written by tlsmatrix
	--capture from that hello; the policy checked against the real client
	in tests/e2e/fidelity.sh
note = PHP sets its own default cipher list,
	OPENSSL_DEFAULT_STREAM_CIPHERS (php -r 'echo
	OPENSSL_DEFAULT_STREAM_CIPHERS;': ECDHE and DHE first, then
	AES128:AES256:HIGH, which brings DHE-DSS, CCM, ARIA and Camellia), and
	TLS 1.0 to 1.3 for ssl://; verify_peer and verify_peer_name on by
	default since PHP 5.6. Library inferred from the hello: OpenSSL 3.0.19
	(Debian 12 libssl3), certain: the nearest shipped profile is python-2.7
	at similarity 92%; the nearest with another policy is node-18 (OpenSSL
	3.0.16 (bundled, static), level 1) at 87%. From python-2.7:
	security_level 2, min_rsa_bits 2048, min_dh_bits 2048, sha1_certificates
	no, legacy_signatures no. As most of the 13 profiles of that library:
	verify_peer yes (12 of 13), check_hostname yes (12 of 13), strict_x509
	no (1 of 13).
	Certificate decision: measured against the real client in the trust
	lab (tests/e2e/trust_lab.sh, tests/data/trust/FACTS.md); see the
	keys above.
