import sys

print('Switching the lamp off')
# A clean sys.exit(0) is a normal end.
sys.exit(0)
