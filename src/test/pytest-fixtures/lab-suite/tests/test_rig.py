import pytest


def test_the_rig_comes_from_the_ini_file(rig):
    assert rig == 'rig-7'


def test_reads_a_path_relative_to_where_pytest_starts():
    with open('data/settings.ini') as handle:
        assert handle.read() == 'speed=3\n'


@pytest.mark.slow
def test_deselected_by_addopts():
    assert False, 'addopts deselects slow tests'


@pytest.mark.smoke
def test_smoke_runs_first():
    pass
