levels = [100, 75, 50, 25, 0]
for level in levels:
    print('dim to', level)
assert levels == sorted(levels, reverse=True)
