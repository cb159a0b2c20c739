# Go 1.22: http.Get("https://NAME:PORT/") with the default net/http client.
# Format: docs/PROFILES.md.

id = go-1.22
name = Go 1.22 (net/http client, crypto/tls)
family = go
runtime = Go 1.22
library = Go crypto/tls 1.22
platform = x86-64 with AES-NI (AES-GCM suites first)
default = no

# --- the ClientHello ---
versions = TLSv1.3 TLSv1.2

# Go 1.22: no TLS_RSA_* suites (golang/go#63413); ECDHE-RSA-3DES stays.
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
	TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
	TLS_AES_128_GCM_SHA256
	TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256

groups = x25519 secp256r1 secp384r1 secp521r1
key_shares = x25519
sigalgs = rsa_pss_rsae_sha256 ecdsa_secp256r1_sha256 ed25519
	rsa_pss_rsae_sha384 rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384
	rsa_pkcs1_sha512 ecdsa_secp384r1_sha384 ecdsa_secp521r1_sha512
	rsa_pkcs1_sha1 ecdsa_sha1
# Go's marshal order (handshake_messages.go): extended_master_secret since
# Go 1.21, between renegotiation_info and ALPN. No session_ticket and no
# psk_key_exchange_modes without a session cache.
extensions = server_name status_request supported_groups ec_point_formats
	signature_algorithms renegotiation_info extended_master_secret
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
# Go has no DHE and no RSA floor before Go 1.24; it refuses SHA-1
# certificate signatures since 1.18. Level 1 is the closest OpenSSL level.
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

source = documented: golang/go commit 67d555e "crypto/tls: remove RSA
	KEX ciphers from the default list" (issue #63413, tlsrsakex
	GODEBUG), read 2026-11-28; golang/go doc/godebug.md "GODEBUG
	History" and src/crypto/tls/defaults.go as summarised in
	docs/client-defaults.md §5, read 2026-11-28; extension order from
	the Go crypto/tls clientHelloMsg marshal code (Go source listing:
	extended_master_secret after renegotiation_info); everything
	else from the Go 1.19.8 capture (data/profiles/go-1.19.profile)
note = Go 1.22 drops RSA key exchange from the defaults (tlsrsakex=1
	brings it back): 11 TLS 1.2 suites, all ECDHE, still ECDHE-
	RSA-3DES. So a server with only AES256-SHA/AES128-SHA fails, as
	for Python 3.10+. Uncertain: not captured; the suite order is Go
	1.19's with the TLS_RSA_* entries removed.
	Certificate decision: as Go 1.19, measured (measured by the
	trust lab (tests/data/trust/FACTS.md)): the CN is never read
	since Go 1.15; the size limit of Go 1.21+ is not measured here.
