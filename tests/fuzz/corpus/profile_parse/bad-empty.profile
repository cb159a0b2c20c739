# expect 1: missing required key 'id'
