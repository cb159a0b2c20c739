# expect 7: legacy_version: unknown version '0x0a0a'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
legacy_version = 0x0a0a
