# requests >= 2.30 / urllib3 2.x: create_urllib3_context() on Python 3.12
# and Debian 12's OpenSSL 3.0.
# Format: docs/PROFILES.md.

id = urllib3-2
name = urllib3 2.x / requests >= 2.30 (Python 3.12, Debian 12)
family = python
runtime = urllib3 2.x on CPython 3.12.1
library = OpenSSL 3.0.19 (Debian 12 libssl3)
platform = Debian 12 x86-64, system OpenSSL, security level 2
default = no

# --- the ClientHello, emulated ---
# urllib3 2 sets minimum_version TLSv1_2 itself, on every Python.
versions = TLSv1.3 TLSv1.2

# No set_ciphers() unless the caller passes ciphers: Python's own list, here
# the 3.10+ string (14 TLS 1.2 suites).
suites = TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV

groups = x25519 secp256r1 x448 secp521r1 secp384r1 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512
extensions = server_name ec_point_formats supported_groups
	application_layer_protocol_negotiation encrypt_then_mac
	extended_master_secret post_handshake_auth signature_algorithms
	supported_versions psk_key_exchange_modes key_share padding
alpn = http/1.1
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed ansiX962_compressed_prime ansiX962_compressed_char2
psk_modes = psk_dhe_ke
padding = f5
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
aia_fetch = no
chain_order = any
cn_fallback = never
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = emulated 2026-11-28 on this machine: pyenv CPython 3.12.1 on Debian 12's
	OpenSSL 3.0 with the settings of urllib3 2.x create_urllib3_context()
	and ssl_wrap_socket() (urllib3/urllib3 src/urllib3/util/ssl_.py@00b2d87b,
	read 2026-11-28): SSLContext(PROTOCOL_TLS_CLIENT), minimum_version TLSv1_2,
	OP_NO_SSLv2|SSLv3|COMPRESSION|TICKET, post_handshake_auth,
	CERT_REQUIRED, check_hostname, hostname_checks_common_name False,
	set_alpn_protocols(["http/1.1"]); a loopback capture gave 517 bytes,
	18 suites, 12 extensions (decoded by hand)
note = urllib3 2 dropped DEFAULT_CIPHERS and defers to Python's defaults, so
	on Python 3.10+ it has no RSA key exchange and fails like Python 3.12
	on an AES256-SHA-only server; on Python 3.7-3.9 the wire list is
	OpenSSL DEFAULT's 27 TLS 1.2 suites but still TLS 1.2 minimum.
	Uncertain: urllib3 2 was not installed here (no package index), the
	bytes come from the emulation above.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) urllib3
	2 sets hostname_checks_common_name = False: the CN is never read
	(documented, urllib3 2.0 changelog; not measured here).
