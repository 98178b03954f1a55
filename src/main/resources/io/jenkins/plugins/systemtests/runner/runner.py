#!/usr/bin/env python3
"""System Tests runner: runs Python test scripts the way a testing machine does and reports progress.

Standard library only; Python 3.8 to 3.13 on Linux and Windows. Shipped inside the System Tests Jenkins plugin
and copied to agents at run time; also usable by hand:

    python3 runner.py sample-tests/scenarios/scenario_master.py --junit results.xml
    python3 runner.py tests/ --report-to https://jenkins.example --user lab --token-file ~/.lab-token

What it runs:
  * a master scenario script, which calls run_scenario('x.py'); scenario scripts call run_test_case('dir/t.py');
  * test script files, directories (a directory is a scenario of its *.py files) and glob patterns.
First it works out the whole plan (the DRY RUN), then runs each test in its own process (forked from this warm
process on POSIX, a fresh interpreter elsewhere), so a crash, sys.exit, os._exit or hang touches only that test.

Outcome of a test: RUN_DATA.last_status if the script set it; else passed when it ends normally, failed on
AssertionError, error on any other exception, a non-zero exit, a signal or a timeout.
Exit code: 0 when every test passed or warned, 1 when any did not, 2 on a usage error.
"""

import argparse
import base64
import datetime
import glob
import json
import os
import shutil
import select
import signal
import sys
import tempfile
import threading
import time
import traceback
import types
import urllib.error
import urllib.request
from xml.sax.saxutils import escape, quoteattr

FINAL_STATUSES = ('passed', 'warning', 'error', 'failed', 'cancelled', 'unknown')
DEFAULT_TIMEOUT = 30 * 60
DEFAULT_OUTPUT_CAP = 1024 * 1024
USAGE_ERROR = 2


class UsageError(Exception):
    """A problem with what the runner was asked to run."""


class RunData(object):
    """What a test script sees as RUN_DATA; setting last_status chooses its outcome."""

    def __init__(self):
        self.last_status = None


def timestamp():
    """Local time as the protocol writes it: 2018-12-30 13:01:57.461401."""
    return datetime.datetime.now().strftime('%Y-%m-%d %H:%M:%S.%f')


def script_ref(path):
    path = os.path.abspath(path)
    with open(path, 'r', encoding='utf-8', errors='replace') as handle:
        text = handle.read()
    return {'file_path': os.path.dirname(path), 'file_name': os.path.basename(path), 'script': text}


def check_python_file(path):
    if not os.path.isfile(path):
        raise UsageError('No such test file: %s' % path)
    if not path.endswith('.py'):
        raise UsageError('Not a Python file: %s' % path)
    with open(path, 'rb') as handle:
        source = handle.read()
    try:
        compile(source, path, 'exec')
    except SyntaxError as e:
        raise UsageError('Syntax error in %s, line %s: %s' % (path, e.lineno, e.msg))
    return os.path.abspath(path)


# ---------------------------------------------------------------------------------------------------------------
# The plan


class PlanRecorder(object):
    """Runs master and scenario scripts with helpers that record their children instead of running them."""

    def __init__(self, scenarios_dir, test_cases_dir):
        self.scenarios_dir = scenarios_dir
        self.test_cases_dir = test_cases_dir
        self.scenarios = []
        self._current_tests = None

    def run_scenario(self, name):
        path = check_python_file(os.path.join(self.scenarios_dir, name))
        tests = []
        self._current_tests = tests
        execute_plan_script(path, self.helpers_module())
        self._current_tests = None
        self.scenarios.append((path, tests))

    def run_test_case(self, name):
        if self._current_tests is None:
            raise UsageError('run_test_case(%r) called outside a scenario' % name)
        self._current_tests.append(check_python_file(os.path.join(self.test_cases_dir, name)))

    def helpers_module(self):
        module = types.ModuleType('run')
        module.SCENARIOS_DIR = self.scenarios_dir
        module.TEST_CASES_DIR = self.test_cases_dir
        module.run_scenario = self.run_scenario
        module.run_test_case = self.run_test_case
        module.RUN_DATA = RunData()
        return module


def execute_plan_script(path, helpers):
    previous = sys.modules.get('run')
    sys.modules['run'] = helpers
    try:
        with open(path, 'rb') as handle:
            code = compile(handle.read(), path, 'exec')
        exec(code, {'__name__': '__system_tests_plan__', '__file__': path, 'RUN_DATA': helpers.RUN_DATA})
    except UsageError:
        raise
    except Exception as e:
        raise UsageError('The scenario script %s failed while its plan was read: %s: %s'
                         % (path, type(e).__name__, e))
    finally:
        if previous is None:
            sys.modules.pop('run', None)
        else:
            sys.modules['run'] = previous


