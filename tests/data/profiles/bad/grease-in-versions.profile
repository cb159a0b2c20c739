# expect 5: versions: GREASE value
id = bad
name = Bad
family = test
versions = 0xfafa TLSv1.3
suites = TLS_AES_128_GCM_SHA256
