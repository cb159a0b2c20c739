# openssl s_client -connect ADDR:PORT -servername NAME, OpenSSL 3.5
# library defaults (upstream build, level 2).
# Format: docs/PROFILES.md.

id = openssl-3.5
name = openssl s_client 3.5 (upstream defaults)
family = openssl
runtime = openssl s_client 3.5
library = OpenSSL 3.5.8 (upstream, as bundled by Node.js 22)
platform = upstream build, compiled-in security level 2 (3.2+)
default = no

# --- the ClientHello, emulated ---
# 3.1+ bans TLS 1.0/1.1 at level 1 and above: not even offered.
versions = TLSv1.3 TLSv1.2

# DEFAULT: the same 27 TLS 1.2 suites, and no SCSV (renegotiation_info is
# sent as an extension, first).
suites = TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA256
	TLS_RSA_WITH_AES_128_CBC_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_CBC_SHA

groups = X25519MLKEM768 x25519 secp256r1 x448 secp384r1 secp521r1 ffdhe2048
	ffdhe3072
key_shares = X25519MLKEM768 x25519
sigalgs = mldsa65 mldsa87 mldsa44 ecdsa_secp256r1_sha256
	ecdsa_secp384r1_sha384 ecdsa_secp521r1_sha512 ed25519 ed448
	ecdsa_brainpoolP256r1tls13_sha256 ecdsa_brainpoolP384r1tls13_sha384
	ecdsa_brainpoolP512r1tls13_sha512 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512
extensions = renegotiation_info server_name ec_point_formats
	supported_groups session_ticket encrypt_then_mac extended_master_secret
	signature_algorithms supported_versions psk_key_exchange_modes key_share
alpn =
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed ansiX962_compressed_prime ansiX962_compressed_char2
psk_modes = psk_dhe_ke
padding = none
grease = no

# --- the policy applied to the answer ---
security_level = 2
verify_peer = no
check_hostname = no
min_rsa_bits = 2048
min_dh_bits = 2048


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-dns-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = emulated: tests/data/hello/decoded/node22_cipherDEFAULT_23.json (Node.js
	22.23.3's bundled OpenSSL 3.5.8 with ciphers "DEFAULT", captured
	2026-11-28) and docs/client-defaults.md §1.1, §1.2 and appendix ("OpenSSL
	3.5.8 DEFAULT expansion"), read 2026-11-28; default group list also in
	openssl/openssl ssl/t1_lib.c TLS_DEFAULT_GROUP_LIST
note = OpenSSL 3.5 library defaults: X25519MLKEM768 and x25519 key shares
	(a 1216-byte hybrid share makes the hello about 1.6 KB), ML-DSA and
	brainpool TLS 1.3 schemes, renegotiation_info first instead of the
	SCSV, TLS 1.2 minimum, and level 2 (the upstream default since 3.2:
	RSA/DH from 2048 bits). s_client does not fail on verification
	errors. Uncertain: Node sets a level of 1, so the emulation shows the
	hello only; the level is from the 3.2+ documentation.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) the
	system store, trusted-first chains (measured by the trust lab
	(tests/data/trust/FACTS.md)).
