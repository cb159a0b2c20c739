# expect 7: extensions: GREASE value (write 'grease') '0x1a1a'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
extensions = server_name 0x1a1a
