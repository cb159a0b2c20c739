# curl 8 with its TLS 1.2 default floor, on an OpenSSL 3.0 system library
# at Debian's level 2.
# Format: docs/PROFILES.md.

id = curl-8-tls12
name = curl 8 (TLS 1.2 minimum, OpenSSL 3.0)
family = curl
runtime = curl 8.16+ (default minimum TLS 1.2)
library = OpenSSL 3.0 (distribution libssl3, level 2)
platform = Linux, system OpenSSL built with security level 2 (Debian/Ubuntu)
default = no

# --- the ClientHello ---
versions = TLSv1.3 TLSv1.2

# curl sets no cipher list: OpenSSL DEFAULT's 27 TLS 1.2 suites + SCSV.
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
extensions = server_name ec_point_formats supported_groups
	application_layer_protocol_negotiation encrypt_then_mac
	extended_master_secret post_handshake_auth signature_algorithms
	supported_versions psk_key_exchange_modes key_share padding
alpn = h2 http/1.1
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed ansiX962_compressed_prime ansiX962_compressed_char2
psk_modes = psk_dhe_ke
padding = f5
grease = no

# --- the policy applied to the answer ---
security_level = 2
verify_peer = yes
check_hostname = yes
min_rsa_bits = 2048
min_dh_bits = 2048


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = documented: curl/curl PR #17894 "url: make default TLS version be
	minimum 1.2" (commit 9d8998c99408e1adf, July 2025), via
	docs/client-defaults.md §3, read 2026-11-28; hello bytes from the curl 7.88.1
	capture (data/profiles/curl-7.88.profile,
	tests/data/hello/curl-7.88.hex) with supported_versions cut to 1.3
	and 1.2
note = Same OpenSSL defaults as curl 7.88 (no cipher list of its own, ALPN
	h2 and http/1.1, post_handshake_auth, padding), but TLS 1.0/1.1 are no
	longer offered, so a TLS 1.0-only server fails even with RSA key
	exchange. Uncertain: the first release with the 1.2 default (about
	8.16.0); that curl 8 keeps 7.88's extension list; distributions with
	crypto-policies (Fedora, RHEL) also change the cipher list.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) curl
	reads the CN only without any DNS or IP SAN: an IP-only-SAN
	certificate is refused by name (measured by the trust lab
	(tests/data/trust/FACTS.md)).
