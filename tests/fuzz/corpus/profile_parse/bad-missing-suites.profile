# expect 8: missing required key 'suites'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
groups = x25519

# end
