id = zeta
name = Z2
family = test
versions = TLSv1.2
suites = AES128-SHA
