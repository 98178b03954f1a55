print('Reading the trunk sensor')
readings = {'closed': 1}
# A KeyError is not an assertion: the test errors.
print(readings['open'])
