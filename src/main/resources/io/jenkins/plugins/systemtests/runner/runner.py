#!/usr/bin/env python3
"""System Tests runner: runs Python tests the way a testing machine does and reports their progress to Jenkins.

Standard library only; Python 3.8 to 3.13 on Linux and Windows. Shipped inside the System Tests Jenkins plugin with
its pytest plugin (pytest_plugin/system_tests_pytest_plugin.py, beside this file) and copied to agents at run time;
also usable by hand:

    python3 runner.py sample-tests/scenarios/scenario_master.py --junit results.xml
    python3 runner.py tests/ --report-to https://jenkins.example/ --user lab --token-file ~/.lab-token

What it runs:
  * a master scenario script, which calls run_scenario('x.py'); scenario scripts call run_test_case('dir/t.py');
  * plain test scripts: each in its own process (forked from this warm process on POSIX, a fresh interpreter
    elsewhere), as `python3 path/to/test.py` would run it, its folder on sys.path and, unless --workdir says
    otherwise, as its working directory; so a crash, sys.exit, os._exit or hang touches only that test;
  * pytest tests (files with test functions or Test classes, and folders holding such files): all in ONE pytest
    session, `python -m pytest <those targets>` started where the runner starts, exactly as pytest runs them
    (rootdir, ini files, addopts, conftest.py, plugins, order); each test reported as it starts and ends.
First it works out the whole plan and reports it (the DRY RUN), then runs it in the order the targets were given.

Outcome of a script: RUN_DATA.last_status if it set it; else passed when it ends normally, failed on AssertionError,
error on any other exception (a syntax or import error included), a non-zero exit, a signal or a timeout. Outcome of
a pytest test: pytest's, in the protocol's words (see the plugin). The reason (the assertion message or exception
line) is on the console, in the JUnit XML and in the report.

The file's sections, in the order a run needs them: the protocol's rules; defaults; small helpers; the plan; the DRY
RUN; running a script; running pytest tests; processes tests leave behind; virtual environments; reporting to
Jenkins; JUnit XML; running the plan; the command line.
"""

import argparse
import base64
import datetime
import fnmatch
import glob
import gzip
import json
import os
import random
import re
import shutil
import select
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import types
import urllib.parse
import warnings

# Imported where used, to keep the runner small beside the tests it runs: http.client and hashlib (reporting; they
# load OpenSSL), subprocess, zlib.

# ---------------------------------------------------------------------------------------------------------------
# The protocol's rules. Their one source is Java's core.protocol (TestStatus, ElidedOutput); ProtocolRulesTest fails
# when these copies differ from it.

# A scenario's status is the first of its tests' statuses in this order; so is a test's status when pytest reports
# more than one outcome for it (a failed call and a failed teardown are 'failed').
PRECEDENCE = ('cancelled', 'running', 'waiting', 'unknown', 'failed', 'error', 'warning', 'passed', 'skipped')
# The order counts are shown in.
DISPLAY_ORDER = ('passed', 'warning', 'skipped', 'failed', 'error', 'cancelled', 'unknown', 'running', 'waiting')
# The line that replaces the middle of an output longer than --output-cap.
ELISION = '[... %d bytes elided by the System Tests runner ...]'

FINAL_STATUSES = tuple(s for s in DISPLAY_ORDER if s not in ('running', 'waiting'))
GOOD_STATUSES = ('passed', 'warning', 'skipped')  # a run of only these exits 0 (TestStatus.isSuccess)
# A test that ended so is run again when --retries allows (TestStatus.isRetried); one that passed or warned after such
# an attempt is flaky (TestStatus.FLAKY, isFlaky): its status is the last attempt's, 'flaky' is a mark beside it.
RETRIED_STATUSES = ('failed', 'error')
FLAKY = 'flaky'
FLAKY_FINAL_STATUSES = ('passed', 'warning')


def worst(statuses):
    """The roll-up of statuses: the first in precedence order; 'passed' for none."""
    return min(statuses, key=PRECEDENCE.index) if statuses else 'passed'


def counts_text(statuses, flaky=0):
    """'7 passed, 1 failed' for a list of statuses, in display order; '7 passed (1 flaky)' when tests passed on a
    retry (TestStatus.describe)."""
    counts = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    marked = next((s for s in FLAKY_FINAL_STATUSES if counts.get(s)), None) if flaky else None
    return ', '.join('%d %s%s' % (counts[s], s, ' (%d %s)' % (flaky, FLAKY) if s == marked else '')
                     for s in DISPLAY_ORDER if counts.get(s))


def is_flaky(status, earlier):
    """Whether a test whose last attempt ended `status` after attempts ending `earlier` is flaky."""
    return status in FLAKY_FINAL_STATUSES and any(s in RETRIED_STATUSES for s in earlier)


# ---------------------------------------------------------------------------------------------------------------
# Defaults and exit codes

DEFAULT_TIMEOUT = 30 * 60
DEFAULT_OUTPUT_CAP = 1024 * 1024
DEFAULT_KILL_GRACE = 5.0
QUEUE_POLL_SECONDS = 0.05  # how often a runner in queue mode looks for its next assignment
QUEUE_FAST_POLL_FOR = 5.0  # ... for this long, then
QUEUE_SLOW_POLL_SECONDS = 0.5
DEFAULT_QUEUE_WAIT_LIMIT = 3600.0  # the longest a runner in queue mode waits for its next assignment
# Results of a lost environment's tests that Jenkins hands to a runner for its JUnit XML (QueueRun.LOST_RESULTS).
LOST_RESULTS = 'lost-results.json'
REASON_CAP = 1000

EXIT_PASSED = 0
EXIT_NOT_PASSED = 1
USAGE_ERROR = 2
EXIT_UNDELIVERED = 3
EXIT_CODES = """exit codes:
  0      every test passed, warned or was skipped
  1      a test failed, errored, was cancelled or has an unknown outcome
  2      usage error: a wrong option, file or folder (nothing ran)
  3      the tests ran, but Jenkins refused the reports (wrong URL, user, token or permission); they are kept in
         the spool: fix the option and run again with --resend (or they go with the next run)
  130    stopped by SIGINT (Ctrl-C); 143: stopped by SIGTERM. The running test's processes are ended, the tests
         not run are reported cancelled, and the JUnit XML is written.
"""

RUNNER_FILE = os.path.abspath(__file__)
PYTEST_PLUGIN_DIR = os.path.join(os.path.dirname(RUNNER_FILE), 'pytest_plugin')
PYTEST_PLUGIN = 'system_tests_pytest_plugin'
TEST_COOKIE = 'SYSTEM_TESTS_TEST_COOKIE'
RUNNER_COOKIE = 'SYSTEM_TESTS_RUNNER_COOKIE'

# The signal that cannot be ignored; Windows has none, so TERM there (taskkill ends trees anyway).
KILL_SIGNAL = getattr(signal, 'SIGKILL', signal.SIGTERM)


# ---------------------------------------------------------------------------------------------------------------
# Small helpers


class UsageError(Exception):
    """A problem with what the runner was asked to run."""


def timestamp():
    """Local time as the protocol writes it: 2018-12-30 13:01:57.461401."""
    return datetime.datetime.now().strftime('%Y-%m-%d %H:%M:%S.%f')


def display(path):
    """A path as the user wrote it: relative to where the runner started, when it is below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith('..') else relative


def cap_reason(text):
    text = (text or '').strip()
    return text if len(text) <= REASON_CAP else text[:REASON_CAP - 1] + '\u2026'


def cut_middle(size, read, cap):
    """The text of `size` bytes (read(offset, count) gives them): all of it when it fits `cap`, else its head and its
    tail around the ELISION line saying how many bytes were left out."""
    if size <= cap:
        return read(0, size).decode('utf-8', 'replace')
    half = cap // 2
    marker = ('\n' + ELISION % (size - 2 * half) + '\n').encode('ascii')
    return (read(0, half) + marker + read(size - half, half)).decode('utf-8', 'replace')


def cut_text(text, cap):
    data = text.encode('utf-8', 'replace')
    return cut_middle(len(data), lambda offset, count: data[offset:offset + count], cap)


def cut_file(path, cap, start=0):
    """A file's text from byte `start` on, its middle cut as cut_middle does; only the head and tail are read."""
    with open(path, 'rb') as handle:
        size = max(0, os.fstat(handle.fileno()).st_size - start)

        def read(offset, count):
            handle.seek(start + offset)
            return handle.read(count)

        return cut_middle(size, read, cap)


def signal_name(signum):
    try:
        return signal.Signals(signum).name
    except ValueError:
        return 'signal %d' % signum


def new_cookie(kind):
    return '%s-%d-%016x' % (kind, os.getpid(), random.getrandbits(64))


