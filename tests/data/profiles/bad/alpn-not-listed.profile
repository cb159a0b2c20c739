# expect 8: alpn is set but extensions does not list application_layer_protocol_negotiation
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = TLS_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA
extensions = server_name
alpn = h2
