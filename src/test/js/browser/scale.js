'use strict';
/*
 * The pages at scale, for check-pages.js: a lab of 1,000 machines and a run of 10,000 pytest tests (four folders of
 * 50 modules of 50 tests, failures in a few) reported to the real Jenkins through the REST API, as machines report,
 * then their pages opened in Chromium and measured:
 *
 * - first screen: from the start of the navigation to the moment the page's script marks its list drawn
 *   (performance.mark: 'system-tests:list-rendered', 'system-tests:machines-listed'), with the server's answer, first
 *   contentful paint and the long tasks (over 50 ms, PerformanceObserver 'longtask') until then;
 * - live updates: the run page open while the other 4,000 tests are reported (100 reports every 200 ms, ~250 tests a
 *   second, polled every second by the page): long tasks, frames later than 50 ms, and the polls' sizes.
 *
 * Printed and returned, not judged by time (2 shared cores); what the pages show is checked (groups, rows, order, no
 * table wider than the window) and a problem is reported when it is wrong.
 *
 * config.scale: {user, tokenFile, job, build (number of a finished build of job), tests, machines}
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const FOLDERS = ['unit', 'api', 'ui', 'slow'];
const TESTS_PER_MODULE = 50;
const FIRST_PART = 6000;

/** A machine's time stamp as the protocol writes one: local time, microseconds. */
function stamp(date) {
  const two = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + ' ' + two(date.getHours())
    + ':' + two(date.getMinutes()) + ':' + two(date.getSeconds()) + '.' + String(date.getMilliseconds() * 1000).padStart(6, '0');
}

/** The suite's tests in plan order, as the runner names pytest tests: folder, module, test; every tenth name long. */
function plan(count) {
  const modules = count / TESTS_PER_MODULE / FOLDERS.length;
  const tests = [];
  FOLDERS.forEach((folder) => {
    for (let m = 0; m < modules; m++) {
      for (let t = 0; t < TESTS_PER_MODULE; t++) {
        const name = t % 10 === 9
          ? 'TestRig::test_the_lamp_controller_keeps_its_state_across_a_power_cycle_of_the_rig[setting-' + t
            + '-with-a-long-parameter-that-pytest-writes-in-full]'
          : 'test_case[' + t + ']';
        tests.push({ file_path: '/ws/tests/' + folder, file_name: 'test_' + folder + '_' + String(m).padStart(2, '0') + '.py::' + name });
      }
    }
  });
  return tests;
}

/** How test i ends: failures in three modules before the page is opened and in a fourth while it watches. */
function outcome(i) {
  const module = Math.floor(i / TESTS_PER_MODULE);
  const t = i % TESTS_PER_MODULE;
  if ((module === 7 && [3, 19, 29].includes(t)) || (module === 110 && t === 40) || (module === 123 && t === 41)) {
    return 'failed';
  }
  if (module === 80 && t === 0) {
    return 'error';
  }
  return t === 48 ? 'warning' : 'passed';
}

function reporter(base, scale) {
  const token = fs.readFileSync(scale.tokenFile, 'utf8').trim();
  const authorization = 'Basic ' + Buffer.from(scale.user + ':' + token).toString('base64');
  async function post(endpoint, body) {
    let bytes = Buffer.from(JSON.stringify(body));
    const headers = { 'Content-Type': 'application/json', Authorization: authorization };
    if (bytes.length > 512 * 1024) {
      bytes = zlib.gzipSync(bytes);
      headers['Content-Encoding'] = 'gzip';
    }
    const response = await fetch(base + 'system-tests/api/v1/' + endpoint, { method: 'POST', headers, body: bytes });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(endpoint + ': HTTP ' + response.status + ' ' + text.slice(0, 300));
    }
    return JSON.parse(text);
  }
  /** Messages in batches of up to 1000 (POST events, as the runner sends them); every one must be accepted. */
  async function events(messages, size = 1000) {
    for (let i = 0; i < messages.length; i += size) {
      const answer = await post('events', messages.slice(i, i + size));
      const refused = answer.results.filter((result) => result.status >= 400);
      if (refused.length > 0) {
        throw new Error('refused: ' + JSON.stringify(refused.slice(0, 3)));
      }
    }
  }
  return { post, events };
}

function start(machine, test, at) {
  return { machine_name: machine, file_path: test.file_path, file_name: test.file_name, timestamp_start: stamp(at) };
}

function stop(machine, test, status, at, reason) {
  const message = { machine_name: machine, file_path: test.file_path, file_name: test.file_name, status, timestamp_stop: stamp(at) };
  if (reason) {
    message.reason = reason;
  }
  return message;
}