def signal_tree(pid, popen, signum):
    """Sends a signal to a process group (on Windows, ends the process' tree)."""
    if os.name == 'nt':
        import subprocess
        subprocess.call(['taskkill', '/F', '/T', '/PID', str(pid)], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
        return
    try:
        os.killpg(pid, signum)
    except OSError:
        pass


class Ending(object):
    """Ends processes: TERM now, KILL after the grace period, or at once when forced (a second signal to the runner).
    `send(signum)` signals them; call poll() while waiting for them to end."""

    def __init__(self, send, grace, why):
        self.send = send
        self.why = why
        self.kill_at = time.monotonic() + grace
        send(signal.SIGTERM)

    @property
    def killed(self):
        return self.kill_at is None

    def poll(self, forced=False):
        if self.kill_at is not None and (forced or time.monotonic() >= self.kill_at):
            self.send(KILL_SIGNAL)
            self.kill_at = None


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



# ---------------------------------------------------------------------------------------------------------------
# The plan: what the targets name, in order. A plan is {'master': path or None, 'scenarios': [(scenario, [TestItem])],
# 'pytest': the PytestTests of its pytest tests or None}; a scenario is a scenario script or a folder.


class RunData(object):
    """What a test script sees as RUN_DATA; setting last_status chooses its outcome."""

    def __init__(self):
        self.last_status = None


class TestItem(object):
    """One test of the plan: a script, or one pytest test (nodeid as pytest names it, node the part after the file).

    `ready` is the result of a pytest test known before anything runs (a file pytest could not collect or skipped
    whole, pytest missing); `line` is where pytest found the test (its script in the DRY RUN is that definition).
    """

    __slots__ = ('path', 'nodeid', 'line', 'ready')  # a plan may hold tens of thousands

    def __init__(self, path, nodeid=None, line=None, ready=None):
        self.path = path
        self.nodeid = nodeid
        self.line = line
        self.ready = ready

    @property
    def node(self):
        return self.nodeid.split('::', 1)[1] if self.nodeid and '::' in self.nodeid else None

    @property
    def is_pytest(self):
        return self.nodeid is not None or self.ready is not None

    @property
    def file_path(self):
        return path_parts(self.path)[0]

    @property
    def file_name(self):
        name = path_parts(self.path)[1]
        return name if self.node is None else '%s::%s' % (name, self.node)

    def ref(self, machine, build_url=None):
        ref = {'machine_name': machine, 'file_path': reported_path(self.file_path), 'file_name': self.file_name}
        if build_url:
            ref['build_url'] = build_url  # lets Jenkins tell apart two builds that use one machine at once
        return ref

    def display(self):
        return path_parts(self.path)[2] + ('' if self.node is None else '::' + self.node)


PATH_PARTS = {}


def path_parts(path):
    """(folder, file name, as displayed) of a test's path, worked out once per file: a pytest file may hold thousands
    of tests, each reported twice."""
    parts = PATH_PARTS.get(path)
    if parts is None:
        parts = PATH_PARTS[path] = (os.path.dirname(path), os.path.basename(path), display(path))
    return parts


# --report-path OLD=NEW: a copy of a folder reports its tests under the folder it copies (a shared queue's share on
# another agent runs a copy of the build's workspace), so that every share reports the same paths, the runs of a job
# keep one name per test whichever agent ran it, and Jenkins matches each START to its test by path.
REPORTED_PATHS = []


def reported_path(path):
    """A folder's path as reported to Jenkins: under NEW for a folder under OLD of --report-path, else itself."""
    for old, new in REPORTED_PATHS:
        if path == old or path.startswith(old + os.sep):
            return new + path[len(old):]
    return path


def report_path_mapping(text):
    """OLD=NEW for --report-path: two absolute folders."""
    old, equals, new = text.partition('=')
    if not equals or not os.path.isabs(old) or not os.path.isabs(new):
        raise argparse.ArgumentTypeError('expected OLD=NEW, two absolute folders: %r' % text)
    return os.path.normpath(old), os.path.normpath(new)


def check_python_file(path):
    """A test file that exists and is Python; whether it compiles is the test's own outcome, found when it runs."""
    if not os.path.isfile(path):
        raise UsageError('No such test file: %s' % path)
    if not path.endswith('.py'):
        raise UsageError('Not a Python file: %s' % path)
    return os.path.abspath(path)


def check_scenario_file(path):
    """A scenario script must compile: the plan is read from it."""
    path = check_python_file(path)
    with open(path, 'rb') as handle:
        source = handle.read()
    try:
        compile(source, path, 'exec')
    except SyntaxError as e:
        raise UsageError('Syntax error in %s, line %s: %s' % (path, e.lineno, e.msg))
    return path


# Master scenarios: run_scenario() and run_test_case() record the plan, then run it (see Execution.run_master).


def is_master_scenario(path):
    with open(path, 'r', encoding='utf-8', errors='replace') as handle:
        return 'run_scenario(' in handle.read()


class PlanRecorder(object):
    """Runs master and scenario scripts with helpers that record their children instead of running them.

    Scenario scripts run twice: now, with run.DRY_RUN True, to read the plan; later, with run.DRY_RUN False, to run
    it (see Execution.run_master), so code between run_test_case() calls runs between the tests.
    """

    def __init__(self, scenarios_dir, test_cases_dir):
        self.scenarios_dir = scenarios_dir
        self.test_cases_dir = test_cases_dir
        self.scenarios = []
        self._current_tests = None

    def run_scenario(self, name):
        path = check_scenario_file(os.path.join(self.scenarios_dir, name))
        tests = []
        self._current_tests = tests
        execute_plan_script(path, self.helpers_module())
        self._current_tests = None
        self.scenarios.append((path, tests))
        return 'passed'

    def run_test_case(self, name):
        if self._current_tests is None:
            raise UsageError('run_test_case(%r) called outside a scenario' % name)
        self._current_tests.append(check_python_file(os.path.join(self.test_cases_dir, name)))
        return 'passed'

    def helpers_module(self):
        return helpers_module(self.scenarios_dir, self.test_cases_dir, self.run_scenario, self.run_test_case,
                              dry_run=True)


def helpers_module(scenarios_dir, test_cases_dir, run_scenario, run_test_case, dry_run):
    module = types.ModuleType('run')
    module.SCENARIOS_DIR = scenarios_dir
    module.TEST_CASES_DIR = test_cases_dir
    module.DRY_RUN = dry_run
    module.run_scenario = run_scenario
    module.run_test_case = run_test_case
    module.RUN_DATA = RunData()
    return module


def exec_scenario(path, helpers, name):
    """Runs a master or scenario script with `helpers` as its `run` module, restoring the one before afterwards."""
    previous = sys.modules.get('run')
    sys.modules['run'] = helpers
    try:
        with open(path, 'rb') as handle:
            code = compile(handle.read(), path, 'exec')
        exec(code, {'__name__': name, '__file__': path, 'RUN_DATA': helpers.RUN_DATA})
    finally:
        if previous is None:
            sys.modules.pop('run', None)
        else:
            sys.modules['run'] = previous


def execute_plan_script(path, helpers):
    try:
        exec_scenario(path, helpers, '__system_tests_plan__')
    except UsageError:
        raise
    except Exception as e:
        raise UsageError('The scenario script %s failed while its plan was read: %s: %s'
                         % (path, type(e).__name__, e))


# Files and folders. Directory targets follow pytest's default discovery: these names, recursively, skipping these
# folders. A file with top-level test functions or Test classes holds pytest tests; any other is a plain script.

TEST_FILE_PATTERNS = ('test_*.py', '*_test.py')
SKIPPED_DIRS = ('.*', '_*', '*.egg', 'build', 'CVS', 'dist', 'node_modules', 'venv', '{arch}')


def is_test_file_name(name):
    return any(fnmatch.fnmatch(name, pattern) for pattern in TEST_FILE_PATTERNS) and name != 'conftest.py'


def is_skipped_dir(parent, name):
    if any(fnmatch.fnmatch(name, pattern) for pattern in SKIPPED_DIRS):
        return True
    return os.path.isfile(os.path.join(parent, name, 'pyvenv.cfg'))  # a virtual environment's own packages


def discover(directory):
    """[(folder, [test files])] under a directory, folder by folder in sorted order, files sorted."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not is_skipped_dir(root, d))
        tests = sorted(f for f in files if is_test_file_name(f))
        if tests:
            found.append((os.path.abspath(root), [os.path.abspath(os.path.join(root, f)) for f in tests]))
    if not found:
        raise UsageError('The directory %s holds no test file: in a directory, test files are named %s (searched '
                         'recursively, as pytest does); name other files explicitly or with a pattern such as %s'
                         % (directory, ' or '.join(TEST_FILE_PATTERNS), os.path.join(directory, '*.py')))
    return found


# A test function or Test class at the top level of a file, as pytest collects them by default.
PYTEST_DEFINITION = re.compile(rb'^(?:(?:async[ \t]+)?def[ \t]+test|class[ \t]+Test)', re.MULTILINE)


def is_pytest_file(path):
    """Whether a file holds pytest tests: top-level test functions or Test classes (plain scripts hold none). Read as
    text, not parsed: a suite has thousands of files, and a file that does not compile fails where it runs."""
    with open(path, 'rb') as handle:
        return PYTEST_DEFINITION.search(handle.read()) is not None


def build_plan(targets, options, work_dir, stop):
    """The plan of the targets, in their order. Plain scripts are scenarios of their folder. Pytest targets (a file
    with pytest tests, file.py::test, a folder holding such a file) form one block at the place of the first: one
    pytest session collects and runs them, as `python -m pytest <those targets>` would (so a folder holding pytest
    tests is pytest's whole: a file in it without tests is a module pytest imports, not a script to run)."""
    if len(targets) == 1 and os.path.isfile(targets[0]) and is_master_scenario(targets[0]):
        master = check_scenario_file(targets[0])
        scenarios_dir = os.path.dirname(master)
        cases = os.path.abspath(options.test_cases_dir or os.path.join(os.path.dirname(scenarios_dir), 'test_cases'))
        recorder = PlanRecorder(scenarios_dir, cases)
        execute_plan_script(master, recorder.helpers_module())
        scenarios = [(path, [TestItem(t) for t in tests]) for path, tests in recorder.scenarios]
        return {'master': master, 'scenarios': scenarios, 'test_cases_dir': cases, 'pytest': None}
    segments = []  # scenarios of scripts, and None where the pytest block goes
    pytest_targets = []
    loose = []

    def end_loose():
        if loose:
            segments.append((loose[0].file_path, list(loose)))
            del loose[:]

    for target in targets:
        if '::' in target and not os.path.exists(target):
            check_python_file(target.split('::', 1)[0])
            matches = [target]
        else:
            matches = sorted(glob.glob(target)) if glob.has_magic(target) else [target]
            if not matches:
                raise UsageError('No file matches %s' % target)
        for match in matches:
            if os.path.isdir(match):
                found = discover(match)
                if any(is_pytest_file(path) for _, files in found for path in files):
                    pytest_targets.append(match)
                else:
                    end_loose()
                    segments.extend((folder, [TestItem(path) for path in files]) for folder, files in found)
            elif '::' in match or is_pytest_file(check_python_file(match)):
                pytest_targets.append(match)
            else:
                loose.append(TestItem(check_python_file(match)))
            if pytest_targets and None not in segments:
                end_loose()
                segments.append(None)
    end_loose()
    pytest = None
    if pytest_targets:
        pytest = PytestTests(pytest_targets, options, work_dir, gated=segments.index(None) > 0)
        pytest.collect(stop)
    scenarios = []
    for segment in segments:
        scenarios.extend(pytest.scenarios() if segment is None else [segment])
    return {'master': None, 'scenarios': scenarios, 'pytest': pytest}


# ---------------------------------------------------------------------------------------------------------------
# The DRY RUN. It must fit the endpoint's 1 MiB body cap however many tests it lists: the runner gzips bodies above
# GZIP_ABOVE bytes, and when even that is too big it leaves script texts out, largest plans first (the test page
# then says the script was not sent). Jenkins inflates at most MAX_INFLATED bytes. A pytest test's script is its
# function (from its def line; decorators and parametrize lists left out), not its whole file.

WIRE_BUDGET = 900 * 1024
MAX_INFLATED = 16 * 1024 * 1024
GZIP_ABOVE = 64 * 1024
SCRIPT_BUDGETS = (None, 4 * 1024 * 1024, 1024 * 1024, 256 * 1024, 0)


def write_dry_run(path, plan, machine, build_url=None, environment=None, started_by=None):
    """Writes the DRY RUN as JSON to a file and returns it as a JsonFile: made test by test and sized on the way (its
    length and its gzip size counted piece by piece), so a plan of thousands of tests, megabytes of JSON, is never
    held in memory whole."""
    sources = Sources()
    now = timestamp()
    for budget in SCRIPT_BUDGETS:
        size, wire = json_sizes(dry_run_pieces(plan, machine, build_url, environment, started_by, now, budget,
                                               sources))
        if size <= MAX_INFLATED and wire <= WIRE_BUDGET:
            break  # else Jenkins says what is wrong (more tests than it takes)
    with open(path, 'w', encoding='ascii') as handle:
        for piece in dry_run_pieces(plan, machine, build_url, environment, started_by, now, budget, sources):
            handle.write(piece)
    return JsonFile(path)


def dry_run_pieces(plan, machine, build_url, environment, started_by, now, script_budget, sources):
    """The DRY RUN's JSON text, in pieces: the message, its master scenario, each scenario, each test."""
    remaining = [float('inf') if script_budget is None else script_budget]

    def ref(path, file_name=None, line=None):
        found = {'file_path': reported_path(os.path.dirname(path)), 'file_name': file_name or os.path.basename(path),
                 'script': sources.script(path, line)}
        if len(found['script']) > remaining[0]:
            found['script'] = ''
            found['script_omitted'] = True
        else:
            remaining[0] -= len(found['script'])
        return found

    def opened(fields, key):
        """A JSON object's text without its closing brace, ending with key's array opened."""
        return json.dumps(fields)[:-1] + ', "%s": [' % key

    message = {'machine_name': machine, 'timestamp': now}
    for field, value in (('build_url', build_url), ('environment', environment), ('started_by', started_by)):
        if value:
            message[field] = value
    if plan['master']:
        master = ref(plan['master'])
    else:
        master = {'file_path': reported_path(os.getcwd()), 'file_name': '(selected tests)', 'script': ''}
    yield json.dumps(message)[:-1] + ', "master_scenario": ' + opened(master, 'scenarios')
    for n, (scenario_path, tests) in enumerate(plan['scenarios']):
        if os.path.isdir(scenario_path):
            scenario = {'file_path': reported_path(scenario_path), 'file_name': os.path.basename(scenario_path) + '/',
                        'script': ''}
        else:
            scenario = ref(scenario_path)
        yield (', ' if n else '') + opened(scenario, 'tests')
        for m, test in enumerate(tests):
            yield (', ' if m else '') + json.dumps(ref(test.path, test.file_name, test.line))
        yield ']}'
    yield ']}}'


def json_sizes(pieces):
    """(length, gzip size as wire_body sends it) of an ASCII JSON text given in pieces."""
    import zlib
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # a gzip stream, as gzip.compress writes it
    size = wire = 0
    batch = []
    for piece in pieces:
        size += len(piece)
        batch.append(piece)
        if len(batch) >= 256:
            wire += len(packer.compress(''.join(batch).encode('ascii')))
            batch = []
    wire += len(packer.compress(''.join(batch).encode('ascii'))) + len(packer.flush())
    return size, (size if size <= GZIP_ABOVE else wire)


class JsonFile(object):
    """A message already written as JSON text to a file, copied from there where it goes."""

    def __init__(self, path):
        self.path = path

    def copy_to(self, handle):
        with open(self.path, 'r', encoding='ascii') as source:
            shutil.copyfileobj(source, handle, 1 << 20)


class Sources(object):
    """Files' texts, each read once, and the definitions pytest tests point at (one text per definition, shared by
    its parameters' tests)."""

    def __init__(self):
        self.texts = {}
        self.lines = {}
        self.definitions = {}

    def script(self, path, line=None):
        if path not in self.texts:
            try:
                with open(path, 'r', encoding='utf-8', errors='replace') as handle:
                    self.texts[path] = handle.read()
            except (IOError, OSError):
                self.texts[path] = ''
        if line is None:
            return self.texts[path]
        key = (path, line)
        if key not in self.definitions:
            if path not in self.lines:
                self.lines[path] = self.texts[path].splitlines(True)
            self.definitions[key] = definition(self.lines[path], line) or self.texts[path]
        return self.definitions[key]


def definition(lines, line):
    """The text of the function or class that pytest says starts at `line` (1-based; its first decorator's line or
    its def's): from its def line (decorators, parametrize's lists included, left out: a test's page shows the test)
    to the last line indented deeper. None when no definition starts there."""
    start = line - 1
    if not 0 <= start < len(lines) or not lines[start].lstrip().startswith(('@', 'def ', 'async ', 'class ')):
        return None
    indent = len(lines[start]) - len(lines[start].lstrip())
    head = None  # the def line
    end = start
    while end < len(lines):
        text = lines[end]
        stripped = text.strip()
        at_indent = stripped and len(text) - len(text.lstrip()) <= indent
        if at_indent and end > start and not stripped.startswith((')', ']')):
            if head is not None:
                break
            if not stripped.startswith(('@', 'def ', 'async ', 'class ')):
                return None
        if at_indent and head is None and stripped.startswith(('def ', 'async def ', 'class ')):
            head = end
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return ''.join(lines[head:end]) if head is not None else None


def wire_body(body):
    """(bytes to send, Content-Encoding or None): gzip for big bodies, which Jenkins inflates."""
    if len(body) <= GZIP_ABOVE:
        return body, None
    return gzip.compress(body, 6), 'gzip'


# ---------------------------------------------------------------------------------------------------------------
# Running a script: in a process of its own and its own process group, as `python3 path/to/test.py` would run it.


class TestResult(object):
    """One attempt's outcome; the last attempt's also holds the attempts before it (`earlier`, oldest first). In queue
    mode an attempt that is one of several across environments carries `rerun` = (plan position, attempt number), which
    its JUnit testcase names so that Jenkins folds the environments' testcases into one (JunitParts)."""
    __slots__ = ('status', 'seconds', 'output', 'reason', 'earlier', 'rerun')

    def __init__(self, status, seconds, output, reason=''):
        self.status = status
        self.seconds = seconds
        self.output = output
        self.reason = reason
        self.earlier = []
        self.rerun = None

    @property
    def flaky(self):
        return is_flaky(self.status, [attempt.status for attempt in self.earlier])


def attempt_elsewhere():
    """An earlier attempt that ran on another environment: only known to have failed or errored (it was retried); its
    outcome is in that environment's report and JUnit XML, not in this runner's."""
    return TestResult(RETRIED_STATUSES[0], 0.0, None)


def own_traceback(exc_type, exc, tb):
    """The traceback as `python3 test.py` prints it: the runner's own frames (the exec) left out."""
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == RUNNER_FILE:
        tb = tb.tb_next
    return ''.join(traceback.format_exception(exc_type, exc, tb)), tb


def failure_reason(exc, tb):
    """The line a person looks for: 'AssertionError: the door did not lock', or for a bare assert, where it failed."""
    reason = traceback.format_exception_only(type(exc), exc)[-1].strip()
    if isinstance(exc, SyntaxError) and exc.lineno:
        reason = '%s (%s, line %s)' % (reason, os.path.basename(exc.filename or '?'), exc.lineno)
    if isinstance(exc, AssertionError) and not str(exc):
        frames = traceback.extract_tb(tb) if tb is not None else []
        if frames:
            last = frames[-1]
            reason = 'AssertionError at %s:%d: %s' % (os.path.basename(last.filename), last.lineno,
                                                      (last.line or '').strip())
    return cap_reason(reason)


def run_script(path, run_data):
    """Runs a test script in this process as `python3 path` would; (status, reason)."""
    status, reason = 'passed', ''
    try:
        with open(path, 'rb') as handle:
            code = compile(handle.read(), path, 'exec')
        exec(code, {'__name__': '__main__', '__file__': path, '__builtins__': __builtins__, 'RUN_DATA': run_data})
    except SystemExit as e:
        if e.code not in (None, 0):
            reason = 'exited with code %s' % e.code if isinstance(e.code, int) else 'exited: %s' % (e.code,)
            print('Test %s' % reason, file=sys.stderr)
            status = 'error'
    except BaseException as e:
        text, tb = own_traceback(type(e), e, e.__traceback__)
        sys.stderr.write(text)
        status = 'failed' if isinstance(e, AssertionError) else 'error'
        reason = failure_reason(e, tb)
    if run_data.last_status is not None:
        chosen = str(run_data.last_status).strip().lower()
        if chosen in FINAL_STATUSES:
            if chosen != status and chosen not in ('passed', 'warning') and not reason:
                reason = 'RUN_DATA.last_status = %r' % chosen
            status = chosen
        else:
            reason = 'RUN_DATA.last_status %r is not one of %s' % (run_data.last_status, ', '.join(FINAL_STATUSES))
            print(reason, file=sys.stderr)
            status = 'error'
    return status, reason


def test_entry(path, status_fd, run_data, workdir):
    """Runs a test script in this (child) process and writes its outcome as JSON to status_fd."""
    test_dir = os.path.dirname(path)
    helpers = types.ModuleType('run')
    helpers.RUN_DATA = run_data
    helpers.TEST_CASES_DIR = test_dir
    helpers.SCENARIOS_DIR = test_dir
    helpers.DRY_RUN = False
    sys.modules['run'] = helpers
    sys.argv = [path]
    sys.path[0] = test_dir  # where `python3 path` puts the script's folder: helpers next to it import
    try:
        os.chdir(workdir or test_dir)
    except OSError as e:
        print('Cannot change to the working directory %s: %s' % (workdir or test_dir, e), file=sys.stderr)
    status, reason = run_script(path, run_data)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    outcome = json.dumps({'status': status, 'reason': reason}).encode('utf-8')
    while outcome:
        outcome = outcome[os.write(status_fd, outcome):]
    os.close(status_fd)


def run_one(path, status_file, workdir):
    """Entry point of a spawned test process (platforms without fork): --run-one."""
    read_fd, write_fd = os.pipe()
    test_entry(path, write_fd, RunData(), workdir)
    chunks = []
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    with open(status_file, 'wb') as handle:
        handle.write(b''.join(chunks))
    return 0


class TestProcess(object):
    """One test in its own process group: forked on POSIX, a fresh interpreter elsewhere."""

    def __init__(self, path, python, output_path, workdir, cookie):
        self.path = path
        self.output_path = output_path
        self.status_path = output_path + '.status'
        if hasattr(os, 'fork'):
            self._fork(workdir, cookie)
        else:
            self._spawn(python, workdir, cookie)

    def _fork(self, workdir, cookie):
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() beside the reporter thread. The child never touches that thread's
            # state: it replaces stdin/out/err with fresh objects and runs only the test.
            warnings.simplefilter('ignore', DeprecationWarning)
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
                os.environ[TEST_COOKIE] = cookie
                test_entry(self.path, write_fd, RunData(), workdir)
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

    def _spawn(self, python, workdir, cookie):
        import subprocess
        out = open(self.output_path, 'wb')
        flags = getattr(subprocess, 'CREATE_NEW_PROCESS_GROUP', 0)
        command = [python, RUNNER_FILE, '--run-one', self.path, '--status-file', self.status_path]
        if workdir:
            command += ['--workdir', workdir]
        self.popen = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      env=dict(os.environ, **{TEST_COOKIE: cookie}),
                                      creationflags=flags, start_new_session=(flags == 0))
        out.close()
        self.pid = self.popen.pid
        self.status_fd = None

    def wait(self, timeout, stop):
        """(why it did not end well or None, ended by the runner?) once the test has ended or been ended."""
        deadline = time.monotonic() + timeout
        ending = None
        while True:
            finished, ended = False, None
            if self.popen is not None:
                code = self.popen.poll()
                if code is not None:
                    finished, ended = True, (None if code == 0 else 'exit code %d' % code)
            else:
                pid, status = os.waitpid(self.pid, os.WNOHANG if not self.status_closed else 0)
                if pid != 0:
                    finished, ended = True, self._describe(status)
            if finished:
                if ending is None and stop.requested:
                    return 'stopped by %s' % stop.name(), True  # the signal handler ended it already
                return (ended if ending is None else ending.why), ending is not None
            if ending is None and stop.requested:
                # The handler signalled the group too, unless the signal came before the group existed.
                ending = Ending(self.signal, stop.grace, 'stopped by %s' % stop.name())
            elif ending is None and time.monotonic() >= deadline:
                ending = Ending(self.signal, stop.grace, 'timed out after %s s' % timeout)
            if ending is not None:
                ending.poll(stop.forced)
            if self.popen is None and not self.status_closed:
                # Wake as soon as the test writes its status and closes the pipe, not at the next poll.
                try:
                    readable, _, _ = select.select([self.status_fd], [], [], 0.05)
                except InterruptedError:
                    readable = []
                if readable:
                    chunk = os.read(self.status_fd, 65536)
                    if chunk:
                        self.status += chunk
                    else:
                        self.status_closed = True
            else:
                time.sleep(0.005 if self.popen is not None else 0.05)

    def signal(self, signum):
        signal_tree(self.pid, self.popen, signum)

    @staticmethod
    def _describe(status):
        if os.WIFSIGNALED(status):
            return 'killed by %s' % signal_name(os.WTERMSIG(status))
        code = os.WEXITSTATUS(status)
        return None if code == 0 else 'exit code %d' % code

    def reported_outcome(self):
        """(status, reason) the test wrote, or (None, '') when it ended before writing one."""
        if self.popen is None:
            if not self.status_closed:
                # Whatever is there: a stray grandchild that left the process group may still hold the pipe.
                os.set_blocking(self.status_fd, False)
                try:
                    while True:
                        chunk = os.read(self.status_fd, 65536)
                        if not chunk:
                            break
                        self.status += chunk
                except BlockingIOError:
                    pass
            os.close(self.status_fd)
            text = self.status.decode('utf-8', 'replace')
        else:
            try:
                with open(self.status_path, encoding='utf-8') as handle:
                    text = handle.read()
            except (IOError, OSError):
                text = ''
            finally:
                if os.path.exists(self.status_path):
                    os.remove(self.status_path)
        try:
            outcome = json.loads(text)
            return outcome['status'], outcome.get('reason', '')
        except (ValueError, KeyError, TypeError):
            return None, ''


def run_test(path, options, work_dir, stop):
    output_path = os.path.join(work_dir, 'test-%d.log' % time.monotonic_ns())
    started = time.monotonic()
    cookie = new_cookie('t')
    process = TestProcess(path, options.python, output_path, options.workdir, cookie)
    stop.group = process.pid
    try:
        failure, ended_by_runner = process.wait(options.timeout, stop)
    finally:
        stop.group = None
    status, reason = process.reported_outcome()
    seconds = time.monotonic() - started
    leftovers = '' if options.keep_test_processes else end_leftovers(process.pid, TEST_COOKIE, cookie,
                                                                     options.kill_grace)
    output = ''
    if os.path.exists(output_path):
        output = cut_file(output_path, options.output_cap)
        os.remove(output_path)
    if leftovers:
        output += ('' if not output or output.endswith('\n') else '\n') + leftovers + '\n'
    if ended_by_runner and stop.requested:
        return TestResult('cancelled', seconds, output, failure)
    if ended_by_runner or failure is not None and status is None:
        return TestResult('error', seconds, output, failure)
    if failure is not None and status == 'passed':
        return TestResult('error', seconds, output, failure)
    if status is None:
        return TestResult('error', seconds, output, 'the test ended without an outcome')
    return TestResult(status, seconds, output, reason or failure or '')


# ---------------------------------------------------------------------------------------------------------------
# Running pytest tests: all of them in one pytest session, `python -m pytest -p system_tests_pytest_plugin <targets>`,
# started where the runner starts (or in --workdir), so that pytest finds the rootdir, ini file, addopts, conftest.py
# files and plugins it finds when a person runs it there, and runs the tests in its own order. The plugin reports
# what pytest collects (the plan's pytest block) and each test's start and outcome as it happens.
#
# The per-test timeout holds inside the session: a test running longer is ended with the whole session (its threads'
# tracebacks dumped to its output first, then TERM, then KILL after the grace period) and is an error; a session
# resumed with the same arguments runs the tests after it, the ones already run deselected. So does a test that
# crashes the interpreter. With --pytest-per-file each test file runs in a session of its own instead (isolation
# between files, at the cost of a pytest start per file).


class PytestSession(object):
    """One pytest process and the events its plugin writes."""

    count = 0

    def __init__(self, args, options, work_dir, done=(), gated=False):
        import subprocess
        PytestSession.count += 1
        name = os.path.join(work_dir, 'pytest-%d' % PytestSession.count)
        self.events_path, self.log_path, self.dump_path = name + '.events', name + '.log', name + '.dump'
        self.go_path = name + '.go' if gated else None
        self.cookie = new_cookie('t')
        env = dict(os.environ, SYSTEM_TESTS_PYTEST_EVENTS=self.events_path, SYSTEM_TESTS_PYTEST_DUMP=self.dump_path,
                   **{TEST_COOKIE: self.cookie})
        env['PYTHONPATH'] = os.pathsep.join(p for p in (PYTEST_PLUGIN_DIR, os.environ.get('PYTHONPATH')) if p)
        if gated:
            env['SYSTEM_TESTS_PYTEST_GO'] = self.go_path
        if options.retries:
            # The plugin reruns a failed test inside the session (as pytest-rerunfailures does), by the same rule.
            env['SYSTEM_TESTS_PYTEST_RETRIES'] = str(options.retries)
            if options.retry_on is not None:
                env['SYSTEM_TESTS_PYTEST_RETRY_ON'] = options.retry_on.pattern
        if done:
            env['SYSTEM_TESTS_PYTEST_DONE'] = name + '.done'
            with open(name + '.done', 'w', encoding='utf-8') as handle:
                json.dump(sorted(done), handle)
        open(self.events_path, 'w').close()
        self.log = open(self.log_path, 'wb')
        flags = getattr(subprocess, 'CREATE_NEW_PROCESS_GROUP', 0)
        self.process = subprocess.Popen([options.python, '-m', 'pytest', '-p', PYTEST_PLUGIN] + list(args),
                                        cwd=options.workdir or None, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, creationflags=flags,
                                        start_new_session=(flags == 0))
        self.pid = self.process.pid
        self.events = open(self.events_path, 'r', encoding='utf-8')
        self.partial = ''
        self.pending = []
        self.files = [p for p in (self.events_path, self.log_path, self.dump_path, self.go_path, name + '.done') if p]

    def read_events(self):
        """The events written since the last call, after any that collect() set aside."""
        chunk = self.events.read()
        if chunk:
            lines = (self.partial + chunk).split('\n')
            self.partial = lines.pop()
            self.pending.extend(json.loads(line) for line in lines if line)
        events, self.pending = self.pending, []
        return events

    def release(self):
        """Lets a gated session start its tests."""
        if self.go_path:
            open(self.go_path, 'w').close()

    def log_size(self):
        self.log.flush()
        return os.fstat(self.log.fileno()).st_size

    def dump_tracebacks(self):
        """Asks the session to write its threads' tracebacks (the plugin's faulthandler), then waits a moment."""
        if hasattr(signal, 'SIGUSR1'):
            try:
                os.kill(self.pid, signal.SIGUSR1)
                time.sleep(0.1)
            except OSError:
                pass

    def signal(self, signum):
        signal_tree(self.pid, self.process, signum)

    def how_it_ended(self):
        code = self.process.returncode
        if code is not None and code < 0:
            return 'killed by %s' % signal_name(-code)
        return 'exit code %s' % code

    def close(self, options):
        """Waits for the process, ends what its tests left running, and returns that note ('' for none)."""
        self.process.wait()
        leftovers = '' if options.keep_test_processes else end_leftovers(self.pid, TEST_COOKIE, self.cookie,
                                                                         options.kill_grace)
        self.events.close()
        self.log.close()
        return leftovers

    def remove_files(self):
        for path in self.files:
            if os.path.exists(path):
                os.remove(path)


class PytestTests(object):
    """The plan's pytest tests: collected by the session that will run them, then run, resumed as needed."""

    def __init__(self, targets, options, work_dir, gated):
        self.options = options
        self.work_dir = work_dir
        self.per_file = options.pytest_per_file
        elsewhere = options.workdir and os.path.abspath(options.workdir) != os.getcwd()
        self.targets = [os.path.abspath(t) if elsewhere else t for t in targets]
        self.items = []  # in pytest's order; the problems (files not collected) first
        self.rootdir = None
        self.ran = False
        self.session = PytestSession(self.targets + (['--collect-only'] if self.per_file else []), options, work_dir,
                                     gated=gated and not self.per_file)

    # The plan

    def collect(self, stop):
        """Waits for what the session collects, and makes it the plan's pytest tests."""
        collected = None
        stop.group = self.session.pid
        try:
            while collected is None:
                ended = self.session.process.poll() is not None
                events = self.session.read_events()
                for n, event in enumerate(events):
                    if event['event'] == 'collected':
                        collected = event
                        self.session.pending = events[n + 1:]
                        break
                if collected is None and (ended and not events or stop.requested):
                    break
                if not events:
                    time.sleep(0.005)
        finally:
            stop.group = None
        if collected is None:
            why = self._not_started(stop)
            self.items = [TestItem(os.path.abspath(t.split('::', 1)[0]), ready=why) for t in self.targets]
            return
        self.rootdir = collected['rootdir']
        for problem in collected['problems']:
            path = os.path.join(self.rootdir, problem['file'])
            self.items.append(TestItem(path, problem['nodeid'], ready=TestResult(
                problem['status'], 0.0, problem['output'], cap_reason(problem['reason']))))
        paths = {}  # one string per file, however many tests it holds
        tests = [TestItem(paths.setdefault(path, os.path.join(self.rootdir, path)), nodeid, line)
                 for nodeid, path, line in collected['items']]
        if self.per_file:
            # Each file's tests together, in pytest's order, files in the order pytest first reaches them.
            order = {}
            for item in tests:
                order.setdefault(item.path, len(order))
            tests.sort(key=lambda item: order[item.path])
        self.items.extend(tests)

    def _not_started(self, stop):
        """Why the session ended before it collected anything, as a result for each target."""
        if stop.requested:
            self.session.signal(KILL_SIGNAL)
        self.session.close(self.options)
        output = cut_file(self.session.log_path, self.options.output_cap)
        ended = self.session.how_it_ended()
        self.session.remove_files()
        self.session = None
        python = self.options.python
        if stop.requested:
            return TestResult('cancelled', 0.0, '', 'not run: the runner was stopped by %s' % stop.name())
        if 'No module named pytest' in output:
            return TestResult('error', 0.0, output, 'this target holds pytest tests, but pytest is not installed for '
                              '%s: install it on this machine (for example: %s -m pip install pytest)' % (python, python))
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith(('E ', 'ERROR', '__main__.py: error', 'pytest: error'))]
        return TestResult('error', 0.0, output, 'pytest could not collect the tests (%s): %s'
                          % (ended, errors[-1] if errors else lines[-1] if lines else 'no output'))

    def scenarios(self):
        """The pytest block's scenarios: consecutive tests of one folder."""
        scenarios = []
        for item in self.items:
            if scenarios and scenarios[-1][0] == item.file_path:
                scenarios[-1][1].append(item)
            else:
                scenarios.append((item.file_path, [item]))
        return scenarios

    # Running

    def run(self, stop, on_start, on_stop):
        """Runs the block, once, reporting each test as it starts and stops."""
        if self.ran:
            return
        self.ran = True
        for item in self.items:
            if item.ready is not None:
                on_start(item)
                on_stop(item, item.ready)
        waiting = [item for item in self.items if item.ready is None]
        if not waiting:
            self.end()
            return
        if not self.per_file:
            self.session.release()
            self._run_to_end(self.targets, waiting, self.session, stop, on_start, on_stop)
            self.session = None
            return
        self.end()  # the collection's session
        files = []
        for item in waiting:
            if not files or files[-1][0] != item.path:
                files.append((item.path, []))
            files[-1][1].append(item)
        for path, items in files:
            if stop.requested:
                return
            args = [path, '--rootdir', self.rootdir]
            self._run_to_end(args, items, None, stop, on_start, on_stop)

    def end(self):
        """Ends a session that has not run (the runner was stopped before, or the block needs no session)."""
        if self.session is not None:
            if self.session.process.poll() is None:
                self.session.signal(KILL_SIGNAL)
            self.session.close(self.options)
            self.session.remove_files()
            self.session = None

    def _run_to_end(self, args, items, session, stop, on_start, on_stop):
        """Runs `items` with pytest `args` until each has an outcome, resuming the session after a hang or crash."""
        waiting = {}
        for item in items:
            waiting.setdefault(item.nodeid, []).append(item)
        done = set()
        while True:
            if session is None:
                session = PytestSession(args, self.options, self.work_dir, done=done)
            finish, progress, ended = self._follow(session, waiting, done, stop, on_start, on_stop)
            session.remove_files()
            remaining = [item for item in items if waiting.get(item.nodeid) and item in waiting[item.nodeid]]
            if not remaining or stop.requested:
                return
            if finish is not None:
                # pytest ended the session itself before these tests: -x, --maxfail, pytest.exit(), --collect-only.
                stopped = finish.get('stopped')
                status, why = ('skipped', 'not run: pytest stopped the session (%s)' % stopped) if stopped else \
                    ('unknown', 'not run: pytest ended the session without running it')
                for item in remaining:
                    on_start(item)
                    on_stop(item, TestResult(status, 0.0, '', why))
                return
            if not progress:
                for item in remaining:
                    on_start(item)
                    on_stop(item, TestResult('error', 0.0, '', 'not run: pytest ended before it (%s)' % ended))
                return
            print('System Tests: resuming the pytest session for the %d tests not run yet' % len(remaining),
                  flush=True)
            session = None

    def _follow(self, session, waiting, done, stop, on_start, on_stop):
        """Reports the session's tests as they start and stop, ending it when a test runs past the timeout or the
        runner is stopped. Returns (its 'finish' event or None, whether a test ended, how the process ended)."""
        options = self.options
        running = {}  # nodeid: (item, started, log offset)
        ending = None
        timed_out = None
        finish = None
        finished_at = None
        progress = False
        stop.group = session.pid
        try:
            while True:
                exited = session.process.poll() is not None
                events = session.read_events()
                for event in events:
                    kind = event['event']
                    nodeid = event.get('nodeid')
                    if kind == 'start' and waiting.get(nodeid) and nodeid not in running:
                        item = waiting[nodeid][0]
                        running[nodeid] = (item, time.monotonic(), session.log_size())
                        on_start(item)
                    elif kind == 'stop' and nodeid in running:
                        item = running.pop(nodeid)[0]
                        retry = bool(event.get('retry'))  # the plugin runs the test again at once
                        if not retry:
                            self._done(waiting, done, item)
                        status, reason = worst_outcome(event['outcomes'])
                        on_stop(item, TestResult(status, event['seconds'], cut_text(event['output'], options.output_cap),
                                                 cap_reason(reason)), retry)
                        progress = True
                    elif kind == 'finish':
                        finish = event
                        finished_at = time.monotonic()
                if exited and not events:
                    break
                now = time.monotonic()
                if ending is None and stop.requested:
                    ending = Ending(session.signal, options.kill_grace, 'stopped by %s' % stop.name())
                elif ending is None and running:
                    nodeid, (item, started, _) = min(running.items(), key=lambda entry: entry[1][1])
                    if now - started > options.timeout:
                        timed_out = nodeid
                        session.dump_tracebacks()
                        ending = Ending(session.signal, options.kill_grace, 'timed out after %s s' % options.timeout)
                elif ending is None and finish is not None and now - finished_at > options.timeout:
                    ending = Ending(session.signal, options.kill_grace, 'pytest did not exit after its session')
                    print('System Tests: pytest did not exit %s s after its session ended; ended' % options.timeout,
                          flush=True)
                if ending is not None:
                    ending.poll(stop.forced)
                if not events:
                    time.sleep(0.005)
        finally:
            stop.group = None
        leftovers = session.close(options)
        ended = session.how_it_ended()
        for nodeid, (item, started, offset) in sorted(running.items(), key=lambda entry: entry[1][1]):
            self._done(waiting, done, item)
            parts = [cut_file(session.log_path, options.output_cap, offset)]
            if nodeid == timed_out and os.path.exists(session.dump_path):
                parts.append('System Tests: the threads of the session when the test timed out:\n'
                             + cut_file(session.dump_path, options.output_cap))
            if ending is not None and stop.requested:
                status, why = 'cancelled', ending.why
            elif nodeid == timed_out:
                status, why = 'error', ending.why
            elif timed_out is not None:
                status, why = 'error', 'ended with the pytest session when %s timed out' % timed_out
            else:
                status, why = 'error', 'pytest ended while it ran (%s)' % ended
            parts.append(leftovers)
            output = '\n'.join(part.rstrip('\n') for part in parts if part.strip())
            on_stop(item, TestResult(status, time.monotonic() - started, output + '\n' if output else '', why))
            progress = True
        if leftovers and not running:
            print(leftovers, flush=True)
        summary = last_line(session.log_path) if finish is not None else ''
        if summary:
            print('System Tests: pytest: %s' % summary, flush=True)
        return finish, progress, ended

    @staticmethod
    def _done(waiting, done, item):
        queue = waiting.get(item.nodeid)
        if queue and queue[0] is item:
            queue.pop(0)
            if not queue:
                del waiting[item.nodeid]
        done.add(item.nodeid)


