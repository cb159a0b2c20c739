id = b
name = B
family = test
versions = TLSv1.2
suites = NOPE
