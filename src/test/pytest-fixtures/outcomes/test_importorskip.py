import pytest

pytest.importorskip('no_such_lab_module', reason='the lab module is not installed')


def test_never_collected():
    pass
