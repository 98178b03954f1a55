from time import sleep

sleep(2)
colour = 'warm white'
assert colour in ('warm white', 'cold white')
