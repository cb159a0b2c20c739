# expect 7: min_rsa_bits: '2048x' is not a number from 0 to 16384
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
min_rsa_bits = 2048x
