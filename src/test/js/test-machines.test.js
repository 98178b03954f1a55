// "Add a test machine" in jsdom: the real view's form (TestMachinesPage/index.jelly) and script; answers shaped as
// TestMachinesApi gives them (TestMachinesApiTest checks those).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, jenkinsWindow, settle, COMMON_JS } = require('./support/pages');

function markup() {
  return render(between(view('pages/TestMachinesPage/index.jelly'), '<form class="system-tests-new-machine"', '</form>')
    + '</form>', [[/<j:forEach[\s\S]*?<\/j:forEach>/, '<option value="lab-ssh">tester (lab key)</option>']]);
}

function page(answer) {
  const window = jenkinsWindow(markup(), [COMMON_JS, 'src/main/webapp/js/test-machines.js']);
  const posts = [];
  const opened = [];
  const fetch = (url, init) => {
    posts.push({ url, init });
    return Promise.resolve({ status: answer.status, json: () => Promise.resolve(answer.body) });
  };
  const form = window.document.querySelector('form.system-tests-new-machine');
  new window.SystemTestsNewMachineForm(form, { fetch, open: (url) => opened.push(url), rootUrl: '/jenkins' }).start();
  return { window, form, posts, opened };
}

test('the form is sent as JSON with the crumb, and the new agent\'s page opens', async () => {
  const p = page({ status: 201, body: { name: 'lab-02', labels: 'system-tests linux gpu' } });
  p.form.elements.name.value = 'lab-02';
  p.form.elements.host.value = '10.1.2.3';
  p.form.elements.credentialsId.value = 'lab-ssh';
  p.form.elements.labels.value = 'gpu';
  p.form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await settle();

  assert.strictEqual(p.posts[0].url, '/jenkins/system-tests/test-machines/create');
  assert.strictEqual(p.posts[0].init.headers['Jenkins-Crumb'], 'c0ffee');
  assert.deepStrictEqual(JSON.parse(p.posts[0].init.body), { name: 'lab-02', host: '10.1.2.3', port: '22',
    credentialsId: 'lab-ssh', os: 'linux', remoteRoot: '', executors: '1', labels: 'gpu' });
  assert.deepStrictEqual(p.opened, ['/jenkins/computer/lab-02/']);
});

test('each problem is shown next to its field, as text', async () => {
  const p = page({ status: 400, body: { errorCode: 'INVALID_FIELD', message: 'host: enter a host name or IP address',
    problems: [{ field: 'host', message: 'enter a host name or IP address' },
      { field: 'name', message: '<img src=x onerror=alert(1)>' }] } });
  p.form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await settle();

  const problems = [...p.form.querySelectorAll('.system-tests-field-problem')];
  assert.deepStrictEqual(problems.map((n) => n.textContent),
    ['<img src=x onerror=alert(1)>', 'enter a host name or IP address'], 'in the form\'s order');
  assert.strictEqual(problems[1].parentElement.querySelector('input').name, 'host');
  assert.strictEqual(p.form.querySelectorAll('img').length, 0);
  assert.match(p.form.querySelector('.system-tests-message').textContent, /host: enter a host/);
  assert.deepStrictEqual(p.opened, []);

  p.form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await settle();
  assert.strictEqual(p.form.querySelectorAll('.system-tests-field-problem').length, 2, 'old problems are cleared');
});

// The list of a lab of 1,000 machines: the real view's table as Jenkins renders it (one row per machine, in the order
// the server wrote them), and the real script.
const MACHINES = 1000;
const NOW = Date.parse('2026-11-26T12:00:00Z');

