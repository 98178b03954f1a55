// One test's page in jsdom: the real view, the real script, highlight.js as shipped (unpacked by the build from its
// WebJar) and JSON from the real endpoint code.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, fixture, jenkinsWindow, COMMON_JS } = require('./support/pages');

const HIGHLIGHT_JS = 'target/webapp/vendor/highlightjs/highlight.min.js';

const PAGE = 'results/BuildTestPage/';

/** A test page with its two fragments in place: a machine's own run (standalone) or inside a build. */
function markup(which = 'standalone', attemptEnvironments = '') {
  const jelly = which === 'standalone' ? view('pages/SystemTestsRootAction/standalone-test.jelly') : view(PAGE + 'index.jelly');
  return render(between(jelly, '<div data-system-tests-test', '</l:main-panel>'), [
    [/<st:include page="test-body.jelly"[^>]*\/>/, () => between(view(PAGE + 'test-body.jelly'), '<p>', '</j:jelly>')],
    [/<st:include page="test-output.jelly"[^>]*\/>/, () => between(view(PAGE + 'test-output.jelly'), '<h2', '</j:jelly>')],
    [/\$\{it\.runId\}/g, '1'], [/\$\{it\.index\}/g, '1'], [/\$\{it\.index \+ 1\}/g, '2'], [/\$\{it\.testCount\}/g, '3'],
    [/\$\{it\.attemptEnvironments\}/g, attemptEnvironments.replace(/"/g, '&quot;')],
    [/\$\{it\.jobFullName\}/g, 'lab/nightly'], [/\$\{it\.runFolder\}/g, '/lab'], [/\$\{it\.filePath\}/g, '/lab'], [/\$\{it\.fileName\}/g, 'test_flaky.py'],
    [/<\/?(j|l|st):[^>]*>/g, ''], [/<(div|p)([^>]*)\/>/g, '<$1$2></$1>']]);
}

/** Answers as the read API gives them: the test, its log, its history. */
function answering(requests, log = 'test-1-log.json') {
  return (url) => {
    requests.push(url);
    const name = url.endsWith('/log') ? log : url.includes('/history/test') ? 'history-test.json' : 'test-1.json';
    return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(fixture(name)) });
  };
}

test('the script is highlighted as Python, and script, names and log stay text', async () => {
  const window = jenkinsWindow(markup(), [HIGHLIGHT_JS, COMMON_JS, 'src/main/webapp/js/test-view.js']);
  const requests = [];
  const fetch = (url) => {
    requests.push(url);
    const name = url.endsWith('/log') ? 'test-1-log.json' : 'test-1.json';
    return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(fixture(name)) });
  };
  const root = window.document.querySelector('[data-system-tests-test]');
  await new window.SystemTestsTestPage(root, { fetch, search: '?run=1&n=1', highlighter: window.hljs }).start();

  assert.deepStrictEqual(requests, ['/jenkins/system-tests/api/v1/runs/1/tests/1', '/jenkins/system-tests/api/v1/runs/1/tests/1/log']);
  assert.strictEqual(root.querySelector('.system-tests-test-title').textContent, '<img src=x onerror=alert(1)>.py');
  const code = root.querySelector('.system-tests-script code');
  assert.strictEqual(code.textContent, 'print(1)');
  assert.ok(code.classList.contains('hljs'), 'highlight.js processed the script');
  assert.ok(code.querySelector('.hljs-built_in, .hljs-number'), 'Python tokens are marked');
  assert.strictEqual(root.querySelector('.system-tests-log').textContent.split('\n')[0], '<b>not bold</b>');
  assert.match(root.querySelector('.system-tests-log-note').textContent, /cut by the runner/);
  assert.strictEqual(root.querySelectorAll('img, b, script').length, 0);
  assert.match(root.querySelector('.system-tests-test-status').textContent, /failed/);
  const reason = root.querySelector('.system-tests-test-reason');
  assert.strictEqual(reason.hidden, false, 'the reason is at the top of the page');
  assert.strictEqual(reason.textContent, 'AssertionError: <b>the door</b> did not lock');
});

test('a test whose output was not kept says so, and asks for nothing that fails', async () => {
  const window = jenkinsWindow(markup(), [COMMON_JS, 'src/main/webapp/js/test-view.js']);
  const answers = {
    test: fixture('test-1.json'),
    log: { runId: 1, index: 1, kept: false, log: '', elided: false },
  };
  const fetch = (url) => Promise.resolve({
    ok: true, status: 200, json: () => Promise.resolve(url.endsWith('/log') ? answers.log : answers.test),
  });
  const root = window.document.querySelector('[data-system-tests-test]');
  await new window.SystemTestsTestPage(root, { fetch, search: '?run=1&n=1' }).start();

  assert.strictEqual(root.querySelector('.system-tests-log').textContent, '');
  assert.strictEqual(root.querySelector('.system-tests-log-note').textContent, 'No output was kept for this test.');
});

