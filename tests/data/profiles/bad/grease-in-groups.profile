# expect 7: groups: GREASE value (write grease = yes instead) '0x2a2a'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
groups = 0x2a2a x25519
