# requests < 2.30 / urllib3 1.26: HTTPSConnectionPool with its own
# create_urllib3_context(), on Python 3.11 and Debian 12's OpenSSL 3.0.
# Format: docs/PROFILES.md.

id = urllib3-1.26
name = urllib3 1.26 / requests < 2.30 (Python 3.11, Debian 12)
family = python
runtime = urllib3 1.26.12 (Debian python3-urllib3 1.26.12-1+deb12u4) on CPython 3.11.7
library = OpenSSL 3.0.19 (Debian 12 libssl3)
platform = Debian 12 x86-64, system OpenSSL, security level 2
default = no

# --- the ClientHello, as captured ---
# urllib3 1.26 makes its context with PROTOCOL_TLS and sets no minimum;
# Python 3.10+ sets TLS 1.2 only for PROTOCOL_TLS_CLIENT. Measured
# 2026-12-06 with Debian's /usr/bin/python3 (3.11.2) and python3-urllib3:
# supported_versions offers TLS 1.3 to 1.0, and against a TLS 1.0/1.1-only
# server it fails on the MD5+SHA-1 signature (legacy sigalg disallowed),
# not on the version (tests/e2e/fidelity.sh, tls10-11).
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1

# DEFAULT_CIPHERS, always applied with set_ciphers(): 39 TLS 1.2 suites
# with RSA key exchange, CBC-SHA1, DHE and CCM/CCM_8.
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

groups = x25519 secp256r1 x448 secp521r1 secp384r1 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256 rsa_pss_pss_sha384
	rsa_pss_pss_sha512 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384
	rsa_pss_rsae_sha512 rsa_pkcs1_sha256 rsa_pkcs1_sha384 rsa_pkcs1_sha512
	ecdsa_sha224 rsa_pkcs1_sha224 dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512
# OP_NO_TICKET drops session_ticket; post_handshake_auth = True adds it;
# ALPN http/1.1 (ALPN_PROTOCOLS).
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
# set_ciphers() without @SECLEVEL leaves Debian's level 2 (the context
# reports security_level 2); urllib3 checks the host name itself.
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
cn_fallback = no-san
wildcards = partial
ip_names = san-or-cn
eku_check = server-auth
max_cert_message = 102400

source = captured 2026-11-28 on this machine: urllib3 1.26.12 (files of Debian's
	python3-urllib3 1.26.12-1+deb12u4) under pyenv CPython 3.11.7 on
	Debian 12's OpenSSL 3.0, HTTPSConnectionPool("127.0.0.1", PORT,
	server_hostname="api.example.test").request("GET", "/") against a
	loopback capture server: 517 bytes, 43 suites, 12 extensions
	(decoded by hand; capture kept in the helper's build directory
	only); matches tests/data/hello/decoded/urllib3_126_py311_ossl30_41.json
	(emulated) except for post_handshake_auth, which the emulation lacked;
	re-captured 2026-12-06 with tlsmatrix --capture from Debian's
	/usr/bin/python3 3.11.2 and python3-urllib3 1.26.12
	(tests/lab/clients/urllib3_client.py): the same JA3 and JA4, with
	supported_versions TLS 1.3 to TLS 1.0
note = urllib3 1.26 (src/urllib3/util/ssl_.py): set_ciphers(ciphers or
	DEFAULT_CIPHERS), options OP_NO_SSLv2/SSLv3/COMPRESSION/TICKET,
	post_handshake_auth, ALPN http/1.1. Unlike bare Python 3.10+, it
	still offers RSA key exchange, so a server with only AES256-SHA
	works, and TLS 1.0/1.1 (which level 2 then refuses for the MD5+SHA-1
	ServerKeyExchange signature). Verification
	uses certifi's bundle under requests (not modelled). Same 43 suites
	as the incident's Python 3.9.2 (see python-3.9-ossl111).
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) urllib3
	1.26 checks names with its own match_hostname (IP SANs count: an
	IP-only-SAN certificate is refused by name) and
	load_default_certs reads the system store (measured by the trust
	lab (tests/data/trust/FACTS.md)); partial wildcards and IP
	literals against the CN as in that code (documented,
	urllib3/util/ssl_match_hostname.py).
