# rustls with its default provider (ring), e.g. through ureq or reqwest's
# rustls-tls feature, with webpki verification.
# Format: docs/PROFILES.md.

id = rustls
name = rustls (ring provider, webpki)
family = rustls
runtime = rustls 0.21-0.23 (e.g. ureq 2.x)
library = rustls + ring, webpki
platform = any OS; webpki-roots or the platform verifier
default = no

# --- the ClientHello ---
versions = TLSv1.3 TLSv1.2

# DEFAULT_CIPHER_SUITES: 3 TLS 1.3 and 6 ECDHE AEAD suites, then the SCSV.
suites = TLS_AES_256_GCM_SHA384
	TLS_AES_128_GCM_SHA256
	TLS_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV

groups = x25519 secp256r1 secp384r1
key_shares = x25519
sigalgs = ecdsa_secp384r1_sha384 ecdsa_secp256r1_sha256 ed25519
	rsa_pss_rsae_sha512 rsa_pss_rsae_sha384 rsa_pss_rsae_sha256
	rsa_pkcs1_sha512 rsa_pkcs1_sha384 rsa_pkcs1_sha256
extensions = supported_versions ec_point_formats server_name
	signature_algorithms extended_master_secret supported_groups
	session_ticket key_share psk_key_exchange_modes
alpn =
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
# webpki rejects RSA keys under 2048 bits and SHA-1 signatures; rustls has
# no DHE and no CBC: level 2 is the closest OpenSSL level.
security_level = 2
verify_peer = yes
check_hostname = yes
min_rsa_bits = 2048
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
max_cert_message = 65535

source = documented: rgl/tls-dump-clienthello example-clients-output-
	windows-server-2019-1809.md@10b1455d ('Rust 1.61.0', ureq
	2.4.0: suites with the SCSV, groups x25519 secp256r1 secp384r1,
	point format uncompressed), and docs/client-defaults.md §11
	(DEFAULT_CIPHER_SUITES, providers, webpki limits), read
	2026-11-28; signature algorithm and extension order are [R]
note = rustls offers only TLS 1.3 and ECDHE AEAD suites in TLS 1.2: no
	RSA key exchange, no CBC, no DHE, so AES256-SHA-only, CBC-only
	and DHE-only servers all fail. webpki refuses RSA keys under 2048
	bits. Uncertain: the aws-lc-rs provider (default since 0.23) adds
	X25519MLKEM768 (last, or first in later 0.23.x releases), which
	this ring profile does not send; signature algorithm and
	extension order are not verified.
	Certificate decision: documented: webpki never reads the CN and
	webpki-roots is Mozilla's list (data/trust/nss.pem stands for
	it); handshake messages up to 0xffff bytes.
