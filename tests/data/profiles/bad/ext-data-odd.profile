# expect 7: ext_data: odd number of hex digits for 0xca34
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
ext_data = 0xca34:abc