/** The STARTs and STOPs of tests [from, to), in order. */
function reports(machine, tests, from, to) {
  const messages = [];
  for (let i = from; i < to; i++) {
    const status = outcome(i);
    messages.push(start(machine, tests[i], new Date()));
    messages.push(stop(machine, tests[i], status, new Date(), status === 'failed' || status === 'error'
      ? 'AssertionError: reading ' + i + ' out of range: the lamp controller answered 0x7f after the power cycle, expected 0x00 '
        + 'within 250 ms of the rig coming back up (see the log for the whole exchange)' : null));
  }
  return messages;
}

/** What every page measures once its list is drawn (times in ms from the start of the navigation). */
function measure(page, markName) {
  return page.evaluate((markName) => {
    const round = (x) => (x === undefined || x === null ? null : Math.round(x));
    const nav = performance.getEntriesByType('navigation')[0];
    const mark = performance.getEntriesByName(markName)[0];
    const drawn = mark ? mark.startTime : null;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const root = document.documentElement;
    const tables = [...document.querySelectorAll('table')];
    const untilDrawn = window.__longTasks.filter((task) => drawn === null || task.start <= drawn);
    return {
      serverMs: round(nav.responseStart - nav.requestStart),
      htmlLoadedMs: round(nav.responseEnd),
      domContentLoadedMs: round(nav.domContentLoadedEventEnd),
      firstContentfulPaintMs: round(fcp && fcp.startTime),
      listDrawnMs: round(drawn),
      listPaintedMs: round(window.__painted[markName]),
      longTasksUntilDrawn: untilDrawn.length,
      longestTaskUntilDrawnMs: round(Math.max(0, ...untilDrawn.map((task) => task.duration))),
      elements: document.getElementsByTagName('*').length,
      pageWiderThanWindowPx: root.scrollWidth - root.clientWidth,
      widestTableOverflowPx: Math.max(0, ...tables.map((t) => Math.round(t.getBoundingClientRect().right - root.clientWidth))),
    };
  }, markName);
}

/** Opens a page, waits until its script marks its list drawn (and the frame after), and measures it. */
async function visit(page, url, markName) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.waitForFunction((name) => window.__painted && window.__painted[name] !== undefined, { timeout: 60000 }, markName);
  await new Promise((resolve) => setTimeout(resolve, 300)); // paint entries arrive a little later
  return measure(page, markName);
}