/** lab-1 ... lab-1000: every tenth an offline agent, every seventh testing, the others reporting; lab-n last seen n min 1 s ago. */
function lab() {
  const machines = [];
  for (let n = 1; n <= MACHINES; n++) {
    const agent = n % 10 === 0;
    machines.push({ name: 'lab-' + n, agent, state: agent ? 'offline' : n % 7 === 0 ? 'testing' : 'reported',
      status: n % 13 === 0 ? 'failed' : 'passed', lastActivity: new Date(NOW - n * 61000).toISOString() });
  }
  // As a plain sort would write them: lab-1, lab-10, lab-100, lab-1000, lab-101...
  return machines.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function listMarkup(machines) {
  const part = between(view('pages/TestMachinesPage/index.jelly'), '<form class="system-tests-filters"', '<j:if test="${it.createAllowed}">');
  const template = between(part, '<tr data-name', '</j:forEach>');
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const rows = machines.map((m, i) => template
    .replace(' hidden="${i ge pageSize ? \'hidden\' : null}"', i >= 50 ? ' hidden="hidden"' : '') // null: no attribute
    .replace(/<j:choose>[\s\S]*?<\/j:choose>/, m.agent ? '<a href="/jenkins/computer/' + m.name + '/">system-tests linux</a>' : 'reports only')
    .replace(/<j:if test="\$\{row\.isAgent\(\) and[\s\S]*?<\/j:if>/, '')
    .replace(/\$\{h\.urlEncode\(row\.name\(\)\)\}/g, encodeURIComponent(m.name))
    .replace(/\$\{row\.name\(\)\}/g, escape(m.name))
    .replace(/\$\{row\.state\(\)\}/g, m.state)
    .replace(/\$\{row\.lastStatus\(\)\.get\(\)\.wireName\(\)\}/g, m.status)
    .replace(/\$\{row\.lastActivity\(\)\.get\(\)\.toString\(\)\}/g, m.lastActivity)).join('');
  return render(part.replace(/<j:forEach[\s\S]*?<\/j:forEach>/, rows), [[/\$\{pageSize\}/g, '50'], [/<\/?(j|l|st):[^>]*>/g, '']]);
}

function machinesPage(t) {
  const window = jenkinsWindow(listMarkup(lab()), [COMMON_JS, 'src/main/webapp/js/test-machines.js']);
  const document = window.document;
  const rows = [...document.querySelectorAll('table[data-system-tests-machines] tbody tr')];
  assert.strictEqual(rows.length, MACHINES);
  assert.strictEqual(rows.filter((row) => !row.hidden).length, 50, 'before the script, only the first page is laid out');
  const started = process.hrtime.bigint();
  const list = new window.SystemTestsMachinesList(document.querySelector('table[data-system-tests-machines]'),
    { now: () => NOW, delay: (fn) => fn() }).start();
  t.diagnostic('jsdom: 1,000 machines sorted and their first page shown in '
    + (Number(process.hrtime.bigint() - started) / 1e6).toFixed(0) + ' ms');
  const form = document.querySelector('form[data-system-tests-machine-filter]');
  return {
    window, document, list, form,
    names: () => [...document.querySelectorAll('table[data-system-tests-machines] tbody tr')].map((r) => r.cells[0].textContent),
    info: () => document.querySelector('[data-system-tests-machine-pages] .system-tests-page-info').textContent,
    type: (text) => { form.elements.q.value = text; form.elements.q.dispatchEvent(new window.Event('input')); },
    state: (value) => { form.elements.state.value = value; form.elements.state.dispatchEvent(new window.Event('change')); },
  };
}

test('1,000 machines: sorted naturally, 50 to a page, the times as Jenkins writes them', (t) => {
  const p = machinesPage(t);
  const names = p.names();
  assert.strictEqual(names.length, 50, 'only the page is in the table');
  assert.ok([...p.document.querySelectorAll('tbody tr')].every((row) => !row.hidden));
  assert.deepStrictEqual(names.slice(0, 12), ['lab-1', 'lab-2', 'lab-3', 'lab-4', 'lab-5', 'lab-6', 'lab-7', 'lab-8',
    'lab-9', 'lab-10', 'lab-11', 'lab-12'], 'machine-2 before machine-10');
  assert.strictEqual(p.info(), '1\u201350 of 1000');
  assert.strictEqual(p.form.hidden, false, 'the filters show once the script runs');
  const time = p.document.querySelector('tbody tr:nth-child(3) time');
  assert.strictEqual(time.textContent, '3 min 3 sec ago', 'lab-3, seen 183 s ago');
  assert.ok(time.getAttribute('title').length > 0, 'the exact time on hover');
  assert.strictEqual(time.getAttribute('datetime'), new Date(NOW - 3 * 61000).toISOString());
  assert.strictEqual(p.document.querySelector('[data-page="-1"]').disabled, true);

  p.document.querySelector('[data-page="1"]').click();
  assert.deepStrictEqual(p.names().slice(0, 2), ['lab-51', 'lab-52']);
  assert.strictEqual(p.info(), '51\u2013100 of 1000');
  assert.strictEqual(p.document.querySelector('tbody tr time').textContent, '51 min 51 sec ago');
  for (let page = 2; page < 20; page++) {
    p.document.querySelector('[data-page="1"]').click();
  }
  assert.strictEqual(p.info(), '951\u20131000 of 1000');
  assert.strictEqual(p.names()[49], 'lab-1000');
  assert.strictEqual(p.document.querySelector('[data-page="1"]').disabled, true);
});

test('machines are found by a part of their name and by state as the user types', (t) => {
  const p = machinesPage(t);
  p.type('LAB-10');
  assert.deepStrictEqual(p.names(), ['lab-10', 'lab-100', 'lab-101', 'lab-102', 'lab-103', 'lab-104', 'lab-105',
    'lab-106', 'lab-107', 'lab-108', 'lab-109', 'lab-1000']);
  assert.strictEqual(p.info(), '1\u201312 of 12');
  p.state('offline');
  assert.deepStrictEqual(p.names(), ['lab-10', 'lab-100', 'lab-1000']);
  p.type('');
  assert.strictEqual(p.info(), '1\u201350 of 100', 'every tenth is an offline agent');
  assert.ok([...p.document.querySelectorAll('tbody tr')].every((r) => r.getAttribute('data-state') === 'offline'));
  p.state('testing');
  assert.strictEqual(p.names()[0], 'lab-7');
  p.type('lab-1000');
  assert.deepStrictEqual(p.names(), ['No machine matches.']);
  assert.strictEqual(p.info(), '0\u20130 of 0');
});
