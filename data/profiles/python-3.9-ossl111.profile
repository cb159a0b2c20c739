# The incident's working client: Python 3.9 with urllib3 1.26 (requests) on
# OpenSSL 1.1.1, the 43-suite ClientHello of the incident write-up.
# Format: docs/PROFILES.md.

id = python-3.9-ossl111
name = Python 3.9 + urllib3 1.26 on OpenSSL 1.1.1 (the incident's 43-suite hello)
family = python
runtime = CPython 3.9.2, urllib3 1.26 (requests)
library = OpenSSL 1.1.1 (upstream build, not Debian's)
platform = OpenSSL 1.1.1 at its upstream default level 1 (e.g. the python.org Windows installer, which bundles 1.1.1i)
default = no

# --- the ClientHello ---
# Python 3.9 sets no minimum and OpenSSL 1.1.1 still offers TLS 1.0 and 1.1.
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1

# The write-up's 43 suites, in its order: 3 TLS 1.3, urllib3 1.26's
# DEFAULT_CIPHERS expanded by OpenSSL (39, RSA key exchange and CCM included),
# then the SCSV.
suites = TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_RSA_WITH_AES_256_CCM_8
	TLS_DHE_RSA_WITH_AES_256_CCM
	TLS_DHE_RSA_WITH_AES_128_CCM_8
	TLS_DHE_RSA_WITH_AES_128_CCM
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_CCM_8
	TLS_RSA_WITH_AES_256_CCM
	TLS_RSA_WITH_AES_128_CCM_8
	TLS_RSA_WITH_AES_128_CCM
	TLS_RSA_WITH_AES_256_CBC_SHA256
	TLS_RSA_WITH_AES_128_CBC_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV

# OpenSSL 1.1.1: no FFDHE groups, SHA-1 signature schemes at level 1.
groups = x25519 secp256r1 x448 secp521r1 secp384r1
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha224 ecdsa_sha1 rsa_pkcs1_sha224 rsa_pkcs1_sha1 dsa_sha224 dsa_sha1
	dsa_sha256 dsa_sha384 dsa_sha512
# OpenSSL's order as captured from urllib3 1.26 on 3.0 (same table in 1.1.1):
# ALPN http/1.1, no session_ticket (OP_NO_TICKET), post_handshake_auth,
# padding (OP_ALL includes SSL_OP_TLSEXT_PADDING).
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
# Upstream OpenSSL 1.1.1 level 1: RSA and DH from 1024 bits, SHA-1 signed
# certificates still accepted (unlike 3.0).
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 0
min_dh_bits = 0


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = certifi
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-san
wildcards = partial
ip_names = san-or-cn
eku_check = server-auth
max_cert_message = 102400

source = documented: the incident write-up (README.md, "The incident it was built for"; the
	write-up, December 2023: the 43 suites of Python 3.9.2, read 2026-11-28);
	order confirmed by tests/data/hello/decoded/emu_urllib3_126_node16_42.json
	(urllib3 1.26 DEFAULT_CIPHERS on OpenSSL 1.1.1v, emulated) and by a
	loopback capture made 2026-11-28 of urllib3 1.26.12 (Debian
	python3-urllib3) under CPython 3.11.7 on OpenSSL 3.0, whose 43
	suites are the same list; extensions from that capture; groups and
	signature algorithms from OpenSSL 1.1.1 (docs/client-defaults.md §1.1)
note = The write-up's Python 3.9.2 sent 43 suites. That is not the ssl
	module's own default on 1.1.1 (31: DEFAULT's 27 TLS 1.2 suites), but
	urllib3 1.26's DEFAULT_CIPHERS (ECDHE+AESGCM:...:RSA+AESGCM:RSA+AES:
	!aNULL:!eNULL:!MD5:!DSS), which it always applies: the API SDK went
	through requests/urllib3 1.26. Backend B (AES256-SHA, AES128-SHA only)
	picks TLS_RSA_WITH_AES_256_CBC_SHA. Uncertain: the OS and exact 1.1.1
	build of that machine (the write-up does not say; a Debian 11 build
	would add MinProtocol TLSv1.2 and SECLEVEL=2 from openssl.cnf), and
	the byte-level extension list, taken from the 3.0 capture.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) requests
	with urllib3 1.26: names as urllib3 1.26 (measured by the trust
	lab (tests/data/trust/FACTS.md)); pip's certifi (Mozilla's list)
	rather than the system store (documented, certifi README;
	Debian's own certifi is the system bundle).
