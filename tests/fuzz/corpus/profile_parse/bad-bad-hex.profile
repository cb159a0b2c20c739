# expect 6: suites: unknown cipher suite '0x12345'
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites = 0x12345
