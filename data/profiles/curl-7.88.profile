# curl 7.88.1 from Debian 12 with its defaults: curl https://NAME:PORT/.
# Format: docs/PROFILES.md.

id = curl-7.88
name = curl 7.88 (Debian 12, OpenSSL 3.0)
family = curl
runtime = curl 7.88.1 (Debian 7.88.1-10+deb12u14)
library = OpenSSL 3.0.19 (Debian 12 libssl3)
platform = Debian 12 x86-64, system OpenSSL, security level 2
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1

# curl sets no cipher list: OpenSSL DEFAULT, as Python 3.7-3.9.
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
# OpenSSL 3.0's order plus ALPN and post_handshake_auth, padded.
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
padding = f5		# pad a 256..511-byte hello to 512 (RFC 7685)
grease = no

# --- the policy applied to the answer ---
# Debian's OpenSSL level 2 (RSA-1024 and DH-1024 refused, observed).
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

source = captured 2026-11-28 from curl 7.88.1 (Debian 7.88.1-10+deb12u14) on
	Debian 12 x86-64 (tests/data/hello/curl-7.88.hex,
	tests/data/hello/decoded/curl7.88.1_10.json); re-checked 2026-11-28 on this
	machine: a loopback capture of curl --resolve NAME:PORT:127.0.0.1
	https://NAME:PORT/ matched this profile byte for byte outside the
	random, session id and key shares
note = curl leaves suites, groups and the level to OpenSSL (DEFAULT, Debian
	level 2) and offers TLS 1.0 to 1.3; it adds ALPN h2, http/1.1 and
	post_handshake_auth. curl 8.16 (curl/curl PR #17894) later raised
	the default minimum to TLS 1.2. curl completes the handshake before
	it rejects a wrong host name (exit 60).
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) curl
	reads the CN only without any DNS or IP SAN: an IP-only-SAN
	certificate is refused by name (measured by the trust lab
	(tests/data/trust/FACTS.md)).
