# Node.js 16.20.2 tls.connect({servername}) with its defaults.
# Format: docs/PROFILES.md.

id = node-16
name = Node.js 16 (tls.connect, bundled OpenSSL 1.1.1v+quic)
family = node
runtime = Node.js 16.20.2
library = OpenSSL 1.1.1v+quic (bundled, static)
platform = Linux x86-64; Node's own OpenSSL, security level 1
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2

suites = TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_DHE_DSS_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM
	TLS_DHE_RSA_WITH_AES_256_CCM_8
	TLS_DHE_RSA_WITH_AES_256_CCM
	TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_DSS_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM
	TLS_DHE_RSA_WITH_AES_128_CCM_8
	TLS_DHE_RSA_WITH_AES_128_CCM
	TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256
	TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256
	TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_DHE_DSS_WITH_AES_256_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_DSS_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_256_CCM_8
	TLS_RSA_WITH_AES_256_CCM
	TLS_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_128_CCM_8
	TLS_RSA_WITH_AES_128_CCM
	TLS_RSA_WITH_ARIA_128_GCM_SHA256
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
# Node's bundled OpenSSL is built without Debian's level-2 patch: level 1,
# so RSA and DH from 1024 bits are accepted (observed).
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 0
min_dh_bits = 0
# OpenSSL 1.1.1 counts SHA-1 as 80 bits, enough for level 1; 3.0 cut it to
# 63 bits so that level 1 refuses SHA-1 certificates (openssl/openssl
# PR #16828, CHANGES for 3.0). A SHA-1-signed leaf passes here.
sha1_certificates = yes


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = node-20
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-dns-san
wildcards = partial
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = captured 2026-11-28 from Node.js 16.20.2 (official linux-x64 binary)
	on Debian 12 x86-64 (tests/data/hello/node-16.hex,
	tests/data/hello/decoded/node16_13.json)
note = tls.connect() with defaults: tls.DEFAULT_CIPHERS
	(TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:...:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA),
	DEFAULT_MIN_VERSION TLSv1.2, ecdhCurve auto, no ALPN; verification
	against Node's bundled Mozilla CA list. OpenSSL 1.1.1: no FFDHE
	groups (a server with only ffdhe2048 fails), SHA-1 signature
	algorithms offered, and a SHA-1-signed certificate is accepted at
	level 1 (OpenSSL 3.0 refuses it at the same level; the profile
	format cannot say so yet).
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) roots
	compiled into the node binary, not the system store: a root
	added with update-ca-certificates was refused (measured by the
	trust lab (tests/data/trust/FACTS.md)); node-20's compiled-in
	list stands for this version's, the only Node measured;
	tls.checkServerIdentity takes the CN only without a DNS SAN (an
	IP-only-SAN certificate passed by name) and a partial wildcard
	in the leftmost label (documented, lib/tls.js).