def worst_outcome(outcomes):
    """(status, reason) of a pytest test from its phases' [status, reason]: the first status in precedence order."""
    if not outcomes:
        return 'passed', ''
    status = worst([s for s, _ in outcomes])
    return status, next(reason for s, reason in outcomes if s == status)


def last_line(path):
    """The last line of a file with text in it, stripped of pytest's '=' rulers ('' for none)."""
    try:
        with open(path, 'rb') as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - 4096))
            lines = handle.read().decode('utf-8', 'replace').splitlines()
    except (IOError, OSError):
        return ''
    lines = [line.strip().strip('=').strip() for line in lines if line.strip()]
    return lines[-1] if lines else ''


# ---------------------------------------------------------------------------------------------------------------
# Processes tests leave behind: a test's process group, and on Linux every process that inherited its cookie variable
# (daemons that started a new session included). Ended with TERM, then KILL after the grace period: after each script,
# after each pytest session, and at the runner's end for every process of the run.


def leftover_processes(group, variable, cookie):
    """{pid: command line} of the live processes of a group or whose environment has variable=cookie (Linux)."""
    found = {}
    if not os.path.isdir('/proc'):
        return found
    marker = ('%s=%s' % (variable, cookie)).encode('utf-8')
    me = os.getpid()
    for entry in os.listdir('/proc'):
        if not entry.isdigit() or int(entry) == me:
            continue
        pid = int(entry)
        try:
            with open('/proc/%d/stat' % pid, 'rb') as handle:
                fields = handle.read().rsplit(b')', 1)[1].split()
            if fields[0] == b'Z':
                continue  # already ended, waiting for its parent
            in_group = group is not None and int(fields[2]) == group
            if not in_group:
                with open('/proc/%d/environ' % pid, 'rb') as handle:
                    if marker not in handle.read().split(b'\0'):
                        continue
            with open('/proc/%d/cmdline' % pid, 'rb') as handle:
                found[pid] = handle.read().replace(b'\0', b' ').decode('utf-8', 'replace').strip()[:200]
        except (OSError, IndexError, ValueError):
            continue  # gone, or not ours to read
    return found


