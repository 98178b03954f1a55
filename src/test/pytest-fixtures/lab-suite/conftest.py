import pytest


def pytest_addoption(parser):
    parser.addini('lab_rig', 'the rig the suite drives')


@pytest.fixture
def rig(pytestconfig):
    return pytestconfig.getini('lab_rig')


def pytest_collection_modifyitems(config, items):
    # Smoke tests first, whatever their file: the order pytest runs them in is the order the runner reports.
    items.sort(key=lambda item: 0 if item.get_closest_marker('smoke') else 1)
