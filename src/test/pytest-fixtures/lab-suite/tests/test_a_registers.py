from tests import registry

registry.NAMES.append('door')


def test_the_door_is_registered():
    assert 'door' in registry.NAMES
