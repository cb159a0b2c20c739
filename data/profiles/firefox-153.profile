# Firefox ESR 153 (Debian), headless with a fresh profile, opening https://NAME:PORT/.
# Format: docs/PROFILES.md.

id = firefox-153
name = Firefox ESR 153 (NSS)
family = firefox
runtime = Firefox ESR 153.8.0 (Debian)
library = NSS 3.125.1 (bundled)
platform = Debian 12 x86-64, headless, fresh profile
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2

# 3 TLS 1.3 suites, then 13 TLS 1.2 suites: RSA key exchange and CBC-SHA1
# still offered, no DHE.
suites = TLS_AES_128_GCM_SHA256
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_CBC_SHA

groups = X25519MLKEM768 x25519 secp256r1 secp384r1 secp521r1 ffdhe2048
	ffdhe3072
key_shares = X25519MLKEM768 x25519 secp256r1
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha1 rsa_pkcs1_sha1
# NSS order, the same on every connection.
extensions = server_name extended_master_secret renegotiation_info
	supported_groups ec_point_formats session_ticket
	application_layer_protocol_negotiation status_request delegated_credential
	signed_certificate_timestamp key_share supported_versions
	signature_algorithms psk_key_exchange_modes record_size_limit
	compress_certificate encrypted_client_hello
alpn = h2 http/1.1
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed
psk_modes = psk_dhe_ke
cert_compression = zlib brotli zstd
record_size_limit = 16385
delegated_credentials = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ecdsa_sha1
padding = none
grease = no
ech_grease = kdf=0x0001 aead=0x0001,0x0003 payload=239

# --- the policy applied to the answer ---
# NSS refuses RSA keys under 1024 bits and SHA-1 certificate signatures;
# no DHE suites are offered. Level 1 is the closest OpenSSL level.
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 0
min_dh_bits = 0


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = nss
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = never
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 0

source = captured 2026-11-28 from Firefox ESR 153.8.0 (Debian), three
	consecutive connections on Debian 12 x86-64
	(tests/data/hello/firefox-esr-153-1.hex, -2.hex,
	-3.hex, tests/data/hello/decoded/firefox_34.json .. firefox_36.json)
note = NSS as Firefox configures it: X25519MLKEM768, x25519 and secp256r1
	key shares, delegated_credentials, record_size_limit 16385,
	zlib/brotli/zstd certificate compression, SHA-1 signature algorithms
	still listed, a fixed extension order and GREASE ECH with a 239-byte
	payload whose AEAD is 0x0001 or 0x0003 per connection.
	Certificate decision: measured with firefox-esr 153 headless by
	the trust lab (tests/data/trust/FACTS.md): no AIA fetching (it
	relies on preloaded intermediates, which a private CA lacks), no
	CN fallback, EKU clientAuth only refused, a 38.5 KB Certificate
	message taken; NSS's built-in roots (data/trust/nss.pem).
