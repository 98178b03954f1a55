// A run of 10,000 tests on the run page, in jsdom: the real view (run.jelly), the real scripts and what the real
// delta endpoint answers for a pytest suite of four folders of 50 modules of 50 tests (BigRunFixturesTest): 6,000
// run, failures in three modules, then a poll with 200 more and a first failure in another module.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, fixture, jenkinsWindow, COMMON_JS } = require('./support/pages');

const SCRIPTS = [COMMON_JS, 'src/main/webapp/js/test-list.js', 'src/main/webapp/js/run-progress.js'];

function markup() {
  return render(between(view('results/BuildRunsPage/run.jelly'), '<section', '</section>') + '</section>', [
    [/\$\{run\.id\}/g, '1'], [/\$\{it\.run\.url\}/g, 'job/lab/7/'], [/\$\{run\.[a-zA-Z]+\}/g, 'value'],
    [/<\/?j:[^>]*>/g, ''], [/&amp;/g, '&'], [/<(div|p)([^>]*)\/>/g, '<$1$2></$1>']]);
}

/**
 * The run page with its answers; frames are queued (as requestAnimationFrame would) and run by frame(), searches
 * wait for wait().
 */
function page(answers) {
  const window = jenkinsWindow(markup(), SCRIPTS);
  const frames = [];
  const delays = [];
  const fetch = () => {
    const answer = answers.shift();
    return answer === undefined ? Promise.reject(new Error('no more answers'))
      : Promise.resolve({ status: 200, ok: true, json: () => Promise.resolve(answer) });
  };
  const container = window.document.querySelector('[data-system-tests-run]');
  const run = new window.SystemTestsRunView(container, { fetch, schedule: () => {}, frame: (fn) => frames.push(fn) });
  const document = window.document;
  return {
    window, document, run, frames,
    frame: () => { while (frames.length) { frames.shift()(); } },
    rows: () => [...document.querySelectorAll('tr.system-tests-test')],
    groups: () => [...document.querySelectorAll('tbody.system-tests-group')].map((body) => ({
      label: body.querySelector('.system-tests-toggle__label').textContent,
      open: body.querySelector('.system-tests-toggle').getAttribute('aria-expanded') === 'true',
      rows: body.querySelectorAll('tr.system-tests-test').length,
      counts: body.querySelector('.system-tests-group__counts').textContent,
      body })),
    search: (text) => {
      const input = document.querySelector('input[name="q"]');
      input.value = text;
      input.dispatchEvent(new window.Event('input'));
    },
    status: (value) => {
      const select = document.querySelector('select[name="status"]');
      select.value = value;
      select.dispatchEvent(new window.Event('change'));
    },
    delays,
  };
}

async function opened(t) {
  const p = page([fixture('big-tree.json')]);
  const started = process.hrtime.bigint();
  await p.run.start();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  t.diagnostic('jsdom: 10,000-test run page drawn in ' + ms.toFixed(0) + ' ms (model and first screen), '
    + p.document.querySelectorAll('[data-system-tests-run] *').length + ' elements');
  return p;
}

test('10,000 tests: grouped by module with counts, failing modules first and open, the others folded', async (t) => {
  const p = await opened(t);
  const groups = p.groups();
  assert.strictEqual(groups.length, 100, 'the first 100 of 200 modules');
  assert.deepStrictEqual(groups.slice(0, 4).map((g) => [g.label, g.open, g.rows]), [
    ['tests/unit/test_unit_07.py', true, 50],
    ['tests/api/test_api_30.py', true, 50],
    ['tests/ui/test_ui_10.py', true, 50],
    ['tests/unit/test_unit_00.py', false, 0]]);
  assert.ok(groups.slice(3).every((g) => !g.open && g.rows === 0), 'passing modules are folded, with no rows');
  assert.strictEqual(p.rows().length, 150, 'rows only for the open groups');
  assert.strictEqual(groups[0].counts, '\u271446 passed\u26A01 warning\u27183 failed');
  assert.strictEqual(groups[3].counts, '\u271449 passed\u26A01 warning');
  assert.match(p.document.querySelector('.system-tests-list-info').textContent, /^10000 tests in 200 files$/);
  const more = p.document.querySelector('.system-tests-more-groups button');
  assert.strictEqual(more.textContent, 'Show 100 more files (100 not shown)');
  more.click();
  assert.strictEqual(p.groups().length, 200);
  assert.strictEqual(p.rows().length, 150, 'more files, still folded');
  assert.ok(p.document.querySelectorAll('[data-system-tests-run] *').length < 5000, 'a page of thousands of elements, not 100,000');
});

