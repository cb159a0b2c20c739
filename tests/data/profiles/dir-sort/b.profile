id = alpha
name = A
family = test
versions = TLSv1.3
suites = TLS_AES_128_GCM_SHA256
