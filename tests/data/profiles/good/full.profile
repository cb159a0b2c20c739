# CRLF line ends, hex codes, OpenSSL names, commas, every key.
id = full_1.0-x
name = Full  profile   (CRLF) é
family = test
runtime = r
library = l
platform = p
versions = 0x0304, TLSv1.2 TLS1.1
suites = 0x1301 AES256-SHA,0x0a0a
  TLS_EMPTY_RENEGOTIATION_INFO_SCSV
groups = 0x2a2a X25519 P-256
key_shares = 0x2a2a x25519
sigalgs = ed25519 0x0904
extensions = 0x0a0a sni alpn 0xff01 0x1234
alpn = h2 http/1.1
sni = dotted
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
