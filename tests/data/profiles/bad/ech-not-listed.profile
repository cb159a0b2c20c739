# expect 8: ech_grease is set but extensions does not list encrypted_client_hello
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
extensions = server_name supported_versions
ech_grease = kdf=0x0001 aead=0x0001 payload=144
