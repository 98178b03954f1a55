import sys

for i in range(200000):
    sys.stdout.write('line %06d of a very chatty test\n' % i)
