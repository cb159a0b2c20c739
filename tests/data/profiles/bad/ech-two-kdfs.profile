# expect 7: ech_grease: one kdf only
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
ech_grease = kdf=0x0001,0x0002 aead=0x0001 payload=1
