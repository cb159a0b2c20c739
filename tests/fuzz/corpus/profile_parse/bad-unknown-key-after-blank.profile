# expect 10: unknown key 'suites2'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA

# a comment
groups = x25519
suites2 = x
