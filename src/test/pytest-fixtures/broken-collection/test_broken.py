import no_such_lab_module


def test_never_runs():
    pass
