# Go 1.19.8: http.Get("https://NAME:PORT/") with the default net/http client.
# Format: docs/PROFILES.md.

id = go-1.19
name = Go 1.19 (net/http client, crypto/tls)
family = go
runtime = Go 1.19.8 (Debian golang-1.19)
library = Go crypto/tls 1.19
platform = Debian 12 x86-64 with AES-NI (AES-GCM suites first)
default = no

# --- the ClientHello, as captured ---
# The client minimum has been TLS 1.2 since Go 1.18.
versions = TLSv1.3 TLSv1.2

# Go lists its TLS 1.2 suites first and the TLS 1.3 suites last; with AES
# hardware AES-GCM comes first (cipherSuitesPreferenceOrder), without it
# ChaCha20. No DHE, 3DES still offered (ECDHE-RSA and RSA).
suites = TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
	TLS_RSA_WITH_3DES_EDE_CBC_SHA
	TLS_AES_128_GCM_SHA256
	TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256

groups = x25519 secp256r1 secp384r1 secp521r1
key_shares = x25519
sigalgs = rsa_pss_rsae_sha256 ecdsa_secp256r1_sha256 ed25519
	rsa_pss_rsae_sha384 rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384
	rsa_pkcs1_sha512 ecdsa_secp384r1_sha384 ecdsa_secp521r1_sha512
	rsa_pkcs1_sha1 ecdsa_sha1
# Go order; net/http adds ALPN h2, http/1.1. No session_ticket without a
# session cache, no extended_master_secret before Go 1.21.
extensions = server_name status_request supported_groups ec_point_formats
	signature_algorithms renegotiation_info
	application_layer_protocol_negotiation signed_certificate_timestamp
	supported_versions key_share
alpn = h2 http/1.1
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed
padding = none
grease = no

# --- the policy applied to the answer ---
# Go has no DHE and no RSA floor before Go 1.24; it refuses SHA-1 certificate
# signatures since 1.18. Level 1 is the closest OpenSSL level (it differs only
# for RSA keys under 1024 bits).
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
max_cert_message = 65536

source = captured 2026-11-28 from Go 1.19.8 (Debian golang-1.19), net/http on
	Debian 12 x86-64 (tests/data/hello/go-1.19.hex,
	tests/data/hello/decoded/go1.19_39.json)
note = Go's crypto/tls fixes its own suite order (defaults.go) and does not
	use the system TLS library: 16 TLS 1.2 suites including RSA key
	exchange and 3DES (dropped in Go 1.22 and 1.23), groups x25519,
	P-256, P-384, P-521, one x25519 share, SHA-1 signature algorithms.
	net/http asks for h2 and http/1.1.
	Certificate decision: the CN is never read (CN-only and
	IP-only-SAN certificates refused) and
	/etc/ssl/certs/ca-certificates.crt is its store (measured by the
	trust lab (tests/data/trust/FACTS.md)); handshake messages up to
	maxHandshake 65536 (documented, crypto/tls/common.go of Go 1.19
	here).