test('a folded module builds its rows when opened, and drops them when folded again', async (t) => {
  const p = await opened(t);
  const passing = p.groups()[3];
  passing.body.querySelector('.system-tests-toggle').click();
  const rows = [...passing.body.querySelectorAll('tr.system-tests-test')];
  assert.strictEqual(rows.length, 50);
  assert.strictEqual(rows[0].querySelector('a').textContent, 'test_case[0]', 'the name within its module');
  assert.strictEqual(rows[0].querySelector('a').getAttribute('href'), '/jenkins/job/lab/7/system-tests/1/0/');
  const long = rows[9].querySelector('a');
  assert.match(long.textContent, /^TestRig::test_the_lamp_controller.*\[setting-9-with-a-long-parameter-that-pytest-writes-in-full\]$/);
  assert.strictEqual(long.getAttribute('title'), 'test_unit_00.py::' + long.textContent + ' \u2014 /ws/tests/unit',
    'the whole name on hover');
  passing.body.querySelector('.system-tests-toggle').click();
  assert.strictEqual(passing.body.querySelectorAll('tr.system-tests-test').length, 0);
  assert.strictEqual(p.rows().length, 150);
});

test('a live poll touches only the rows and headers it changes, in one frame; a first failure brings its module up, open', async (t) => {
  const p = await opened(t);
  // Open the module of the running test (ui 20 is index 120: tests 6,000-6,049) by hand, then apply the poll.
  p.document.querySelector('.system-tests-more-groups button').click();
  const group = p.groups().find((g) => g.label === 'tests/ui/test_ui_20.py');
  group.body.querySelector('.system-tests-toggle').click();
  const before = new Map(p.rows().map((row) => [row.getAttribute('data-index'), row]));
  assert.match(before.get('6000').textContent, /running/);

  const delta = fixture('big-delta.json');
  const changed = new Set(delta.tests.map((c) => String(c.index)));
  const touched = new Set();
  const observer = new p.window.MutationObserver((records) => records.forEach((record) => {
    const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    const row = node.closest('tr');
    touched.add(row ? (row.getAttribute('data-index') || row.className) : node.className || node.tagName);
  }));
  observer.observe(p.document.querySelector('[data-system-tests-run]'), { subtree: true, childList: true, characterData: true, attributes: true });
  p.run.apply(delta);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.strictEqual(touched.size, 0, 'nothing is written before the frame');
  assert.strictEqual(p.frames.length, 1, 'one frame for the whole poll');
  const started = process.hrtime.bigint();
  p.frame();
  t.diagnostic('jsdom: a poll of 200 changed tests applied in ' + (Number(process.hrtime.bigint() - started) / 1e6).toFixed(1) + ' ms');
  await new Promise((resolve) => setTimeout(resolve, 0));
  observer.disconnect();

  for (const [index, row] of before) {
    assert.strictEqual(p.document.querySelector('tr[data-index="' + index + '"]'), row, 'row ' + index + ' kept, not redrawn');
  }
  assert.match(before.get('6000').textContent, /passed/);
  const rowsTouched = [...touched].filter((key) => /^\d+$/.test(key));
  assert.ok(rowsTouched.length > 0);
  assert.ok(rowsTouched.every((index) => changed.has(index)), 'only changed rows: ' + rowsTouched.filter((i) => !changed.has(i)));
  assert.ok(![...touched].some((key) => /^\d+$/.test(key) && Number(key) < 6000), 'rows of other open modules untouched');

  const groups = p.groups();
  assert.deepStrictEqual(groups.slice(0, 5).map((g) => [g.label, g.open]), [
    ['tests/unit/test_unit_07.py', true], ['tests/api/test_api_30.py', true], ['tests/ui/test_ui_10.py', true],
    ['tests/ui/test_ui_23.py', true], ['tests/unit/test_unit_00.py', false]],
  'the module with a new failure joins the failing ones, open');
  assert.match(groups[3].counts, /1 failed/);
  assert.match(p.document.querySelector('.system-tests-counts').textContent, /^6070 passed124 warning5 failed1 error/);
});

test('the status filter shows only the tests of that status, in their modules, with counts per status', async (t) => {
  const p = await opened(t);
  const select = p.document.querySelector('select[name="status"]');
  assert.deepStrictEqual([...select.options].map((o) => o.textContent).slice(0, 6),
    ['any (10000)', 'passed (5875)', 'warning (120)', 'skipped (0)', 'failed (4)', 'error (1)']);
  assert.ok([...select.options].find((o) => o.value === 'cancelled').disabled, 'no test was cancelled');
  assert.ok([...select.options].find((o) => o.value === 'skipped').disabled, 'no test was skipped');
  p.status('failed');
  assert.deepStrictEqual(p.groups().map((g) => [g.label, g.rows]), [['tests/unit/test_unit_07.py', 3], ['tests/ui/test_ui_10.py', 1]]);
  assert.deepStrictEqual(p.rows().map((row) => row.getAttribute('data-index')), ['353', '369', '379', '5540']);
  assert.match(p.rows()[0].querySelector('.system-tests-reason').textContent, /reading 353 out of range/);
  assert.match(p.document.querySelector('.system-tests-list-info').textContent, /^4 of 10000 tests match, in 2 files$/);
  p.status('error');
  assert.deepStrictEqual(p.groups().map((g) => g.label), ['tests/api/test_api_30.py']);
  p.status('waiting');
  assert.strictEqual(p.groups().length, 80, '3,999 tests waiting, in the modules from ui 20 on');
  assert.deepStrictEqual(p.groups().map((g) => g.rows).slice(0, 6), [49, 50, 50, 50, 50, 0],
    'matches open their modules while fewer than 200 rows are open');
  p.status('');
  assert.strictEqual(p.rows().length, 150);
});

