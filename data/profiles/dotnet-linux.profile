# .NET 5+ HttpClient / SslStream on Linux: the system OpenSSL with .NET's own
# default cipher list (no CipherString in openssl.cnf, as on Debian 12).
# Format: docs/PROFILES.md.

id = dotnet-linux
name = .NET on Linux (HttpClient/SslStream, system OpenSSL 3.0)
family = dotnet
runtime = .NET 5 or later (e.g. .NET 8)
library = OpenSSL 3.0 (system libssl, Debian 12)
platform = Linux; .NET's cipher list; level 2 from the distribution build
default = no

# --- the ClientHello ---
# No TLS 1.0/1.1 suite is left, so only 1.3 and 1.2 are usable.
versions = TLSv1.3 TLSv1.2

# OpenSSL's TLS 1.3 suites, then .NET's 8 TLS 1.2 suites in its order: ECDHE
# with AES-GCM or AES-CBC-SHA256/384 only.
suites = TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV

groups = x25519 secp256r1 x448 secp521r1 secp384r1 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512
# OpenSSL 3.0's order with ALPN after supported_groups, as for curl.
extensions = server_name ec_point_formats supported_groups
	application_layer_protocol_negotiation session_ticket encrypt_then_mac
	extended_master_secret signature_algorithms supported_versions
	psk_key_exchange_modes key_share
alpn = http/1.1
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
security_level = 2
verify_peer = yes
check_hostname = yes
min_rsa_bits = 2048
min_dh_bits = 2048


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = yes
chain_order = any
cn_fallback = no-dns-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = documented: dotnet/docs issue #20842 "Breaking change: New default
	TLS CipherSuites for .NET on Linux" (.NET 5.0 RC1) and dotnet/runtime
	PR #39633, via docs/client-defaults.md §7, read 2026-11-28; failures on
	SECLEVEL=2 distributions: dotnet/runtime #64886, #62607
note = .NET on Linux uses openssl.cnf's CipherString if one is set, else its
	own list: 8 ECDHE TLS 1.2 suites, no RSA key exchange, no CBC-SHA1,
	no DHE, so an AES256-SHA-only or DHE-only server fails. Groups,
	signature algorithms and level come from the system OpenSSL (Debian
	12: 3.0 at level 2). Uncertain: ALPN (http/1.1 for an HTTP/1.1
	request, h2 added when HTTP/2 is allowed), whether session_ticket and
	padding are sent, and the 1.3 suite order; the extension order is
	OpenSSL 3.0's, not captured from .NET.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md))
	documented: X509Chain on Linux downloads missing intermediates
	from AIA (http), over the system store.
