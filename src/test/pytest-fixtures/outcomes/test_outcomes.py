import pytest


def test_passes():
    pass


def test_fails():
    assert 1 == 2, 'one is not two'


def test_raises():
    raise KeyError('open')


@pytest.fixture
def offline_rig():
    raise RuntimeError('rig offline')


def test_setup_error(offline_rig):
    pass


@pytest.fixture
def leaky_rig():
    yield
    raise RuntimeError('cleanup failed')


def test_teardown_error(leaky_rig):
    pass


@pytest.mark.skip(reason='no rig')
def test_skip():
    pass


@pytest.mark.skipif(True, reason='not on this machine')
def test_skipif():
    pass


def test_skip_at_run_time():
    pytest.skip('decided at run time')


@pytest.mark.xfail(reason='bug 12')
def test_xfail():
    assert 0


@pytest.mark.xfail(reason='fixed?', strict=True)
def test_xpass_strict():
    pass


@pytest.mark.xfail(reason='flaky')
def test_xpass():
    pass


@pytest.mark.parametrize('speed', [1, 2], ids=['slow', 'fast'])
def test_speed(speed):
    assert speed < 2


class TestDoor:
    def test_locks(self):
        pass