test('inside a build the page shows the test across the job\'s builds, each build a link, flaky flips marked', async () => {
  const window = jenkinsWindow(markup('build'), [COMMON_JS, 'src/main/webapp/js/charts.js', 'src/main/webapp/js/test-view.js']);
  const requests = [];
  const root = window.document.querySelector('[data-system-tests-test]');
  await new window.SystemTestsTestPage(root, { fetch: answering(requests), search: '' }).start();

  assert.ok(requests.includes('/jenkins/system-tests/api/v1/runs/1/tests/1'), 'the run and test come from the page');
  assert.ok(requests.includes('/jenkins/system-tests/api/v1/history/test?job=lab%2Fnightly&run=1&file_path=%2Flab&file_name=test_flaky.py&size=30'));
  const rows = [...root.querySelectorAll('.system-tests-test-history tbody tr')];
  assert.deepStrictEqual(rows.map((r) => r.cells[0].textContent), ['#5', '#4', '#3', '#2', '#1']);
  assert.strictEqual(rows[0].querySelector('a').getAttribute('href'), '/jenkins/job/lab/job/nightly/5/system-tests/');
  assert.deepStrictEqual(rows.map((r) => r.cells[1].textContent.replace(/^\W+/, '')), ['passed', 'error', 'passed', 'failed', 'passed']);
  assert.strictEqual(root.querySelector('.system-tests-flaky').hidden, false);
  assert.strictEqual(root.querySelector('.system-tests-history-empty').hidden, true);
  const path = root.querySelector('.system-tests-test-path');
  assert.strictEqual(path.textContent, '<script>alert(1)</script>', 'relative to where the run started');
  assert.strictEqual(path.getAttribute('title'), '/lab/<script>alert(1)</script>', 'the full path on hover');

  const options = window.SystemTestsCharts.testHistory(fixture('history-test.json').items);
  assert.deepStrictEqual([...options.xAxis.data], ['#1', '#2', '#3', '#4', '#5'], 'oldest first, as trends read');
  assert.deepStrictEqual([...options.series[0].data.map((d) => d.status)], ['passed', 'failed', 'passed', 'error', 'passed']);
  assert.deepStrictEqual([...options.series[0].markPoint.data.map((d) => d.coord[0])], [1, 2, 3, 4], 'each flip is marked');
  assert.strictEqual(options.series[0].data[4].link, 'job/lab/job/nightly/5/', 'a point opens its build');
});

test('a retried test shows its flaky mark and every attempt, each earlier one with its reason and its own output', async () => {
  const window = jenkinsWindow(markup(), [COMMON_JS, 'src/main/webapp/js/test-view.js']);
  const flaky = Object.assign({}, fixture('test-1.json'), {
    status: 'passed', reason: undefined, flaky: true, attempt: 2,
    attempts: [{ attempt: 1, status: 'failed', start: '2018-12-30 13:00:01.000000', stop: '2018-12-30 13:00:03.000000',
      durationMs: 2000, reason: 'AssertionError: <b>dark</b>' }],
  });
  const requests = [];
  const fetch = (url) => {
    requests.push(url);
    const body = url.endsWith('/log?attempt=1') ? { runId: 1, index: 1, kept: true, log: 'rig <i>booting</i>', elided: false, attempt: 1 }
      : url.endsWith('/log') ? { runId: 1, index: 1, kept: true, log: 'lit', elided: false, attempt: 2 } : flaky;
    return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(body) });
  };
  const root = window.document.querySelector('[data-system-tests-test]');
  const page = new window.SystemTestsTestPage(root, { fetch, search: '?run=1&n=1' });
  await page.start();

  assert.match(root.querySelector('.system-tests-test-status').textContent, /passed.*flaky/);
  assert.ok(root.querySelector('.system-tests-test-status .system-tests-status--flaky'), 'its own mark, beside the status');
  const section = root.querySelector('.system-tests-attempts');
  assert.strictEqual(section.hidden, false);
  const attempts = section.querySelectorAll('.system-tests-attempt');
  assert.strictEqual(attempts.length, 2);
  assert.match(attempts[0].textContent, /Attempt 1.*failed.*took 2\.0 sec/);
  assert.strictEqual(attempts[0].querySelector('.system-tests-reason').textContent, 'AssertionError: <b>dark</b>');
  assert.match(attempts[1].textContent, /Attempt 2 \(the outcome; its output is below\).*passed/);
  assert.strictEqual(root.querySelector('.system-tests-log').textContent, 'lit');
  assert.ok(!requests.some((url) => url.includes('attempt=')), 'an earlier attempt\'s output is fetched only when opened');

  const details = attempts[0].querySelector('details');
  details.open = true;
  details.dispatchEvent(new window.Event('toggle'));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(requests.includes('/jenkins/system-tests/api/v1/runs/1/tests/1/log?attempt=1'));
  assert.strictEqual(details.querySelector('.system-tests-log').textContent, 'rig <i>booting</i>');
  assert.strictEqual(root.querySelectorAll('b, i').length, 0);
});

test('a test retried on another environment of a shared queue says where each attempt ran', async () => {
  const window = jenkinsWindow(markup('build', '["1","2"]'), [COMMON_JS, 'src/main/webapp/js/test-view.js']);
  const flaky = Object.assign({}, fixture('test-1.json'), {
    status: 'passed', reason: undefined, flaky: true, attempt: 2,
    attempts: [{ attempt: 1, status: 'failed', start: '2018-12-30 13:00:01.000000', stop: '2018-12-30 13:00:03.000000',
      durationMs: 2000, reason: 'AssertionError: dark on 1' }],
  });
  const fetch = (url) => {
    const body = url.endsWith('/log') ? { runId: 1, index: 1, kept: true, log: 'lit', elided: false, attempt: 2 }
      : url.includes('/history/') ? fixture('history-test.json') : flaky;
    return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(body) });
  };
  const root = window.document.querySelector('[data-system-tests-test]');
  await new window.SystemTestsTestPage(root, { fetch, search: '' }).start();

  const attempts = root.querySelectorAll('.system-tests-attempt');
  assert.strictEqual(attempts.length, 2);
  assert.match(attempts[0].querySelector('p').textContent, /Attempt 1.*failed.*on environment 1/);
  assert.match(attempts[1].querySelector('p').textContent, /Attempt 2 \(the outcome.*passed.*on environment 2/);
});
