// The live run page in a real DOM (jsdom): the markup of the real view (run.jelly), the real script
// (src/main/webapp/js/run-progress.js) and JSON written by the real endpoint code (PageFixturesTest).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, fixture, jenkinsWindow, settle, COMMON_JS } = require('./support/pages');

const RUN_PROGRESS_JS = 'src/main/webapp/js/run-progress.js';
const TEST_LIST_JS = 'src/main/webapp/js/test-list.js';

/** run.jelly as Jenkins would render it for run 1, without its Jelly tags. */
function viewMarkup() {
  return render(between(view('results/BuildRunsPage/run.jelly'), '<section', '</section>') + '</section>', [
    [/\$\{run\.id\}/g, '1'],
    [/\$\{it\.run\.url\}/g, 'job/lab/7/'],
    [/\$\{run\.[a-zA-Z]+\}/g, 'value'],
    [/<\/?j:[^>]*>/g, ''],
    [/&amp;/g, '&'],
    [/<(div|p)([^>]*)\/>/g, '<$1$2></$1>']]);
}

function status(document) {
  return document.querySelector('.system-tests-run-status').textContent.trim();
}

/** The build's "agent offline" notice of index.jelly, as Jenkins renders it while the agent answers (hidden). */
function offlineNoticeMarkup() {
  return render(between(view('results/BuildRunsPage/index.jelly'), '<div class="jenkins-alert jenkins-alert-warning"',
    '</div>') + '</div>', [
    [/\$\{offline == null \? 'hidden' : null\}/g, 'hidden'],
    [/\$\{offline\}/g, '']]);
}

/** An answer of the delta endpoint that also carries the build's agent-offline notice, as ReadPath writes it. */
function withNotice(body, text) {
  return { body, headers: { 'X-System-Tests-Agent-Offline': encodeURIComponent(text) } };
}

function page(answers, markupBefore = '') {
  const window = jenkinsWindow(markupBefore + viewMarkup(), [COMMON_JS, TEST_LIST_JS, RUN_PROGRESS_JS]);
  const requests = [];
  const timers = [];
  const fetch = (url) => {
    requests.push(url);
    let answer = answers.shift();
    if (answer === undefined) {
      return Promise.reject(new Error('no more answers'));
    }
    let headers = {};
    if (answer !== null && answer.headers) {
      headers = answer.headers;
      answer = answer.body;
    }
    return Promise.resolve({
      status: answer === null ? 204 : 200,
      ok: true,
      headers: { get: (name) => headers[name] ?? null },
      json: () => Promise.resolve(answer)
    });
  };
  const container = window.document.querySelector('[data-system-tests-run]');
  // Each frame at once: what a delta changes is on the page when the poll's promise resolves.
  const view = new window.SystemTestsRunView(container, { fetch, schedule: (fn, ms) => timers.push({ fn, ms }), frame: (fn) => fn() });
  return { window, document: window.document, view, requests, timers };
}

async function tick(p) {
  const timer = p.timers.shift();
  assert.ok(timer, 'a poll was scheduled');
  await timer.fn();
}

function statuses(document) {
  return [...document.querySelectorAll('tr.system-tests-test .system-tests-status__text')].map((n) => n.textContent);
}

