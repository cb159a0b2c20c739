# gnutls-cli 3.7.9 from Debian 12: gnutls-cli -p PORT NAME (with or without
# --priority NORMAL: the same bytes).
# Format: docs/PROFILES.md.

id = gnutls-3.7
name = gnutls-cli 3.7 (Debian 12, priority NORMAL)
family = gnutls
runtime = gnutls-cli 3.7.9
library = GnuTLS 3.7.9 (Debian 12)
platform = Debian 12 x86-64, GnuTLS priority NORMAL
default = no

# --- the ClientHello, as captured ---
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1

# GnuTLS NORMAL: TLS 1.3 with AES-128-CCM, then ECDHE-ECDSA, ECDHE-RSA,
# RSA key exchange and DHE-RSA blocks. No SCSV: renegotiation_info is sent.
suites = TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256
	TLS_AES_128_CCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_AES_256_CCM
	TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_128_CCM
	TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_RSA_WITH_AES_256_CCM
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_AES_128_CCM
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA

groups = secp256r1 secp384r1 secp521r1 x25519 x448 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = secp256r1 x25519
sigalgs = rsa_pkcs1_sha256 rsa_pss_pss_sha256 rsa_pss_rsae_sha256
	ecdsa_secp256r1_sha256 ed25519 rsa_pkcs1_sha384 rsa_pss_pss_sha384
	rsa_pss_rsae_sha384 ecdsa_secp384r1_sha384 ed448 rsa_pkcs1_sha512
	rsa_pss_pss_sha512 rsa_pss_rsae_sha512 ecdsa_secp521r1_sha512
	rsa_pkcs1_sha1 ecdsa_sha1
# GnuTLS order: server_name late, record_size_limit last, no padding.
extensions = status_request supported_groups ec_point_formats
	signature_algorithms encrypt_then_mac extended_master_secret session_ticket
	key_share supported_versions renegotiation_info server_name
	psk_key_exchange_modes record_size_limit
alpn =
sni = hostname

# Byte-level details.
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed
psk_modes = psk_dhe_ke psk_ke
record_size_limit = 16385
padding = none
grease = no

# --- the policy applied to the answer ---
# GnuTLS NORMAL accepts RSA-1024 and DH-1024 and refuses SHA-1-signed
# certificates (observed); level 1 is the closest OpenSSL level.
security_level = 1
verify_peer = yes
check_hostname = yes
min_rsa_bits = 0
min_dh_bits = 0
# GnuTLS completes TLS 1.0/1.1 ECDHE handshakes signed with MD5+SHA-1,
# which OpenSSL 3.0 refuses from level 1 (observed: tests/e2e/fidelity.sh,
# server tls10-11), and refuses SHA-1-signed certificates (observed,
# server sha1-leaf; SHA-1 left the secure set for certificate
# verification, gnutls/gnutls issue #173).
legacy_signatures = yes
sha1_certificates = no


# --- the certificate decision (issue #14, docs/PROFILES.md) ---
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 0

source = captured 2026-11-28 from gnutls-cli 3.7.9 (Debian) on Debian 12
	x86-64 (tests/data/hello/gnutls-3.7.hex,
	tests/data/hello/decoded/gnutls-cli_NORMAL_12.json); re-checked 2026-11-28 on
	this machine: a loopback capture of gnutls-cli -p PORT
	--sni-hostname NAME 127.0.0.1 matched this profile byte for byte
	outside the random, session id and key shares
note = GnuTLS NORMAL priority: TLS 1.0 to 1.3, AES-128-CCM in TLS 1.3, RSA
	key exchange with CCM, SHA-1 signature algorithms, two key shares
	(secp256r1, x25519), psk_ke and psk_dhe_ke, record_size_limit 16385.
	gnutls-cli completes TLS 1.0/1.1 ECDHE handshakes that OpenSSL 3.0
	refuses, and stops on a certificate it cannot verify. Fedora/RHEL
	crypto-policies replace NORMAL through @SYSTEM.
	Certificate decision: gnuTLS reads the CN only without any SAN
	(an IP-only-SAN certificate is refused by name) and gnutls-cli
	asks for the server purpose (EKU clientAuth only refused)
	(measured by the trust lab (tests/data/trust/FACTS.md)).
