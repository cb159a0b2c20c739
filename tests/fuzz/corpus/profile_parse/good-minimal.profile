# The smallest valid profile: only the required keys.
id = minimal
name = Minimal
family = test
versions = TLSv1.2
suites = TLS_RSA_WITH_AES_128_CBC_SHA
