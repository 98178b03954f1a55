// "Find test files" under the tests field, in jsdom: the real form markup (SystemTestsBuilder/config.jelly) and the
// real script; the answer has the shape TestFilePicker writes (files from TestFileCatalog, library references).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, properties, jenkinsWindow, settle } = require('./support/pages');

function markup() {
  const picker = between(view('steps/SystemTestsBuilder/config.jelly'), '<div class="system-tests-test-picker"',
    '</f:entry>');
  return '<div class="entry"><textarea name="_.tests">scenarios/scenario_master.py\n</textarea>' + render(picker, [
    [/\$\{h\.getCurrentDescriptorByNameUrl\(\)\}/g, '/jenkins/job/lab'],
    [/\$\{descriptor\.descriptorUrl\}/g, 'descriptorByName/SystemTestsBuilder'],
    [/<(select|p)([^>]*)\/>/g, '<$1$2></$1>']], properties('steps/SystemTestsBuilder/config')) + '</div>';
}

function page(answer) {
  const window = jenkinsWindow(markup(), ['src/main/resources/io/jenkins/plugins/systemtests/jenkins/steps/test-picker.js']);
  const requests = [];
  const fetch = (url) => {
    requests.push(url);
    return Promise.resolve({ json: () => Promise.resolve(answer) });
  };
  const picker = window.document.querySelector('.system-tests-test-picker');
  window.SystemTestsTestPicker.init(picker, fetch);
  return { window, picker, requests, document: window.document };
}

test('found files are offered as a multi-select and the chosen ones are added once each, one per line', async () => {
  const p = page({ files: ['scenarios/scenario_master.py', 'plain/test_fails.py', 'plain/<img src=x onerror=alert(1)>.py'],
    library: ['library:door/test_a.py'], truncated: false, note: 'Test files in the workspace of the last build' });
  const changes = [];
  p.document.querySelector('textarea').addEventListener('change', () => changes.push(1));

  p.picker.querySelector('.system-tests-test-picker__find').click();
  await settle();

  assert.deepStrictEqual(p.requests, ['/jenkins/job/lab/descriptorByName/SystemTestsBuilder/testFiles']);
  const select = p.picker.querySelector('select');
  assert.strictEqual(select.multiple, true);
  assert.strictEqual(p.picker.querySelector('.system-tests-test-picker__choices').hidden, false);
  assert.deepStrictEqual([...select.querySelectorAll('optgroup')].map((g) => g.label), ['Workspace', 'Test library']);
  assert.strictEqual(select.querySelectorAll('img').length, 0, 'a file name stays text');
  for (const option of select.options) {
    option.selected = ['scenarios/scenario_master.py', 'plain/test_fails.py', 'library:door/test_a.py']
      .includes(option.value);
  }
  p.picker.querySelector('.system-tests-test-picker__add').click();
  p.picker.querySelector('.system-tests-test-picker__add').click();

  assert.strictEqual(p.document.querySelector('textarea').value,
    'scenarios/scenario_master.py\nplain/test_fails.py\nlibrary:door/test_a.py');
  assert.strictEqual(changes.length, 2, 'the field is validated again');
});

test('a refusal or an empty workspace is said in the note, with nothing to choose', async () => {
  const refused = page({ errorCode: 'FORBIDDEN', message: 'Listing the workspace needs the Job/Workspace permission' });
  refused.picker.querySelector('.system-tests-test-picker__find').click();
  await settle();
  assert.match(refused.picker.querySelector('.system-tests-test-picker__note').textContent, /Job\/Workspace/);
  assert.strictEqual(refused.picker.querySelector('.system-tests-test-picker__choices').hidden, true);

  const empty = page({ files: [], library: [], truncated: false, note: 'No workspace yet' });
  empty.picker.querySelector('.system-tests-test-picker__find').click();
  await settle();
  assert.strictEqual(empty.picker.querySelector('.system-tests-test-picker__note').textContent,
    'No workspace yet (none found)');
  assert.strictEqual(empty.picker.querySelector('.system-tests-test-picker__choices').hidden, true);
});
