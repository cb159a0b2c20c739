# Go 1.19.8: tls.Dial("tcp", "NAME:PORT", nil).
# Format: docs/PROFILES.md.

id = go-1.19-tls
name = Go 1.19 (tls.Dial, crypto/tls, no ALPN)
family = go
runtime = Go 1.19.8 (Debian golang-1.19)
library = Go crypto/tls 1.19
platform = Debian 12 x86-64 with AES-NI (AES-GCM suites first)
default = no

# --- the ClientHello, as captured ---
# The client minimum has been TLS 1.2 since Go 1.18.
versions = TLSv1.3 TLSv1.2

# As go-1.19: TLS 1.2 suites first, TLS 1.3 suites last.
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
# As go-1.19 without ALPN.
extensions = server_name status_request supported_groups ec_point_formats
	signature_algorithms renegotiation_info signed_certificate_timestamp
	supported_versions key_share
alpn =
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
# As go-1.19.
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

source = captured 2026-11-28 from Go 1.19.8 (Debian golang-1.19), tls.Dial on
	Debian 12 x86-64
	(tests/data/hello/go-1.19-tls.hex,
	tests/data/hello/decoded/go1.19_40.json)
note = crypto/tls with a nil Config: the go-1.19 hello without the ALPN
	extension.
	Certificate decision: the CN is never read (CN-only and
	IP-only-SAN certificates refused) and
	/etc/ssl/certs/ca-certificates.crt is its store (measured by the
	trust lab (tests/data/trust/FACTS.md)); handshake messages up to
	maxHandshake 65536 (documented, crypto/tls/common.go of Go 1.19
	here).
