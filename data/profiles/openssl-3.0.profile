# openssl s_client -connect ADDR:PORT -servername NAME, Debian 12's OpenSSL 3.0.
# Format: docs/PROFILES.md.

id = openssl-3.0
name = openssl s_client 3.0 (Debian 12)
family = openssl
runtime = openssl s_client 3.0.19
library = OpenSSL 3.0.19 (Debian 12 libssl3)
platform = Debian 12 x86-64, system OpenSSL, security level 2
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1

# OpenSSL DEFAULT: 3 TLS 1.3 suites, 27 TLS 1.2 suites, the SCSV.
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

groups = x25519 secp256r1 x448 secp521r1 secp384r1 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512
# OpenSSL 3.0's order; s_client adds no padding and no ALPN.
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
# Debian level 2 applies to the handshake; s_client reports a failed
# verification but carries on unless given -verify_return_error, and checks
# no host name unless given -verify_hostname. The level's RSA floor is
# enforced during chain verification, so s_client accepts a 1024-bit leaf
# (checked against the real s_client in tests/e2e/fidelity.sh); its DH
# floor is part of the handshake and stays.
security_level = 2
verify_peer = no
check_hostname = no
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

source = captured 2026-11-28 from openssl s_client 3.0 (Debian 12) on Debian
	12 x86-64 (tests/data/hello/openssl-3.0.hex,
	tests/data/hello/decoded/openssl_s_client_9.json); re-checked 2026-11-28 on
	this machine: a loopback capture of openssl s_client -connect
	127.0.0.1:PORT -servername NAME matched this profile byte for byte
	outside the random, session id and key shares
note = The library's own defaults, unchanged by any application: OpenSSL
	3.0 DEFAULT suites, TLS 1.0 to 1.3, groups x25519 ... ffdhe8192 with
	one x25519 share, Debian's security level 2. The reference for every
	OpenSSL-linked client on this machine.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) the
	system store, trusted-first chains (measured by the trust lab
	(tests/data/trust/FACTS.md)).