class TestItem(object):
    """One test of the plan: a script, or one test of a pytest file (node is its pytest name, e.g. test_x[1])."""

    def __init__(self, path, node=None):
        self.path = path
        self.node = node

    @property
    def file_path(self):
        return os.path.dirname(self.path)

    @property
    def file_name(self):
        name = os.path.basename(self.path)
        return name if self.node is None else '%s::%s' % (name, self.node)

    def ref(self, machine, build_url=None):
        ref = {'machine_name': machine, 'file_path': self.file_path, 'file_name': self.file_name}
        if build_url:
            ref['build_url'] = build_url  # lets Jenkins tell apart two builds that use one machine at once
        return ref

    def display(self):
        return display(self.path) + ('' if self.node is None else '::' + self.node)


def is_pytest_file(path):
    """Whether a file holds pytest tests: top-level test functions or Test classes (plain scripts hold none)."""
    import ast
    with open(path, 'rb') as handle:
        tree = ast.parse(handle.read(), path)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith('test'):
            return True
        if isinstance(node, ast.ClassDef) and node.name.startswith('Test'):
            return True
    return False


def expand(path, python):
    """The test items of a file: the file itself, or each test pytest collects from it."""
    if not is_pytest_file(path):
        return [TestItem(path)]
    return [TestItem(path, node) for node in collect_pytest(path, python)]


