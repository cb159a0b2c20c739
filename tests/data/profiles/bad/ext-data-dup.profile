# expect 8: ext_data: 0xca34 listed twice
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
ext_data = trust_anchors:00
  0xca34:01