test('the first answer draws the whole tree, then each poll applies only what changed', async () => {
  const p = page([fixture('tree.json'), fixture('delta-running.json'), null, fixture('delta-complete.json')]);
  await p.view.start();

  assert.strictEqual(p.requests[0], '/jenkins/system-tests/api/v1/runs/1/delta?since=0');
  assert.deepStrictEqual(statuses(p.document), ['waiting', 'waiting', 'waiting']);
  assert.strictEqual(p.document.querySelectorAll('tbody.system-tests-group').length, 2, 'one group per scenario of plain scripts');

  await tick(p);
  assert.match(p.requests[1], /since=1$/);
  assert.deepStrictEqual(statuses(p.document), ['running', 'waiting', 'waiting']);
  assert.ok(p.document.querySelector('tr[data-index="0"]').classList.contains('system-tests-test--current'),
    'the running test is highlighted');

  await tick(p); // 204: nothing changed
  assert.deepStrictEqual(statuses(p.document), ['running', 'waiting', 'waiting']);

  await tick(p);
  assert.deepStrictEqual(statuses(p.document), ['passed', 'failed', 'warning']);
  assert.strictEqual(p.document.querySelector('.system-tests-run-status').textContent.trim().endsWith('failed'), true);
  assert.strictEqual(p.document.querySelector('.system-tests-counts').textContent, '1 passed1 warning1 failed');
  assert.strictEqual(p.document.querySelector('tr[data-index="2"] .system-tests-test-duration').textContent, '1.0 sec');
  const reason = p.document.querySelector('tr[data-index="1"] .system-tests-reason');
  assert.strictEqual(reason.textContent, 'AssertionError: <b>the door</b> did not lock', 'the reason, as text');
  assert.strictEqual(reason.children.length, 0, 'markup in a reason is never rendered');
  assert.strictEqual(p.document.querySelector('tr[data-index="0"] .system-tests-reason'), null);
});

test('the agent-offline notice appears, changes and goes as the polls say, without a reload', async () => {
  const offline = 'Agent lab-1 offline since 2026-12-02 08:30:00 UTC. The tests go on there; <b>waits</b> until 08:35.';
  const p = page([fixture('tree.json'), withNotice(null, offline), withNotice(fixture('delta-running.json'), offline),
    null, fixture('delta-complete.json')], offlineNoticeMarkup());
  const notice = p.document.querySelector('[data-system-tests-agent-offline]');
  await p.view.start();
  assert.strictEqual(notice.hidden, true, 'the agent answers: no notice');

  await tick(p); // 204, and the build's agent is out of reach
  assert.strictEqual(notice.hidden, false);
  assert.strictEqual(notice.textContent, offline, 'the notice as text, never as markup');
  assert.strictEqual(notice.children.length, 0);

  await tick(p); // tests went on meanwhile: the notice stays
  assert.strictEqual(notice.hidden, false);
  assert.deepStrictEqual(statuses(p.document), ['running', 'waiting', 'waiting']);

  await tick(p); // 204 without the header: the agent is back
  assert.strictEqual(notice.hidden, true);
  assert.strictEqual(notice.textContent, '');
  await tick(p);
  assert.strictEqual(notice.hidden, true);
});

test('polling stops once the run is complete', async () => {
  const p = page([fixture('tree.json'), fixture('delta-complete.json'), { result: 'FAILURE', building: false }]);
  await p.view.start();
  await tick(p);
  await settle();
  assert.strictEqual(p.timers.length, 0, 'no further poll is scheduled');
  assert.strictEqual(p.view.container.getAttribute('data-complete'), 'true');
  assert.strictEqual(p.requests.length, 3);
  assert.strictEqual(p.requests[2], '/jenkins/job/lab/7/api/json?tree=result,building', 'the build result, once');
  assert.match(status(p.document), /failed$/);
});

test('a failed run in an UNSTABLE build reads "unstable", as Jenkins shows the build, once the build has its result', async () => {
  const p = page([fixture('tree.json'), fixture('delta-complete.json'), { result: null, building: true },
    { result: 'UNSTABLE', building: false }]);
  await p.view.start();
  await tick(p);
  await settle();
  assert.match(status(p.document), /failed$/, 'the build has no result yet');
  assert.strictEqual(p.timers.length, 1, 'the build is asked again');
  p.timers.shift().fn();
  await settle();
  assert.match(status(p.document), /unstable$/);
  assert.strictEqual(p.document.querySelector('.system-tests-run-status .system-tests-status__icon').textContent, '\u26A0');
  assert.strictEqual(p.timers.length, 0);
});

