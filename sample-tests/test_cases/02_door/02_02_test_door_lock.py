print('Locking the door')
locked = False
assert locked, 'the door did not lock'
