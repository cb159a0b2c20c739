# expect 7: sigalgs: unknown signature algorithm 'rsa_pss_sha256'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
sigalgs = ed25519 rsa_pss_sha256
