/*
 * System Tests: one test's page. Its script is set as text and then highlighted by highlight.js (which escapes what
 * it reads); its log is set as text, with the runner's elision marker left visible. Inside a build the page also
 * shows the test across the job's builds: a chart (Jenkins' echarts) and a table, flaky flips marked.
 */
(function (global) {
  'use strict';

  var ui = global.SystemTestsUi;
  var text = ui.text;

  function TestPage(root, options) {
    this.root = root;
    this.document = root.ownerDocument;
    this.api = root.getAttribute('data-api');
    this.fetch = options.fetch;
    this.search = options.search;
    this.highlighter = options.highlighter;
  }

  TestPage.prototype.find = function (selector) {
    return this.root.querySelector(selector);
  };

  /** The run and test: from the page (inside a build) or from ?run=&n= (a machine's own run). */
  TestPage.prototype.which = function () {
    if (this.root.hasAttribute('data-run')) {
      return { run: this.root.getAttribute('data-run'), index: this.root.getAttribute('data-index') };
    }
    var parameters = new global.URLSearchParams(this.search);
    return { run: parameters.get('run'), index: parameters.get('n') };
  };

  TestPage.prototype.start = function () {
    var page = this;
    var which = page.which();
    var base = page.api + '/runs/' + encodeURIComponent(which.run) + '/tests/' + encodeURIComponent(which.index);
    var say = function (error) { page.find('.system-tests-message').textContent = error.message; };
    page.base = base;
    var script = ui.getJson(page.fetch, base).then(function (test) { page.show(test); }).catch(say);
    var log = ui.getJson(page.fetch, base + '/log').then(function (answer) {
      if (answer.kept === false) {
        page.find('.system-tests-log-note').textContent = text('test.noOutput');
        return;
      }
      page.find('.system-tests-log').textContent = answer.log;
      if (answer.elided) {
        page.find('.system-tests-log-note').textContent = text('test.outputCut');
      }
    }).catch(function () {
      page.find('.system-tests-log-note').textContent = text('test.noOutput');
    });
    return Promise.all([script, log, page.history()]);
  };

  TestPage.prototype.show = function (test) {
    var document = this.document;
    var title = this.find('.system-tests-test-title'); // inside a build, the app bar names the test
    if (title) {
      title.textContent = test.fileName;
    }
    var status = this.find('.system-tests-test-status');
    status.textContent = '';
    status.appendChild(ui.badge(document, test.status));
    if (test.flaky) {
      status.appendChild(document.createTextNode(' '));
      status.appendChild(ui.flakyMark(document));
    }
    var times = this.find('.system-tests-test-times');
    times.textContent = ' ';
    // The path as written (relative to where the run started, inside a build), the full path on hover.
    var path = ui.element(document, 'span', 'system-tests-test-path',
      ui.relativePath(test.filePath, this.root.getAttribute('data-run-folder') || ''));
    path.setAttribute('title', test.filePath);
    times.appendChild(path);
    if (test.start) {
      times.appendChild(document.createTextNode(' \u00b7 ' + text('test.startedAt') + ' '));
      times.appendChild(ui.time(document, test.start));
    }
    if (test.durationMs !== null && test.durationMs !== undefined) {
      times.appendChild(document.createTextNode(' \u00b7 ' + text('test.took', ui.duration(test.durationMs))));
    }
    if (test.reason) {
      var reason = this.find('.system-tests-test-reason');
      reason.textContent = test.reason;
      reason.hidden = false;
    }
    this.showAttempts(test);
    var code = this.find('.system-tests-script code');
    code.textContent = test.script;
    if (test.scriptTruncated) {
      this.find('.system-tests-script-note').textContent = text('test.scriptCut');
    }
    if (this.highlighter) {
      this.highlighter.highlightElement(code);
    }
    ui.mark('system-tests:test-shown');
  };

  /**
   * A retried test's attempts, oldest first: each earlier one with its status, duration, reason and, when opened, its
   * own output (…/log?attempt=k); the last one is the test's outcome, whose output is the page's.
   */
  TestPage.prototype.showAttempts = function (test) {
    var page = this;
    var section = page.find('.system-tests-attempts');
    if (!section || !test.attempts || test.attempts.length === 0) {
      return;
    }
    var document = page.document;
    var list = section.querySelector('.system-tests-attempt-list');
    var environments = page.attemptEnvironments();
    var where = function (heading, attempt) {
      if (environments && typeof environments[attempt - 1] === 'string') {
        heading.appendChild(document.createTextNode(' \u00b7 ' + text('test.onEnvironment', environments[attempt - 1])));
      }
    };
    list.textContent = '';
    test.attempts.forEach(function (attempt) {
      var item = ui.element(document, 'li', 'system-tests-attempt');
      var heading = ui.element(document, 'p');
      heading.appendChild(ui.element(document, 'strong', null, text('test.attempt', attempt.attempt)));
      heading.appendChild(document.createTextNode(' '));
      heading.appendChild(ui.badge(document, attempt.status));
      where(heading, attempt.attempt);
      if (attempt.durationMs !== null && attempt.durationMs !== undefined) {
        heading.appendChild(document.createTextNode(' \u00b7 ' + text('test.took', ui.duration(attempt.durationMs))));
      }
      item.appendChild(heading);
      if (attempt.reason) {
        item.appendChild(ui.element(document, 'pre', 'system-tests-reason', attempt.reason));
      }
      var details = ui.element(document, 'details', 'system-tests-attempt-output');
      details.appendChild(ui.element(document, 'summary', null, text('test.attemptOutput')));
      var output = details.appendChild(ui.element(document, 'pre', 'system-tests-log'));
      details.addEventListener('toggle', function () {
        if (details.open && !details.hasAttribute('data-loaded')) {
          details.setAttribute('data-loaded', 'true');
          page.attemptLog(attempt.attempt, output);
        }
      });
      item.appendChild(details);
      list.appendChild(item);
    });
    var last = ui.element(document, 'li', 'system-tests-attempt');
    var lastHeading = ui.element(document, 'p');
    lastHeading.appendChild(ui.element(document, 'strong', null, text('test.attemptLast', test.attempt)));
    lastHeading.appendChild(document.createTextNode(' '));
    lastHeading.appendChild(ui.badge(document, test.status));
    where(lastHeading, test.attempt);
    last.appendChild(lastHeading);
    list.appendChild(last);
    section.hidden = false;
  };

  /**
   * Where each attempt ran, oldest first, when the run's environments shared a queue and the test was retried on
   * another (data-attempt-environments, a JSON list); else null.
   */
  TestPage.prototype.attemptEnvironments = function () {
    var text = this.root.getAttribute('data-attempt-environments');
    if (!text) {
      return null;
    }
    try {
      var environments = JSON.parse(text);
      return Array.isArray(environments) ? environments : null;
    } catch (e) {
      return null;
    }
  };

  /** One earlier attempt's output, into its element. */
  TestPage.prototype.attemptLog = function (attempt, into) {
    return ui.getJson(this.fetch, this.base + '/log?attempt=' + encodeURIComponent(attempt)).then(function (answer) {
      into.textContent = answer.kept === false ? text('test.noOutput') : answer.log;
    }).catch(function () {
      into.textContent = text('test.noOutput');
    });
  };

  /** The test across the job's builds (pages inside a build only): chart and table, newest first. */
  TestPage.prototype.history = function () {
    var page = this;
    var section = page.find('.system-tests-test-history');
    if (!section) {
      return Promise.resolve(null);
    }
    // The run names the folder the test's path is relative to, as the job's history names tests in any workspace.
    var query = {
      job: section.getAttribute('data-job'), run: section.getAttribute('data-run'),
      file_path: section.getAttribute('data-file-path'), file_name: section.getAttribute('data-file-name'), size: 30
    };
    return ui.getJson(page.fetch, page.api + '/history/test?' + ui.query(query)).then(function (history) {
      var body = section.querySelector('tbody');
      body.textContent = '';
      var jenkinsRoot = page.api.replace(/\/system-tests\/api\/v1$/, '');
      history.items.forEach(function (item) {
        var build = ui.element(page.document, 'a', null, global.SystemTestsCharts.buildName(item.buildUrl));
        build.setAttribute('href', ui.buildHref(jenkinsRoot, item.buildUrl, 'system-tests/'));
        body.appendChild(ui.row(page.document, [build,
          item.status === null ? text('test.notInPlan') : ui.badge(page.document, item.status),
          item.durationMs === undefined ? '' : ui.duration(item.durationMs)]));
      });
      section.querySelector('.system-tests-flaky').hidden = !history.flaky;
      section.querySelector('.system-tests-history-empty').hidden = history.items.length > 1;
      var options = global.SystemTestsCharts.testHistory(history.items);
      global.SystemTestsCharts.draw(section.querySelector('.system-tests-chart'), options, jenkinsRoot, 'system-tests/');
      return history;
    }).catch(function (error) {
      section.querySelector('.system-tests-message').textContent = error.message;
    });
  };

  global.SystemTestsTestPage = TestPage;

  ui.onReady(function () {
    global.document.querySelectorAll('[data-system-tests-test]').forEach(function (root) {
      new TestPage(root, { fetch: global.fetch.bind(global), search: global.location.search, highlighter: global.hljs }).start();
    });
  });
})(this);
