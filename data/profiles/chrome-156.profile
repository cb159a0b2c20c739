# Chromium 156 (Debian), headless with a fresh profile, opening https://NAME:PORT/.
# Format: docs/PROFILES.md.

id = chrome-156
name = Chrome 156 (Chromium, BoringSSL)
family = chrome
runtime = Chromium 156.0.8078.108 (Debian)
library = BoringSSL (bundled)
platform = Debian 12 x86-64, headless, fresh profile
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2

# A GREASE suite comes first (grease = yes), then 3 TLS 1.3 and 12 TLS 1.2
# suites: RSA key exchange and ECDHE-RSA CBC-SHA1 are still offered.
suites = TLS_AES_128_GCM_SHA256
	TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_CBC_SHA

groups = X25519MLKEM768 x25519 secp256r1 secp384r1
key_shares = X25519MLKEM768 x25519
sigalgs = mldsa44 mldsa65 mldsa87 ecdsa_secp256r1_sha256 rsa_pss_rsae_sha256
	rsa_pkcs1_sha256 ecdsa_secp384r1_sha384 rsa_pss_rsae_sha384
	rsa_pkcs1_sha384 rsa_pss_rsae_sha512 rsa_pkcs1_sha512
# Shuffled on every connection (shuffle_extensions); the GREASE extensions
# stay first and last. This is the order of chromium-156-1.hex.
extensions = grease supported_groups renegotiation_info
	application_layer_protocol_negotiation application_settings key_share
	compress_certificate encrypted_client_hello trust_anchors
	psk_key_exchange_modes server_name signed_certificate_timestamp
	signature_algorithms extended_master_secret ec_point_formats session_ticket
	supported_versions status_request grease
alpn = h2 http/1.1
alps = h2
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed
psk_modes = psk_dhe_ke
cert_compression = brotli
padding = none
grease = yes
shuffle_extensions = yes
# trust_anchors (0xca34, Trust Anchor IDs draft): the same 186 bytes in every
# capture.
ext_data = 0xca34:00b80582df1302010582df1302060582df13020d0582df13020e0582df13020f0582df1302120582df1302130582df13021408839a648c9b2d010708839a648c9b2d010808839a648c9b2d010908839a648c9b2d010a08839a648c9b2d010b08839a648c9b2d010c08839a648c9b2d010d08839a648c9b2d011208839a648c9b2d011304d679090104d679090404d679090504d679090604d679090704d679090804d679090a04d679090b04d679090c04d679090d04d679090f
ech_grease = kdf=0x0001 aead=0x0001 payload=144,176,208,240

# --- the policy applied to the answer ---
# Chrome refuses RSA keys under 1024 bits and SHA-1 certificate signatures and
# offers no DHE; level 1 is the closest OpenSSL level.
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 0
min_dh_bits = 0


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = nss
trusted_first = yes
aia_fetch = yes
chain_order = any
cn_fallback = never
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 0

source = captured 2026-11-28 from Chromium 156.0.8078.108 (Debian), three
	consecutive connections on Debian 12 x86-64
	(tests/data/hello/chromium-156-1.hex, -2.hex,
	-3.hex, tests/data/hello/decoded/chromium_30.json .. chromium_33.json)
note = BoringSSL as Chrome configures it: GREASE (RFC 8701) in suites,
	groups, versions, signature algorithms, key shares and two
	extensions; a new extension order per connection; X25519MLKEM768 and
	x25519 key shares; ML-DSA signature algorithms; ALPS for h2
	(application_settings 0x44cd); brotli certificate compression;
	GREASE ECH with a payload of 144, 176, 208 or 240 bytes;
	trust_anchors. TLS 1.2 and 1.3 only.
	Certificate decision: measured with chromium 156 headless by the
	trust lab (tests/data/trust/FACTS.md): it fetched a missing
	intermediate from the AIA URL (the server logged the GET),
	refused CN-only and IP-only-SAN certificates by name (no CN
	fallback), a wildcard one level too deep and EKU clientAuth
	only, and took a 38.5 KB Certificate message; its Chrome Root
	Store is compiled into the binary, so NSS's built-in roots
	(data/trust/nss.pem) stand for it.
