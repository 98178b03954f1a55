// The /system-tests/ page in jsdom: the real views' markup, the real script and JSON from the real read API.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, render: renderJelly, fixture, jenkinsWindow, COMMON_JS } = require('./support/pages');

/** A page of the root action without its Jelly tags, runs-table.jelly included. */
function render(jelly) {
  return renderJelly(jelly, [
    [/<\?jelly[^>]*\?>/, ''],
    [/<!--[\s\S]*?-->/g, ''],
    [/\$\{it\.urlName\}/g, 'system-tests'],
    [/<st:include page="runs-table.jelly"[^>]*\/>/g, () => render(view('pages/SystemTestsRootAction/runs-table.jelly'))],
    [/<\/?(j|l|st):[^>]*>/g, '']]);
}

function page(name, answers, search) {
  const window = jenkinsWindow(render(view('pages/SystemTestsRootAction/' + name)),
    [COMMON_JS, 'src/main/webapp/js/test-list.js', 'src/main/webapp/js/run-progress.js', 'src/main/webapp/js/dashboard.js'],
    { url: 'http://localhost/jenkins/system-tests/' + (search || '') });
  const requests = [];
  const timers = [];
  const fetch = (url) => {
    requests.push(url);
    const answer = typeof answers === 'function' ? answers(url) : answers.shift();
    return Promise.resolve({ status: 200, ok: true, json: () => Promise.resolve(answer) });
  };
  return { window, document: window.document, requests, timers,
    options: { fetch, schedule: (fn, ms) => timers.push({ fn, ms }), search } };
}

/** The machines section of the dashboard, its clock `sinceLastReport` ms after bench-b's last report. */
async function machines(sinceLastReport, answers = () => fixture('machines.json')) {
  const p = page('index.jelly', answers);
  const lastReport = Date.parse(fixture('machines.json').items[1].lastRun.lastActivity);
  const root = p.document.querySelector('[data-system-tests-machines]');
  const table = new p.window.SystemTestsDashboard.MachinesTable(root, { ...p.options, now: () => lastReport + sinceLastReport });
  await table.bind();
  return { ...p, root, rows: () => [...root.querySelectorAll('tbody tr')] };
}

test('the machines dashboard lists each machine with its last run and refreshes itself', async () => {
  const p = await machines(5000);
  const rows = p.rows();
  assert.deepStrictEqual(rows.map((r) => r.cells[0].textContent), ['bench-a', 'bench-b <i>']);
  assert.strictEqual(rows[0].cells[1].textContent.trim().endsWith('failed'), true);
  assert.strictEqual(rows[1].cells[1].textContent.trim().endsWith('running'), true);
  assert.strictEqual(rows[1].querySelector('a').getAttribute('href'), '/jenkins/system-tests/machine?name=bench-b%20%3Ci%3E');
  assert.strictEqual(p.root.querySelectorAll('i').length, 0, 'a machine name is text, not markup');
  assert.strictEqual(p.timers.length, 1, 'the next refresh is scheduled');
  assert.match(p.requests[0], /\/machines\?page=0&size=25$/);
  assert.strictEqual(p.root.querySelector('.system-tests-page-info').textContent, '1\u20132 of 2');
});

test('a machine whose run stopped reporting reads "silent" and says for how long', async () => {
  const p = await machines(3 * 60 * 1000 + 5000);
  const stale = p.rows()[1];
  assert.ok(stale.classList.contains('system-tests-machine--stale'));
  assert.match(stale.cells[1].textContent, /silent/);
  assert.strictEqual(stale.querySelector('.system-tests-silence').textContent, 'silent for 3 min 5 sec');
  assert.strictEqual(p.rows()[0].classList.contains('system-tests-machine--stale'), false, 'a finished run is not silent');
});

test('machines are found by a part of their name and paged by the server', async () => {
  const p = await machines(0, (url) => url.includes('q=') ? { page: 0, size: 25, total: 0, items: [] } : fixture('machines.json'));
  const form = p.root.querySelector('form');
  form.elements.q.value = 'bench-z';
  form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.match(p.requests[1], /\/machines\?page=0&size=25&q=bench-z$/);
  assert.strictEqual(p.rows()[0].textContent, 'No machine matches.');
  p.root.querySelector('[data-page="1"]').click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.match(p.requests[2], /page=1&size=25&q=bench-z$/);
});

