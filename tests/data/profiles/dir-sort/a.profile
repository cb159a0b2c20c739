id = zeta
name = Z
family = test
versions = TLSv1.2
suites = AES128-SHA
