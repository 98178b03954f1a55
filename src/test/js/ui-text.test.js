// The words the pages' scripts write: every one the scripts ask for is in ui-text.properties, and
// ui-text.jelly writes every key of it into the page (so a translation only needs a ui-text_xx.properties).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { view, read, uiText } = require('./support/pages');

const SCRIPTS = path.resolve(__dirname, '../../main/webapp/js');

test('ui-text.jelly writes every key of ui-text.properties, and no other', () => {
  const inJelly = [...view('ui-text.jelly').matchAll(/data-key="([^"]+)">\$\{%([^}]+)\}</g)];
  inJelly.forEach((m) => assert.strictEqual(m[1], m[2], 'a span shows its own key'));
  assert.deepStrictEqual(inJelly.map((m) => m[1]).sort(), Object.keys(uiText()).sort());
});

test('every text a script asks for exists', () => {
  const keys = new Set(Object.keys(uiText()));
  for (const file of fs.readdirSync(SCRIPTS).filter((f) => f.endsWith('.js'))) {
    const source = read('src/main/webapp/js/' + file);
    for (const m of source.matchAll(/\btext\('([^']+)'\s*[,)]/g)) {
      assert.ok(keys.has(m[1]), file + ' asks for ' + m[1]);
    }
    for (const m of source.matchAll(/text\(\s*[^'(]*\?\s*'([^']+)'\s*:\s*'([^']+)'/g)) {
      assert.ok(keys.has(m[1]) && keys.has(m[2]), file + ' asks for ' + m[1] + ' or ' + m[2]);
    }
  }
  for (const status of ['passed', 'warning', 'skipped', 'error', 'failed', 'cancelled', 'unknown', 'running', 'waiting', 'success',
    'unstable', 'failure', 'aborted', 'stale']) {
    assert.ok(keys.has('status.' + status), 'the word for ' + status);
  }
});
