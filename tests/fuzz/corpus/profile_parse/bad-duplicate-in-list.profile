# expect 7: suites: '0x002F' (0x002f) listed twice
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256
  AES128-SHA 0x002F
