"""Filled by the test modules that pytest imports first: later files rely on it, as real suites' plugins do."""
NAMES = []
