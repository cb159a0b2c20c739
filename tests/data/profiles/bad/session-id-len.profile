# expect 7: session_id_len: '33' is not a number from 0 to 32
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
session_id_len = 33
