assert 2 + 2 == 4
print('arithmetic holds')