test('a group folds and opens, and each test links to its script', async () => {
  const p = page([fixture('tree.json')]);
  await p.view.start();
  const toggle = p.document.querySelector('tbody.system-tests-group .system-tests-toggle');
  assert.strictEqual(toggle.getAttribute('aria-expanded'), 'true', 'a small run shows every test');

  toggle.click();
  assert.strictEqual(p.document.querySelector('tr[data-index="0"]'), null, 'a folded group has no rows');
  assert.strictEqual(toggle.getAttribute('aria-expanded'), 'false');
  toggle.click();
  const firstTest = p.document.querySelector('tr[data-index="0"]');
  assert.ok(firstTest);
  assert.strictEqual(firstTest.querySelector('a').getAttribute('href'), '/jenkins/job/lab/7/system-tests/1/0/',
    'the test page inside the build');
});

test('names and paths from machines are shown as text, never as markup', async () => {
  const p = page([fixture('tree.json')]);
  await p.view.start();
  const hostile = p.document.querySelector('tr[data-index="1"]');
  assert.strictEqual(hostile.querySelector('a').textContent, '<img src=x onerror=alert(1)>.py');
  assert.strictEqual(hostile.querySelector('.system-tests-test-path').textContent, '/lab/<script>alert(1)</script>');
  assert.strictEqual(p.document.querySelectorAll('img, script').length, 0);
});

test('a failed poll says so and retries later instead of stopping', async () => {
  const p = page([fixture('tree.json')]);
  await p.view.start();
  await tick(p); // no more answers: the fetch fails
  assert.match(p.document.querySelector('.system-tests-message').textContent, /could not be updated/);
  assert.strictEqual(p.timers.length, 1);
  assert.ok(p.timers[0].ms > 1000, 'backs off');
});

test('a running test shows its elapsed time and the run its time left, from the last run of the plan', async () => {
  const tree = fixture('tree-eta.json');
  const running = tree.masterScenario.scenarios[0].tests[0];
  assert.ok(running.runningSinceMs, 'the endpoint says when the running test started');
  const p = page([tree, null]);
  p.view.now = () => running.runningSinceMs + 400;
  await p.view.start();

  assert.strictEqual(p.document.querySelector('tr[data-index="0"] .system-tests-test-duration').textContent, 'running 400 ms');
  // 1 s expected per test: 600 ms left for the running one, 1 s for each of the two waiting ones.
  assert.strictEqual(p.document.querySelector('.system-tests-eta').textContent, 'About 2.6 sec left');

  p.view.now = () => running.runningSinceMs + 1500;
  await tick(p); // 204: the times still move on
  assert.strictEqual(p.document.querySelector('tr[data-index="0"] .system-tests-test-duration').textContent, 'running 1.5 sec');
  assert.strictEqual(p.document.querySelector('.system-tests-eta').textContent, 'About 2.0 sec left');
});