async function check(page, base, config, problems) {
  const scale = config.scale;
  const results = {};
  const api = reporter(base, scale);
  const shot = (name) => page.screenshot({ path: path.join(config.screenshots, name + '.png') });
  await page.evaluateOnNewDocument(() => {
    window.__longTasks = [];
    window.__painted = {};
    new PerformanceObserver((list) => list.getEntries().forEach((task) => {
      window.__longTasks.push({ start: task.startTime, duration: task.duration });
    })).observe({ type: 'longtask', buffered: true });
    // When a list was drawn, the next frame is when it is on the screen.
    new PerformanceObserver((list) => list.getEntries().forEach((mark) => {
      requestAnimationFrame(() => setTimeout(() => { window.__painted[mark.name] = performance.now(); }, 0));
    })).observe({ type: 'mark' });
  });

  // A lab of 1,000 machines, reported in a shuffled order: one run each, every seventh still testing.
  let started = Date.now();
  const numbers = [...Array(scale.machines).keys()].map((n) => n + 1).sort(() => Math.random() - 0.5);
  const oneTest = { file_path: '/lab/tests', file_name: 'test_smoke.py' };
  await api.events(numbers.map((n) => ({ machine_name: 'rig-' + n, timestamp: stamp(new Date()),
    master_scenario: { file_path: '/lab', file_name: '(selected tests)', script: '',
      scenarios: [{ file_path: '/lab/tests', file_name: 'tests/', script: '', tests: [{ ...oneTest, script: '' }] }] } })));
  const finishing = numbers.filter((n) => n % 7 !== 0);
  await api.events(finishing.flatMap((n) => [start('rig-' + n, oneTest, new Date()),
    stop('rig-' + n, oneTest, n % 13 === 0 ? 'failed' : 'passed', new Date())]));
  results.machinesReportedInMs = Date.now() - started;

  // The run of 10,000 tests on a build: its plan, then its first 6,000 tests.
  started = Date.now();
  const machine = 'e2e-scale-rig';
  const tests = plan(scale.tests);
  const dryRun = { machine_name: machine, timestamp: stamp(new Date()), build_url: 'job/' + scale.job + '/' + scale.build + '/',
    master_scenario: { file_path: '/ws', file_name: '(selected tests)', script: '',
      scenarios: FOLDERS.map((folder) => ({ file_path: '/ws/tests/' + folder, file_name: folder + '/', script: '',
        tests: tests.filter((t) => t.file_path === '/ws/tests/' + folder).map((t) => ({ ...t, script: '' })) })) } };
  const created = await api.post('dry-run', dryRun);
  const runId = created.runId;
  await api.events(reports(machine, tests, 0, FIRST_PART));
  await api.events([start(machine, tests[FIRST_PART], new Date())]);
  results.runReportedInMs = Date.now() - started;
  results.runId = runId;

  // The run page: first screen, opened once before (the server's first tree of that size is slower: its code is not
  // compiled yet), then as people see it.
  const runPage = base + 'job/' + scale.job + '/' + scale.build + '/system-tests/';
  results.runPageFirstVisit = await visit(page, runPage, 'system-tests:list-rendered');
  const run = await visit(page, runPage, 'system-tests:list-rendered');
  Object.assign(run, await page.evaluate(() => {
    const delta = performance.getEntriesByType('resource').find((r) => r.name.includes('/delta?since=0'));
    const groups = [...document.querySelectorAll('tbody.system-tests-group')];
    const links = [...document.querySelectorAll('.system-tests-test-link')];
    return {
      treeFetchedMs: delta ? Math.round(delta.responseEnd) : null,
      treeBytes: delta ? delta.encodedBodySize : null,
      treeJsonBytes: delta ? delta.decodedBodySize : null,
      groupsShown: groups.length,
      firstGroups: groups.slice(0, 4).map((g) => g.querySelector('.system-tests-toggle__label').textContent + (g.querySelector('.system-tests-toggle')
        .getAttribute('aria-expanded') === 'true' ? ' (open)' : ' (folded)')),
      rows: document.querySelectorAll('tr.system-tests-test').length,
      namesCutShort: links.filter((a) => a.scrollWidth > a.clientWidth && a.title).length,
    };
  }));
  results.runPage = run;
  await shot('scale-run-page');
  if (run.rows > 400 || run.groupsShown > 110) {
    problems.push(runPage + ': ' + run.rows + ' rows and ' + run.groupsShown + ' groups drawn on the first screen');
  }
  if (!/test_unit_07\.py \(open\)/.test(run.firstGroups[0] || '') || !/\(folded\)$/.test(run.firstGroups[3] || '')) {
    problems.push(runPage + ': failing modules do not come first and open: ' + run.firstGroups.join(', '));
  }
  if (run.widestTableOverflowPx > 0 || run.pageWiderThanWindowPx > 0) {
    problems.push(runPage + ': wider than the window by ' + Math.max(run.widestTableOverflowPx, run.pageWiderThanWindowPx) + ' px');
  }

  // Live: the other 4,000 tests reported while the page follows, 100 reports every 200 ms.
  const liveStart = await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const loop = (now) => {
      if (now - last > 50) {
        window.__gaps.push(now - last);
      }
      last = now;
      if (!window.__stopGaps) {
        requestAnimationFrame(loop);
      }
    };
    requestAnimationFrame(loop);
    return performance.now();
  });
  started = Date.now();
  const rest = [stop(machine, tests[FIRST_PART], outcome(FIRST_PART), new Date())]
    .concat(reports(machine, tests, FIRST_PART + 1, tests.length));
  for (let i = 0; i < rest.length; i += 100) {
    const batchStarted = Date.now();
    await api.events(rest.slice(i, i + 100), 100);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 200 - (Date.now() - batchStarted))));
  }
  const reportedLiveMs = Date.now() - started;
  try {
    await page.waitForSelector('[data-system-tests-run][data-complete="true"]', { timeout: 60000 });
  } catch (e) {
    problems.push(runPage + ': the page did not follow the run to its end');
  }
  const live = await page.evaluate((liveStart) => {
    window.__stopGaps = true;
    const round = (x) => Math.round(x);
    const tasks = window.__longTasks.filter((task) => task.start >= liveStart);
    const polls = performance.getEntriesByType('resource').filter((r) => r.name.includes('/delta?since=') && r.startTime >= liveStart);
    return {
      longTasks: tasks.length,
      longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.duration))),
      longTasksTotalMs: round(tasks.reduce((sum, t) => sum + t.duration, 0)),
      framesLaterThan50Ms: window.__gaps.length,
      latestFrameMs: round(Math.max(0, ...window.__gaps)),
      polls: polls.length,
      meanPollJsonBytes: polls.length ? round(polls.reduce((sum, r) => sum + r.decodedBodySize, 0) / polls.length) : 0,
      counts: document.querySelector('.system-tests-counts').textContent,
      firstGroups: [...document.querySelectorAll('tbody.system-tests-group')].slice(0, 5)
        .map((g) => g.querySelector('.system-tests-toggle__label').textContent),
      rows: document.querySelectorAll('tr.system-tests-test').length,
      notReloaded: performance.getEntriesByType('navigation').length === 1 && window.__longTasks !== undefined,
    };
  }, liveStart);
  live.reportedInMs = reportedLiveMs;
  results.live = live;
  await shot('scale-run-page-finished');
  if (!live.firstGroups.includes('tests/ui/test_ui_23.py')) {
    problems.push(runPage + ': the module that failed while the page watched is not with the failing ones: ' + live.firstGroups);
  }

  // A test page of that run: a failed test with a long name.
  const testPage = runPage + runId + '/379/';
  results.testPageFirstVisit = await visit(page, testPage, 'system-tests:test-shown');
  results.testPage = await visit(page, testPage, 'system-tests:test-shown');
  await shot('scale-test-page');
  if (results.testPage.pageWiderThanWindowPx > 0) {
    problems.push(testPage + ': wider than the window by ' + results.testPage.pageWiderThanWindowPx + ' px');
  }

  // The job's page: the tests of its last run.
  const jobPage = base + 'job/' + scale.job + '/system-tests/';
  results.jobPage = await visit(page, jobPage, 'system-tests:list-rendered');
  results.jobPage.rows = await page.$$eval('.system-tests-last-tests tr.system-tests-test', (rows) => rows.length);
  await shot('scale-job-page');
  if (results.jobPage.pageWiderThanWindowPx > 0) {
    problems.push(jobPage + ': wider than the window by ' + results.jobPage.pageWiderThanWindowPx + ' px');
  }

  // The Test machines page with 1,000 machines, then found by name and by state.
  const machinesPage = base + 'system-tests/test-machines/';
  results.testMachinesPageFirstVisit = await visit(page, machinesPage, 'system-tests:machines-listed');
  const machines = await visit(page, machinesPage, 'system-tests:machines-listed');
  machines.rowsInTable = await page.$$eval('table[data-system-tests-machines] tbody tr', (rows) => rows.length);
  await page.type('form[data-system-tests-machine-filter] input[name="q"]', 'rig-');
  await page.waitForFunction(() => /of 1000$/.test(document.querySelector('[data-system-tests-machine-pages] .system-tests-page-info').textContent),
    { timeout: 10000 }).catch(() => problems.push(machinesPage + ': typing rig- does not find the 1,000 machines'));
  Object.assign(machines, await page.evaluate(() => {
    const rows = [...document.querySelectorAll('table[data-system-tests-machines] tbody tr')];
    return { found: document.querySelector('[data-system-tests-machine-pages] .system-tests-page-info').textContent,
      firstNames: rows.slice(0, 12).map((r) => r.cells[0].textContent.trim()),
      firstActivity: rows[0] && rows[0].querySelector('time') ? rows[0].querySelector('time').textContent : null };
  }));
  await page.select('form[data-system-tests-machine-filter] select[name="state"]', 'testing');
  machines.testing = await page.$eval('[data-system-tests-machine-pages] .system-tests-page-info', (n) => n.textContent);
  results.testMachinesPage = machines;
  await shot('scale-test-machines');
  const natural = ['rig-1', 'rig-2', 'rig-3', 'rig-4', 'rig-5', 'rig-6', 'rig-7', 'rig-8', 'rig-9', 'rig-10', 'rig-11', 'rig-12'];
  if (JSON.stringify(machines.firstNames) !== JSON.stringify(natural)) {
    problems.push(machinesPage + ': not in natural order: ' + machines.firstNames.join(', '));
  }
  if (machines.rowsInTable > 50 || machines.pageWiderThanWindowPx > 0) {
    problems.push(machinesPage + ': ' + machines.rowsInTable + ' rows in the table, ' + machines.pageWiderThanWindowPx + ' px too wide');
  }
  if (!/ago$/.test(machines.firstActivity || '')) {
    problems.push(machinesPage + ': the last activity reads ' + machines.firstActivity);
  }

  // The dashboard's machines, found by name.
  const dashboard = base + 'system-tests/';
  const board = await visit(page, dashboard, 'system-tests:machines-listed');
  await page.type('[data-system-tests-machines] input[name="q"]', 'rig-');
  await page.select('[data-system-tests-machines] select[name="outcome"]', 'failed');
  await page.waitForFunction(() => /^rig-13$/.test(((document.querySelector('[data-system-tests-machines] tbody tr a') || {}).textContent) || ''),
    { timeout: 10000 }).catch(() => problems.push(dashboard + ': the failed rig- machines do not start with rig-13'));
  Object.assign(board, await page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-system-tests-machines] tbody tr')];
    return { found: document.querySelector('[data-system-tests-machines] .system-tests-page-info').textContent,
      firstNames: rows.slice(0, 4).map((r) => r.cells[0].textContent.trim()), rowsInTable: rows.length };
  }));
  results.dashboard = board;
  await shot('scale-dashboard');
  return results;
}

module.exports = { check, plan, outcome };
