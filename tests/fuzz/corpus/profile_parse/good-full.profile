# CRLF line ends, hex codes, OpenSSL names, commas, every key.
id = full_1.0-x
name = Full  profile   (CRLF) é
family = test
runtime = r
library = l
platform = p
versions = 0x0304, TLSv1.2 TLS1.1
suites = 0x1301 AES256-SHA,0xff85
  TLS_EMPTY_RENEGOTIATION_INFO_SCSV
groups = 0x11ec X25519 P-256
key_shares = 0x11ec x25519
sigalgs = ed25519 0x0904
extensions = grease sni alpn 0xff01 0x1234 record_size_limit
  compress_certificate alps signature_algorithms_cert delegated_credentials
  ech padding ec_point_formats psk_key_exchange_modes 0x0a0a
alpn = h2 http/1.1
sni = dotted
record_version = TLSv1.2
legacy_version = 0x0303
session_id_len = 0
compression = deflate, null
sigalgs_cert = rsa_pkcs1_sha1 0x0203
ec_point_formats = uncompressed 0x01 2
psk_modes = psk_dhe_ke psk_ke
cert_compression = ZLIB brotli 0x0003 0x4000
record_size_limit = 16385
padding = f5
grease = yes
shuffle_extensions = true
alps = h2
  h3
delegated_credentials = ecdsa_secp256r1_sha256 ecdsa_sha1
ext_data = 0x1234:00ff 0xff01:
  alpn:0003026832
ech_grease = payload=144,176  aead=0x0001,0x0003 kdf=0x0001
default = no
security_level = 0
verify_peer = no
check_hostname = false
min_rsa_bits = 1024
min_dh_bits = 0
source = a#b is not a comment
note = one
  two

  # a comment between continuation lines
	three
