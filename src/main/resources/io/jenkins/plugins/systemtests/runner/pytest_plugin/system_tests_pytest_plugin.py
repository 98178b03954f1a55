"""System Tests' pytest plugin: tells the runner (runner.py, one folder up) what pytest collects and how each test goes.

The runner starts one pytest session, `python -m pytest -p system_tests_pytest_plugin <targets>`, where the run starts,
and follows the JSON lines this plugin appends to the file named by SYSTEM_TESTS_PYTEST_EVENTS:

    {"event": "collected", "rootdir": ..., "items": [[nodeid, file, line], ...], "problems": [...]}   once
    {"event": "start", "nodeid": ...}                                          as each test starts
    {"event": "stop", "nodeid": ..., "outcomes": [[status, reason], ...], "seconds": ..., "output": ...}
                                          (with "retry": true when the test runs again at once: a new "start" follows)
    {"event": "finish", "exitstatus": ..., "stopped": ...}                     when pytest ends the session

It changes nothing of what pytest collects, in which order, or how it runs a test. It only reports facts: each phase's
outcome (setup, call, teardown) in the protocol's words, which the runner rolls up by the protocol's precedence:

    a phase that raised in the call          failed   (pytest's FAILED; a strict XPASS included)
    a phase that raised in setup or teardown error    ('failed on setup with "..."', as pytest's junitxml says it)
    skip, skipif, importorskip               skipped  (the reason)
    xfail                                    skipped  ('xfail: <reason>')
    a non-strict XPASS                       warning  ('XPASS: <reason>'; pytest's junitxml counts it passed)

Two more variables, set by the runner: SYSTEM_TESTS_PYTEST_GO names a file whose appearance lets the tests start (the
runner reports the plan first, and may run plain scripts before), SYSTEM_TESTS_PYTEST_DONE a JSON list of node ids
already run (a session resumed after a test hung or crashed skips them, as deselected). SIGUSR1 makes the session
dump every thread's traceback to SYSTEM_TESTS_PYTEST_DUMP: the runner sends it to a test that runs past its timeout,
before ending the session.

Retries (the runner's --retries and --retry-on, as SYSTEM_TESTS_PYTEST_RETRIES and SYSTEM_TESTS_PYTEST_RETRY_ON): a
test whose outcome is failed or error, with a reason matching the pattern when one is given, runs again in the same
session, up to that many times, as pytest-rerunfailures reruns a test: its setup, call and teardown again, the fixtures
of a wider scope kept. Each attempt is reported (start, stop with "retry": true); only the last attempt's reports go to
pytest's own hooks, so pytest's summary, its junitxml and -x/--maxfail see one outcome per test, the last.

PYTEST_DONT_REWRITE: it holds no assertion for pytest to rewrite.
"""

import json
import os
import re
import signal
import time

import pytest
from _pytest.runner import runtestprotocol

_events = None
_dump = None
_tests = {}
_problems = []
_retries = 0
_started = set()
_retry_on = None


def _emit(fields):
    _events.write(json.dumps(fields) + '\n')
    _events.flush()


def pytest_configure(config):
    global _events, _dump, _retries, _retry_on
    _events = open(os.environ['SYSTEM_TESTS_PYTEST_EVENTS'], 'a', encoding='utf-8')
    _retries = int(os.environ.get('SYSTEM_TESTS_PYTEST_RETRIES') or 0)
    pattern = os.environ.get('SYSTEM_TESTS_PYTEST_RETRY_ON')
    _retry_on = re.compile(pattern) if pattern else None
    dump_path = os.environ.get('SYSTEM_TESTS_PYTEST_DUMP')
    if dump_path and hasattr(signal, 'SIGUSR1'):
        import faulthandler
        _dump = open(dump_path, 'w')
        faulthandler.register(signal.SIGUSR1, file=_dump, all_threads=True)


def pytest_unconfigure(config):
    if _dump is not None:
        import faulthandler
        faulthandler.unregister(signal.SIGUSR1)
        _dump.close()
    if _events is not None:
        _events.close()


def _message(report):
    """What pytest's junitxml writes as the message: the crash line, else the whole report."""
    crash = getattr(report.longrepr, 'reprcrash', None)
    if crash is not None:
        return crash.message
    return str(report.longrepr)


def _skip_reason(report):
    if isinstance(report.longrepr, tuple):
        reason = report.longrepr[2]
    else:
        reason = str(report.longrepr)
    return reason[len('Skipped: '):] if reason.startswith('Skipped: ') else reason


def _xfail_reason(report):
    reason = report.wasxfail
    return reason[len('reason: '):] if reason.startswith('reason: ') else reason


def _labelled(label, reason):
    return '%s: %s' % (label, reason) if reason else label


def _outcome(report):
    """[status, reason] of one phase's report, or None when it passed."""
    if report.passed:
        if report.when == 'call' and hasattr(report, 'wasxfail'):
            return ['warning', _labelled('XPASS', _xfail_reason(report))]
        return None
    if report.skipped:
        if hasattr(report, 'wasxfail'):
            return ['skipped', _labelled('xfail', _xfail_reason(report))]
        return ['skipped', _skip_reason(report)]
    if report.when == 'call':
        return ['failed', _message(report)]
    return ['error', 'failed on %s with "%s"' % (report.when, _message(report))]


