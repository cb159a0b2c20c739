# expect 7: ext_data: the body of 'key_share' is computed per connection
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
ext_data = key_share:00
