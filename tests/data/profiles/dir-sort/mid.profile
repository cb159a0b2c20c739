id = mid
name = M
family = test
versions = TLSv1.2
suites = 0x002f
