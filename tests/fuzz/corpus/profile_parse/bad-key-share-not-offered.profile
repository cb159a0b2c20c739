# expect 8: key_shares: 0x0018 is not in groups
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
groups = x25519 secp256r1
key_shares = x25519
  secp384r1
