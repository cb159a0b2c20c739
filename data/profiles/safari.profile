# Safari (macOS 14/15, iOS 17/18), Network.framework / BoringSSL-derived stack.
# DOCUMENTED, UNVERIFIED: no Apple source or capture was available.
# Format: docs/PROFILES.md.

id = safari
name = Safari 17/18 (documented, unverified)
family = safari
runtime = Safari 17/18 (macOS 14/15, iOS 17/18)
library = Apple Network.framework (BoringSSL-derived)
platform = macOS / iOS; system trust store
default = no

# --- the ClientHello (all [R]) ---
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1

# Believed order: TLS 1.3, ECDHE AEAD, ECDHE CBC-SHA, RSA key exchange,
# then three 3DES suites.
suites = TLS_AES_128_GCM_SHA256
	TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA
	TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
	TLS_RSA_WITH_3DES_EDE_CBC_SHA

groups = x25519 secp256r1 secp384r1 secp521r1
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 rsa_pss_rsae_sha256 rsa_pkcs1_sha256
	ecdsa_secp384r1_sha384 ecdsa_sha1 rsa_pss_rsae_sha384 rsa_pkcs1_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha512 rsa_pkcs1_sha1
extensions = grease server_name extended_master_secret renegotiation_info
	supported_groups ec_point_formats application_layer_protocol_negotiation
	status_request signature_algorithms signed_certificate_timestamp
	key_share psk_key_exchange_modes supported_versions compress_certificate
	grease padding
alpn = h2 http/1.1
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed
psk_modes = psk_dhe_ke
cert_compression = zlib
padding = f5
grease = yes

# --- the policy applied to the answer ---
# Apple requires RSA keys of 2048 bits or more for TLS server certificates
# ([R]); level 2 is the closest OpenSSL level.
security_level = 2
verify_peer = yes
check_hostname = yes
min_rsa_bits = 2048
min_dh_bits = 0


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = yes
chain_order = any
cn_fallback = never
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 0

source = documented, unverified: docs/client-defaults.md §9 'Safari (current)
	- NOT verified [R]', read 2026-11-28; no Apple source or
	capture in the corpora; signature algorithms, extension order,
	GREASE, compress_certificate and padding are recollection of
	published Safari fingerprints, not checked
note = Every field is a hypothesis until a real Safari ClientHello is
	captured (docs/client-defaults.md §14). What it is meant to show:
	Safari still offers RSA key exchange and CBC-SHA1, and 3DES, and
	no DHE, so it connects to an AES256-SHA-only server and fails on
	a DHE-only one. Newer releases (iOS 26 / macOS 26) add
	X25519MLKEM768 and may drop TLS 1.0/1.1.
	Certificate decision: documented (Apple's requirements for
	trusted certificates, iOS 13 / macOS 10.15): names only from the
	SAN, serverAuth EKU; Security.framework fetches AIA issuers; the
	system store is the Keychain's.
