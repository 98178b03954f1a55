from tests import registry


def test_sees_what_an_earlier_file_registered():
    assert registry.NAMES == ['door'], 'tests/test_a_registers.py was imported first, in the same session'