test('a build waiting for its test environment reloads its page every 10 s, and only then', () => {
  const notice = view('results/BuildRunsPage/index.jelly').match(/<div class="jenkins-alert[^>]*data-system-tests-waiting[^>]*>/)[0]
    + 'Waiting for test environment 7</div>';
  for (const [body, expected] of [[notice, [10000]], ['<p>no wait</p>', []]]) {
    const window = jenkinsWindow(body, [COMMON_JS, TEST_LIST_JS, RUN_PROGRESS_JS]);
    const scheduled = [];
    const waiting = window.SystemTestsRefreshWhileWaiting(window.document, (fn, ms) => scheduled.push(ms));
    assert.deepStrictEqual(scheduled, expected);
    assert.strictEqual(waiting, expected.length > 0);
  }
});

test('paths are shown as written, relative to where the run started, with the full path on hover', async () => {
  const tree = fixture('tree.json');
  tree.masterScenario.filePath = '/lab';
  const p = page([tree]);
  await p.view.start();

  const cells = [...p.document.querySelectorAll('.system-tests-test-path')];
  assert.ok(cells.length > 0);
  for (const cell of cells) {
    const full = cell.getAttribute('title');
    if (full.startsWith('/lab/')) {
      assert.strictEqual(cell.textContent, full.substring('/lab/'.length));
    }
  }
  assert.ok(cells.some((cell) => cell.getAttribute('title').startsWith('/lab/')), 'a test under /lab');
  const hostile = cells.find((cell) => cell.getAttribute('title').includes('<script>'));
  assert.strictEqual(hostile.textContent, '<script>alert(1)</script>');
});

test('times and durations read as Jenkins writes them, the exact value on hover', () => {
  const { window } = page([]);
  const ui = window.SystemTestsUi;
  assert.deepStrictEqual([12, 3140, 42000, 245000, 7380000, 93600000].map(ui.duration),
    ['12 ms', '3.1 sec', '42 sec', '4 min 5 sec', '2 hr 3 min', '1 day 2 hr']);
  const now = Date.parse('2026-11-26T12:00:00Z');
  const instant = ui.time(window.document, '2026-11-26T11:56:55.264157221Z', now);
  assert.strictEqual(instant.textContent, '3 min 4 sec ago');
  assert.strictEqual(instant.getAttribute('datetime'), '2026-11-26T11:56:55.264Z');
  assert.ok(instant.getAttribute('title').length > 0, 'the exact time on hover');
  const today = new Date(now);
  const date = today.getFullYear() + '-' + String(today.getMonth() + 1).padStart(2, '0') + '-'
    + String(today.getDate()).padStart(2, '0');
  const machineTime = ui.time(window.document, date + ' 11:48:04.918310', now);
  assert.strictEqual(machineTime.textContent, '11:48:04');
  assert.strictEqual(machineTime.getAttribute('title'), date + ' 11:48:04.918310');
  assert.strictEqual(ui.time(window.document, '2018-12-30 13:01:57.461401', now).textContent, '2018-12-30 13:01');
});

/** index.jelly's marker of a building build, as Jenkins renders it when the build had runs 4 and 5. */
function buildRunsMarkup() {
  return view('results/BuildRunsPage/index.jelly').match(/<span hidden="hidden" data-system-tests-build-runs[^>]*\/>/)[0]
    .replace('${it.runIdsText}', '4,5').replace('/>', '></span>');
}

test('a building build\'s page loads again when a later step starts another run, and stops asking once it ended', async () => {
  const cases = [
    { answers: [{ runIds: [4, 5], building: true }, { runIds: [4, 5, 6], building: true }], reloads: 1, polls: 2 },
    { answers: [{ runIds: [4, 5], building: true }, { runIds: [4, 5], building: false }], reloads: 0, polls: 2 },
  ];
  for (const { answers, reloads, polls } of cases) {
    const window = jenkinsWindow(buildRunsMarkup(), [COMMON_JS, TEST_LIST_JS, RUN_PROGRESS_JS]);
    const queue = [];
    const asked = [];
    let reloaded = 0;
    const watching = window.SystemTestsReloadOnNewRuns(window.document, (fn, ms) => queue.push({ fn, ms }),
      (url) => { asked.push(url); return Promise.resolve(answers[asked.length - 1]); }, () => { reloaded++; });
    assert.ok(watching);
    while (queue.length > 0) {
      const next = queue.shift();
      assert.strictEqual(next.ms, 3000);
      next.fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepStrictEqual(asked, Array(polls).fill('runIds'));
    assert.strictEqual(reloaded, reloads);
  }
  const finished = jenkinsWindow('<p>a finished build</p>', [COMMON_JS, TEST_LIST_JS, RUN_PROGRESS_JS]);
  assert.strictEqual(finished.SystemTestsReloadOnNewRuns(finished.document, () => assert.fail('no poll'),
    () => assert.fail('no fetch'), () => assert.fail('no reload')), false);
});