def end_leftovers(group, variable, cookie, grace):
    """Ends what a test (or the whole run) left running; returns a line saying what was ended, or ''."""
    if os.name == 'nt':
        return ''
    found = leftover_processes(group, variable, cookie)
    if not found and group is not None and not os.path.isdir('/proc'):
        try:
            os.killpg(group, 0)
            found = {group: '(process group %d)' % group}
        except OSError:
            return ''
    if not found:
        return ''

    def send(signum):
        for pid in found:
            try:
                os.kill(pid, signum)
            except OSError:
                pass
        if group is not None:
            try:
                os.killpg(group, signum)
            except OSError:
                pass

    ending = Ending(send, grace, 'left running')
    given_up_at = None
    while leftover_processes(group, variable, cookie):
        ending.poll()
        if ending.killed:
            given_up_at = given_up_at or time.monotonic() + 1.0
            if time.monotonic() > given_up_at:
                break
        time.sleep(0.05)
    return 'System Tests: ended %d process%s left running: %s' % (
        len(found), '' if len(found) == 1 else 'es',
        '; '.join('%d %s' % (pid, command) for pid, command in sorted(found.items())))


# ---------------------------------------------------------------------------------------------------------------
# Virtual environments for a requirements file: one per (requirements, interpreter), reused across runs, built
# under an exclusive lock, used under a shared one, and the least recently used evicted beyond a count.


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
# Reporting to Jenkins, through a spool on disk so that nothing is lost while Jenkins is unreachable.
#
# The spool: <spool root>/<key of the Jenkins URL and user>/<run>/000000000001.dry-run.json, ... One folder per
# run, held locked by its runner, so runners at once never share files; leftovers of earlier runs for the same
# Jenkins and user are sent first (by whichever runner locks them), and never to another Jenkins or as another user.
# Messages Jenkins refused for their content are moved to <key>/refused/ and removed after REFUSED_KEEP_DAYS.

