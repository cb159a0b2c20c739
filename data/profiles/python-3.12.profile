# Python 3.12 ssl.create_default_context() as installed on this machine:
# a pyenv build of CPython 3.12.1 linked to Debian 12's OpenSSL 3.0.
# Format: docs/PROFILES.md.

id = python-3.12
name = Python 3.12 (ssl.create_default_context, Debian 12)
family = python
runtime = CPython 3.12.1
library = OpenSSL 3.0.19 (Debian 12 libssl3)
platform = Debian 12 x86-64, pyenv build on the system OpenSSL, security level 2
default = yes

# --- the ClientHello, as captured ---
# Python 3.10+ sets minimum_version = TLSv1_2 (bpo-43998).
versions = TLSv1.3 TLSv1.2

# 3 TLS 1.3 suites, 14 TLS 1.2 suites, the SCSV. No RSA key exchange
# (TLS_RSA_*) and no SHA-1 MAC (*_CBC_SHA).
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
# OpenSSL 3.0's order; the ssl module adds padding (RFC 7685) and no ALPN.
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
padding = f5		# pad a 256..511-byte hello to 512 (RFC 7685)
grease = no

# --- the policy applied to the answer ---
# Set by Python itself (@SECLEVEL=2 in its cipher string).
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

source = captured 2026-11-28 from CPython 3.12.1 linked to Debian 12's
	OpenSSL 3.0 on Debian 12 x86-64
	(tests/data/hello/python-3.12.hex,
	tests/data/hello/decoded/py3.12.1_7.json); re-checked 2026-11-28 on this
	machine: a loopback capture of
	ssl.create_default_context().wrap_socket(server_hostname=...)
	matched this profile byte for byte outside the random, session id
	and key shares, and the context reports verify_mode CERT_REQUIRED,
	check_hostname True, minimum_version TLSv1_2, security_level 2
note = Python 3.10+ drops suites without forward secrecy and SHA-1 MACs and
	requires TLS 1.2 (bpo-43998, GH-25778): its cipher string is
	@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM,
	so a server that offers only RSA key exchange (AES256-SHA,
	AES128-SHA) fails with handshake_failure where Python 3.9 succeeds.
	Certificate decision: max_cert_message is OpenSSL's default
	max_cert_list (SSL_MAX_CERT_LIST_DEFAULT, 100 KiB; documented,
	ssl/ssl_local.h); a 38,522-byte Certificate message passed
	(measured by the trust lab (tests/data/trust/FACTS.md))
	OpenSSL's X509_check_host: the CN counts only without a DNS SAN
	(an IP-only-SAN certificate passes by name), EKU clientAuth only
	is refused, the roots are the system store's (measured by the
	trust lab (tests/data/trust/FACTS.md)).
