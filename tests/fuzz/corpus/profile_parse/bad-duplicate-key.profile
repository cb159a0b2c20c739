# expect 5: duplicate key 'id' (first on line 2)
id = bad
name = Bad
family = test
id = again
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