REFUSED_KEEP_DAYS = 14
API_PATH = 'system-tests/api/v1/'


def default_spool_root():
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    if os.name == 'nt':
        base = os.environ.get('LOCALAPPDATA') or base
    return os.path.join(base, 'system-tests', 'spool')


def report_base_url(url):
    """Jenkins' root URL, checked: http(s), a host, ending with '/'."""
    parts = urllib.parse.urlsplit(url or '')
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise UsageError("--report-to must be Jenkins' root URL starting with http:// or https://, such as "
                         "https://jenkins.example/ (not %r)" % url)
    try:
        parts.port
    except ValueError:
        raise UsageError('--report-to has an invalid port: %r' % url)
    if parts.query or parts.fragment:
        raise UsageError("--report-to must be Jenkins' root URL, without ?query or #fragment: %r" % url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip('/') + '/', '', ''))


class KeepAliveConnection(object):
    """One persistent HTTP(S) connection, reopened when the server closed it."""

    def __init__(self, timeout=30):
        self.timeout = timeout
        self.connection = None
        self.origin = None
        self.requests = 0
        self.bytes_sent = 0
        self.largest = 0

    def post(self, url, body, headers):
        """(status, headers, body) of the answer; raises OSError or http.client.HTTPException when unreachable."""
        import http.client
        parts = urllib.parse.urlsplit(url)
        origin = (parts.scheme, parts.hostname, parts.port)
        if origin != self.origin:
            self.close()
            self.origin = origin
        target = parts.path + ('?' + parts.query if parts.query else '')
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                if parts.scheme == 'https':
                    import ssl
                    self.connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=self.timeout,
                                                                  context=ssl.create_default_context())
                else:
                    self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
                try:
                    self.connection.connect()
                    # http.client sends a body over 2920 bytes apart from its headers: no Nagle delay for it.
                    self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                except (OSError, http.client.HTTPException):
                    self.close()
                    raise
            try:
                self.connection.request('POST', target, body, headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if reused and attempt == 1:
                    continue  # the server had closed the idle connection: once more on a new one
                raise
            except (OSError, http.client.HTTPException):
                self.close()
                raise
            self.requests += 1
            self.bytes_sent += len(body)
            self.largest = max(self.largest, len(body))
            if response.will_close:
                self.close()
            return response.status, response.headers, data

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:
                pass
        self.connection = None


class ConfigurationError(Exception):
    """Jenkins refuses every report the same way: wrong URL, user, token or permission. Retrying cannot help."""


class Spool(object):
    """The runs' unsent reports for one Jenkins URL and user."""

    def __init__(self, root, url, user):
        import hashlib
        key = hashlib.sha256(('%s\n%s' % (url, user)).encode('utf-8')).hexdigest()[:16]
        self.dir = os.path.join(root, key)
        self.url = url
        self.user = user
        self.refused_dir = os.path.join(self.dir, 'refused')

    def new_run(self):
        """A fresh run folder, locked by this process for its lifetime: (path, lock)."""
        for attempt in range(5):
            name = '%s-%d-%04x' % (datetime.datetime.now().strftime('%Y%m%dT%H%M%S%f'), os.getpid(),
                                   random.getrandbits(16))
            path = os.path.join(self.dir, name)
            try:
                os.makedirs(path)
            except FileExistsError:
                continue
            except FileNotFoundError:
                continue  # another runner removed the empty parent meanwhile
            lock = file_lock(os.path.join(path, '.lock'), exclusive=True, blocking=False)
            with open(os.path.join(path, 'target.json'), 'w', encoding='utf-8') as handle:
                json.dump({'url': self.url, 'user': self.user, 'pid': os.getpid()}, handle)
            return path, lock
        raise UsageError('Could not create a spool folder in %s' % self.dir)

    def run_dirs(self):
        try:
            names = sorted(os.listdir(self.dir))
        except FileNotFoundError:
            return []
        return [os.path.join(self.dir, n) for n in names if n != 'refused' and os.path.isdir(os.path.join(self.dir, n))]

    @staticmethod
    def pending(run_dir):
        try:
            return sorted(n for n in os.listdir(run_dir) if n.endswith('.json') and n != 'target.json')
        except FileNotFoundError:
            return []

    def count_pending(self):
        return sum(len(self.pending(d)) for d in self.run_dirs())

    def claim(self, run_dir):
        """The lock of an earlier run's folder, or None while its runner (or another one sending it) holds it."""
        return file_lock(os.path.join(run_dir, '.lock'), exclusive=True, blocking=False)

    @staticmethod
    def remove_run(run_dir, lock):
        for name in ('target.json', '.lock'):
            try:
                os.remove(os.path.join(run_dir, name))
            except OSError:
                pass
        if lock is not None:
            lock.close()
        try:
            os.rmdir(run_dir)
        except OSError:
            pass

    def tidy(self):
        """Drops refused reports older than REFUSED_KEEP_DAYS, and the key folder once empty."""
        limit = time.time() - REFUSED_KEEP_DAYS * 86400
        if os.path.isdir(self.refused_dir):
            for name in os.listdir(self.refused_dir):
                path = os.path.join(self.refused_dir, name)
                try:
                    if os.path.getmtime(path) < limit:
                        os.remove(path)
                except OSError:
                    pass
            try:
                os.rmdir(self.refused_dir)
            except OSError:
                pass
        try:
            os.rmdir(self.dir)
        except OSError:
            pass

    def refuse(self, run_dir, name):
        os.makedirs(self.refused_dir, exist_ok=True)
        target = os.path.join(self.refused_dir, '%s.%s' % (os.path.basename(run_dir), name))
        os.replace(os.path.join(run_dir, name), target)
        return target


class Reporter(object):
    """Posts messages in order from the spool over one keep-alive connection; retries with backoff while Jenkins is
    unreachable or busy; stops at a configuration error, keeping what is unsent for --resend."""

    def __init__(self, base_url, user, token, spool_root, max_backoff=30.0, log=None, live=True):
        self.base_url = base_url
        self.user = user
        self.auth = 'Basic ' + base64.b64encode(('%s:%s' % (user, token)).encode('utf-8')).decode('ascii')
        self.spool = Spool(spool_root, base_url, user)
        self.max_backoff = max_backoff
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.http = KeepAliveConnection()
        self.config_error = None
        self.refused = 0
        self.sent = 0
        self.moved_logged = False
        self.condition = threading.Condition()
        self.closed = False
        self.done = False
        self.own_dir, self.own_lock = self.spool.new_run() if live else (None, None)
        self.sequence = 0
        self.thread = threading.Thread(target=self._send_all, name='system-tests-reporter')
        self.thread.daemon = True
        self.thread.start()

    def send(self, kind, message):
        """Spools a message (a dict, or a JsonFile) to be sent in order."""
        with self.condition:
            self.sequence += 1
            name = '%012d.%s.json' % (self.sequence, kind)
            temp = os.path.join(self.own_dir, name + '.tmp')
            with open(temp, 'w', encoding='utf-8') as handle:
                if isinstance(message, JsonFile):
                    message.copy_to(handle)
                else:
                    json.dump(message, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, os.path.join(self.own_dir, name))
            self.condition.notify_all()

    def _send_all(self):
        try:
            for run_dir in self.spool.run_dirs():
                if run_dir == self.own_dir:
                    continue
                lock = self.spool.claim(run_dir)
                if lock is None:
                    continue  # a live run, or another runner is sending it
                names = self.spool.pending(run_dir)
                if names:
                    self.log('System Tests: sending %d unsent reports of an earlier run (%s)'
                             % (len(names), os.path.basename(run_dir)))
                if self._drain(run_dir, live=False):
                    self.spool.remove_run(run_dir, lock)
                else:
                    lock.close()
                    return
            if self.own_dir is not None:
                self._drain(self.own_dir, live=True)
        except ConfigurationError as e:
            self.config_error = str(e)
            self.log('runner.py: %s\nrunner.py: reporting stopped; the reports are kept in %s. After fixing it, '
                     'send them with: runner.py --resend --report-to %s --user %s --token-file FILE (the next run '
                     'with this URL and user sends them too).' % (e, self.spool.dir, self.base_url, self.user))
        finally:
            with self.condition:
                self.done = True
                self.condition.notify_all()

    def _drain(self, run_dir, live):
        """Sends a folder's reports in order; with live, until close(). False when closed with reports unsent."""
        backoff = 0.5
        while True:
            with self.condition:
                while live and not self.spool.pending(run_dir) and not self.closed:
                    self.condition.wait(1.0)
                names = self.spool.pending(run_dir)
                if not names:
                    return True
                if self.closed and self.give_up:
                    return False
            batch = self._batch_of(run_dir, names)
            linger = self.last_batch_at + self.BATCH_INTERVAL - time.monotonic()
            if batch and linger > 0 and len(batch) < self.BATCH_MAX and not self.closed:
                with self.condition:  # at most one batch per interval: under load, fewer and fuller requests
                    self.condition.wait(linger)
                continue
            if batch:
                self.last_batch_at = time.monotonic()
                bodies = []
                for name in batch:
                    with open(os.path.join(run_dir, name), 'rb') as handle:
                        bodies.append(handle.read())
                outcomes = self._post_batch([n.split('.')[1] for n in batch], bodies)
                if outcomes is None:
                    self.batches = False
                    self.log('System Tests: Jenkins at %s has no batch endpoint (an older System Tests plugin); '
                             'sending one report per request' % self.base_url)
                    continue
                done = 0
                for name, outcome in zip(batch, outcomes):
                    if outcome == 'retry':
                        break
                    self._settle(run_dir, name, outcome)
                    done += 1
                if done == len(batch):
                    backoff = 0.5
                    continue
                outcome = 'retry'
            else:
                name = names[0]
                kind = name.split('.')[1]
                with open(os.path.join(run_dir, name), 'rb') as handle:
                    body = handle.read()
                outcome = self._post(kind, body)
            if outcome == 'retry':
                # Jenkins may say when to come back (Retry-After, as a 503 for a full disk does); else the backoff.
                delay = backoff if self.retry_after is None else min(self.max_backoff, self.retry_after)
                resume = time.monotonic() + delay
                with self.condition:
                    # New reports do not cut the wait short; only giving up at close() does.
                    while not self.give_up and time.monotonic() < resume:
                        self.condition.wait(resume - time.monotonic())
                    if self.give_up:
                        return False
                backoff = min(self.max_backoff, backoff * 2)
                continue
            backoff = 0.5
            self._settle(run_dir, name, outcome)

    # Reports sent together: the TEST STARTs and STOPs waiting in order, up to BATCH_MAX of them or BATCH_BYTES; a
    # DRY RUN goes alone (it may be big, and its answer makes the run).
    BATCH_MAX = 500
    BATCH_BYTES = 512 * 1024
    BATCH_INTERVAL = 0.2
    batches = True
    last_batch_at = 0.0

    def _batch_of(self, run_dir, names):
        if not self.batches:
            return []
        batch = []
        size = 0
        for name in names[:self.BATCH_MAX]:
            if name.split('.')[1] == 'dry-run':
                break
            try:
                size += os.path.getsize(os.path.join(run_dir, name)) + 1
            except OSError:
                break
            if batch and size > self.BATCH_BYTES:
                break
            batch.append(name)
        return batch

    def _settle(self, run_dir, name, outcome):
        if outcome == 'refused':
            self.refused += 1
            self.spool.refuse(run_dir, name)
        else:
            self.sent += 1
            os.remove(os.path.join(run_dir, name))

    def trouble(self, kind, text):
        """Logs a reason to retry once, not at every retry."""
        if kind != self.last_trouble:
            self.log(text)
            self.last_trouble = kind

    last_trouble = None

    def _post(self, kind, body):
        """Sends one report: 'sent', 'retry' or 'refused'; raises ConfigurationError."""
        answer = self._exchange(kind, body, what=kind)
        if answer == 'retry':
            return 'retry'
        status, error_code, detail = answer
        if 200 <= status < 300:
            return 'sent'
        return self._judge(kind, status, error_code, detail)

    def _judge(self, kind, status, error_code, detail):
        """The fate of one refused report: 'retry' (Jenkins busy or its disk failing) or 'refused' (its content)."""
        if status in (408, 429) or status >= 500:
            when = '' if self.retry_after is None else ' in %g s' % min(self.max_backoff, self.retry_after)
            self.trouble(status, 'Jenkins answered %d to %s; retrying%s: %s' % (status, kind, when, detail))
            return 'retry'
        self.log('Jenkins refused %s with %d: %s (kept in %s)' % (kind, status, detail, self.spool.refused_dir))
        return 'refused'

    def _post_batch(self, kinds, bodies):
        """Sends reports in one request (POST api/v1/events): a list with 'sent', 'retry' or 'refused' per report,
        or None when this Jenkins has no batch endpoint (a plugin older than the runner)."""
        body = b'[' + b','.join(bodies) + b']'
        answer = self._exchange('events', body, what='%d reports' % len(bodies), missing_ok=True)
        if answer is None:
            return None
        if answer == 'retry':
            return ['retry'] * len(bodies)
        status, error_code, detail = answer
        if not 200 <= status < 300:
            return [self._judge('a batch of %d reports' % len(bodies), status, error_code, detail)] * len(bodies)
        try:
            results = json.loads(self.last_data.decode('utf-8'))['results']
        except (ValueError, KeyError, TypeError):
            return ['retry'] * len(bodies)
        outcomes = []
        for kind, result in zip(kinds, results):
            code = result.get('status', 0)
            if 200 <= code < 300:
                outcomes.append('sent')
            else:
                outcomes.append(self._judge(kind, code, result.get('errorCode'), result.get('message', '')))
        return outcomes + ['retry'] * (len(bodies) - len(outcomes))

    def _exchange(self, path, body, what, missing_ok=False):
        """POSTs a body to api/v1/<path>, following 307/308: (status, errorCode, detail), 'retry' when Jenkins is
        unreachable, None for a missing endpoint when missing_ok; raises ConfigurationError."""
        import http.client
        wire, encoding = wire_body(body)
        headers = {'Content-Type': 'application/json', 'Authorization': self.auth}
        if encoding:
            headers['Content-Encoding'] = encoding
        url = self.base_url + API_PATH + path
        for hop in range(5):
            self.retry_after = None
            try:
                status, response_headers, data = self.http.post(url, wire, headers)
            except (OSError, http.client.HTTPException) as e:
                self.trouble('unreachable', 'Jenkins unreachable at %s (%s); reports wait in %s, retrying'
                             % (self.base_url, e, self.spool.dir))
                return 'retry'
            self.last_data = data
            self.retry_after = retry_after_seconds(response_headers)
            if 200 <= status < 300:
                if self.last_trouble:
                    self.log('System Tests: Jenkins at %s takes reports again' % self.base_url)
                    self.last_trouble = None
                return status, None, ''
            location = response_headers.get('Location')
            if status in (307, 308) and location:
                url = urllib.parse.urljoin(url, location)
                if url.endswith(API_PATH + path):
                    moved = url[:-len(API_PATH + path)]
                    if not self.moved_logged:
                        self.log('System Tests: Jenkins at %s redirects the reports to %s (%d); reporting there. '
                                 'Use --report-to %s' % (self.base_url, moved, status, moved))
                        self.moved_logged = True
                    self.base_url = moved
                continue
            error_code, detail = answer_error(data)
            if status in (301, 302, 303) and location:
                target = urllib.parse.urljoin(url, location)
                suggestion = target[:-len(API_PATH + path)] if target.endswith(API_PATH + path) else target
                raise ConfigurationError('Jenkins at %s redirects the reports to %s (%d), where a POST would arrive as '
                                         'a GET: use --report-to %s' % (self.base_url, target, status, suggestion))
            if status == 401:
                raise ConfigurationError("Jenkins at %s refused user '%s' (401 Unauthorized): check --user and the "
                                         "API token in --token-file" % (self.base_url, self.user))
            if status == 403 and error_code == 'REPORTING_DISABLED':
                raise ConfigurationError('Jenkins at %s does not take reports from testing machines: %s (403)'
                                         % (self.base_url, detail))
            if status == 403:
                raise ConfigurationError("Jenkins at %s refused user '%s' (403 Forbidden): the user needs the "
                                         "permission System Tests/Report" % (self.base_url, self.user))
            if status in (404, 405) and error_code is None and missing_ok:
                return None
            if status == 404 and error_code not in ('UNKNOWN_MACHINE', 'UNKNOWN_BUILD'):
                raise ConfigurationError('%s answered 404 Not Found: --report-to must be the root URL of a Jenkins '
                                         'with the System Tests plugin installed' % url)
            return status, error_code, detail
        raise ConfigurationError('Jenkins at %s redirected the reports more than 4 times' % self.base_url)

    last_data = b''
    retry_after = None

    def close(self, drain_timeout):
        """Waits up to drain_timeout seconds for the spool to empty; True when everything was sent."""
        deadline = time.monotonic() + drain_timeout
        with self.condition:
            self.closed = True
            self.give_up = False
            self.condition.notify_all()
            while not self.done and time.monotonic() < deadline:
                self.condition.wait(min(0.2, max(0.0, deadline - time.monotonic())))
            self.give_up = True
            self.condition.notify_all()
        # A report still in flight is not waited for: if Jenkins took it, the next run sends it again and Jenkins
        # recognises the START or STOP as a duplicate.
        self.thread.join(2.0)
        self.http.close()
        unsent = self.own_dir is not None and self.spool.pending(self.own_dir)
        if self.own_dir is not None and not unsent:
            self.spool.remove_run(self.own_dir, self.own_lock)
        elif self.own_lock is not None:
            self.own_lock.close()
        self.spool.tidy()
        return self.done and self.config_error is None and not unsent

    give_up = False


def retry_after_seconds(headers):
    """The wait an answer asks for in its Retry-After header, in seconds, or None (none, or an HTTP date)."""
    value = headers.get('Retry-After') if headers is not None else None
    try:
        return None if value is None else max(0.0, float(value))
    except ValueError:
        return None


def answer_error(data):
    """(errorCode, message) of a JSON error answer, or (None, the start of whatever it was)."""
    text = data.decode('utf-8', 'replace')
    try:
        answer = json.loads(text)
        return answer.get('errorCode'), answer.get('message', text[:300])
    except (ValueError, AttributeError):
        return None, ' '.join(text.split())[:300]



# ---------------------------------------------------------------------------------------------------------------
# JUnit XML, as pytest's junitxml writes it, so that Jenkins' junit plugin shows the names and counts it showed before
# and the tests' history carries on: a pytest test's classname is its module's dotted path plus its class, its name
# the test with its parameters; a script's classname is its scenario's dotted path (folder or scenario script), its
# name the file. failed is <failure>, error, cancelled and unknown are <error>, skipped is <skipped>; passed and
# warning pass. Each test's output, with its status and reason, is its <system-out>.


def junit_names(item, scenario_path):
    """(classname, name) of a test."""
    if item.nodeid is not None:
        # pytest's mangling: the file part's path in dots without .py, then the classes; parameters kept whole.
        path, bracket, parameters = item.nodeid.partition('[')
        names = path.split('::')
        names[0] = names[0].replace('/', '.')
        if names[0].endswith('.py'):
            names[0] = names[0][:-3]
        names[-1] += bracket + parameters
        return '.'.join(names[:-1]), names[-1]
    scenario = scenario_path.rstrip('/\\')
    if scenario.endswith('.py'):
        scenario = scenario[:-3]
    relative = display(scenario) if os.path.isabs(scenario) else scenario
    return relative.replace('\\', '/').strip('/').replace('/', '.'), item.file_name


def quarantine_id(file_path, file_name, run_folder):
    """A test's name in a job's quarantine, as Jenkins names it (TestId.java): its folder relative to the run's folder
    (where the plan's master scenario is, or where the runner started) and its file name; in a folder beside the run's,
    ../ and the rest; elsewhere its folder whole."""
    def strip(path):
        path = (path or '').replace('\\', '/')
        while len(path) > 1 and path.endswith('/'):
            path = path[:-1]
        return path
    folder, base = strip(file_path), strip(run_folder)
    cut = base.rfind('/')
    parent = base[:cut] if cut > 0 and 0 < base.find('/', 1) < cut else None
    if base and folder == base:
        relative = ''
    elif base and folder.startswith(base + '/'):
        relative = folder[len(base) + 1:]
    elif parent and folder.startswith(parent + '/'):
        relative = '../' + folder[len(parent) + 1:]
    else:
        relative = folder
    return relative + '/' + file_name if relative else file_name


def write_junit(path, plan_results, quarantined=(), run_folder=None):
    """Writes the JUnit XML. A failure or error of a test named in quarantined (--quarantined) stays a failure, its
    message starting with [quarantined] and the test carrying the property quarantined=true: the job quarantines it, so
    its failure did not decide the build's result (Jenkins' junit step still counts it unless told
    skipMarkingBuildUnstable)."""
    quarantined = set(quarantined)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>']
    for scenario_path, results in plan_results:
        name = os.path.basename(scenario_path.rstrip('/\\')) or scenario_path
        failures = sum(1 for _, r in results if r.status == 'failed')
        errors = sum(1 for _, r in results if r.status in ('error', 'unknown', 'cancelled'))
        skipped = sum(1 for _, r in results if r.status == 'skipped')
        total_time = sum(r.seconds for _, r in results)
        lines.append('  <testsuite name=%s tests="%d" failures="%d" errors="%d" skipped="%d" time="%.3f">'
                     % (xml_attribute(name), len(results), failures, errors, skipped, total_time))
        for item, result in results:
            classname, test_name = junit_names(item, scenario_path)
            # rerun-position and rerun-attempt: an attempt of a test retried across environments; Jenkins merges
            # the environments' testcases of it into one in this same format (JunitParts) and drops these.
            rerun = '' if result.rerun is None else ' rerun-position="%d" rerun-attempt="%d"' % result.rerun
            lines.append('    <testcase classname=%s name=%s time="%.3f"%s>'
                         % (xml_attribute(classname), xml_attribute(test_name), result.seconds, rerun))
            for attempt in result.earlier:
                if attempt.output is not None:  # not one that ran elsewhere: that environment's XML holds it
                    lines.append(junit_attempt(attempt, result.flaky))
            message = result.reason or result.status
            if quarantined and result.status in ('failed', 'error', 'unknown', 'cancelled') \
                    and quarantine_id(item.file_path, item.file_name, run_folder) in quarantined:
                message = '[quarantined] ' + message
                lines.append('      <properties><property name="quarantined" value="true"/></properties>')
            if result.status == 'failed':
                lines.append('      <failure message=%s type="failed">%s</failure>'
                             % (xml_attribute(message), xml_text(result.output)))
            elif result.status in ('error', 'unknown', 'cancelled'):
                lines.append('      <error message=%s type=%s>%s</error>'
                             % (xml_attribute(message), xml_attribute(result.status), xml_text(result.output)))
            elif result.status == 'skipped':
                kind = 'pytest.xfail' if message.startswith('xfail') else 'pytest.skip'
                lines.append('      <skipped message=%s type="%s"/>' % (xml_attribute(message), kind))
            output = result.output
            if result.status != 'passed':
                output = 'System Tests status: %s%s\n%s' % (result.status,
                                                            ' - ' + result.reason if result.reason else '', output)
            if output:
                lines.append('      <system-out>%s</system-out>' % xml_text(output))
            lines.append('    </testcase>')
        lines.append('  </testsuite>')
    lines.append('</testsuites>')
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    temp = path + '.tmp'
    with open(temp, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')
    os.replace(temp, path)


def junit_attempt(attempt, flaky):
    """An earlier attempt of a retried test, in Maven Surefire's rerun format that Jenkins' junit plugin reads: a test
    that passed in the end lists its failed attempts as <flakyFailure> / <flakyError>, one that did not as
    <rerunFailure> / <rerunError> beside its <failure> or <error> (which is the last attempt's)."""
    kind = ('flaky' if flaky else 'rerun') + ('Failure' if attempt.status == 'failed' else 'Error')
    return ('      <%s message=%s type=%s>\n        <stackTrace>%s</stackTrace>\n        <system-out>%s</system-out>\n'
            '      </%s>' % (kind, xml_attribute(attempt.reason or attempt.status), xml_attribute(attempt.status),
                             xml_text(attempt.reason or attempt.status), xml_text(attempt.output), kind))


# The characters XML 1.0 cannot hold (control characters but tab and line breaks, surrogates, U+FFFE and U+FFFF),
# named directly: a class of the allowed ones takes a quarter of a second to compile.
NOT_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def xml_text(text):
    """Text as XML character data: without the characters XML 1.0 cannot hold, &, < and > escaped."""
    return NOT_XML.sub('', text).replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def xml_attribute(text):
    """Text as a quoted XML attribute value; line breaks and tabs kept as character references."""
    return '"%s"' % xml_text(text).replace('"', '&quot;').replace('\n', '&#10;').replace('\r', '&#13;').replace(
        '\t', '&#9;')


def check_writable(path, option):
    """Fails at the start, not after every test ran, when an output file cannot be written."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(directory, exist_ok=True)
        existed = os.path.exists(path)
        with open(path, 'a', encoding='utf-8'):
            pass
        if not existed:
            os.remove(path)
    except OSError as e:
        raise UsageError('%s: cannot write %s: %s' % (option, path, e.strerror or e))


# ---------------------------------------------------------------------------------------------------------------
# Running the plan


class StopRun(BaseException):
    """Unwinds a scenario script when the runner is stopped by a signal."""


class StopControl(object):
    """SIGTERM and SIGINT: the handler only notes the signal and asks the running test to end (TERM); the wait loops
    turn that into KILL after the grace period, and the runner cancels what did not run. A second signal kills at
    once. Nothing is printed from the handler (a print there can break one in progress)."""

    def __init__(self, grace):
        self.grace = grace
        self.signal = None
        self.forced = False
        self.group = None  # the process group of the running test or pytest session, if any
        self.raise_in_scenario = False  # scenario code (between tests) is unwound at once

    def install(self):
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum, frame):
        if self.signal is None:
            self.signal = signum
            self._signal_group(signal.SIGTERM)
            if self.raise_in_scenario:
                raise StopRun()
        else:
            self.forced = True
            self._signal_group(KILL_SIGNAL)

    def _signal_group(self, signum):
        if self.group is not None and os.name != 'nt':
            try:
                os.killpg(self.group, signum)
            except OSError:
                pass

    @property
    def requested(self):
        return self.signal is not None

    def name(self):
        return signal_name(self.signal) if self.signal else ''

    def exit_code(self):
        return 128 + self.signal


class Execution(object):
    """Runs the plan in order, reporting each test's start and stop; knows each planned test's result."""

    def __init__(self, plan, options, machine, emit, stop, mask):
        self.plan = plan
        self.options = options
        self.machine = machine
        self.emit = emit
        self.stop = stop
        self.mask = mask
        self.positions = {}
        for _, tests in plan['scenarios']:
            for item in tests:
                self.positions[id(item)] = len(self.positions)
        self.total = len(self.positions)
        self.results = {}
        self.earlier = {}  # the attempts of a test being retried, oldest first
        # Queue mode: the attempts of a test that this runner left to another environment to retry, and how many
        # attempts of a test it was handed to retry ran before, elsewhere.
        self.deferred = {}
        self.awaiting_elsewhere = set()
        self.retrying = []  # the plan positions of the tests of the current unit left to be retried elsewhere

    # Reporting

    def attempts_so_far(self, item):
        return len(self.earlier.get(id(item), ()))

    def on_start(self, item):
        attempt = self.attempts_so_far(item) + 1
        message = dict(item.ref(self.machine, self.options.build_url), timestamp_start=timestamp())
        if attempt > 1:
            message['attempt'] = attempt
        self.emit('test-start', message)
        # [n/N]: the test's place in the plan, which Jenkins' console anchors (TestLineAnchors) rely on; a retry's
        # line is not a START, so the anchor stays on the first attempt.
        print('[%3d/%d] %-7s %s%s' % (self.positions[id(item)] + 1, self.total, 'START' if attempt == 1 else 'RETRY',
                                      item.display(), '' if attempt == 1 else ' (attempt %d of %d)'
                                      % (attempt, self.options.retries + 1)), flush=True)

    def wants_retry(self, item, result):
        """Whether this attempt's outcome is retried: a failure or error, attempts left, its reason matching
        --retry-on (when given), and the runner not being stopped."""
        return (result.status in RETRIED_STATUSES and self.attempts_so_far(item) < self.options.retries
                and (self.options.retry_on is None or self.options.retry_on.search(result.reason or '') is not None)
                and not self.stop.requested)

    def on_stop(self, item, result, retry=False, elsewhere=False):
        """Reports an attempt's end; with retry, another attempt of the test follows (TEST STOP `retry`): at once, or
        with elsewhere, on the environment Jenkins hands it to (queue mode)."""
        result.output = self.mask(result.output)
        result.reason = self.mask(result.reason or '')
        position = self.positions[id(item)]
        earlier = self.earlier.setdefault(id(item), [])
        attempt = len(earlier) + 1
        if elsewhere or any(e.output is None for e in earlier):
            result.rerun = (position, attempt)
        if self.options.logs_dir and result.output:
            # The last attempt's output is <n>.log (whatever the number of attempts); the ones before it are
            # <n>.attempt-<k>.log.
            name = '%d.attempt-%d.log' % (position, attempt) if retry else '%d.log' % position
            with open(os.path.join(self.options.logs_dir, name), 'w', encoding='utf-8') as handle:
                handle.write(result.output)
        message = dict(item.ref(self.machine, self.options.build_url), status=result.status,
                       timestamp_stop=timestamp())
        if result.reason:
            message['reason'] = result.reason
        if attempt > 1:
            message['attempt'] = attempt
        if retry:
            message['retry'] = True
        self.emit('test-stop', message)
        if elsewhere:
            result.earlier = self.earlier.pop(id(item))
            self.deferred.setdefault(id(item), []).append(result)
            self.awaiting_elsewhere.add(id(item))
            self.retrying.append(position)
        elif retry:
            earlier.append(result)
        else:
            result.earlier = self.earlier.pop(id(item))
            self.results[id(item)] = result
        first_line = result.reason.splitlines()[0] if result.reason else ''
        note = ''
        if elsewhere:
            note = '; to be retried on the environment Jenkins hands it to'
        elif retry:
            note = '; retrying'
        elif result.flaky:
            note = '; flaky: passed on attempt %d' % attempt
        elif attempt > 1:
            note = '; after %d attempts' % attempt
        print('[%3d/%d] %-7s %s (%.2f s)%s%s' % (position + 1, self.total, result.status.upper(), item.display(),
                                                result.seconds, ' - ' + first_line if first_line else '', note),
              flush=True)

    def ended_without_running(self, item, status, reason):
        self.on_start(item)
        self.on_stop(item, TestResult(status, 0.0, '', reason))

    # Running

    def run(self, work_dir):
        self.work_dir = work_dir
        # In queue mode this runner is one of several sharing the plan: it ends only the tests it was handed.
        self.assigned = None if not self.options.queue_dir else set()
        try:
            if self.assigned is not None:
                self.run_queue(self.options.queue_dir)
            elif self.plan['master']:
                self.run_master()
            else:
                for _, tests in self.plan['scenarios']:
                    self.run_tests(tests)
        except StopRun:
            pass
        finally:
            self.stop.raise_in_scenario = False
            if self.plan['pytest'] is not None:
                self.plan['pytest'].end()
            reason = ('not run: the runner was stopped by %s' % self.stop.name() if self.stop.requested
                      else 'not run: its scenario did not call it')
            for _, tests in self.plan['scenarios']:
                for item in tests:
                    if id(item) not in self.results and (self.assigned is None or id(item) in self.assigned) \
                            and id(item) not in self.awaiting_elsewhere:
                        self.ended_without_running(item, 'cancelled', reason)

    def run_queue(self, queue_dir):
        """Queue mode (several environments share one plan): every runner plans the whole plan, and Jenkins takes the
        DRY RUN of one of them; then each runs what Jenkins hands it, one unit at a time: assign-<n> in the queue folder
        names the plan positions of its n-th unit ('run 3 4'), or a test to retry and how many attempts of it ran before
        ('retry 3 1'), or says 'done'. Once a unit has run, assign-<n> becomes done-<n>, which is how Jenkins learns
        that the rig is free for the unit it may already have written next.
        With --retries, a script's failed attempt is not rerun here: its TEST STOP says `retry`, and retry-<n> (written
        before done-<n>) names its position, one a line, for Jenkins to hand its next attempt to another environment
        when one runs. A master scenario's tests and a pytest session's stay together: they retry here."""
        items = [item for _, tests in self.plan['scenarios'] for item in tests]
        n = 1
        while True:
            path = os.path.join(queue_dir, 'assign-%d' % n)
            words = self.next_assignment(path)
            if not words or words[0] == 'done':
                self.take_lost_results(os.path.join(queue_dir, LOST_RESULTS), items)
                return
            numbers = [int(word) for word in words[1:] if word.isdigit()]
            self.retrying = []
            if words[0] == 'retry' and len(numbers) == 2 and numbers[0] < len(items):
                item = items[numbers[0]]
                self.assigned.add(id(item))
                self.awaiting_elsewhere.discard(id(item))
                # The attempts before ran elsewhere (or here, in an earlier unit); this runner knows their count.
                self.earlier[id(item)] = [attempt_elsewhere() for _ in range(numbers[1])]
                if self.stop.requested:
                    raise StopRun()  # handed, not run: it ends cancelled, as its attempt numbers say
                self.run_one(item, defer=True)
            elif self.plan['master']:
                self.run_master()
            else:
                units = [items[number] for number in numbers if number < len(items)]
                self.assigned.update(id(item) for item in units)
                self.run_tests(units, defer=True)
            if self.retrying:
                with open(os.path.join(queue_dir, 'retry-%d.tmp' % n), 'w', encoding='utf-8') as handle:
                    handle.write(''.join('%d\n' % position for position in self.retrying))
                os.replace(os.path.join(queue_dir, 'retry-%d.tmp' % n), os.path.join(queue_dir, 'retry-%d' % n))
            os.rename(path, os.path.join(queue_dir, 'done-%d' % n))
            n += 1

    def take_lost_results(self, path, items):
        """The results Jenkins recorded for tests of an environment that was lost with its JUnit XML (QueueRun's
        LOST_RESULTS, written before 'done'): they go into this runner's JUnit XML, under the names only the runner
        gives, so that the run's one JUnit XML has every test. They are not reported again: Jenkins has them."""
        try:
            with open(path, 'r', encoding='utf-8') as handle:
                results = json.load(handle)
        except (OSError, ValueError):
            return
        for entry in results if isinstance(results, list) else []:
            position = entry.get('position') if isinstance(entry, dict) else None
            if not isinstance(position, int) or not 0 <= position < len(items) or id(items[position]) in self.results:
                continue
            self.results[id(items[position])] = TestResult(str(entry.get('status') or 'unknown'),
                                                           float(entry.get('seconds') or 0.0), '',
                                                           str(entry.get('reason') or ''))

    def next_assignment(self, path):
        """The words of the next assignment once it is written whole (it ends with a newline); waits for it, at most
        --queue-wait-limit: a runner left on a rig whose build went on without it (its agent was lost, and the build
        ended before it came back) does not wait forever. Then it ends as after 'done'. Looks often at first (the next
        unit is usually written within a second), then less often."""
        started = time.monotonic()
        while True:
            if self.stop.requested:
                raise StopRun()
            try:
                with open(path, 'r', encoding='utf-8') as handle:
                    text = handle.read()
            except OSError:
                text = ''
            if text.endswith('\n'):
                return text.split()
            waited = time.monotonic() - started
            if waited >= self.options.queue_wait_limit:
                print('System Tests: no assignment from Jenkins for %g s (--queue-wait-limit); this share ends'
                      % self.options.queue_wait_limit, flush=True)
                return []
            time.sleep(QUEUE_POLL_SECONDS if waited < QUEUE_FAST_POLL_FOR else QUEUE_SLOW_POLL_SECONDS)

    def run_tests(self, tests, defer=False):
        for item in tests:
            if self.stop.requested:
                raise StopRun()
            if id(item) in self.results:
                continue
            if item.is_pytest:
                self.plan['pytest'].run(self.stop, self.on_start, self.on_stop)  # the whole block, in one session
            else:
                self.run_one(item, defer)

    def run_one(self, item, defer=False):
        """Runs a script, again while its attempt failed and --retries allows; returns the last attempt's status.
        A retry runs here, on this machine and its environment; with defer (queue mode, a script that is a unit of its
        own) it is left to the environment Jenkins hands it to: 'retry' is returned."""
        while True:
            self.on_start(item)
            result = run_test(item.path, self.options, self.work_dir, self.stop)
            retry = self.wants_retry(item, result)
            self.on_stop(item, result, retry, elsewhere=retry and defer)
            if retry and defer:
                return 'retry'
            if not retry:
                return result.status

    def run_master(self):
        """Runs the master scenario for real: run_scenario() runs a scenario script, whose run_test_case() runs the
        next planned test, so code between the calls runs between the tests."""
        scenarios = list(self.plan['scenarios'])
        cursor = {'scenario': 0}
        master = self.plan['master']
        scenarios_dir = os.path.dirname(master)
        cases_dir = self.plan['test_cases_dir']

        def run_scenario(name):
            path = os.path.abspath(os.path.join(scenarios_dir, name))
            if cursor['scenario'] >= len(scenarios) or scenarios[cursor['scenario']][0] != path:
                print('System Tests: run_scenario(%r) was not in the plan here; skipped' % name, flush=True)
                return 'unknown'
            scenario_path, tests = scenarios[cursor['scenario']]
            cursor['scenario'] += 1
            pending = list(tests)

            def run_test_case(test_name):
                if self.stop.requested:
                    raise StopRun()
                test_path = os.path.abspath(os.path.join(cases_dir, test_name))
                if not pending or pending[0].path != test_path:
                    print('System Tests: run_test_case(%r) was not in the plan here; skipped' % test_name, flush=True)
                    return 'unknown'
                item = pending.pop(0)
                self.stop.raise_in_scenario = False
                try:
                    return self.run_one(item)
                finally:
                    self.stop.raise_in_scenario = True

            try:
                self.execute_scenario_script(scenario_path, helpers_module(
                    scenarios_dir, cases_dir, run_scenario, run_test_case, dry_run=False))
            except StopRun:
                raise
            except BaseException as e:
                reason = 'not run: the scenario %s failed: %s' % (os.path.basename(scenario_path),
                                                                  failure_reason(e, e.__traceback__))
                text, _ = own_traceback(type(e), e, e.__traceback__)
                print('System Tests: the scenario %s failed between its tests:\n%s' % (display(scenario_path), text),
                      flush=True)
                for item in pending:
                    self.ended_without_running(item, 'error', reason)
                return 'error'
            statuses = [self.results[id(t)].status for t in tests if id(t) in self.results]
            return worst(statuses) if statuses else 'unknown'

        def no_test_outside_a_scenario(name):
            raise UsageError('run_test_case(%r) called outside a scenario' % name)

        try:
            self.execute_scenario_script(master, helpers_module(scenarios_dir, cases_dir, run_scenario,
                                                                no_test_outside_a_scenario, dry_run=False))
        except StopRun:
            raise
        except BaseException as e:
            text, _ = own_traceback(type(e), e, e.__traceback__)
            print('System Tests: the master scenario %s failed:\n%s' % (display(master), text), flush=True)
            reason = 'not run: the master scenario failed: %s' % failure_reason(e, e.__traceback__)
            for _, tests in scenarios:
                for item in tests:
                    if id(item) not in self.results:
                        self.ended_without_running(item, 'error', reason)

    def execute_scenario_script(self, path, helpers):
        previous_flag = self.stop.raise_in_scenario
        self.stop.raise_in_scenario = True
        try:
            exec_scenario(path, helpers, '__main__')
        finally:
            self.stop.raise_in_scenario = previous_flag

    def plan_results(self):
        """Each scenario's results in plan order; in queue mode a test's attempts left to another environment come
        before its own last one."""
        return [(path, [(item, result) for item in tests
                        for result in self.deferred.get(id(item), []) + ([self.results[id(item)]]
                                                                         if id(item) in self.results else [])])
                for path, tests in self.plan['scenarios']]


# ---------------------------------------------------------------------------------------------------------------
# The command line


def positive_number(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError('must be a number of seconds, not %r' % text)
    if not value > 0 or value != value or value == float('inf'):
        raise argparse.ArgumentTypeError('must be more than 0 seconds, not %s' % text)
    return value


def non_negative_number(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError('must be a number of seconds, not %r' % text)
    if not value >= 0 or value == float('inf'):
        raise argparse.ArgumentTypeError('must be 0 or more seconds, not %s' % text)
    return value


def non_negative_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('must be a whole number, not %r' % text)
    if value < 0:
        raise argparse.ArgumentTypeError('must be 0 or more, not %s' % text)
    return value


def regular_expression(text):
    try:
        return re.compile(text)
    except re.error as e:
        raise argparse.ArgumentTypeError('not a regular expression (%s): %r' % (e, text))


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('must be a whole number, not %r' % text)
    if value < 1:
        raise argparse.ArgumentTypeError('must be 1 or more, not %s' % text)
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='runner.py', description='Run Python system tests and report their progress to Jenkins.',
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add = parser.add_argument
    add('targets', nargs='*', help='a master scenario, test files, directories (searched for test_*.py and '
        '*_test.py), glob patterns or pytest node ids (file.py::test)')
    add('--timeout', type=positive_number, default=DEFAULT_TIMEOUT,
        help='seconds one test may run before it is ended as an error (default: %(default)s)')
    add('--kill-grace', type=non_negative_number, default=DEFAULT_KILL_GRACE,
        help='seconds between TERM and KILL when a test is ended (default: %(default)s)')
    add('--keep-test-processes', action='store_true',
        help='leave processes a test started running after it ends (daemons); they are ended when the runner ends')
    add('--workdir', help="working directory of the tests: of every script (default: each script's folder) and "
        "of the pytest session (default: where the runner starts)")
    add('--pytest-per-file', action='store_true',
        help='run each pytest file in a pytest session of its own (isolation between files; slower), instead of '
        'all pytest tests in one session as `python -m pytest` runs them')
    add('--retries', type=non_negative_int, default=0,
        help='run a test that failed or errored again, up to this many times; its outcome is the last attempt\'s, '
        'and one that passed on a retry is flaky (default: %(default)s)')
    add('--retry-on', type=regular_expression, metavar='REGEX',
        help="retry only attempts whose reason matches this Python regular expression (re.search), e.g. "
        "'TimeoutError|ConnectionError' (default: any failure or error)")
    add('--output-cap', type=positive_int, default=DEFAULT_OUTPUT_CAP,
        help='bytes of output kept per test, head and tail (default: %(default)s)')
    add('--junit', help='write JUnit XML here (also when the runner is stopped)')
    add('--test-cases-dir', help='where run_test_case() looks (default: ../test_cases next to the scenarios)')
    add('--machine-name', default=None, help='the name reported to Jenkins (default: $SYSTEM_TESTS_MACHINE or '
        'the host name)')
    add('--report-to', metavar='URL', help="Jenkins' root URL to report progress to, e.g. https://jenkins.example/")
    add('--user', help='Jenkins user for --report-to (needs the permission System Tests/Report)')
    add('--token-file', help="file holding that user's API token")
    add('--resend', action='store_true', help='send the unsent reports kept for --report-to and --user, then exit')
    add('--build-url', help='the Jenkins build this run belongs to')
    add('--environment', help='the test environment this run uses (reported in the dry run)')
    add('--report-path', action='append', default=[], type=report_path_mapping, metavar='OLD=NEW',
        help='report the tests under folder OLD as under NEW (a copy of NEW: a shared queue\'s share on another agent)')
    add('--started-by', help='who started this run (reported in the dry run)')
    add('--spool-dir', default=default_spool_root(),
        help='where unsent reports wait, per Jenkins URL, user and run (default: %(default)s)')
    add('--drain-timeout', type=non_negative_number, default=120.0,
        help='seconds to wait at the end for unsent reports (default: %(default)s)')
    add('--events', help='also append every message as a JSON line to this file')
    add('--queue-dir', help='queue mode: plan the whole plan, then run only the units Jenkins writes here as '
        'assign-1, assign-2, ... (several environments sharing one plan)')
    add('--queue-wait-limit', type=positive_number, default=DEFAULT_QUEUE_WAIT_LIMIT, metavar='SECONDS',
        help='queue mode: end when no assignment comes for this long (default: %(default)g)')
    add('--logs-dir', help="keep each test's output (capped) as <n>.log here, n in plan order")
    add('--python', default=sys.executable,
        help='interpreter of the pytest session, and of scripts where fork is unavailable (default: %(default)s)')
    add('--requirements', help='run the tests in a virtual environment with these requirements')
    add('--venv-root', default=os.path.join(tempfile.gettempdir(), 'system-tests-venvs'),
        help='where the virtual environments are kept (default: %(default)s)')
    add('--venv-keep', type=positive_int, default=5, help='how many virtual environments to keep (default: %(default)s)')
    add('--mask-env', action='append', default=[], metavar='NAME',
        help="mask the value of this environment variable in the tests' output (repeatable)")
    add('--quarantined', action='append', default=[], metavar='TEST',
        help="a test the job quarantines (its folder relative to the run's folder, and its file name): its failure is "
        'marked [quarantined] in the JUnit XML (repeatable)')
    add('--in-venv', help=argparse.SUPPRESS)
    add('--run-one', help=argparse.SUPPRESS)
    add('--status-file', help=argparse.SUPPRESS)
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




def read_token(args):
    if not args.user or not args.token_file:
        raise UsageError('--report-to needs --user and --token-file')
    try:
        with open(args.token_file, 'r', encoding='utf-8') as handle:
            token = handle.read().strip()
    except OSError as e:
        raise UsageError('--token-file: cannot read %s: %s' % (args.token_file, e.strerror or e))
    if not token:
        raise UsageError('--token-file: %s is empty; it must hold the API token of %s' % (args.token_file, args.user))
    return token


def resend(args):
    try:
        if not args.report_to:
            raise UsageError('--resend needs --report-to, --user and --token-file')
        base = report_base_url(args.report_to)
        token = read_token(args)
    except UsageError as e:
        print('runner.py: %s' % e, file=sys.stderr)
        return USAGE_ERROR
    reporter = Reporter(base, args.user, token, args.spool_dir, live=False)
    pending = reporter.spool.count_pending()
    complete = reporter.close(args.drain_timeout)
    left = reporter.spool.count_pending()
    print('System Tests: %d of %d unsent reports sent to %s%s' % (reporter.sent, pending, base,
          '' if not reporter.refused else ', %d refused (kept in %s)' % (reporter.refused, reporter.spool.refused_dir)),
          flush=True)
    if reporter.config_error:
        return EXIT_UNDELIVERED
    return EXIT_PASSED if complete and not left else EXIT_NOT_PASSED


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.run_one:
        return run_one(args.run_one, args.status_file, args.workdir)
    try:
        return run_main(args, argv)
    except KeyboardInterrupt:
        print('runner.py: interrupted before the tests started', file=sys.stderr)
        return 128 + signal.SIGINT


def run_main(args, argv):
    REPORTED_PATHS[:] = sorted(args.report_path, key=lambda mapping: -len(mapping[0]))  # the longest folder first
    if args.resend:
        return resend(args)
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
        os.execv(python, [python, RUNNER_FILE] + argv_rest + ['--in-venv', key, '--python', python])
    venv_use = None
    if args.in_venv:
        # Held while the tests run, so that no other run evicts this environment.
        venv_use = file_lock(os.path.join(args.venv_root, args.in_venv + '.lock'), exclusive=False)
    stop = StopControl(args.kill_grace)
    stop.install()
    runner_cookie = new_cookie('r')
    os.environ[RUNNER_COOKIE] = runner_cookie  # every process the tests start inherits it: none outlives the runner
    work_dir = tempfile.mkdtemp(prefix='system-tests-')
    try:
        token = base = None
        if args.report_to:
            base = report_base_url(args.report_to)
            token = read_token(args)
        if args.workdir and not os.path.isdir(args.workdir):
            raise UsageError('--workdir: no such folder: %s' % args.workdir)
        if args.workdir:
            args.workdir = os.path.abspath(args.workdir)
        for path, option in ((args.junit, '--junit'), (args.events, '--events')):
            if path:
                check_writable(path, option)
        plan = build_plan(args.targets, args, work_dir, stop)
    except (UsageError, IOError, OSError) as e:
        shutil.rmtree(work_dir, ignore_errors=True)
        print('runner.py: %s' % e, file=sys.stderr)
        return USAGE_ERROR
    if args.logs_dir:
        os.makedirs(args.logs_dir, exist_ok=True)

    mask = SecretMask(args.mask_env, os.environ)
    machine = args.machine_name or os.environ.get('SYSTEM_TESTS_MACHINE') or socket.gethostname()
    reporter = Reporter(base, args.user, token, args.spool_dir) if base else None
    events = open(args.events, 'a', encoding='utf-8') if args.events else None

    def emit(kind, message):
        """Sends a message (a dict, or a JsonFile) to the events file and to Jenkins."""
        if events is not None:
            if isinstance(message, JsonFile):
                events.write('{"kind": %s, "message": ' % json.dumps(kind))
                message.copy_to(events)
                events.write('}\n')
            else:
                events.write(json.dumps({'kind': kind, 'message': message}) + '\n')
            events.flush()
        if reporter is not None:
            reporter.send(kind, message)

    emit('dry-run', write_dry_run(os.path.join(work_dir, 'dry-run.json'), plan, machine, args.build_url,
                                  args.environment, args.started_by))
    execution = Execution(plan, args, machine, emit, stop, mask)
    print('System Tests: %d tests in %d scenarios on %s' % (execution.total, len(plan['scenarios']), machine),
          flush=True)
    try:
        execution.run(work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
        leftovers = end_leftovers(None, RUNNER_COOKIE, runner_cookie, args.kill_grace)
        if leftovers:
            print(leftovers, flush=True)
        if args.junit:
            write_junit(args.junit, execution.plan_results(), args.quarantined,
                        os.path.dirname(plan['master']) if plan['master'] else os.getcwd())
        statuses = [result.status for result in execution.results.values()]
        flaky = sum(1 for result in execution.results.values() if result.flaky)
        print('System Tests: %s' % (counts_text(statuses, flaky) or 'no tests'), flush=True)
        if stop.requested:
            print('System Tests: stopped by %s; the tests not run are reported cancelled' % stop.name(), flush=True)
        if events is not None:
            events.close()
        undelivered = False
        if reporter is not None:
            complete = reporter.close(min(args.drain_timeout, 2.0) if stop.requested else args.drain_timeout)
            connection = reporter.http
            print('System Tests: %d reports sent to %s in %d requests, %d bytes (largest %d)'
                  % (reporter.sent, reporter.base_url, connection.requests, connection.bytes_sent, connection.largest),
                  flush=True)
            undelivered = reporter.config_error is not None
            if undelivered:
                print('runner.py: %d reports kept in %s (see above)' % (reporter.spool.count_pending(),
                                                                        reporter.spool.dir), file=sys.stderr)
            if not complete and not undelivered:
                print('runner.py: %d reports are still unsent in %s; they are sent by the next run with this URL and '
                      'user, or by --resend' % (reporter.spool.count_pending(), reporter.spool.dir), file=sys.stderr)
        if venv_use is not None:
            venv_use.close()
    if stop.requested:
        return stop.exit_code()
    if undelivered:
        return EXIT_UNDELIVERED
    return EXIT_PASSED if all(status in GOOD_STATUSES for status in statuses) else EXIT_NOT_PASSED



if __name__ == '__main__':
    sys.exit(main())
