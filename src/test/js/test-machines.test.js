// "Add a test machine" in jsdom: the real view's form (TestMachinesPage/index.jelly) and script; answers shaped as
// TestMachinesApi gives them (TestMachinesApiTest checks those).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { view, between, render, jenkinsWindow, settle, COMMON_JS } = require('./support/pages');

function markup() {
  return render(between(view('pages/TestMachinesPage/index.jelly'), '<form class="system-tests-new-machine"', '</form>')
    + '</form>', [[/<j:forEach[\s\S]*?<\/j:forEach>/, '<option value="lab-ssh">tester (lab key)</option>']]);
}

function page(answer) {
  const window = jenkinsWindow(markup(), [COMMON_JS, 'src/main/webapp/js/test-machines.js']);
  const posts = [];
  const opened = [];
  const fetch = (url, init) => {
    posts.push({ url, init });
    return Promise.resolve({ status: answer.status, json: () => Promise.resolve(answer.body) });
  };
  const form = window.document.querySelector('form.system-tests-new-machine');
  new window.SystemTestsNewMachineForm(form, { fetch, open: (url) => opened.push(url), rootUrl: '/jenkins' }).start();
  return { window, form, posts, opened };
}

test('the form is sent as JSON with the crumb, and the new agent\'s page opens', async () => {
  const p = page({ status: 201, body: { name: 'lab-02', labels: 'system-tests linux gpu' } });
  p.form.elements.name.value = 'lab-02';
  p.form.elements.host.value = '10.1.2.3';
  p.form.elements.credentialsId.value = 'lab-ssh';
  p.form.elements.labels.value = 'gpu';
  p.form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await settle();

  assert.strictEqual(p.posts[0].url, '/jenkins/system-tests/test-machines/create');
  assert.strictEqual(p.posts[0].init.headers['Jenkins-Crumb'], 'c0ffee');
  assert.deepStrictEqual(JSON.parse(p.posts[0].init.body), { name: 'lab-02', host: '10.1.2.3', port: '22',
    credentialsId: 'lab-ssh', os: 'linux', remoteRoot: '', executors: '1', labels: 'gpu' });
  assert.deepStrictEqual(p.opened, ['/jenkins/computer/lab-02/']);
});

test('each problem is shown next to its field, as text', async () => {
  const p = page({ status: 400, body: { errorCode: 'INVALID_FIELD', message: 'host: enter a host name or IP address',
    problems: [{ field: 'host', message: 'enter a host name or IP address' },
      { field: 'name', message: '<img src=x onerror=alert(1)>' }] } });
  p.form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await settle();

  const problems = [...p.form.querySelectorAll('.system-tests-field-problem')];
  assert.deepStrictEqual(problems.map((n) => n.textContent),
    ['<img src=x onerror=alert(1)>', 'enter a host name or IP address'], 'in the form\'s order');
  assert.strictEqual(problems[1].parentElement.querySelector('input').name, 'host');
  assert.strictEqual(p.form.querySelectorAll('img').length, 0);
  assert.match(p.form.querySelector('.system-tests-message').textContent, /host: enter a host/);
  assert.deepStrictEqual(p.opened, []);

  p.form.dispatchEvent(new p.window.Event('submit', { cancelable: true }));
  await settle();
  assert.strictEqual(p.form.querySelectorAll('.system-tests-field-problem').length, 2, 'old problems are cleared');
});