def _collection_failure(report):
    """'collection failure: <the error>': pytest's own words for an import error are a page, its last E line says it."""
    crash = getattr(report.longrepr, 'reprcrash', None)
    if crash is not None:
        return 'collection failure: %s' % crash.message
    lines = str(report.longrepr).strip().splitlines()
    errors = [line[1:].strip() for line in lines if line.startswith('E ')]
    return 'collection failure: %s' % (errors[-1] if errors else lines[0] if lines else '?')


def pytest_collectreport(report):
    if report.failed or report.skipped:
        status = 'error' if report.failed else 'skipped'
        reason = _collection_failure(report) if report.failed else _skip_reason(report)
        _problems.append({'nodeid': report.nodeid, 'file': str(report.fspath), 'status': status, 'reason': reason,
                          'output': report.longreprtext if report.failed else ''})


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    done_path = os.environ.get('SYSTEM_TESTS_PYTEST_DONE')
    if not done_path:
        return
    with open(done_path, encoding='utf-8') as handle:
        done = set(json.load(handle))
    kept = [item for item in items if item.nodeid not in done]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item.nodeid in done])
        items[:] = kept


def _place(item):
    """The item's file and the 1-based line of its definition, as far as pytest knows them."""
    path = getattr(item, 'path', None)
    try:
        line = item.location[1]
    except Exception:
        line = None
    return str(path if path is not None else item.fspath), None if line is None else line + 1


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    # Tests pytest will not run (it stops at collection errors) are not planned, as its junitxml lists only the errors.
    stops = session.testsfailed and not session.config.getoption('continue_on_collection_errors', False)
    items = [] if stops else [[item.nodeid] + list(_place(item)) for item in session.items]
    _emit({'event': 'collected', 'rootdir': str(session.config.rootpath if hasattr(session.config, 'rootpath')
                                              else session.config.rootdir),
           'items': items, 'problems': _problems})
    go = os.environ.get('SYSTEM_TESTS_PYTEST_GO')
    while go and not os.path.exists(go):
        time.sleep(0.005)


def _new_test():
    return {'outcomes': [], 'captured': '', 'failures': [], 'seconds': 0.0}


def pytest_runtest_logstart(nodeid, location):
    _tests[nodeid] = _new_test()
    if nodeid in _started:
        _started.discard(nodeid)  # a retried test's last attempt: its start was reported when it began
    else:
        _emit({'event': 'start', 'nodeid': nodeid})


def pytest_runtest_logreport(report):
    _record(_tests.setdefault(report.nodeid, _new_test()), report)


def _roll_up(outcomes):
    """[status, reason] of a test from its phases' outcomes, by the runner's precedence (failed before error)."""
    for status in ('failed', 'error', 'warning', 'skipped'):
        for outcome in outcomes:
            if outcome[0] == status:
                return outcome
    return ['passed', '']


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """With retries: runs a failed test again, each attempt reported to the runner; pytest's hooks see the last."""
    if not _retries:
        return None
    for _ in range(_retries):
        _emit({'event': 'start', 'nodeid': item.nodeid})
        _forget_output(item)
        # Torn down as far as its parent: its own fixtures are set up again for the next attempt, the fixtures of a
        # wider scope stay.
        reports = runtestprotocol(item, nextitem=item.parent, log=False)
        test = _new_test()
        for report in reports:
            _record(test, report)
        status, reason = _roll_up(test['outcomes'])
        if status not in ('failed', 'error') or (_retry_on is not None and not _retry_on.search(reason or '')):
            # This attempt is the last: report it through pytest's hooks, without running the test again. The
            # fixtures it kept are torn down as pytest would have after it, for the real next item.
            _log_as_pytest(item, reports, nextitem)
            return True
        _emit({'event': 'stop', 'nodeid': item.nodeid, 'outcomes': test['outcomes'], 'seconds': test['seconds'],
               'output': test['captured'] + ''.join(test['failures']), 'retry': True})
    # The last attempt allowed: run as pytest runs every test.
    _forget_output(item)
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    runtestprotocol(item, nextitem=nextitem, log=True)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def _forget_output(item):
    """An attempt's reports hold what the item captured so far (pytest keeps it on the item): each attempt its own."""
    if hasattr(item, '_report_sections'):
        item._report_sections = []


def _log_as_pytest(item, reports, nextitem):
    """Hands an attempt's reports to pytest's hooks (terminal, junitxml, this plugin's stop event), then tears down
    what the attempt kept for a rerun that does not come, as far as the real next item needs."""
    _started.add(item.nodeid)
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for report in reports:
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    item.session._setupstate.teardown_exact(nextitem)


def _record(test, report):
    test['seconds'] += getattr(report, 'duration', 0.0) or 0.0
    # Each phase's report holds what was captured in it and in the phases before: the last one holds it all.
    test['captured'] = ''.join(text for text in (report.capstdout, report.capstderr, report.caplog) if text)
    outcome = _outcome(report)
    if outcome is not None:
        test['outcomes'].append(outcome)
        if report.failed:
            test['failures'].append(report.longreprtext + '\n')


def pytest_runtest_logfinish(nodeid, location):
    test = _tests.pop(nodeid, None) or dict(_new_test(), outcomes=[['error', 'pytest reported no outcome']])
    _emit({'event': 'stop', 'nodeid': nodeid, 'outcomes': test['outcomes'], 'seconds': test['seconds'],
           'output': test['captured'] + ''.join(test['failures'])})


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    stopped = session.shouldfail or session.shouldstop
    _emit({'event': 'finish', 'exitstatus': int(exitstatus), 'stopped': stopped if isinstance(stopped, str) else ''})