test('the runs list sorts by a column, filters and pages on the server', async () => {
  const answers = (url) => url.includes('outcome=failed') ? fixture('runs-failed.json')
    : url.includes('sort=machine') ? fixture('runs-by-machine.json') : fixture('runs.json');
  const p = page('index.jelly', answers);
  const root = p.document.querySelector('[data-system-tests-runs]');
  const runs = new p.window.SystemTestsDashboard.RunsTable(root, p.options);
  await runs.bind();

  assert.match(p.requests[0], /\/jenkins\/system-tests\/api\/v1\/runs\?sort=-start&page=0&size=20$/);
  const machines = () => [...root.querySelectorAll('tbody tr')].map((r) => r.cells[3].textContent);
  assert.deepStrictEqual(machines(), ['bench-a', 'bench-b <i>', 'bench-a']);
  assert.strictEqual(root.querySelector('tbody tr a').getAttribute('href'), '/jenkins/system-tests/machine?name=bench-a',
    "a machine's own run opens on its machine's page");
  assert.strictEqual(root.querySelector('.system-tests-page-info').textContent, '1\u20133 of 3');

  root.querySelector('th[data-sort="machine"] button').click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.match(p.requests[1], /sort=machine&page=0/);
  assert.deepStrictEqual(machines(), ['bench-a', 'bench-a', 'bench-b <i>']);

  root.querySelector('select[name="outcome"]').value = 'failed';
  root.querySelector('form').dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.match(p.requests[2], /outcome=failed/);
  assert.deepStrictEqual([...root.querySelectorAll('tbody tr')].map((r) => r.cells[0].textContent.trim()), ['\u2718failed']);
});

test("a machine's page shows its last run live and only its runs", async () => {
  const answers = (url) => url.includes('/machines/') ? { items: [{ id: 2 }], total: 1, page: 0, size: 1 }
    : url.includes('/delta') ? fixture('tree.json') : fixture('runs.json');
  const p = page('machine.jelly', answers, '?name=bench-b%20%3Ci%3E');
  const root = p.document.querySelector('[data-system-tests-machine-page]');
  await new p.window.SystemTestsDashboard.MachinePage(root, p.options).start();

  assert.strictEqual(root.querySelector('.system-tests-machine-name').textContent, 'bench-b <i>');
  assert.ok(p.requests.some((u) => u === '/jenkins/system-tests/api/v1/machines/bench-b%20%3Ci%3E/runs?size=1'));
  assert.ok(p.requests.some((u) => /runs\?sort=-start&page=0&size=20&machine=bench-b%20%3Ci%3E$/.test(u)));
  assert.ok(p.requests.some((u) => u === '/jenkins/system-tests/api/v1/runs/2/delta?since=0'));
  assert.strictEqual(root.querySelector('.system-tests-machine-filter').hidden, true);
  assert.strictEqual(root.querySelectorAll('tr.system-tests-test').length, 3, 'the last run is drawn');
});

test("a machine's page says how long its running run has been silent", async () => {
  const silentRun = { id: 2, ongoing: true, lastActivity: '2026-11-26T10:00:00Z', buildUrl: 'job/lab/7/' };
  const answers = (url) => url.includes('/machines/') ? { items: [silentRun], total: 1, page: 0, size: 1 }
    : url.includes('/delta') ? fixture('tree.json') : fixture('runs.json');
  const p = page('machine.jelly', answers, '?name=bench-a');
  const root = p.document.querySelector('[data-system-tests-machine-page]');
  await new p.window.SystemTestsDashboard.MachinePage(root, { ...p.options, now: () => Date.parse('2026-11-26T10:05:00Z') }).start();

  assert.strictEqual(root.querySelector('.system-tests-silence').textContent, 'silent for 5 min');
  assert.strictEqual(root.querySelector('[data-system-tests-run]').getAttribute('data-build-url'), '/jenkins/job/lab/7/');
});

test('a lab of 1,000 machines: a page of 25 in natural order, found by state, the times as Jenkins writes them', async (t) => {
  const lab = fixture('machines-1000.json');
  const lastReport = Date.parse(lab.items[0].lastRun.lastActivity);
  const answers = (url) => (url.includes('outcome=failed') ? fixture('machines-1000-failed.json') : lab);
  const p = page('index.jelly', answers);
  const root = p.document.querySelector('[data-system-tests-machines]');
  const table = new p.window.SystemTestsDashboard.MachinesTable(root, { ...p.options, now: () => lastReport + 184000 });
  const started = process.hrtime.bigint();
  await table.bind();
  t.diagnostic('jsdom: dashboard first page of 1,000 machines in ' + (Number(process.hrtime.bigint() - started) / 1e6).toFixed(0) + ' ms');
  const rows = () => [...root.querySelectorAll('tbody tr')];
  assert.strictEqual(rows().length, 25);
  assert.deepStrictEqual(rows().slice(8, 12).map((r) => r.cells[0].textContent), ['machine-9', 'machine-10', 'machine-11', 'machine-12'],
    'machine-9 before machine-10, as the server sorts them');
  assert.strictEqual(root.querySelector('.system-tests-page-info').textContent, '1\u201325 of 1000');
  const time = rows()[0].querySelector('time');
  assert.strictEqual(time.textContent, '3 min 4 sec ago');
  assert.ok(time.getAttribute('title'), 'the exact time on hover');

  const state = root.querySelector('select[name="outcome"]');
  state.value = 'failed';
  state.dispatchEvent(new p.window.Event('change'));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.match(p.requests[1], /\/machines\?page=0&size=25&outcome=failed$/);
  assert.deepStrictEqual(rows().slice(0, 3).map((r) => r.cells[0].textContent), ['machine-13', 'machine-26', 'machine-39']);
  assert.ok(rows().every((r) => /failed$/.test(r.cells[1].textContent.trim())));
  assert.strictEqual(root.querySelector('.system-tests-page-info').textContent, '1\u201325 of 66');
});
