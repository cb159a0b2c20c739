# expect 2: id: 'Python 3.12' is not [a-z0-9._-]+
id = Python 3.12
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
