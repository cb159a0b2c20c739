# expect 7: ech_grease: more than 8 payload values
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
ech_grease = kdf=0x0001 aead=0x0001 payload=1,2,3,4,5,6,7,8,9
