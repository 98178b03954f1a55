from time import sleep

print('Switching the lamp on')
sleep(1)
brightness = 100
assert brightness == 100, 'the lamp should be fully on'
print('Lamp is on')
