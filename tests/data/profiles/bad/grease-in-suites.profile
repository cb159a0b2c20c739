# expect 6: suites: GREASE value (write grease = yes instead) '0x0a0a'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = 0x0a0a TLS_AES_128_GCM_SHA256
