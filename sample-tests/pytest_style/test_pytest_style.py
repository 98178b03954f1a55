"""A pytest-style file: each function is one test when the runner uses pytest."""
import pytest


def test_addition():
    assert 1 + 1 == 2


def test_division_by_zero_raises():
    with pytest.raises(ZeroDivisionError):
        1 / 0


def test_known_bug():
    assert 'abc'.upper() == 'abc', 'upper() changes the case'


@pytest.mark.parametrize('value', [1, 2, 3])
def test_positive(value):
    assert value > 0
