# Perl IO::Socket::SSL 2.081 (Net::SSLeay, Debian 12): the hello
# captured with tlsmatrix --capture, the policy
# inferred by it from the nearest shipped profile (profile_match.c).
# Format: docs/PROFILES.md.

id = perl-io-socket-ssl
name = Perl IO::Socket::SSL 2.081 (Net::SSLeay, Debian 12)
family = perl
runtime = Perl 5.36 with IO::Socket::SSL 2.081 (Debian
	libio-socket-ssl-perl) and Net::SSLeay 1.92
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
	session_ticket status_request encrypt_then_mac extended_master_secret
	signature_algorithms supported_versions psk_key_exchange_modes
	key_share padding
sni = hostname
record_version = TLSv1
legacy_version = TLSv1.2
session_id_len = 32
compression = null
ec_point_formats = uncompressed ansiX962_compressed_prime
	ansiX962_compressed_char2
psk_modes = psk_dhe_ke
padding = f5
grease = no
shuffle_extensions = no
ext_data = status_request:0100000000

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
# 100 KB limit on the Certificate message. IO::Socket::SSL's default
# verify scheme reads the CN beside the DNS SANs (a leaf whose SAN does
# not name the host but whose CN does was accepted).
trust_store = system
trusted_first = yes
aia_fetch = no
chain_order = any
cn_fallback = always
wildcards = label
ip_names = san
eku_check = server-auth
max_cert_message = 102400

source = captured 2026-12-06 on Debian 12 x86-64 from IO::Socket::SSL->new with SSL_ca_file, SSL_hostname and SSL_verifycn_name (tests/lab/clients/perl_client.pl) against a
	loopback capture server, name api.example.test: 517 bytes
	(tests/data/hello/perl-io-socket-ssl.hex); the profile written by tlsmatrix
	--capture from that hello; the policy checked against the real client
	in tests/e2e/fidelity.sh
note = IO::Socket::SSL's client defaults
	(/usr/share/perl5/IO/Socket/SSL.pm, %DEFAULT_SSL_ARGS): SSL_cipher_list
	'DEFAULT !EXP !MEDIUM !LOW !eNULL !aNULL !RC4 !DES !MD5 !PSK !SRP',
	which on Debian's OpenSSL 3.0 leaves the same 30 suites as OpenSSL's
	default, and SSL_version 'SSLv23:!SSLv3:!SSLv2', which offers TLS 1.0 to
	1.3 over Debian's MinProtocol TLSv1.2; it asks for OCSP
	(status_request); SSL_verify_mode VERIFY_PEER. Library inferred from the
	hello: OpenSSL 3.0.19 (Debian 12 libssl3), certain: the nearest shipped
	profile is python-3.7 at similarity 99%; the nearest with another policy
	is openssl-1.1.1 (OpenSSL 1.1.1v (upstream, as bundled by Node.js 16),
	level 1) at 88%. From python-3.7: security_level 2, min_rsa_bits 2048,
	min_dh_bits 2048, sha1_certificates no, legacy_signatures no. As most of
	the 13 profiles of that library: verify_peer yes (12 of 13),
	check_hostname yes (12 of 13), strict_x509 no (1 of 13).
	Certificate decision: measured against the real client in the trust
	lab (tests/e2e/trust_lab.sh, tests/data/trust/FACTS.md); see the
	keys above.
