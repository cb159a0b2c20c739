# Node.js 20.20.2 tls.connect({servername}) with its defaults.
# Format: docs/PROFILES.md.

id = node-20
name = Node.js 20 (tls.connect, bundled OpenSSL 3.0.19)
family = node
runtime = Node.js 20.20.2
library = OpenSSL 3.0.19 (bundled, static)
platform = Linux x86-64; Node's own OpenSSL, security level 1
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2

suites = TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_DHE_DSS_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM
	TLS_DHE_RSA_WITH_AES_256_CCM_8
	TLS_DHE_RSA_WITH_AES_256_CCM
	TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_DHE_DSS_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM
	TLS_DHE_RSA_WITH_AES_128_CCM_8
	TLS_DHE_RSA_WITH_AES_128_CCM
	TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256
	TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256
	TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_DHE_DSS_WITH_AES_256_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_DSS_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_DSS_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_256_CCM_8
	TLS_RSA_WITH_AES_256_CCM
	TLS_RSA_WITH_ARIA_256_GCM_SHA384
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_128_CCM_8
	TLS_RSA_WITH_AES_128_CCM
	TLS_RSA_WITH_ARIA_128_GCM_SHA256
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
extensions = server_name ec_point_formats supported_groups session_ticket
	encrypt_then_mac extended_master_secret signature_algorithms
	supported_versions psk_key_exchange_modes key_share
alpn =
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
# Node's bundled OpenSSL is built without Debian's level-2 patch: level 1,
# so RSA and DH from 1024 bits are accepted (observed).
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 0
min_dh_bits = 0


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = node-20
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-dns-san
wildcards = partial
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = captured 2026-11-28 from Node.js 20.20.2 (NodeSource Debian package)
	on Debian 12 x86-64 (tests/data/hello/node-20.hex,
	tests/data/hello/decoded/node20_16.json); re-checked 2026-11-28 on this
	machine: a loopback capture of node v20.20.2 tls.connect({host,
	port, servername}) matched this profile byte for byte outside the
	random, session id and key shares; tls.DEFAULT_MIN_VERSION TLSv1.2,
	OpenSSL 3.0.19
note = tls.connect() with defaults: tls.DEFAULT_CIPHERS
	(TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:...:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA),
	DEFAULT_MIN_VERSION TLSv1.2, ecdhCurve auto, no ALPN; verification
	against Node's bundled Mozilla CA list. Same bytes as Node 18
	(OpenSSL 3.0.19 bundled, node_shared_openssl=false). The default
	security level became 2 only with OpenSSL 3.2 in Node 24.5
	(nodejs/node commit 583b1b2).
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md)) roots
	compiled into the node binary, not the system store: a root
	added with update-ca-certificates was refused (measured by the
	trust lab (tests/data/trust/FACTS.md)); tls.checkServerIdentity
	takes the CN only without a DNS SAN (an IP-only-SAN certificate
	passed by name) and a partial wildcard in the leftmost label
	(documented, lib/tls.js).
