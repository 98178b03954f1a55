// One test's page in jsdom: the real view, the real script, highlight.js as shipped (unpacked by the build from its
// WebJar) and JSON from the real endpoint code.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, fixture, jenkinsWindow, COMMON_JS } = require('./support/pages');

const HIGHLIGHT_JS = 'target/vendor/META-INF/resources/webjars/highlightjs/11.10.0/highlight.min.js';

function markup() {
  return render(between(view('pages/SystemTestsRootAction/test.jelly'), '<div data-system-tests-test', '</l:main-panel>'));
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
