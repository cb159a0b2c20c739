# Ruby 3.1 (Net::HTTP, openssl gem 3.0, Debian 12): the hello captured
# with tlsmatrix --capture, the policy
# inferred by it from the nearest shipped profile (profile_match.c).
# Format: docs/PROFILES.md.

id = ruby-3.1
name = Ruby 3.1 (Net::HTTP, openssl gem 3.0, Debian 12)
family = ruby
runtime = Ruby 3.1.2p20 (Debian ruby3.1)
library = OpenSSL 3.0.19 (Debian 12 libssl3)
platform = Debian 12 x86-64, system OpenSSL, security level 2
default = no

# --- the ClientHello ---
versions = TLSv1.3 TLSv1.2 TLSv1.1 TLSv1
suites = TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256
	TLS_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384 TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV
groups = x25519 secp256r1 x448 secp521r1 secp384r1 ffdhe2048 ffdhe3072
	ffdhe4096 ffdhe6144 ffdhe8192
key_shares = x25519
sigalgs = ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384
	ecdsa_secp521r1_sha512 ed25519 ed448 rsa_pss_pss_sha256
	rsa_pss_pss_sha384 rsa_pss_pss_sha512 rsa_pss_rsae_sha256
	rsa_pss_rsae_sha384 rsa_pss_rsae_sha512 rsa_pkcs1_sha256
	rsa_pkcs1_sha384 rsa_pkcs1_sha512 ecdsa_sha224 rsa_pkcs1_sha224
	dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512
extensions = server_name ec_point_formats supported_groups
	session_ticket encrypt_then_mac extended_master_secret
	post_handshake_auth signature_algorithms supported_versions
	psk_key_exchange_modes key_share padding
sni = hostname
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 0
compression = null
ec_point_formats = uncompressed ansiX962_compressed_prime
	ansiX962_compressed_char2
psk_modes = psk_dhe_ke
padding = f5
grease = no
shuffle_extensions = no

# --- the policy applied to the answer ---
security_level = 2
verify_peer = yes
check_hostname = yes
min_rsa_bits = 2048
min_dh_bits = 2048
strict_x509 = no
sha1_certificates = no
legacy_signatures = no

# --- the certificate decision (issue #14, docs/PROFILES.md) ---
# Measured in the trust lab (tests/e2e/trust_lab.sh, tests/data/trust/
# FACTS.md): the system store, no AIA fetching, EKU checked, OpenSSL's
# 100 KB limit on the Certificate message. Ruby's
# verify_certificate_identity reads the CN only without any SAN (an IP-
# only SAN reached by name is refused).
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = no-san
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = captured 2026-12-06 on Debian 12 x86-64 from Net::HTTP with use_ssl and ca_file (tests/lab/clients/ruby_client.rb) against a
	loopback capture server, name api.example.test: 517 bytes
	(tests/data/hello/ruby-3.1.hex); the profile written by tlsmatrix
	--capture from that hello; the policy checked against the real client
	in tests/e2e/fidelity.sh
note = Ruby's SSLContext#set_params (DEFAULT_PARAMS in
	/usr/lib/ruby/3.1.0/openssl/ssl.rb) sets min_version TLS 1.0 over
	Debian's MinProtocol TLSv1.2 and sets no cipher list with OpenSSL 1.1.0
	and later (OpenSSL's default: the 30 suites of s_client); it sends no
	legacy session id; VERIFY_PEER and verify_hostname. Library inferred
	from the hello: OpenSSL 3.0.19 (Debian 12 libssl3), certain: the nearest
	shipped profile is python-3.7 at similarity 99%; the nearest with
	another policy is openssl-1.1.1 (OpenSSL 1.1.1v (upstream, as bundled by
	Node.js 16), level 1) at 88%. From python-3.7: security_level 2,
	min_rsa_bits 2048, min_dh_bits 2048, sha1_certificates no,
	legacy_signatures no. As most of the 13 profiles of that library:
	verify_peer yes (12 of 13), check_hostname yes (12 of 13), strict_x509
	no (1 of 13).
	Certificate decision: measured against the real client in the trust
	lab (tests/e2e/trust_lab.sh, tests/data/trust/FACTS.md); see the
	keys above.
