// What the pages' scripts share (common.js), in jsdom.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { read, jenkinsWindow, COMMON_JS } = require('./support/pages');

test('names sort as the server sorts them: numbers by their value (the examples NaturalOrderTest holds Java to)', () => {
  const expected = read('src/test/resources/io/jenkins/plugins/systemtests/core/api/natural-order.txt').split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const { naturalCompare } = jenkinsWindow('', [COMMON_JS]).SystemTestsUi;
  for (let seed = 1; seed <= 20; seed++) {
    const shuffled = [...expected];
    let state = seed;
    for (let i = shuffled.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const j = state % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    assert.deepStrictEqual(shuffled.sort(naturalCompare), expected);
  }
  assert.ok(naturalCompare('machine-2', 'machine-10') < 0);
  assert.strictEqual(naturalCompare('lab-7', 'lab-7'), 0);
});
