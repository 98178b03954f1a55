/*
 * System Tests: one test's page. Its script is set as text and then highlighted by highlight.js (which escapes what
 * it reads); its log is set as text, with the runner's elision marker left visible.
 */
(function (global) {
  'use strict';

  var ui = global.SystemTestsUi;

  function TestPage(root, options) {
    this.root = root;
    this.document = root.ownerDocument;
    this.api = root.getAttribute('data-api');
    this.fetch = options.fetch;
    this.search = options.search;
    this.highlighter = options.highlighter;
  }

  TestPage.prototype.start = function () {
    var page = this;
    var parameters = new global.URLSearchParams(page.search);
    var run = parameters.get('run');
    var index = parameters.get('n');
    var base = page.api + '/runs/' + encodeURIComponent(run) + '/tests/' + encodeURIComponent(index);
    var say = function (error) { page.root.querySelector('.system-tests-message').textContent = error.message; };
    var script = ui.getJson(page.fetch, base).then(function (test) {
      page.root.querySelector('.system-tests-test-title').textContent = test.fileName;
      var status = page.root.querySelector('.system-tests-test-status');
      status.textContent = '';
      status.appendChild(ui.badge(page.document, test.status));
      var times = page.root.querySelector('.system-tests-test-times');
      times.textContent = test.filePath + (test.start ? ' \u00b7 started ' : '');
      if (test.start) {
        times.appendChild(ui.time(page.document, test.start));
      }
      if (test.durationMs !== null && test.durationMs !== undefined) {
        times.appendChild(page.document.createTextNode(' \u00b7 took ' + ui.duration(test.durationMs)));
      }
      if (test.reason) {
        var reason = page.root.querySelector('.system-tests-test-reason');
        reason.textContent = test.reason;
        reason.hidden = false;
      }
      var code = page.root.querySelector('.system-tests-script code');
      code.textContent = test.script;
      if (test.scriptTruncated) {
        page.root.querySelector('.system-tests-script-note').textContent = 'The script was cut to its first 256 KiB when it was reported.';
      }
      if (page.highlighter) {
        page.highlighter.highlightElement(code);
      }
    }).catch(say);
    var log = ui.getJson(page.fetch, base + '/log').then(function (answer) {
      if (answer.kept === false) {
        page.root.querySelector('.system-tests-log-note').textContent = 'No output was kept for this test.';
        return;
      }
      page.root.querySelector('.system-tests-log').textContent = answer.log;
      if (answer.elided) {
        page.root.querySelector('.system-tests-log-note').textContent =
          'The output was long: its middle was cut by the runner (marked below).';
      }
    }).catch(function () {
      page.root.querySelector('.system-tests-log-note').textContent = 'No output was kept for this test.';
    });
    return Promise.all([script, log]);
  };

  global.SystemTestsTestPage = TestPage;

  ui.onReady(function () {
    global.document.querySelectorAll('[data-system-tests-test]').forEach(function (root) {
      new TestPage(root, { fetch: global.fetch.bind(global), search: global.location.search, highlighter: global.hljs }).start();
    });
  });
})(this);
