#!/usr/bin/env python3
"""A real pytest suite run side by side, three ways, in its own folder with the same interpreter: `python -m pytest`,
`python -m pytest --junitxml` (the reference outcomes), and the shipped runner as a build runs it (`--junit`,
`--events`, `--logs-dir`). Prints one JSON line: how many tests agree with pytest's junitxml (outcome per classname
and name), the best wall and CPU time of REPEAT interleaved rounds, the peak memory of each process tree (RSS summed
over the tree, sampled every 20 ms) and the largest single process (getrusage), with the runner's ratios to plain
pytest. Standard library only; Linux (/proc).

    RUNNER=src/main/resources/io/jenkins/plugins/systemtests/runner/runner.py REPEAT=5 PYTHON=/usr/bin/python3 \
        python3 bench/pytest-vs-runner.py /tmp/suites/webob            # env such as PYTHONPATH=src is passed on

docs/performance.md lists the suites measured and how each was prepared.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

PYTHON = os.environ.get('PYTHON', '/usr/bin/python3')
RUNNER = os.environ.get('RUNNER', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main',
                        'resources', 'io', 'jenkins', 'plugins', 'systemtests', 'runner', 'runner.py'))
REPEAT = int(os.environ.get('REPEAT', '3'))


def tree_rss_kb(root):
    """Sum of the RSS of a process and all its descendants (kB), from /proc."""
    children, rss = {}, {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as h:
                ppid = int(h.read().rsplit(')', 1)[1].split()[1])
            with open('/proc/%s/status' % entry) as h:
                for line in h:
                    if line.startswith('VmRSS:'):
                        rss[int(entry)] = int(line.split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, ValueError, IndexError):
            pass
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def measure(command, cwd):
    """(wall s, peak tree RSS MB sampled every 20 ms, max single-process RSS MB, exit code, CPU s of the tree)."""
    started = time.monotonic()
    # A session of its own for each, so that Linux's autogroup scheduling treats pytest alone and the runner (whose
    # pytest session is a session of its own) alike on a busy machine.
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(process.pid))
            done.wait(0.02)
    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    return wall, peak[0] / 1024.0, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status), \
        usage.ru_utime + usage.ru_stime


def outcomes(path):
    found = {}
    for case in ET.parse(path).getroot().iter('testcase'):
        kind = 'passed'
        for tag in ('failure', 'error', 'skipped'):
            if case.find(tag) is not None:
                kind = tag
        key = (case.get('classname'), case.get('name'))
        if key in found and found[key] != 'passed':
            continue  # pytest writes a failed call and a failed teardown as two cases; the first is the headline
        found[key] = kind
    return found


def main():
    suite = os.path.abspath(sys.argv[1])
    targets = sys.argv[2:] or ['.']
    work = tempfile.mkdtemp(prefix='bench-')
    pytest_xml, runner_xml = os.path.join(work, 'pytest.xml'), os.path.join(work, 'runner.xml')
    events = os.path.join(work, 'events.jsonl')
    commands = {
        'plain': [PYTHON, '-m', 'pytest'] + targets,
        'junitxml': [PYTHON, '-m', 'pytest', '--junitxml=' + pytest_xml] + targets,
        'runner': [PYTHON, RUNNER] + targets + ['--junit', runner_xml, '--events', events,
                                               '--logs-dir', os.path.join(work, 'logs'), '--machine-name', 'bench'],
    }
    rows = {name: [] for name in commands}
    for _ in range(REPEAT):
        for name, command in commands.items():
            if os.path.exists(events):
                os.remove(events)
            rows[name].append(measure(command, suite))
    ours, theirs = outcomes(runner_xml), outcomes(pytest_xml)
    counts = {}
    for kind in theirs.values():
        counts[kind] = counts.get(kind, 0) + 1
    best = {k: min(r[0] for r in v) for k, v in rows.items()}
    cpu = {k: min(r[4] for r in v) for k, v in rows.items()}
    tree = {k: max(r[1] for r in v) for k, v in rows.items()}
    single = {k: max(r[2] for r in v) for k, v in rows.items()}
    print(json.dumps({
        'suite': os.path.basename(suite), 'tests': len(theirs), 'pytest_outcomes': counts,
        'agree': sum(1 for key, kind in theirs.items() if ours.get(key) == kind),
        'differ': [(key, theirs[key], ours.get(key)) for key in theirs if ours.get(key) != theirs[key]][:10],
        'extra_in_runner': [key for key in ours if key not in theirs][:10],
        'wall_best': {k: round(v, 2) for k, v in best.items()},
        'wall_ratio_vs_plain': round(best['runner'] / best['plain'], 3),
        'wall_ratio_vs_junitxml': round(best['runner'] / best['junitxml'], 3),
        'walls': {k: [round(r[0], 2) for r in v] for k, v in rows.items()},
        'cpu_best': {k: round(v, 2) for k, v in cpu.items()},
        'cpu_ratio_vs_plain': round(cpu['runner'] / cpu['plain'], 3),
        'tree_rss_mb': {k: round(v, 1) for k, v in tree.items()},
        'tree_rss_ratio_vs_plain': round(tree['runner'] / tree['plain'], 3),
        'maxrss_mb': {k: round(v, 1) for k, v in single.items()},
        'exit': {k: [r[3] for r in v] for k, v in rows.items()},
    }))


if __name__ == '__main__':
    main()