test('the search finds tests by a part of their name or path, any case; no match says so', async (t) => {
  const p = await opened(t);
  p.search('TEST_API_3');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const groups = p.groups();
  assert.strictEqual(groups.length, 10, 'test_api_30 to test_api_39');
  assert.strictEqual(groups[0].label, 'tests/api/test_api_30.py', 'the failing one first');
  assert.deepStrictEqual(groups.map((g) => g.open), [true, true, true, true, false, false, false, false, false, false],
    'matches open their modules until 200 rows');
  assert.match(groups[5].counts, /50 of 50 match$/);
  assert.match(p.document.querySelector('.system-tests-list-info').textContent, /^500 of 10000 tests match, in 10 files$/);

  p.search('power_cycle_of_the_rig[setting-19');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.strictEqual(p.document.querySelectorAll('tbody.system-tests-group').length, 100, '200 modules match; 100 shown');
  assert.strictEqual(p.rows().length, 100, 'one match in each');
  assert.match(p.document.querySelector('.system-tests-more-groups button').textContent, /Show 100 more files/);

  p.search('no such test');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.strictEqual(p.groups().length, 0);
  assert.strictEqual(p.document.querySelector('.system-tests-more-groups').textContent, 'No test matches.');
});

test('a module of 2,500 parametrized tests shows 200 rows at a time', async () => {
  const tree = fixture('big-tree.json');
  // The unit folder's tests as one module: test_unit_00.py::test_case[0] ... (the same tests, renamed).
  tree.masterScenario.scenarios[0].tests.forEach((test, i) => { test.fileName = 'test_unit.py::test_case[' + i + ']'; });
  const p = page([tree]);
  await p.run.start();
  const unit = p.groups().find((g) => g.label === 'tests/unit/test_unit.py');
  assert.ok(unit.open, 'it has failures');
  assert.strictEqual(unit.rows, 200);
  const more = unit.body.querySelector('tr.system-tests-more button');
  assert.strictEqual(more.textContent, 'Show 200 more (2300 not shown)');
  more.click();
  assert.strictEqual(unit.body.querySelectorAll('tr.system-tests-test').length, 400);
});

test('the failure statuses are the ones TestStatus.isFailure names', () => {
  const { read } = require('./support/pages');
  const java = read('src/main/java/io/jenkins/plugins/systemtests/core/protocol/TestStatus.java');
  const rule = /boolean isFailure\(\) \{\s*return ([^;]+);/.exec(java)[1];
  const named = [...rule.matchAll(/this == ([A-Z]+)/g)].map((m) => m[1].toLowerCase());
  const window = jenkinsWindow('', [COMMON_JS]);
  assert.deepStrictEqual([...window.SystemTestsUi.FAILURES].sort(), named.sort());
});

test('while searching, a module that fails for the first time appears only if it matches', async (t) => {
  const p = await opened(t);
  p.search('test_unit_0');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.strictEqual(p.groups().length, 10);
  p.run.apply(fixture('big-delta.json')); // ui 23 fails for the first time
  p.frame();
  assert.ok(!p.groups().some((g) => g.label === 'tests/ui/test_ui_23.py'), 'it does not match the search');
  p.search('test_ui_2');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.strictEqual(p.groups()[0].label, 'tests/ui/test_ui_23.py', 'found, with the failing ones first');
});

test("plain scripts are grouped by their folder, which their rows do not repeat; a script from elsewhere shows its path", async () => {
  const tree = fixture('tree.json');
  tree.masterScenario.filePath = '/lab';
  const folder = tree.masterScenario.scenarios[0];
  folder.filePath = '/lab/lamp';
  folder.fileName = 'lamp/';
  const p = page([tree]);
  await p.run.start();
  assert.deepStrictEqual(p.groups().map((g) => g.label), ['lamp/', 'scenario_1.py']);
  const row = (index) => p.document.querySelector('tr[data-index="' + index + '"]');
  assert.strictEqual(row(0).querySelector('.system-tests-test-path'), null, 'test_lamp.py is in lamp/');
  assert.strictEqual(row(1).querySelector('.system-tests-test-path').textContent, '<script>alert(1)</script>');
  assert.strictEqual(p.document.querySelector('.system-tests-list-info').textContent, '3 tests in 2 files');
  p.search('lamp');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.strictEqual(p.document.querySelector('.system-tests-list-info').textContent, '1 of 3 tests match, in 1 file');
});
