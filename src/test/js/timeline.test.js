// A run that several environments shared, on the run page in jsdom: the real view (run.jelly) with the data the page
// writes into it (each test's environment, the lanes' timeline), the real scripts, and a stand-in for Jenkins' echarts
// that records what it is asked to draw.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, fixture, jenkinsWindow, COMMON_JS } = require('./support/pages');

const SCRIPTS = [COMMON_JS, 'src/main/webapp/js/charts.js', 'src/main/webapp/js/test-list.js',
  'src/main/webapp/js/run-progress.js', 'src/main/webapp/js/timeline.js'];

const TIMELINE = {
  lanes: ['1', '2'],
  items: [
    { lane: 1, kind: 'wait', start: 1000, end: 4000 },
    { lane: 0, kind: 'test', start: 1000, end: 9000, index: 0, name: 'test_lamp.py', status: 'passed' },
    { lane: 1, kind: 'test', start: 4000, end: 5000, index: 1, name: 'test_<b>.py', status: 'failed' },
    { lane: 1, kind: 'test', start: 5000, end: 6000, index: 2, name: 'test_door.py', status: 'passed' }],
  totals: [
    { environment: '1', state: 'ended', waitMs: 0, busyMs: 8000, idleMs: 500, tests: 1 },
    { environment: '2', state: 'lost', waitMs: 3000, busyMs: 2000, idleMs: 0, tests: 2, lostBecause: 'the runner ended' }]
};

function attribute(value) {
  return JSON.stringify(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function markup(lanesUrl = '') {
  return render(between(view('results/BuildRunsPage/run.jelly'), '<section', '</section>') + '</section>', [
    [/\$\{it\.lanesUrlOf\(run\.id\)\}/g, lanesUrl],
    [/\$\{it\.placementsOf\(run\.id\)\}/g, attribute({ 0: '1', 1: '2', 2: '2' })],
    [/\$\{it\.timelineOf\(run\.id\)\}/g, attribute(TIMELINE)],
    [/\$\{timeline\}/g, attribute(TIMELINE)],
    [/\$\{run\.id\}/g, '1'], [/\$\{it\.run\.url\}/g, 'job/lab/7/'], [/\$\{run\.[a-zA-Z]+\}/g, 'value'],
    [/<\/?j:[^>]*>/g, ''], [/<(div|p)([^>]*)\/>/g, '<$1$2></$1>']]);
}

function fakeEcharts(window) {
  const charts = [];
  window.echarts = {
    getInstanceByDom: (element) => charts.find((c) => c.element === element),
    init: (element) => {
      const chart = { element, setOption(options) { this.options = options; }, on() {}, off() {}, resize() {} };
      charts.push(chart);
      return chart;
    },
  };
  return charts;
}

test('the timeline has a lane per environment with the lock wait and each test as a bar of its status colour', () => {
  const window = jenkinsWindow(markup(), SCRIPTS);
  const charts = fakeEcharts(window);

  window.SystemTestsTimeline.drawAll(window.document);

  assert.strictEqual(charts.length, 1);
  const options = charts[0].options;
  assert.deepStrictEqual([...options.yAxis.data], ['environment 1', 'environment 2']);
  const bars = options.series[0].data;
  assert.deepStrictEqual([...bars].map((b) => [...b.value]), [[1, 1000, 4000], [0, 1000, 9000], [1, 4000, 5000], [1, 5000, 6000]]);
  assert.strictEqual(bars[0].name, 'waiting for the environment');
  assert.notStrictEqual(bars[1].itemStyle.color, bars[2].itemStyle.color, 'passed and failed differ');
  assert.strictEqual(options.series[0].tooltip, undefined);
  assert.strictEqual(options.tooltip.formatter({ data: bars[2], value: bars[2].value }), 'test_<b>.py: failed (1.0 sec)');
});

test('the lanes are also told in a table: tests, busy, idle and waiting time, and why a share was lost', () => {
  const window = jenkinsWindow(markup(), SCRIPTS);

  window.SystemTestsTimeline.drawAll(window.document); // no echarts on this page: the table still says it all

  const rows = [...window.document.querySelectorAll('.system-tests-lanes tbody tr')]
    .map((row) => [...row.cells].map((cell) => cell.textContent));
  assert.deepStrictEqual(rows, [
    ['1', '1', '8.0 sec', '500 ms', '0 ms', 'ended'],
    ['2', '2', '2.0 sec', '0 ms', '3.0 sec', 'lost: the runner ended']]);
});

test('each test of the tree says which environment it ran on', async () => {
  const window = jenkinsWindow(markup(), SCRIPTS);
  const fetch = () => Promise.resolve({ status: 200, ok: true, json: () => Promise.resolve(fixture('tree.json')) });
  const container = window.document.querySelector('[data-system-tests-run]');
  const run = new window.SystemTestsRunView(container, { fetch, schedule: () => {}, frame: (fn) => fn() });

  await run.start();

  const where = [...window.document.querySelectorAll('tr.system-tests-test')].map((row) =>
    [row.getAttribute('data-index'), row.querySelector('.system-tests-test-environment').textContent]);
  assert.deepStrictEqual(where.sort(), [['0', 'on environment 1'], ['1', 'on environment 2'], ['2', 'on environment 2']]);
});

test('while the build runs, the lanes and each test\'s environment are followed live until the build ends', async () => {
  const window = jenkinsWindow(markup('/jenkins/job/lab/7/system-tests/lanes?run=1'), SCRIPTS);
  const later = {
    lanes: ['1', '2', '3'],
    items: [{ lane: 2, kind: 'test', start: 7000, end: 8000, index: 3, name: 'test_new.py', status: 'running' }],
    totals: [
      { environment: '1', state: 'running', waitMs: 0, busyMs: 9000, idleMs: 0, tests: 1 },
      { environment: '2', state: 'running', waitMs: 3000, busyMs: 2000, idleMs: 0, tests: 2 },
      { environment: '3', state: 'running', waitMs: 6000, busyMs: 1000, idleMs: 0, tests: 1 }]
  };
  const answers = [{ building: true, timeline: later, placements: { 3: '3' } },
    { building: false, timeline: TIMELINE, placements: { 3: '3' } }];
  const asked = [];
  const fetch = (url) => {
    asked.push(url);
    const body = url.includes('/lanes?') ? answers.shift() : fixture('tree.json');
    return Promise.resolve({ status: 200, ok: true, headers: { get: () => null }, json: () => Promise.resolve(body) });
  };
  const scheduled = [];
  const container = window.document.querySelector('[data-system-tests-run]');
  const run = new window.SystemTestsRunView(container, { fetch, schedule: (fn, ms) => scheduled.push([fn, ms]),
    frame: (fn) => fn() });

  await run.followLanes();

  const rows = () => [...window.document.querySelectorAll('.system-tests-lanes tbody tr')].map((row) => row.cells[0].textContent);
  assert.deepStrictEqual(rows(), ['1', '2', '3'], 'the third environment, started since the page was drawn');
  assert.strictEqual(run.list().placements['3'], '3', 'a test handed out since then says where it runs');
  assert.deepStrictEqual(scheduled.map(([, ms]) => ms), [3000], 'asked again while the build runs');

  await scheduled.shift()[0]();

  assert.deepStrictEqual(rows(), ['1', '2'], 'the last state drawn');
  assert.strictEqual(scheduled.length, 0, 'not asked again once the build has ended');
  assert.deepStrictEqual(asked, ['/jenkins/job/lab/7/system-tests/lanes?run=1', '/jenkins/job/lab/7/system-tests/lanes?run=1']);
});
