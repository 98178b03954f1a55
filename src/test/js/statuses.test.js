// Every status of the protocol has its own mark and colour, and counts are worded in the protocol's display order
// (TestStatus.DISPLAY_ORDER in Java; ProtocolRulesTest holds common.js's ORDER to it).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { read, jenkinsWindow, COMMON_JS } = require('./support/pages');

const STATUSES = ['passed', 'warning', 'skipped', 'failed', 'error', 'cancelled', 'unknown', 'running', 'waiting'];

test('a skipped test is shown with its own mark and word', () => {
  const window = jenkinsWindow('', [COMMON_JS]);
  const badge = window.SystemTestsUi.badge(window.document, 'skipped');

  assert.strictEqual(badge.className, 'system-tests-status system-tests-status--skipped');
  assert.strictEqual(badge.textContent, '\u21B7skipped');
  const marks = STATUSES.map((status) => window.SystemTestsUi.ICONS[status]);
  assert.strictEqual(marks.filter((mark) => mark === '\u21B7').length, 1, 'no other status shares the mark');
});

test('skipped has a colour of its own in the stylesheet', () => {
  const css = read('src/main/webapp/css/system-tests.css');
  const rule = /\.system-tests-status--skipped \{ color: ([^;]+); \}/.exec(css);
  assert.ok(rule, 'a rule for skipped');
  for (const other of STATUSES.filter((status) => status !== 'skipped')) {
    const theirs = new RegExp('\\.system-tests-status--' + other + '[^{]*\\{ color: ([^;]+);').exec(css);
    assert.ok(theirs, 'a rule for ' + other);
    assert.notStrictEqual(theirs[1], rule[1], other + ' is not coloured as skipped');
  }
});

test('counts are worded in the display order, skipped among them', () => {
  const window = jenkinsWindow('', [COMMON_JS]);
  const counts = { failed: 2, skipped: 24, passed: 1990, error: 1 };

  assert.strictEqual(window.SystemTestsUi.countsText(counts), '1990 passed, 24 skipped, 2 failed, 1 error');
  assert.deepStrictEqual(Array.from(window.SystemTestsUi.ORDER), STATUSES);
});
