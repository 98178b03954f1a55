// The job's System Tests page and the small trend on the job's page, in jsdom: the real views' markup, the real
// scripts, JSON from the real history API, and a stand-in for Jenkins' echarts that records what it is asked to draw.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, fixture, jenkinsWindow, COMMON_JS } = require('./support/pages');

const SCRIPTS = [COMMON_JS, 'src/main/webapp/js/charts.js', 'src/main/webapp/js/test-list.js', 'src/main/webapp/js/job-history.js'];

function markup(name, start) {
  return render(between(view('pages/SystemTestsJobAction/' + name), start, name === 'index.jelly' ? '</l:main-panel>' : '</j:jelly>'),
    [[/\$\{it\.job\.fullName\}|\$\{action\.job\.fullName\}/g, 'lab/nightly'], [/\$\{action\.urlName\}/g, 'system-tests'],
      [/<\/?(j|l|st):[^>]*>/g, ''], [/<(div|p)([^>]*)\/>/g, '<$1$2></$1>']]);
}

/** Jenkins' echarts as far as the pages use it: one chart per element, its options and click handler kept. */
function fakeEcharts(window) {
  const charts = [];
  window.echarts = {
    getInstanceByDom: (element) => charts.find((c) => c.element === element),
    init: (element) => {
      const chart = { element, handlers: {}, setOption(options) { this.options = options; },
        on(name, fn) { this.handlers[name] = fn; }, off(name) { delete this.handlers[name]; }, resize() {} };
      charts.push(chart);
      return chart;
    },
  };
  return charts;
}

function page(name = 'index.jelly', start = '<div data-system-tests-history') {
  const window = jenkinsWindow(markup(name, start), SCRIPTS);
  const charts = fakeEcharts(window);
  const requests = [];
  const fetch = (url) => {
    requests.push(url);
    const answer = url.includes('/runs/5') ? fixture('tree.json') : fixture('history.json');
    return Promise.resolve({ status: 200, ok: true, json: () => Promise.resolve(answer) });
  };
  const root = window.document.querySelector('[data-system-tests-history], [data-system-tests-trend]');
  return { window, root, requests, charts, view: new window.SystemTestsJobHistory(root, { fetch }) };
}

test('the trend lists the builds newest first with their outcome and counts, a page at a time', async () => {
  const p = page();
  await p.view.start();
  assert.ok(p.requests.includes('/jenkins/system-tests/api/v1/history?job=lab%2Fnightly&page=0&size=20'));
  const rows = [...p.root.querySelectorAll('.system-tests-trend tbody tr')];
  assert.strictEqual(rows.length, 5);
  assert.strictEqual(rows[0].cells[0].textContent, '#5', 'the build as the job page names it');
  assert.strictEqual(rows[0].querySelector('a').getAttribute('title'), 'job/lab/job/nightly/5/');
  assert.strictEqual(rows[0].querySelector('a').getAttribute('href'), '/jenkins/job/lab/job/nightly/5/system-tests/');
  assert.strictEqual(rows[1].cells[1].textContent, '\u2718failed');
  assert.match(rows[1].cells[3].textContent, /2 passed, 1 error/);
  assert.strictEqual(p.root.querySelector('.system-tests-page-info').textContent, '1\u20135 of 5');
});

test('the charts show tests per status stacked per build and the run duration, oldest first, a click opening the build', async () => {
  const p = page();
  await p.view.start();
  assert.ok(p.requests.includes('/jenkins/system-tests/api/v1/history?job=lab%2Fnightly&page=0&size=30'));
  assert.strictEqual(p.charts.length, 2);
  const status = p.charts.find((c) => c.element.classList.contains('system-tests-chart--status')).options;
  assert.deepStrictEqual([...status.xAxis.data], ['#1', '#2', '#3', '#4', '#5']);
  assert.ok(status.series.every((s) => s.stack === 'tests' && s.type === 'bar'), 'stacked bars');
  const passed = status.series.find((s) => s.name === 'passed');
  assert.strictEqual(passed.data[4].value, 3);
  assert.strictEqual(passed.data[4].link, 'job/lab/job/nightly/5/');
  assert.ok(!status.series.some((s) => s.name === 'waiting'), 'statuses no run had are left out');
  const duration = p.charts.find((c) => c.element.classList.contains('system-tests-chart--duration')).options;
  assert.strictEqual(duration.series[0].type, 'line');
  assert.strictEqual(duration.series[0].data.length, 5);
  const summed = duration.series.find((s) => s.name === 'Summed test time');
  assert.ok(summed, 'the summed test time beside the wall time');
  assert.deepStrictEqual([...summed.data].map((d) => d.value), [2000, 2000, 2000, 3000, 3000], 'oldest first');
  assert.strictEqual(typeof p.charts[0].handlers.click, 'function');
});

test("the last run's tests are listed by file, each name a link to its page inside the build", async () => {
  const p = page();
  await p.view.start();
  assert.ok(p.requests.includes('/jenkins/system-tests/api/v1/runs/5'));
  const list = p.root.querySelector('.system-tests-last-tests');
  assert.deepStrictEqual([...list.querySelectorAll('tbody.system-tests-group .system-tests-toggle__label')].map((b) => b.textContent),
    ['scenario_0.py', 'scenario_1.py']);
  const rows = [...list.querySelectorAll('tr.system-tests-test')];
  assert.strictEqual(rows.length, 3);
  assert.strictEqual(rows[0].querySelector('a').textContent, 'test_lamp.py');
  assert.strictEqual(rows[0].querySelector('a').getAttribute('href'), '/jenkins/job/lab/job/nightly/5/system-tests/5/0/');
  const path = rows[0].querySelector('.system-tests-test-path');
  assert.strictEqual(path.textContent, '/lab/lamp', 'outside the folder the run started in: as reported');
  assert.strictEqual(path.getAttribute('title'), '/lab/lamp');
  assert.strictEqual(list.querySelectorAll('script, img').length, 0);
  assert.ok(list.querySelector('select[name="status"]') && list.querySelector('input[name="q"]'), 'a status filter and a search');
});

test("the job's own page has a small trend of tests per build", async () => {
  const p = page('floatingBox.jelly', '<div class="system-tests-floating-trend"');
  await p.view.startSmall();
  assert.deepStrictEqual(p.requests, ['/jenkins/system-tests/api/v1/history?job=lab%2Fnightly&page=0&size=20']);
  assert.strictEqual(p.charts.length, 1);
  assert.strictEqual(p.charts[0].options.series[0].stack, 'tests');
  assert.strictEqual(p.root.querySelector('a.system-tests-trend-link').getAttribute('href'), 'system-tests/');
});

test('a build named by its job path opens below this Jenkins, one reported with an absolute URL opens as reported', () => {
  const { window } = page();
  const href = window.SystemTestsUi.buildHref;
  assert.strictEqual(href('/jenkins', 'job/lab/7/', 'system-tests/'), '/jenkins/job/lab/7/system-tests/');
  assert.strictEqual(href('/jenkins', 'job/lab/7', 'system-tests/'), '/jenkins/job/lab/7/system-tests/');
  assert.strictEqual(href('/jenkins', 'https://ci.example/job/lab/7/', 'system-tests/'), 'https://ci.example/job/lab/7/system-tests/');
  assert.strictEqual(window.SystemTestsCharts.buildName('https://ci.example/job/lab/7/'), '#7');
});
