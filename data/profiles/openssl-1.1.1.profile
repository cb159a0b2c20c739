# openssl s_client -connect ADDR:PORT -servername NAME, OpenSSL 1.1.1
# library defaults (upstream build, level 1).
# Format: docs/PROFILES.md.

id = openssl-1.1.1
name = openssl s_client 1.1.1 (upstream defaults)
family = openssl
runtime = openssl s_client 1.1.1
library = OpenSSL 1.1.1v (upstream, as bundled by Node.js 16)
platform = upstream build, compiled-in security level 1
default = no

# --- the ClientHello, emulated ---
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1

# DEFAULT: the same 27 TLS 1.2 suites as 3.0, then the SCSV.
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
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV

groups = x25519 secp256r1 x448 secp521r1 secp384r1
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha224 ecdsa_sha1 rsa_pkcs1_sha224 rsa_pkcs1_sha1 dsa_sha224 dsa_sha1
	dsa_sha256 dsa_sha384 dsa_sha512
extensions = server_name ec_point_formats supported_groups session_ticket
	encrypt_then_mac extended_master_secret signature_algorithms
	supported_versions psk_key_exchange_modes key_share
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
# s_client reports verification errors but carries on, and checks no host
# name unless asked (-verify_return_error, -verify_hostname).
security_level = 1
verify_peer = no
check_hostname = no
min_rsa_bits = 0
min_dh_bits = 0


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

source = emulated: tests/data/hello/decoded/node16_cipherDEFAULT_20.json (Node.js
	16.20.2's bundled OpenSSL 1.1.1v with ciphers "DEFAULT" and
	minVersion TLSv1, captured 2026-11-28) and docs/client-defaults.md §1.1
	and appendix, read 2026-11-28; extension list as in the openssl s_client
	3.0 capture, which has the same table order
note = OpenSSL 1.1.1 library defaults: DEFAULT's 27 TLS 1.2 suites (RSA key
	exchange, CBC-SHA1, DHE-RSA), TLS 1.0-1.3, groups without FFDHE,
	SHA-1 signature schemes offered, level 1 (RSA/DH from 1024 bits,
	SHA-1-signed certificates accepted). Uncertain: distribution builds
	(Debian 10/11) add MinProtocol TLSv1.2 and SECLEVEL=2 in openssl.cnf.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) the
	system store, trusted-first chains (measured by the trust lab
	(tests/data/trust/FACTS.md)).
