# expect 5: versions: 'TLSv1.3' must come before TLSv1.2
id = bad
name = Bad
family = test
versions = TLSv1.2 TLSv1.3
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
