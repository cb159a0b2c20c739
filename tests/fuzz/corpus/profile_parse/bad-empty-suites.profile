# expect 6: suites: empty list
id = bad
name = Bad
family = test
versions = TLSv1.3 TLSv1.2
suites =   # none
