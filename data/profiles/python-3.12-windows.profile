# Python 3.12 ssl.create_default_context() from the python.org Windows
# installer, which bundles its own OpenSSL 3.0.
# Format: docs/PROFILES.md.

id = python-3.12-windows
name = Python 3.12 on Windows (ssl.create_default_context, bundled OpenSSL 3.0)
family = python
runtime = CPython 3.12 (python.org Windows installer)
library = OpenSSL 3.0.x bundled (3.0.11 in 3.12.0, 3.0.13 from early 2024)
platform = Windows x86-64; Python sets @SECLEVEL=2 itself; trust store: Windows ROOT and CA stores (load_default_certs)
default = no

# --- the ClientHello ---
# Python 3.10+ sets TLS 1.2 as the minimum (bpo-43998).
versions = TLSv1.3 TLSv1.2

# bpo-43998 cipher string on OpenSSL 3.0: 14 TLS 1.2 suites, all ECDHE or
# DHE, no SHA-1 MAC; the 18 suites of the incident's failing Python 3.12.0.
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
extensions = server_name ec_point_formats supported_groups session_ticket
	encrypt_then_mac extended_master_secret signature_algorithms
	supported_versions psk_key_exchange_modes key_share padding
alpn =
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
# Upstream OpenSSL 3.0 defaults to level 1, but Python's cipher string starts
# with @SECLEVEL=2, so the level is 2 on Windows too.
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
cn_fallback = no-dns-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = documented: python/cpython PR #110054 (gh-109991, Windows build
	uses OpenSSL 3.0.11, 2023-09-28) and PR #115047 (3.12 branch to
	3.0.13, 2024-02-05), read 2026-11-28; the hello bytes are those of
	data/profiles/python-3.12.profile (captured from CPython 3.12.1 on
	OpenSSL 3.0.19), since the cipher string, minimum version and
	OpenSSL 3.0 defaults are the same; the incident write-up
	(December 2023; README.md) lists the same 18 suites from Python 3.12.0 on Windows
note = Python 3.10+ (bpo-43998, GH-25778): @SECLEVEL=2:ECDH+AESGCM:
	ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM and
	TLS 1.2 minimum, on any OpenSSL. No RSA key exchange, so a server
	with only AES256-SHA/AES128-SHA fails (the incident). Uncertain: not
	captured on Windows; the extension bytes are assumed equal to the
	Linux build of the same OpenSSL 3.0 series; later 3.12 releases
	bundle newer 3.0.x with the same defaults.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md))
	load_default_certs reads the Windows store (system); names as
	OpenSSL's X509_check_host (documented, like the Linux builds
	measured in tests/data/trust/FACTS.md).
