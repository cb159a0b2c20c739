# expect 7: record_size_limit: '16386' is not a number from 64 to 16385
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
record_size_limit = 16386
