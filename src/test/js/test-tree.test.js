// The "System tests" build parameter's tree on Build with Parameters, in jsdom: the real view
// (TestsParameterDefinition/index.jelly) and the real script; the offer has the shape getOfferJson writes.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, properties, jenkinsWindow } = require('./support/pages');

const SCRIPT = 'src/main/resources/io/jenkins/plugins/systemtests/jenkins/parameters/test-tree.js';

function page(offer) {
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const tree = between(view('parameters/TestsParameterDefinition/index.jelly'), '<div name="parameter"', '</f:entry>');
  const markup = '<form name="parameters">' + render(tree, [
    [/\$\{it\.offerJson\}/g, escape(JSON.stringify(offer))],
    [/\$\{it\.name\}/g, 'TESTS'],
    [/<(div|p)([^>]*)\/>/g, '<$1$2></$1>']], properties('parameters/TestsParameterDefinition/index')) + '</form>';
  const window = jenkinsWindow(markup, [SCRIPT]);
  const root = window.document.querySelector('.system-tests-test-tree');
  window.SystemTestsTestTree.init(root);
  return { window, root, document: window.document };
}

const OFFER = {
  workspace: ['scenarios/scenario_master.py', 'plain/test_a.py', 'plain/deep/test_b.py', 'plain/<img src=x onerror=alert(1)>.py'],
  library: ['library:door/test_lib.py'],
  selected: ['plain/test_a.py', 'library:door/test_lib.py'],
  note: 'Test files in the workspace of the last build',
};

function boxes(root) {
  return Object.fromEntries([...root.querySelectorAll('input[name="tests"]')].map((box) => [box.getAttribute('json'), box]));
}

function folder(root, name) {
  return [...root.querySelectorAll('.system-tests-test-tree__folder')]
    .find((details) => details.querySelector('summary').textContent === name);
}

function checked(root) {
  return [...root.querySelectorAll('input[name="tests"]')].filter((box) => box.checked).map((box) => box.getAttribute('json'));
}

test('the tests are a tree of folders with a box each, the chosen checked, their folders open', () => {
  const p = page(OFFER);
  assert.deepStrictEqual(Object.keys(boxes(p.root)).sort(), [...OFFER.workspace, ...OFFER.library].sort());
  assert.deepStrictEqual(checked(p.root), ['plain/test_a.py', 'library:door/test_lib.py']);
  assert.strictEqual(p.root.querySelectorAll('img').length, 0, 'a file name stays text');
  assert.strictEqual(folder(p.root, 'Workspace').open, true);
  assert.strictEqual(folder(p.root, 'plain').open, true, 'it holds a chosen test');
  assert.strictEqual(folder(p.root, 'scenarios').open, false);
  assert.strictEqual(folder(p.root, 'deep').parentElement.closest('details'), folder(p.root, 'plain'));
  assert.strictEqual(p.root.querySelector('.system-tests-test-tree__count').textContent, '2 selected');
  assert.strictEqual(p.root.querySelector('.system-tests-test-tree__note').textContent, OFFER.note);
  assert.strictEqual(folder(p.root, 'plain').querySelector('summary input').indeterminate, true);
});

test('a folder\'s box checks and clears every test under it, and its parents show it', () => {
  const p = page(OFFER);
  const plain = folder(p.root, 'plain').querySelector('summary input');
  plain.checked = true;
  plain.dispatchEvent(new p.window.Event('change', { bubbles: true }));
  assert.deepStrictEqual(checked(p.root).sort(), ['library:door/test_lib.py', 'plain/<img src=x onerror=alert(1)>.py',
    'plain/deep/test_b.py', 'plain/test_a.py']);
  assert.strictEqual(plain.indeterminate, false);
  assert.strictEqual(folder(p.root, 'deep').querySelector('summary input').checked, true);
  assert.strictEqual(folder(p.root, 'Workspace').querySelector('summary input').indeterminate, true);
  assert.strictEqual(p.root.querySelector('.system-tests-test-tree__count').textContent, '4 selected');

  plain.checked = false;
  plain.dispatchEvent(new p.window.Event('change', { bubbles: true }));
  assert.deepStrictEqual(checked(p.root), ['library:door/test_lib.py']);
});

test('the search shows the matching tests and opens their folders; a folder\'s box then takes only those', () => {
  const p = page(OFFER);
  const search = p.root.querySelector('.system-tests-test-tree__search');
  search.value = 'TEST_B';
  search.dispatchEvent(new p.window.Event('input'));
  const shown = [...p.root.querySelectorAll('.system-tests-test-tree__test')].filter((leaf) => !leaf.hidden)
    .map((leaf) => leaf.getAttribute('data-path'));
  assert.deepStrictEqual(shown, ['plain/deep/test_b.py']);
  assert.strictEqual(folder(p.root, 'scenarios').hidden, true);
  assert.strictEqual(folder(p.root, 'Test library').hidden, true);
  assert.strictEqual(folder(p.root, 'deep').open, true);

  const plain = folder(p.root, 'plain').querySelector('summary input');
  plain.checked = true;
  plain.dispatchEvent(new p.window.Event('change', { bubbles: true }));
  assert.deepStrictEqual(checked(p.root).sort(), ['library:door/test_lib.py', 'plain/deep/test_b.py', 'plain/test_a.py'],
    'the hidden ones keep their state');

  search.value = 'nothing-like-this';
  search.dispatchEvent(new p.window.Event('input'));
  assert.strictEqual(p.root.querySelector('.system-tests-test-tree__none').hidden, false);
  search.value = '';
  search.dispatchEvent(new p.window.Event('input'));
  assert.strictEqual(p.root.querySelectorAll('.system-tests-test-tree__test[hidden]').length, 0);
});

test('expand and collapse fold every folder; an empty offer says there is nothing to choose', () => {
  const p = page(OFFER);
  p.root.querySelector('.system-tests-test-tree__collapse').click();
  assert.strictEqual(p.root.querySelectorAll('details[open]').length, 0);
  p.root.querySelector('.system-tests-test-tree__expand').click();
  assert.strictEqual(p.root.querySelectorAll('details:not([open])').length, 0);

  const empty = page({ workspace: [], library: [], selected: [], note: 'No workspace yet' });
  const none = empty.root.querySelector('.system-tests-test-tree__none');
  assert.strictEqual(none.hidden, false);
  assert.match(none.textContent, /No tests to choose from/);
  assert.strictEqual(empty.root.querySelector('.system-tests-test-tree__count').textContent, '0 selected');
});
