from time import sleep

print('Measuring the bulb current')
sleep(1.5)
current_ma = 412
if current_ma > 400:
    print('Bulb draws %d mA: worn, but within limits' % current_ma)
    RUN_DATA.last_status = 'warning'
