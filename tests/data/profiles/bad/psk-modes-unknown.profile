# expect 7: psk_modes: unknown PSK mode 'psk_foo'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
psk_modes = psk_foo
