// The job page in jsdom: the real view's markup, the real script and JSON from the real history API.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, fixture, jenkinsWindow, COMMON_JS } = require('./support/pages');

function markup() {
  return render(between(view('pages/SystemTestsJobAction/index.jelly'), '<div data-system-tests-history', '</l:main-panel>'),
    [[/\$\{it\.job\.fullName\}/g, 'lab/nightly']]);
}

function page() {
  const window = jenkinsWindow(markup(), [COMMON_JS, 'src/main/webapp/js/job-history.js']);
  const requests = [];
  const fetch = (url) => {
    requests.push(url);
    const name = url.includes('/history/test') ? 'history-test.json' : 'history.json';
    return Promise.resolve({ status: 200, ok: true, json: () => Promise.resolve(fixture(name)) });
  };
  const root = window.document.querySelector('[data-system-tests-history]');
  return { window, root, requests, view: new window.SystemTestsJobHistory(root, { fetch }) };
}

test('the trend lists the builds newest first with their counts, a page at a time', async () => {
  const p = page();
  await p.view.start();
  assert.strictEqual(p.requests[0], '/jenkins/system-tests/api/v1/history?job=lab%2Fnightly&page=0&size=20');
  const rows = [...p.root.querySelectorAll('.system-tests-trend tbody tr')];
  assert.strictEqual(rows.length, 5);
  assert.strictEqual(rows[0].cells[0].textContent, '#5', 'the build as the job page names it');
  assert.strictEqual(rows[0].querySelector('a').getAttribute('title'), 'job/lab/job/nightly/5/');
  assert.strictEqual(rows[0].querySelector('a').getAttribute('href'), '/jenkins/job/lab/job/nightly/5/system-tests/');
  assert.strictEqual(rows[1].cells[1].textContent, 'failed');
  assert.match(rows[1].cells[3].textContent, /2 passed, 1 error/);
  assert.strictEqual(p.root.querySelector('.system-tests-page-info').textContent, '1\u20135 of 5');
});

test("a test's history shows its status per build and the flaky mark", async () => {
  const p = page();
  await p.view.start();
  const form = p.root.querySelector('form');
  form.elements.file_path.value = '/lab';
  form.elements.file_name.value = 'test_flaky.py';
  form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));

  assert.match(p.requests[1], /history\/test\?job=lab%2Fnightly&file_path=%2Flab&file_name=test_flaky.py&size=50$/);
  const statuses = [...p.root.querySelectorAll('.system-tests-test-history-table tbody tr')].map((r) => r.cells[1].textContent);
  assert.deepStrictEqual(statuses, ['passed', 'error', 'passed', 'failed', 'passed']);
  assert.strictEqual(p.root.querySelector('.system-tests-flaky').hidden, false);
});
