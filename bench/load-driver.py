#!/usr/bin/env python3
"""Load driver for the System Tests reporting endpoint (standard library only).

Plays N concurrent testing machines, each posting a DRY RUN of M tests and then TEST START / TEST STOP for every
test, to a Jenkins base URL with an API token, and reports events/s and latency percentiles. Bounded in count
(machines x (1 + 2 x tests) requests) and in time (--max-seconds). Loopback only unless --allow-remote is given:
point it at a Jenkins you run yourself.

    python3 bench/load-driver.py --url http://127.0.0.1:8080 --user lab --token-file ~/.lab-token \
        --machines 16 --tests 200
"""

import argparse
import base64
import datetime
import ipaddress
import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def timestamp():
    return datetime.datetime.now().strftime('%Y-%m-%d %H:%M:%S.%f')


def is_loopback(url):
    host = urllib.parse.urlparse(url).hostname or ''
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback
                   for info in socket.getaddrinfo(host, None))
    except (socket.gaierror, ValueError):
        return False


class Machine(threading.Thread):
    def __init__(self, index, args, auth, deadline, results):
        super().__init__(name='machine-%d' % index, daemon=True)
        self.name_reported = '%s-%d' % (args.machine_prefix, index)
        self.args = args
        self.auth = auth
        self.deadline = deadline
        self.results = results

    def post(self, kind, message):
        body = json.dumps(message).encode('utf-8')
        request = urllib.request.Request(self.args.url.rstrip('/') + '/system-tests/api/v1/' + kind, data=body,
                                         method='POST', headers={'Content-Type': 'application/json',
                                                                 'Authorization': self.auth})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as e:
            e.read()
            status = e.code
        except (urllib.error.URLError, OSError):
            status = 0
        self.results.append((kind, status, time.perf_counter() - started))
        return status

    def run(self):
        files = [{'file_path': '/load', 'file_name': 'test_%04d.py' % t, 'script': 'pass'}
                 for t in range(self.args.tests)]
        plan = {'machine_name': self.name_reported, 'timestamp': timestamp(),
                'master_scenario': {'file_path': '/load', 'file_name': 'master.py', 'script': '',
                                    'scenarios': [{'file_path': '/load', 'file_name': 'scenario.py', 'script': '',
                                                   'tests': files}]}}
        if self.post('dry-run', plan) != 201:
            return
        for test in files:
            if time.monotonic() > self.deadline:
                return
            ref = {'machine_name': self.name_reported, 'file_path': test['file_path'], 'file_name': test['file_name']}
            self.post('test-start', dict(ref, timestamp_start=timestamp()))
            self.post('test-stop', dict(ref, status='passed', timestamp_stop=timestamp()))


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(round(q * (len(sorted_values) - 1))))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='http://127.0.0.1:8080', help='Jenkins root URL (loopback by default)')
    parser.add_argument('--user', required=True)
    parser.add_argument('--token-file', required=True)
    parser.add_argument('--machines', type=int, default=8)
    parser.add_argument('--tests', type=int, default=100)
    parser.add_argument('--max-seconds', type=float, default=120.0)
    parser.add_argument('--machine-prefix', default='load-machine')
    parser.add_argument('--allow-remote', action='store_true', help='allow a non-loopback URL you own')
    args = parser.parse_args(argv)
    if not args.allow_remote and not is_loopback(args.url):
        print('load-driver: %s is not a loopback address; pass --allow-remote for a Jenkins you own' % args.url,
              file=sys.stderr)
        return 2
    if args.machines < 1 or args.tests < 1 or args.machines * args.tests > 1000000:
        print('load-driver: --machines and --tests must be positive, at most 1,000,000 tests in all', file=sys.stderr)
        return 2
    with open(args.token_file, encoding='utf-8') as handle:
        token = handle.read().strip()
    auth = 'Basic ' + base64.b64encode(('%s:%s' % (args.user, token)).encode('utf-8')).decode('ascii')
    results = []
    deadline = time.monotonic() + args.max_seconds
    started = time.perf_counter()
    machines = [Machine(i, args, auth, deadline, results) for i in range(args.machines)]
    for machine in machines:
        machine.start()
    for machine in machines:
        machine.join(max(0.0, deadline - time.monotonic()) + 35)
    elapsed = time.perf_counter() - started
    latencies = sorted(r[2] * 1000 for r in results)
    ok = sum(1 for r in results if 200 <= r[1] < 300)
    by_status = {}
    for _, status, _ in results:
        by_status[status] = by_status.get(status, 0) + 1
    print('requests %d in %.2f s: %.0f events/s (%d accepted)' % (len(results), elapsed, len(results) / elapsed, ok))
    print('latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f' % (
        percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99),
        latencies[-1] if latencies else 0.0))
    print('answers: %s' % ', '.join('%s=%d' % ('unreachable' if s == 0 else s, n) for s, n in sorted(by_status.items())))
    return 0 if ok == len(results) and results else 1


if __name__ == '__main__':
    sys.exit(main())
