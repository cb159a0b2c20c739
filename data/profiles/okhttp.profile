# Android OkHttp with its default ConnectionSpec MODERN_TLS, on the platform's
# Conscrypt (BoringSSL) socket.
# Format: docs/PROFILES.md.

id = okhttp
name = Android OkHttp (MODERN_TLS, Conscrypt)
family = okhttp
runtime = OkHttp 4.x/5.x on Android
library = Conscrypt (BoringSSL) via the platform SSLSocket
platform = Android; OkHttp intersects its spec with the socket's suites
default = no

# --- the ClientHello ---
versions = TLSv1.3 TLSv1.2

# MODERN_TLS's APPROVED_CIPHER_SUITES intersected with Conscrypt's enabled
# suites (3DES is in the spec but not in BoringSSL), in the socket's order.
suites = TLS_AES_128_GCM_SHA256
	TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_CBC_SHA

groups = x25519 secp256r1 secp384r1
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 rsa_pss_rsae_sha256 rsa_pkcs1_sha256
	ecdsa_secp384r1_sha384 rsa_pss_rsae_sha384 rsa_pkcs1_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha512 rsa_pkcs1_sha1
extensions = server_name extended_master_secret renegotiation_info
	supported_groups ec_point_formats session_ticket
	application_layer_protocol_negotiation status_request
	signature_algorithms key_share psk_key_exchange_modes supported_versions
alpn = h2 http/1.1
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed
psk_modes = psk_dhe_ke
padding = none
grease = no

# --- the policy applied to the answer ---
# BoringSSL has no DHE; Android's verifier accepts RSA from 1024 bits ([R]).
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 0
min_dh_bits = 0


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = never
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 0

source = documented: square/okhttp
	okhttp/src/commonJvmAndroid/kotlin/okhttp3/ConnectionSpec.kt
	(MODERN_TLS, APPROVED_CIPHER_SUITES, 'nearly equal to Chrome
	72'), via docs/client-defaults.md §10, read 2026-11-28; suite order,
	groups, signature algorithms and extensions are BoringSSL
	client defaults ([R]), not captured from Android
note = OkHttp's default connectionSpecs are [MODERN_TLS, CLEARTEXT]: TLS
	1.3 and 1.2, ECDHE AEAD, ECDHE-RSA CBC-SHA1 and RSA key exchange
	(AES-GCM and AES-CBC-SHA), no DHE. The spec is intersected with
	the platform socket, whose order wins; TLS_FALLBACK_SCSV only on
	a fallback attempt. Uncertain: Conscrypt's exact order, GREASE
	and extension list vary by Android release; the COMPATIBLE_TLS
	fallback to TLS 1.0 is OkHttp 2.x/3.x behaviour.
	Certificate decision: documented: OkHostnameVerifier reads only
	SANs; Android's system store.
