// The test library page in jsdom: the real view's markup and script; the server's answers as the real LibraryApi
// gives them (LibraryApiTest checks those).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, jenkinsWindow, settle, COMMON_JS } = require('./support/pages');

function markup() {
  return render(between(view('pages/LibraryPage/index.jelly'), '<div data-system-tests-library', '</l:main-panel>'), [
    [/<j:forEach[\s\S]*<\/j:forEach>\s*<\/j:forEach>/,
      '<tr><td>lamp</td><td>test_on.py</td><td>5</td><td></td><td><button type="button" data-delete-directory="lamp" data-delete-file="test_on.py">Delete</button></td></tr>'],
    // The form controls as Jenkins renders them (f:textbox, f:file, f:checkbox inside f:entry).
    [/<f:textbox name="(\w+)"[^>]*\/>/g, '<input name="$1" class="jenkins-input">'],
    [/<f:file name="(\w+)"[^>]*\/>/g, '<input name="$1" type="file" class="jenkins-file-upload" multiple>'],
    [/<f:checkbox name="(\w+)"[^>]*\/>/g, '<span class="jenkins-checkbox"><input type="checkbox" name="$1"></span>'],
    [/<f:entry[^>]*>/g, '<div class="jenkins-form-item">'], [/<\/f:entry>/g, '</div>'],
    [/<\/?(j|l):[^>]*>/g, '']]);
}

function page(answer, sure = true) {
  const window = jenkinsWindow(markup(), [COMMON_JS, 'src/main/webapp/js/library.js']);
  const posts = [];
  let reloads = 0;
  const fetch = (url, init) => {
    posts.push({ url, init });
    return Promise.resolve({ status: answer.status, json: () => Promise.resolve(answer.body) });
  };
  const root = window.document.querySelector('[data-system-tests-library]');
  const asked = [];
  const confirm = (title, message, okText) => { asked.push({ title, message, okText }); return Promise.resolve(sure); };
  const view = new window.SystemTestsLibrary(root, { fetch, reload: () => { reloads++; }, confirm });
  view.start();
  return { window, root, posts, asked, reloads: () => reloads };
}

test('chosen files are sent as base64 JSON with the crumb, and each file gets its answer', async () => {
  const p = page({ status: 207, body: { saved: 1, files: [
    { file: 'test_a.py', saved: true, reference: 'library:door/test_a.py' },
    { file: 'test_b.py', saved: false, message: 'door/test_b.py exists already; choose to replace it' }] } });
  const form = p.root.querySelector('form');
  form.elements.directory.value = 'door';
  Object.defineProperty(form.elements.files, 'files', { value: [
    new p.window.File(['assert True\n'], 'test_a.py'), new p.window.File(['pass\n'], 'test_b.py')] });
  form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await settle();

  assert.strictEqual(p.posts[0].url, '/jenkins/system-tests/library/upload');
  assert.strictEqual(p.posts[0].init.headers['Jenkins-Crumb'], 'c0ffee');
  const sent = JSON.parse(p.posts[0].init.body);
  assert.deepStrictEqual(sent, { directory: 'door', overwrite: false, files: [
    { name: 'test_a.py', content: Buffer.from('assert True\n').toString('base64') },
    { name: 'test_b.py', content: Buffer.from('pass\n').toString('base64') }] });
  assert.strictEqual(p.root.querySelector('.system-tests-message').textContent,
    'test_a.py: saved as library:door/test_a.py; test_b.py: door/test_b.py exists already; choose to replace it');
  assert.strictEqual(p.reloads(), 1);
});

test('delete asks first, then posts the file and reloads the list', async () => {
  const p = page({ status: 200, body: { deleted: true } });
  p.root.querySelector('[data-delete-file]').click();
  await settle();
  assert.deepStrictEqual(p.asked, [{ title: 'library:lamp/test_on.py',
    message: 'confirmDelete', okText: 'Delete' }]); // the view's text key, as the test renders views
  assert.strictEqual(p.posts[0].url, '/jenkins/system-tests/library/delete');
  assert.deepStrictEqual(JSON.parse(p.posts[0].init.body), { directory: 'lamp', file: 'test_on.py' });
  assert.strictEqual(p.reloads(), 1);
});

test('a delete the user does not confirm sends nothing', async () => {
  const p = page({ status: 200, body: { deleted: true } }, false);
  p.root.querySelector('[data-delete-file]').click();
  await settle();
  assert.strictEqual(p.asked.length, 1);
  assert.strictEqual(p.posts.length, 0);
  assert.strictEqual(p.reloads(), 0);
});
