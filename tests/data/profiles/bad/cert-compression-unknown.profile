# expect 7: cert_compression: unknown certificate compression algorithm 'lz4'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
cert_compression = brotli lz4
