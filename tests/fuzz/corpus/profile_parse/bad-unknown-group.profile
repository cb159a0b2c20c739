# expect 8: groups: unknown group 'curve25519'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
groups = x25519 secp256r1
  curve25519
