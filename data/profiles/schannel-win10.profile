# Windows 10 SChannel (1903 to 22H2): the SChannel default cipher suite order as a .NET or other
# SCH_USE_STRONG_CRYPTO application sends it.
# Format: docs/PROFILES.md.

id = schannel-win10
name = Windows 10 SChannel (1903 to 22H2)
family = schannel
runtime = Windows 10 1903-22H2 (.NET / .NET Framework / WinHTTP clients)
library = Microsoft SChannel
platform = Windows 10 1903-22H2, default cipher suite order, SCH_USE_STRONG_CRYPTO
default = no

# --- the ClientHello ---
versions = TLSv1.2 TLSv1.1 TLSv1

suites = TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA256
	TLS_RSA_WITH_AES_128_CBC_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_3DES_EDE_CBC_SHA

groups = x25519 secp256r1 secp384r1
sigalgs = rsa_pss_rsae_sha256 rsa_pss_rsae_sha384 rsa_pss_rsae_sha512
	rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha1 ecdsa_secp256r1_sha256
	ecdsa_secp384r1_sha384 ecdsa_sha1 dsa_sha1 rsa_pkcs1_sha512
	ecdsa_secp521r1_sha512
extensions = server_name supported_groups ec_point_formats
	signature_algorithms session_ticket extended_master_secret
	renegotiation_info
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
# SChannel accepts RSA and DH keys from 1024 bits by default: level 1 is the
# closest OpenSSL level.
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 1024
min_dh_bits = 1024


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = yes
chain_order = any
cn_fallback = no-dns-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 0

source = documented: MicrosoftDocs/win32 desktop-src/SecAuthN/tls-
	cipher-suites-in-windows-10-v1903.md@12241390 (default enabled
	suites in priority order, 'Allowed by SCH_USE_STRONG_CRYPTO'
	column), read 2026-11-28; the same 21-suite order as 1809;
	later Windows 10 releases assumed unchanged (docs/client-defaults.md
	§7)
note = No TLS 1.3 by default on Windows 10. Same order as Server 2019;
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 is marked not allowed under
	SCH_USE_STRONG_CRYPTO in the 1903 table but was observed on the
	wire from .NET on 1809, so it is kept. Uncertain ([R]): the
	signature algorithm list, the extension order, the TLS 1.3 key
	share and session id length are not in the Microsoft tables and
	come from memory of Windows captures, not verified; no ALPN (an
	HTTP/2 client adds h2).
	Certificate decision: documented: CryptoAPI chain building
	fetches missing issuers from AIA URLs; the Windows root store is
	the system store.
