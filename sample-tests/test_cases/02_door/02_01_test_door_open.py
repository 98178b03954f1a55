print('Opening the door')
angle = 87
assert 80 <= angle <= 95, 'door angle %d out of range' % angle