def collect_pytest(path, python):
    import subprocess
    directory, name = os.path.split(path)
    check = subprocess.run([python, '-c', 'import pytest'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check.returncode != 0:
        raise UsageError('%s holds pytest tests, but pytest is not installed for %s: install it on this machine '
                         '(for example: %s -m pip install pytest)' % (path, python, python))
    result = subprocess.run([python, '-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider',
                             '--rootdir', directory, name], cwd=directory, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, universal_newlines=True)
    nodes = [line.strip().split('::', 1)[1] for line in result.stdout.splitlines()
             if line.strip().startswith(name + '::')]
    if result.returncode not in (0, 5) or not nodes:
        tail = '\n'.join(result.stdout.strip().splitlines()[-15:])
        raise UsageError('pytest could not collect the tests of %s:\n%s' % (path, tail))
    return nodes


def is_master_scenario(path):
    with open(path, 'r', encoding='utf-8', errors='replace') as handle:
        return 'run_scenario(' in handle.read()


def build_plan(targets, test_cases_dir=None, python=sys.executable):
    """The plan: {'master': path or None, 'scenarios': [(scenario path, [TestItem])]}."""
    if len(targets) == 1 and os.path.isfile(targets[0]) and is_master_scenario(targets[0]):
        master = check_python_file(targets[0])
        scenarios_dir = os.path.dirname(master)
        cases = test_cases_dir or os.path.join(os.path.dirname(scenarios_dir), 'test_cases')
        recorder = PlanRecorder(scenarios_dir, os.path.abspath(cases))
        execute_plan_script(master, recorder.helpers_module())
        scenarios = [(path, [TestItem(t) for t in tests]) for path, tests in recorder.scenarios]
        return {'master': master, 'scenarios': scenarios}
    scenarios = []
    loose = []
    for target in targets:
        matches = sorted(glob.glob(target)) if glob.has_magic(target) else [target]
        if not matches:
            raise UsageError('No file matches %s' % target)
        for match in matches:
            if os.path.isdir(match):
                files = sorted(os.path.join(match, f) for f in os.listdir(match) if f.endswith('.py'))
                if not files:
                    raise UsageError('The directory %s holds no Python file' % match)
                items = [i for f in files for i in expand(check_python_file(f), python)]
                scenarios.append((os.path.abspath(match), items))
            else:
                loose.extend(expand(check_python_file(match), python))
    if loose:
        scenarios.insert(0, (os.path.abspath(loose[0].file_path or '.'), loose))
    return {'master': None, 'scenarios': scenarios}


def dry_run_message(plan, machine, build_url=None, environment=None, started_by=None):
    if plan['master']:
        master = script_ref(plan['master'])
    else:
        master = {'file_path': os.getcwd(), 'file_name': '(selected tests)', 'script': ''}
    scenarios = []
    for scenario_path, tests in plan['scenarios']:
        if os.path.isdir(scenario_path):
            scenario = {'file_path': scenario_path, 'file_name': os.path.basename(scenario_path) + '/', 'script': ''}
        else:
            scenario = script_ref(scenario_path)
        scenario['tests'] = [dict(script_ref(t.path), file_name=t.file_name) for t in tests]
        scenarios.append(scenario)
    master['scenarios'] = scenarios
    message = {'machine_name': machine, 'timestamp': timestamp(), 'master_scenario': master}
    for field, value in (('build_url', build_url), ('environment', environment), ('started_by', started_by)):
        if value:
            message[field] = value
    return message


# ---------------------------------------------------------------------------------------------------------------
# Running one test


def test_entry(path, status_fd, run_data):
    """Runs a test script in this (child) process and writes its status to status_fd."""
    helpers = types.ModuleType('run')
    helpers.RUN_DATA = run_data
    helpers.TEST_CASES_DIR = os.path.dirname(path)
    helpers.SCENARIOS_DIR = os.path.dirname(path)
    sys.modules['run'] = helpers
    sys.argv = [path]
    status = 'passed'
    try:
        with open(path, 'rb') as handle:
            code = compile(handle.read(), path, 'exec')
        exec(code, {'__name__': '__main__', '__file__': path, 'RUN_DATA': run_data})
    except SystemExit as e:
        if e.code not in (None, 0):
            print('Test exited with %r' % (e.code,), file=sys.stderr)
            status = 'error'
    except AssertionError:
        traceback.print_exc()
        status = 'failed'
    except BaseException:
        traceback.print_exc()
        status = 'error'
    if run_data.last_status is not None:
        status = str(run_data.last_status)
        if status not in FINAL_STATUSES:
            print('RUN_DATA.last_status %r is not one of %s' % (status, ', '.join(FINAL_STATUSES)), file=sys.stderr)
            status = 'error'
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    os.write(status_fd, status.encode('ascii'))
    os.close(status_fd)


class TestResult(object):
    def __init__(self, status, seconds, output, detail=''):
        self.status = status
        self.seconds = seconds
        self.output = output
        self.detail = detail


def read_capped(path, cap):
    size = os.path.getsize(path)
    with open(path, 'rb') as handle:
        if size <= cap:
            data = handle.read()
        else:
            half = cap // 2
            head = handle.read(half)
            handle.seek(size - half)
            tail = handle.read()
            data = head + (b'\n[... %d bytes elided by the System Tests runner ...]\n' % (size - 2 * half)) + tail
    return data.decode('utf-8', errors='replace')


class TestProcess(object):
    """One test in its own process group: forked on POSIX, a fresh interpreter elsewhere."""

    def __init__(self, path, python, output_path):
        self.path = path
        self.output_path = output_path
        self.status_path = output_path + '.status'
        if hasattr(os, 'fork'):
            self._fork()
        else:
            self._spawn(python)

    def _fork(self):
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the test
            try:
                os.close(read_fd)
                os.setpgid(0, 0)
                out = os.open(self.output_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(out, 1)
                os.dup2(out, 2)
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                sys.stdin = open(os.devnull)
                sys.stdout = os.fdopen(1, 'w', buffering=1, closefd=False)
                sys.stderr = os.fdopen(2, 'w', buffering=1, closefd=False)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                test_entry(self.path, write_fd, RunData())
            finally:
                os._exit(0)
        os.close(write_fd)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass  # the child already did it, or has ended
        self.pid = pid
        self.status_fd = read_fd
        self.status = b''
        self.status_closed = False
        self.popen = None

    def _spawn(self, python):
        import subprocess
        out = open(self.output_path, 'wb')
        flags = getattr(subprocess, 'CREATE_NEW_PROCESS_GROUP', 0)
        self.popen = subprocess.Popen([python, os.path.abspath(__file__), '--run-one', self.path,
                                       '--status-file', self.status_path],
                                      stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      creationflags=flags, start_new_session=(flags == 0))
        out.close()
        self.pid = self.popen.pid
        self.status_fd = None

    def wait(self, timeout):
        """(exit description or None, timed out?) after the test ends or is killed at the timeout."""
        deadline = time.monotonic() + timeout
        while True:
            if self.popen is not None:
                code = self.popen.poll()
                if code is not None:
                    return (None if code == 0 else 'exit code %d' % code), False
            else:
                pid, status = os.waitpid(self.pid, os.WNOHANG if not self.status_closed else 0)
                if pid != 0:
                    return self._describe(status), False
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                return 'timed out after %s s' % timeout, True
            if self.popen is None and not self.status_closed:
                # Wake as soon as the test writes its status and closes the pipe, not at the next poll.
                readable, _, _ = select.select([self.status_fd], [], [], min(remaining, 0.05))
                if readable:
                    chunk = os.read(self.status_fd, 64)
                    if chunk:
                        self.status += chunk
                    else:
                        self.status_closed = True
            else:
                time.sleep(min(remaining, 0.005))

    @staticmethod
    def _describe(status):
        if os.WIFSIGNALED(status):
            return 'killed by signal %d' % os.WTERMSIG(status)
        code = os.WEXITSTATUS(status)
        return None if code == 0 else 'exit code %d' % code

    def reported_status(self):
        if self.popen is None:
            if not self.status_closed:
                # Whatever is there: a stray grandchild that left the process group may still hold the pipe.
                os.set_blocking(self.status_fd, False)
                try:
                    while True:
                        chunk = os.read(self.status_fd, 64)
                        if not chunk:
                            break
                        self.status += chunk
                except BlockingIOError:
                    pass
            os.close(self.status_fd)
            return self.status.decode('ascii', 'replace') or None
        try:
            with open(self.status_path) as handle:
                return handle.read().strip() or None
        except (IOError, OSError):
            return None
        finally:
            if os.path.exists(self.status_path):
                os.remove(self.status_path)

    def kill(self):
        if self.popen is not None:
            if os.name == 'nt':
                import subprocess
                subprocess.call(['taskkill', '/F', '/T', '/PID', str(self.pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            else:
                os.killpg(self.pid, signal.SIGKILL)
            self.popen.wait()
        else:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            os.waitpid(self.pid, 0)


def run_test(path, python, timeout, output_cap, work_dir):
    output_path = os.path.join(work_dir, 'test-%d.log' % time.monotonic_ns() if hasattr(time, 'monotonic_ns')
                               else 'test-%f.log' % time.time())
    started = time.monotonic()
    process = TestProcess(path, python, output_path)
    failure, timed_out = process.wait(timeout)
    status = process.reported_status()
    seconds = time.monotonic() - started
    output = read_capped(output_path, output_cap) if os.path.exists(output_path) else ''
    if os.path.exists(output_path):
        os.remove(output_path)
    if timed_out or failure is not None and status is None:
        return TestResult('error', seconds, output, failure)
    if failure is not None and status == 'passed':
        return TestResult('error', seconds, output, failure)
    return TestResult(status or 'error', seconds, output, failure or '')


PYTEST_PLUGIN = """
# Written by the System Tests runner: reports each pytest test's start and outcome as JSON lines.
import json
import os

import pytest

_events = open(os.environ['SYSTEM_TESTS_PYTEST_EVENTS'], 'a', encoding='utf-8')
_tests = {}
_WORST_FIRST = ('error', 'failed', 'unknown', 'warning', 'passed')


def _emit(**fields):
    _events.write(json.dumps(fields) + '\\n')
    _events.flush()


def _worse(a, b):
    return a if _WORST_FIRST.index(a) < _WORST_FIRST.index(b) else b


def pytest_runtest_logstart(nodeid, location):
    _tests[nodeid] = {'status': 'passed', 'detail': '', 'output': []}
    _emit(event='start', nodeid=nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and report.failed:
        report.system_tests_assertion = call.excinfo.errisinstance(AssertionError)


def pytest_runtest_logreport(report):
    test = _tests.setdefault(report.nodeid, {'status': 'passed', 'detail': '', 'output': []})
    for text in (report.capstdout, report.capstderr):
        if text:
            test['output'].append(text)
    if report.failed:
        assertion = report.when == 'call' and getattr(report, 'system_tests_assertion', False)
        test['status'] = _worse(test['status'], 'failed' if assertion else 'error')
        test['output'].append(report.longreprtext)
        test['detail'] = report.longreprtext.strip().splitlines()[-1][:300] if report.longreprtext.strip() else ''
    elif report.skipped and hasattr(report, 'wasxfail'):
        test['detail'] = 'expected failure'
    elif report.skipped:
        test['status'] = _worse(test['status'], 'unknown')
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        test['detail'] = 'skipped: %s' % reason
    elif report.when == 'call' and hasattr(report, 'wasxfail'):
        test['status'] = _worse(test['status'], 'warning')
        test['detail'] = 'passed unexpectedly (xfail)'


def pytest_runtest_logfinish(nodeid, location):
    test = _tests.pop(nodeid, {'status': 'error', 'detail': 'no report', 'output': []})
    _emit(event='stop', nodeid=nodeid, status=test['status'], detail=test['detail'], output=''.join(test['output']))
"""


def cap_text(text, cap):
    data = text.encode('utf-8', 'replace')
    if len(data) <= cap:
        return text
    half = cap // 2
    elided = len(data) - 2 * half
    return (data[:half] + (b'\n[... %d bytes elided by the System Tests runner ...]\n' % elided)
            + data[-half:]).decode('utf-8', 'replace')


def run_pytest_file(items, python, timeout, output_cap, work_dir, on_start, on_stop):
    """Runs the tests of one pytest file in one pytest process, reporting each as it starts and stops."""
    import subprocess
    directory, name = os.path.split(items[0].path)
    plugin_dir = os.path.join(work_dir, 'pytest-plugin')
    if not os.path.isdir(plugin_dir):
        os.makedirs(plugin_dir)
        with open(os.path.join(plugin_dir, 'system_tests_pytest_plugin.py'), 'w', encoding='utf-8') as handle:
            handle.write(PYTEST_PLUGIN)
    events_path = os.path.join(work_dir, 'pytest-events-%d.jsonl' % id(items))
    open(events_path, 'w').close()
    env = dict(os.environ, SYSTEM_TESTS_PYTEST_EVENTS=events_path,
               PYTHONPATH=os.pathsep.join(p for p in (plugin_dir, os.environ.get('PYTHONPATH')) if p))
    by_node = dict((item.node, item) for item in items)
    started = {}
    finished = set()
    log_path = os.path.join(work_dir, 'pytest-output-%d.log' % id(items))
    with open(log_path, 'wb') as log:
        flags = getattr(subprocess, 'CREATE_NEW_PROCESS_GROUP', 0)
        process = subprocess.Popen(
            [python, '-m', 'pytest', '-p', 'system_tests_pytest_plugin', '-p', 'no:cacheprovider', '-q',
             '--rootdir', directory, name],
            cwd=directory, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            creationflags=flags, start_new_session=(flags == 0))
    timed_out = None
    with open(events_path, 'r', encoding='utf-8') as events:
        buffer = ''
        while True:
            chunk = events.read()
            buffer += chunk
            while '\n' in buffer:
                line, buffer = buffer.split('\n', 1)
                event = json.loads(line)
                item = by_node.get(event['nodeid'].split('::', 1)[-1])
                if item is None:
                    continue
                if event['event'] == 'start':
                    started[item.node] = time.monotonic()
                    on_start(item)
                elif item.node in started and item.node not in finished:
                    finished.add(item.node)
                    seconds = time.monotonic() - started[item.node]
                    on_stop(item, TestResult(event['status'], seconds, cap_text(event['output'], output_cap),
                                             event['detail']))
            if process.poll() is not None and not chunk:
                break
            running = [n for n in started if n not in finished]
            if running and time.monotonic() - started[running[0]] > timeout:
                kill_group(process)
                timed_out = running[0]
                break
            time.sleep(0.01)
    process.wait()
    with open(log_path, 'rb') as handle:
        session_output = handle.read().decode('utf-8', 'replace')
    for item in items:
        if item.node in finished:
            continue
        if item.node == timed_out:
            result = TestResult('error', timeout, cap_text(session_output, output_cap), 'timed out after %s s' % timeout)
        elif item.node in started:
            result = TestResult('error', time.monotonic() - started[item.node], cap_text(session_output, output_cap),
                                'pytest ended while the test ran (exit code %s)' % process.returncode)
        else:
            on_start(item)
            result = TestResult('unknown', 0.0, '', 'not run: pytest stopped before it (exit code %s)'
                                % process.returncode)
        on_stop(item, result)
    for path in (events_path, log_path):
        os.remove(path)


def kill_group(process):
    if os.name == 'nt':
        import subprocess
        subprocess.call(['taskkill', '/F', '/T', '/PID', str(process.pid)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass



# ---------------------------------------------------------------------------------------------------------------
# Virtual environments for a requirements file: one per (requirements, interpreter), reused across runs, built
# under an exclusive lock, used under a shared one, and the least recently used evicted beyond a count.


def file_lock(path, exclusive, blocking=True):
    """An open lock file holding a shared or exclusive lock; closing it releases the lock."""
    handle = open(path, 'a+')
    if os.name == 'nt':
        import msvcrt
        mode = msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), mode, 1)
        except OSError:
            handle.close()
            return None
        return handle
    import fcntl
    flags = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    if not blocking:
        flags |= fcntl.LOCK_NB
    try:
        fcntl.flock(handle.fileno(), flags)
    except OSError:
        handle.close()
        return None
    return handle


def venv_key(requirements_text, python):
    import hashlib
    import subprocess
    version = subprocess.run([python, '-c', 'import sys; print(sys.version); print(sys.executable)'],
                             stdout=subprocess.PIPE, universal_newlines=True).stdout
    digest = hashlib.sha256((version + '\n' + requirements_text).encode('utf-8')).hexdigest()
    return digest[:16]


def venv_python(venv_dir):
    return os.path.join(venv_dir, 'Scripts', 'python.exe') if os.name == 'nt' else os.path.join(venv_dir, 'bin', 'python')


def requirement_lines(text):
    return [line for line in (l.split('#', 1)[0].strip() for l in text.splitlines()) if line]


def prepare_venv(requirements_path, python, root, keep, log):
    """The interpreter of a ready virtual environment for these requirements, built if needed."""
    import subprocess
    if not os.path.isfile(requirements_path):
        raise UsageError('No such requirements file: %s' % requirements_path)
    with open(requirements_path, 'r', encoding='utf-8') as handle:
        text = handle.read()
    os.makedirs(root, exist_ok=True)
    key = venv_key(text, python)
    venv_dir = os.path.join(root, key)
    lock_path = os.path.join(root, key + '.lock')
    # Runs that use a ready environment share it; only building one needs it alone.
    lock = file_lock(lock_path, exclusive=False)
    if not os.path.exists(os.path.join(venv_dir, '.ready')):
        lock.close()
        lock = file_lock(lock_path, exclusive=True)
    try:
        if not os.path.exists(os.path.join(venv_dir, '.ready')):
            log('System Tests: creating the virtual environment %s for %s' % (key, requirements_path))
            shutil.rmtree(venv_dir, ignore_errors=True)
            created = subprocess.run([python, '-m', 'venv', venv_dir], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     universal_newlines=True)
            has_pip = created.returncode == 0
            if not has_pip:
                created = subprocess.run([python, '-m', 'venv', '--without-pip', venv_dir], stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, universal_newlines=True)
                if created.returncode != 0:
                    raise UsageError('Could not create a virtual environment with %s: %s' % (python, created.stdout.strip()))
            if requirement_lines(text):
                if not has_pip:
                    shutil.rmtree(venv_dir, ignore_errors=True)
                    raise UsageError('%s cannot create virtual environments with pip (on Debian, install python3-venv)'
                                     % python)
                installed = subprocess.run([venv_python(venv_dir), '-m', 'pip', 'install', '--disable-pip-version-check',
                                            '-r', os.path.abspath(requirements_path)],
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
                if installed.returncode != 0:
                    shutil.rmtree(venv_dir, ignore_errors=True)
                    raise UsageError('Installing %s failed:\n%s' % (requirements_path, installed.stdout.strip()[-2000:]))
            with open(os.path.join(venv_dir, '.ready'), 'w') as handle:
                handle.write(text)
        else:
            log('System Tests: reusing the virtual environment %s' % key)
        with open(os.path.join(venv_dir, '.last-used'), 'w') as handle:
            handle.write(timestamp())
    finally:
        lock.close()
    evict_venvs(root, keep, keep_key=key, log=log)
    return key, venv_python(venv_dir)


def evict_venvs(root, keep, keep_key, log):
    """Deletes the least recently used environments beyond `keep`, skipping any in use (locked)."""
    entries = []
    for name in os.listdir(root):
        marker = os.path.join(root, name, '.last-used')
        if name != keep_key and os.path.isfile(marker):
            entries.append((os.path.getmtime(marker), name))
    entries.sort(reverse=True)
    for _, name in entries[max(0, keep - 1):]:
        lock = file_lock(os.path.join(root, name + '.lock'), exclusive=True, blocking=False)
        if lock is None:
            continue  # a run is using it
        try:
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
            log('System Tests: evicted the virtual environment %s' % name)
        finally:
            lock.close()

# ---------------------------------------------------------------------------------------------------------------
# Reporting to Jenkins, through a spool on disk so that nothing is lost while Jenkins is unreachable


class Reporter(object):
    """Posts messages in order from a spool directory; retries with backoff while Jenkins is unreachable."""

    PATHS = {'dry-run': 'dry-run', 'test-start': 'test-start', 'test-stop': 'test-stop'}

    def __init__(self, base_url, user, token, spool_dir, max_backoff=30.0, log=None):
        self.base_url = base_url.rstrip('/') + '/system-tests/api/v1/'
        self.auth = 'Basic ' + base64.b64encode(('%s:%s' % (user, token)).encode('utf-8')).decode('ascii')
        self.spool_dir = spool_dir
        self.max_backoff = max_backoff
        self.log = log or (lambda text: print(text, file=sys.stderr))
        os.makedirs(spool_dir, exist_ok=True)
        existing = [int(n.split('.')[0]) for n in os.listdir(spool_dir) if n.endswith('.json')]
        self.sequence = max(existing) if existing else 0
        self.condition = threading.Condition()
        self.closed = False
        self.thread = threading.Thread(target=self._send_loop, name='system-tests-reporter')
        self.thread.daemon = True
        self.thread.start()

    def send(self, kind, message):
        with self.condition:
            self.sequence += 1
            name = '%012d.%s.json' % (self.sequence, kind)
            temp = os.path.join(self.spool_dir, name + '.tmp')
            with open(temp, 'w', encoding='utf-8') as handle:
                json.dump(message, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, os.path.join(self.spool_dir, name))
            self.condition.notify_all()

    def pending(self):
        return sorted(n for n in os.listdir(self.spool_dir)
                      if n.endswith('.json') and os.path.isfile(os.path.join(self.spool_dir, n)))

    def _send_loop(self):
        backoff = 0.5
        while True:
            with self.condition:
                while not self.pending() and not self.closed:
                    self.condition.wait(1.0)
                names = self.pending()
                if not names and self.closed:
                    return
            name = names[0]
            kind = name.split('.')[1]
            path = os.path.join(self.spool_dir, name)
            with open(path, 'rb') as handle:
                body = handle.read()
            outcome = self._post(kind, body)
            if outcome == 'retry':
                time.sleep(backoff)
                backoff = min(self.max_backoff, backoff * 2)
                continue
            backoff = 0.5
            if outcome == 'refused':
                # Kept for inspection: a refused report would be refused again, so it is not retried.
                refused = os.path.join(self.spool_dir, 'refused')
                os.makedirs(refused, exist_ok=True)
                os.replace(path, os.path.join(refused, name))
            else:
                os.remove(path)

    def _post(self, kind, body):
        request = urllib.request.Request(self.base_url + self.PATHS[kind], data=body, method='POST',
                                         headers={'Content-Type': 'application/json', 'Authorization': self.auth})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                return 'sent'
        except urllib.error.HTTPError as e:
            detail = e.read().decode('utf-8', 'replace')[:500]
            if e.code in (408, 429) or e.code >= 500:
                self.log('Jenkins answered %d to %s; retrying: %s' % (e.code, kind, detail))
                return 'retry'
            self.log('Jenkins refused %s with %d: %s (kept in %s)'
                     % (kind, e.code, detail, os.path.join(self.spool_dir, 'refused')))
            return 'refused'
        except (urllib.error.URLError, OSError) as e:
            self.log('Jenkins unreachable (%s); %s kept in %s, retrying' % (e, kind, self.spool_dir))
            return 'retry'

    def close(self, drain_timeout):
        """Waits up to drain_timeout seconds for the spool to empty; True when everything was sent."""
        deadline = time.monotonic() + drain_timeout
        while self.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        with self.condition:
            self.closed = True
            self.condition.notify_all()
        return not self.pending()


# ---------------------------------------------------------------------------------------------------------------
# JUnit XML


def write_junit(path, plan_results):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>']
    for scenario_path, results in plan_results:
        name = os.path.basename(scenario_path.rstrip('/\\')) or scenario_path
        failures = sum(1 for _, r in results if r.status == 'failed')
        errors = sum(1 for _, r in results if r.status in ('error', 'unknown', 'cancelled'))
        total_time = sum(r.seconds for _, r in results)
        lines.append('  <testsuite name=%s tests="%d" failures="%d" errors="%d" time="%.3f">'
                     % (quoteattr(name), len(results), failures, errors, total_time))
        for item, result in results:
            lines.append('    <testcase classname=%s name=%s time="%.3f">'
                         % (quoteattr(name), quoteattr(item.file_name), result.seconds))
            message = result.detail or result.status
            if result.status == 'failed':
                lines.append('      <failure message=%s/>' % quoteattr(message))
            elif result.status in ('error', 'unknown', 'cancelled'):
                lines.append('      <error message=%s type=%s/>' % (quoteattr(message), quoteattr(result.status)))
            output = result.output
            if result.status != 'passed':
                output = 'System Tests status: %s\n%s' % (result.status, output)
            lines.append('      <system-out>%s</system-out>' % escape(clean_xml(output)))
            lines.append('    </testcase>')
        lines.append('  </testsuite>')
    lines.append('</testsuites>')
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')


def clean_xml(text):
    return ''.join(c for c in text if c in '\t\n\r' or ord(c) >= 0x20 and c not in '\ufffe\uffff')


# ---------------------------------------------------------------------------------------------------------------
# Main


def parse_args(argv):
    parser = argparse.ArgumentParser(description='Run Python system tests and report their progress.')
    parser.add_argument('targets', nargs='*', help='a master scenario, test files, directories or glob patterns')
    parser.add_argument('--timeout', type=float, default=DEFAULT_TIMEOUT, help='per-test timeout in seconds')
    parser.add_argument('--output-cap', type=int, default=DEFAULT_OUTPUT_CAP,
                        help='bytes of output kept per test (head and tail)')
    parser.add_argument('--junit', help='write JUnit XML here')
    parser.add_argument('--test-cases-dir', help='where run_test_case() looks (default: ../test_cases)')
    parser.add_argument('--machine-name', default=None, help='the name reported to Jenkins (default: host name)')
    parser.add_argument('--report-to', help='Jenkins root URL to report progress to')
    parser.add_argument('--user', help='Jenkins user for --report-to')
    parser.add_argument('--token-file', help='file holding that user\'s API token')
    parser.add_argument('--build-url', help='the Jenkins build this run belongs to')
    parser.add_argument('--environment', help='the test environment this run uses (reported in the dry run)')
    parser.add_argument('--started-by', help='who started this run (reported in the dry run)')
    parser.add_argument('--spool-dir', help='where unsent reports wait (default: a folder in the temp dir)')
    parser.add_argument('--drain-timeout', type=float, default=120.0,
                        help='seconds to wait at the end for unsent reports')
    parser.add_argument('--events', help='also append every message as a JSON line to this file')
    parser.add_argument('--logs-dir', help='keep each test\'s output (capped) as <n>.log here, n in plan order')
    parser.add_argument('--python', default=sys.executable, help='interpreter for tests where fork is unavailable')
    parser.add_argument('--requirements', help='run the tests in a virtual environment with these requirements')
    parser.add_argument('--venv-root', default=os.path.join(tempfile.gettempdir(), 'system-tests-venvs'),
                        help='where the virtual environments are kept')
    parser.add_argument('--venv-keep', type=int, default=5, help='how many virtual environments to keep')
    parser.add_argument('--mask-env', action='append', default=[], metavar='NAME',
                        help='mask the value of this environment variable in the tests\' output (repeatable)')
    parser.add_argument('--in-venv', help=argparse.SUPPRESS)
    parser.add_argument('--run-one', help=argparse.SUPPRESS)
    parser.add_argument('--status-file', help=argparse.SUPPRESS)
    return parser.parse_args(argv)


class SecretMask(object):
    """Replaces the values of the named environment variables with **** in text (longest first)."""

    def __init__(self, names, environ):
        values = set(environ.get(name, '') for name in names)
        self.values = sorted((v for v in values if v), key=len, reverse=True)

    def __call__(self, text):
        for value in self.values:
            text = text.replace(value, '****')
        return text


def run_one(path, status_file):
    """Entry point of a spawned test process (platforms without fork)."""
    read_fd, write_fd = os.pipe()
    test_entry(path, write_fd, RunData())
    status = os.read(read_fd, 64).decode('ascii')
    with open(status_file, 'w') as handle:
        handle.write(status)
    return 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.run_one:
        return run_one(args.run_one, args.status_file)
    if not args.targets:
        print('runner.py: give a master scenario, test files, directories or glob patterns', file=sys.stderr)
        return USAGE_ERROR
    if args.requirements and not args.in_venv:
        try:
            key, python = prepare_venv(args.requirements, args.python, args.venv_root, args.venv_keep,
                                       lambda text: print(text, flush=True))
        except UsageError as e:
            print('runner.py: %s' % e, file=sys.stderr)
            return USAGE_ERROR
        # Everything, the tests forked from this runner included, runs on the environment's interpreter from here.
        argv_rest = sys.argv[1:] if argv is None else list(argv)
        sys.stdout.flush()
        os.execv(python, [python, os.path.abspath(__file__)] + argv_rest + ['--in-venv', key, '--python', python])
    venv_use = None
    if args.in_venv:
        # Held while the tests run, so that no other run evicts this environment.
        venv_use = file_lock(os.path.join(args.venv_root, args.in_venv + '.lock'), exclusive=False)
    try:
        plan = build_plan(args.targets, args.test_cases_dir, args.python)
        token = None
        if args.report_to:
            if not args.user or not args.token_file:
                raise UsageError('--report-to needs --user and --token-file')
            with open(args.token_file, 'r', encoding='utf-8') as handle:
                token = handle.read().strip()
    except (UsageError, IOError, OSError) as e:
        print('runner.py: %s' % e, file=sys.stderr)
        return USAGE_ERROR

    mask = SecretMask(args.mask_env, os.environ)
    machine = args.machine_name or os.environ.get('SYSTEM_TESTS_MACHINE') or __import__('socket').gethostname()
    reporter = None
    if args.report_to:
        spool = args.spool_dir or os.path.join(tempfile.gettempdir(), 'system-tests-spool')
        reporter = Reporter(args.report_to, args.user, token, spool)
    events = open(args.events, 'a', encoding='utf-8') if args.events else None

    def emit(kind, message):
        if events is not None:
            events.write(json.dumps({'kind': kind, 'message': message}) + '\n')
            events.flush()
        if reporter is not None:
            reporter.send(kind, message)

    emit('dry-run', dry_run_message(plan, machine, args.build_url, args.environment, args.started_by))
    plan_position = {}
    for _, tests in plan['scenarios']:
        for item in tests:
            plan_position[id(item)] = len(plan_position)
    total = sum(len(tests) for _, tests in plan['scenarios'])
    print('System Tests: %d tests in %d scenarios on %s' % (total, len(plan['scenarios']), machine), flush=True)
    plan_results = []
    counts = dict((s, 0) for s in FINAL_STATUSES)
    progress = {'number': 0}
    work_dir = tempfile.mkdtemp(prefix='system-tests-')
    if args.logs_dir:
        os.makedirs(args.logs_dir, exist_ok=True)
    for scenario_path, tests in plan['scenarios']:
        results = []

        def on_start(item):
            progress['number'] += 1
            emit('test-start', dict(item.ref(machine, args.build_url), timestamp_start=timestamp()))
            print('[%3d/%d] START   %s' % (progress['number'], total, item.display()), flush=True)

        def on_stop(item, result):
            result.output = mask(result.output)
            result.detail = mask(result.detail)
            if args.logs_dir:
                index = plan_position[id(item)]
                with open(os.path.join(args.logs_dir, '%d.log' % index), 'w', encoding='utf-8') as handle:
                    handle.write(result.output)
            emit('test-stop', dict(item.ref(machine, args.build_url), status=result.status, timestamp_stop=timestamp()))
            counts[result.status] = counts.get(result.status, 0) + 1
            detail = ' - %s' % result.detail if result.detail else ''
            print('[%3d/%d] %-7s %s (%.2f s)%s' % (progress['number'], total, result.status.upper(),
                                                  item.display(), result.seconds, detail), flush=True)
            results.append((item, result))

        index = 0
        while index < len(tests):
            item = tests[index]
            if item.node is None:
                on_start(item)
                on_stop(item, run_test(item.path, args.python, args.timeout, args.output_cap, work_dir))
                index += 1
            else:
                group = [t for t in tests[index:] if t.path == item.path and t.node is not None]
                run_pytest_file(group, args.python, args.timeout, args.output_cap, work_dir, on_start, on_stop)
                index += len(group)
        plan_results.append((scenario_path, results))
    shutil.rmtree(work_dir, ignore_errors=True)
    if args.junit:
        write_junit(args.junit, plan_results)
    summary = ', '.join('%d %s' % (counts[s], s) for s in FINAL_STATUSES if counts.get(s))
    print('System Tests: %s' % (summary or 'no tests'), flush=True)
    if events is not None:
        events.close()
    if reporter is not None and not reporter.close(args.drain_timeout):
        print('runner.py: %d reports are still unsent in %s; they are sent on the next run'
              % (len(reporter.pending()), reporter.spool_dir), file=sys.stderr)
    bad = sum(v for k, v in counts.items() if k not in ('passed', 'warning'))
    return 1 if bad else 0


def display(path):
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith('..') else relative


if __name__ == '__main__':
    sys.exit(main())
