#!/usr/bin/env python3
"""Load driver for the System Tests reporting endpoint (standard library only).

Plays N concurrent testing machines, each posting a DRY RUN of M tests and then TEST START / TEST STOP for every
test, to a Jenkins base URL with an API token, and reports events/s and latency percentiles. Bounded in count
(machines x plans x (1 + 2 x tests) events) and in time (--max-seconds; --duration keeps each machine starting new
plans until then). Each machine uses one keep-alive connection (--new-connections: one per request, like urllib)
and sends its STARTs and STOPs one per request or, with --batch N, N at a time through POST api/v1/events. Loopback
only unless --allow-remote is given: point it at a Jenkins you run yourself.

    python3 bench/load-driver.py --url http://127.0.0.1:8080 --user lab --token-file ~/.lab-token \
        --machines 32 --tests 20 --duration 20 --batch 40
"""

import argparse
import base64
import datetime
import http.client
import ipaddress
import json
import random
import socket
import sys
import threading
import time
import urllib.parse


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
        self.results = results  # (kind, status, seconds, events) per request
        self.connection = None
        self.delays = []  # seconds from each event's making to its acknowledgement
        parts = urllib.parse.urlsplit(args.url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.base_path = parts.path.rstrip('/') + '/system-tests/api/v1/'

    def post(self, kind, message, events=1):
        body = json.dumps(message).encode('utf-8')
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.connection.connect()
                # As the runner does: no Nagle delay for a body that http.client sends apart from its headers.
                self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.connection.request('POST', self.base_path + kind, body,
                                    {'Content-Type': 'application/json', 'Authorization': self.auth})
            response = self.connection.getresponse()
            data = response.read()
            status = response.status
            if self.args.new_connections or response.will_close:
                self.connection.close()
                self.connection = None
            if kind == 'events' and status == 200:
                refused = [r for r in json.loads(data)['results'] if not 200 <= r['status'] < 300]
                status = refused[0]['status'] if refused else status
        except (OSError, http.client.HTTPException, ValueError):
            status = 0
            if self.connection is not None:
                self.connection.close()
                self.connection = None
        self.results.append((kind, status, time.perf_counter() - started, events))
        self.bytes_sent += len(body)
        return status

    bytes_sent = 0

    def run(self):
        plans = 0
        while plans < self.args.plans or (self.args.duration and time.monotonic() < self.started + self.args.duration):
            if time.monotonic() > self.deadline or not self.run_plan(plans):
                return
            plans += 1

    def run_plan(self, number):
        files = [{'file_path': '/load/%d' % number, 'file_name': 'test_%04d.py' % t, 'script': 'pass'}
                 for t in range(self.args.tests)]
        plan = {'machine_name': self.name_reported, 'timestamp': timestamp(),
                'master_scenario': {'file_path': '/load', 'file_name': 'master.py', 'script': '',
                                    'scenarios': [{'file_path': '/load', 'file_name': 'scenario.py', 'script': '',
                                                   'tests': files}]}}
        if self.post('dry-run', plan) != 201:
            return False
        waiting = []  # (message, when it was made)
        flush_after = self.args.flush_ms / 1000.0
        for test in files:
            if time.monotonic() > self.deadline:
                return False
            ref = {'machine_name': self.name_reported, 'file_path': test['file_path'], 'file_name': test['file_name']}
            for kind, message in (('test-start', dict(ref, timestamp_start=timestamp())),
                                  ('test-stop', dict(ref, status='passed', timestamp_stop=timestamp()))):
                self.pace()
                made = time.perf_counter()
                if not self.args.batch:
                    self.post(kind, message)
                    self.delays.append(time.perf_counter() - made)
                    continue
                waiting.append((message, made))
                if len(waiting) >= self.args.batch or made - waiting[0][1] >= flush_after:
                    self.flush(waiting)
                    waiting = []
        if waiting:
            self.flush(waiting)
        return True

    def flush(self, waiting):
        self.post('events', [m for m, _ in waiting], len(waiting))
        done = time.perf_counter()
        self.delays.extend(done - made for _, made in waiting)

    def pace(self):
        """With --rate, waits for this event's turn: a machine makes events at a steady rate, as a lab rig does."""
        if not self.args.rate:
            return
        if self.made == 0:
            # Machines do not start in step: each begins at its own moment within a flush interval, or all 32 would
            # send at the same instant, every time, and measure their own burst.
            self.started += random.uniform(0, max(self.args.flush_ms / 1000.0, 1.0 / self.args.rate))
        self.made += 1
        due = self.started + self.made / self.args.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    made = 0


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
    parser.add_argument('--plans', type=int, default=1, help='plans per machine (default 1)')
    parser.add_argument('--duration', type=float, default=0.0,
                        help='keep starting new plans until this many seconds have passed')
    parser.add_argument('--batch', type=int, default=0,
                        help='send STARTs and STOPs N at a time through POST api/v1/events (0: one per request)')
    parser.add_argument('--rate', type=float, default=0.0,
                        help='events per second per machine, paced (default: as fast as Jenkins answers)')
    parser.add_argument('--flush-ms', type=float, default=100.0,
                        help='with --batch, send what waits once the oldest is this old (default 100)')
    parser.add_argument('--new-connections', action='store_true',
                        help='open a new connection per request instead of keeping one per machine')
    parser.add_argument('--machine-prefix', default='load-machine')
    parser.add_argument('--allow-remote', action='store_true', help='allow a non-loopback URL you own')
    args = parser.parse_args(argv)
    if not args.allow_remote and not is_loopback(args.url):
        print('load-driver: %s is not a loopback address; pass --allow-remote for a Jenkins you own' % args.url,
              file=sys.stderr)
        return 2
    if args.batch < 0 or args.batch > 1000 or args.plans < 1 or args.duration < 0:
        print('load-driver: --batch must be 0 to 1000, --plans at least 1, --duration 0 or more', file=sys.stderr)
        return 2
    if args.machines < 1 or args.tests < 1 or args.machines * args.tests * args.plans > 10000000:
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
        machine.started = time.monotonic()
        machine.start()
    for machine in machines:
        machine.join(max(0.0, deadline - time.monotonic()) + 35)
    elapsed = time.perf_counter() - started
    results = list(results)
    latencies = sorted(r[2] * 1000 for r in results)
    ok = sum(1 for r in results if 200 <= r[1] < 300)
    events = sum(r[3] for r in results)
    by_status = {}
    for _, status, _, _ in results:
        by_status[status] = by_status.get(status, 0) + 1
    print('requests %d in %.2f s: %.0f events/s (%d accepted)' % (len(results), elapsed, events / elapsed, ok))
    print('events %d: %.0f per second' % (events, events / elapsed))
    print('bytes sent %d (JSON bodies)' % sum(m.bytes_sent for m in machines))
    delays = sorted(d * 1000 for m in machines for d in m.delays)
    print('event delay ms (made to acknowledged): p50 %.2f  p99 %.2f' % (percentile(delays, 0.5),
                                                                       percentile(delays, 0.99)))
    print('latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f' % (
        percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99),
        latencies[-1] if latencies else 0.0))
    print('answers: %s' % ', '.join('%s=%d' % ('unreachable' if s == 0 else s, n) for s, n in sorted(by_status.items())))
    return 0 if ok == len(results) and results else 1


if __name__ == '__main__':
    sys.exit(main())
