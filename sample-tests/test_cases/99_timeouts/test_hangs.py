"""Never ends: used to check per-test timeouts."""
import time

print('waiting forever', flush=True)
while True:
    time.sleep(60)
