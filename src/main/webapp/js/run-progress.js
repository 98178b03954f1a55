/*
 * System Tests: the live test tree of a run. Each element with data-system-tests-run holds the run's delta URL in
 * data-delta-url; the page asks for ?since=<version> every second and applies what changed, until the run is
 * complete. Names, paths and statuses come from testing machines: they are only ever set as text, never as HTML.
 */
(function (global) {
  'use strict';

  var POLL_MS = 1000;
  var MAX_BACKOFF_MS = 30000;
  var ui = global.SystemTestsUi;
  var element = ui.element;
  var statusBadge = ui.badge;

  var duration = ui.duration;

  function RunView(container, options) {
    this.container = container;
    this.document = container.ownerDocument;
    this.url = container.getAttribute('data-delta-url');
    this.testUrlTemplate = container.getAttribute('data-test-url');
    this.buildUrl = container.getAttribute('data-build-url');
    this.fetch = (options && options.fetch) || global.fetch.bind(global);
    this.now = (options && options.now) || function () { return Date.now(); };
    this.tests = [];
    this.schedule = (options && options.schedule) || function (fn, ms) { return global.setTimeout(fn, ms); };
    this.version = 0;
    this.backoff = POLL_MS;
    this.complete = false;
    this.rows = [];
    this.scenarioRows = [];
  }

  RunView.prototype.start = function () {
    return this.poll();
  };

  RunView.prototype.poll = function () {
    var view = this;
    return view.fetch(view.url + '?since=' + view.version, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 204) {
          view.showTimes();
          view.next(POLL_MS);
          return null;
        }
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json().then(function (data) {
          if (data.full) {
            view.render(data);
          } else {
            view.apply(data);
          }
          view.version = data.version;
          view.complete = data.complete;
          view.showTimes();
          view.setMessage('');
          view.backoff = POLL_MS;
          if (!data.complete) {
            view.next(POLL_MS);
          } else {
            view.container.setAttribute('data-complete', 'true');
            view.agreeWithBuild(data.status);
          }
          return data;
        });
      })
      .catch(function (error) {
        view.setMessage(ui.text('run.pollFailed', error.message));
        view.backoff = Math.min(MAX_BACKOFF_MS, view.backoff * 2);
        view.next(view.backoff);
      });
  };

  var BUILD_POLL_MS = 3000;

  /**
   * A finished run with failed tests in a build reads as Jenkins shows the build: "unstable" when the build is
   * UNSTABLE. The build's result is final once it stops building (Jenkins' own JSON API tells), so until then it is
   * asked again now and then.
   */
  RunView.prototype.agreeWithBuild = function (status) {
    var view = this;
    if (!view.buildUrl || (status !== 'failed' && status !== 'error')) {
      return Promise.resolve(null);
    }
    return ui.getJson(view.fetch, view.buildUrl + 'api/json?tree=result,building').then(function (build) {
      if (build.result === 'UNSTABLE') {
        view.showStatus('unstable');
      }
      if (build.building) {
        view.schedule(function () { view.agreeWithBuild(status); }, BUILD_POLL_MS);
      }
      return build;
    }).catch(function () { return null; });
  };

  RunView.prototype.showStatus = function (status) {
    var node = this.container.querySelector('.system-tests-run-status');
    node.textContent = '';
    node.appendChild(statusBadge(this.document, status));
  };

  /** A test's page: inside the build for a build's run, else the plugin's page for a machine's own run. */
  RunView.prototype.testUrl = function (index) {
    var template = this.testUrlTemplate || '';
    return template.indexOf('{index}') >= 0 ? template.replace('{index}', index) : template + index;
  };

  RunView.prototype.next = function (ms) {
    var view = this;
    view.schedule(function () { view.poll(); }, ms);
  };

  RunView.prototype.setMessage = function (text) {
    var message = this.container.querySelector('.system-tests-message');
    if (message) {
      message.textContent = text;
    }
  };

  RunView.prototype.render = function (tree) {
    var document = this.document;
    var body = this.container.querySelector('.system-tests-tree');
    body.textContent = '';
    this.rows = [];
    this.scenarioRows = [];
    this.base = tree.masterScenario.filePath || '';
    var view = this;
    tree.masterScenario.scenarios.forEach(function (scenario) {
      var row = element(document, 'tr', 'system-tests-scenario');
      var toggle = element(document, 'button', 'jenkins-button jenkins-button--tertiary system-tests-toggle', scenario.fileName);
      toggle.setAttribute('type', 'button');
      toggle.setAttribute('aria-expanded', 'true');
      var name = element(document, 'td');
      name.setAttribute('colspan', '2');
      name.appendChild(toggle);
      row.appendChild(name);
      var status = element(document, 'td', 'system-tests-cell-status');
      status.appendChild(statusBadge(document, scenario.status));
      row.appendChild(status);
      row.appendChild(element(document, 'td'));
      row.appendChild(element(document, 'td'));
      body.appendChild(row);
      var testRows = [];
      toggle.addEventListener('click', function () {
        var expanded = toggle.getAttribute('aria-expanded') === 'true';
        toggle.setAttribute('aria-expanded', expanded ? 'false' : 'true');
        testRows.forEach(function (r) { r.hidden = expanded; });
      });
      view.scenarioRows[scenario.index] = row;
      scenario.tests.forEach(function (test) {
        var testRow = view.testRow(test);
        testRows.push(testRow);
        view.rows[test.index] = testRow;
        body.appendChild(testRow);
      });
    });
    this.summary(tree);
  };

  RunView.prototype.testRow = function (test) {
    var document = this.document;
    var row = element(document, 'tr', 'system-tests-test');
    row.setAttribute('data-index', test.index);
    var name = element(document, 'td', 'system-tests-test-name');
    var link = element(document, 'a', null, test.fileName);
    link.setAttribute('href', this.testUrl(test.index));
    link.setAttribute('title', test.filePath);
    name.appendChild(link);
    row.appendChild(name);
    // The path as the user wrote it: relative to where the run started (a build's workspace), the full path on hover.
    var path = element(document, 'td', 'system-tests-test-path', ui.relativePath(test.filePath, this.base));
    path.setAttribute('title', test.filePath);
    row.appendChild(path);
    row.appendChild(element(document, 'td', 'system-tests-cell-status'));
    row.appendChild(element(document, 'td', 'system-tests-test-start'));
    row.appendChild(element(document, 'td', 'system-tests-test-duration'));
    this.update(row, test);
    return row;
  };

  RunView.prototype.update = function (row, test) {
    var cells = row.children;
    var known = this.tests[test.index] || {};
    this.tests[test.index] = {
      status: test.status, durationMs: test.durationMs, runningSinceMs: test.runningSinceMs,
      expectedMs: test.expectedMs !== undefined ? test.expectedMs : known.expectedMs
    };
    cells[2].textContent = '';
    cells[2].appendChild(statusBadge(this.document, test.status));
    if (test.reason) {
      // Why it did not pass, as the machine said: the line people look for first.
      cells[2].appendChild(element(this.document, 'div', 'system-tests-reason', test.reason));
    }
    cells[3].textContent = '';
    cells[3].appendChild(ui.time(this.document, test.start, this.now()));
    cells[4].textContent = duration(test.durationMs);
    row.classList.toggle('system-tests-test--current', test.status === 'running');
  };

  /** Elapsed time of running tests, and the time left, from the durations of the last run of the same plan. */
  RunView.prototype.showTimes = function () {
    var view = this;
    var now = view.now();
    var left = 0;
    var known = true;
    view.tests.forEach(function (test, index) {
      if (!test) {
        return;
      }
      var expected = test.expectedMs;
      if (test.status === 'running' && test.runningSinceMs) {
        var elapsed = Math.max(0, now - test.runningSinceMs);
        view.rows[index].children[4].textContent = ui.text('run.runningFor', duration(elapsed));
        if (expected === undefined) {
          known = false;
        } else {
          left += Math.max(0, expected - elapsed);
        }
      } else if (test.status === 'waiting') {
        if (expected === undefined) {
          known = false;
        } else {
          left += expected;
        }
      }
    });
    var eta = view.container.querySelector('.system-tests-eta');
    if (eta) {
      eta.textContent = view.complete ? '' : known ? ui.text('run.left', duration(left)) : '';
    }
  };

  RunView.prototype.apply = function (delta) {
    var view = this;
    delta.tests.forEach(function (test) {
      var row = view.rows[test.index];
      if (row) {
        view.update(row, test);
      }
    });
    delta.scenarios.forEach(function (scenario) {
      var row = view.scenarioRows[scenario.index];
      if (row) {
        row.children[1].textContent = '';
        row.children[1].appendChild(statusBadge(view.document, scenario.status));
      }
    });
    this.summary(delta);
  };

  RunView.prototype.summary = function (run) {
    var document = this.document;
    this.showStatus(run.status);
    var counts = this.container.querySelector('.system-tests-counts');
    counts.textContent = '';
    ui.ORDER.forEach(function (s) {
      if (run.counts[s] > 0) {
        counts.appendChild(element(document, 'span', 'system-tests-count system-tests-status--' + s,
          run.counts[s] + ' ' + ui.statusWord(s)));
      }
    });
    ui.fillProgress(document, this.container.querySelector('.system-tests-progress'), run.counts);
  };

  global.SystemTestsRunView = RunView;

  /**
   * A build waiting for a test environment: reload the page now and then, so the holder shown stays current and the
   * run's tree appears once the build has the environment.
   */
  function refreshWhileWaiting(document, schedule) {
    var notice = document.querySelector('[data-system-tests-waiting]');
    if (!notice) {
      return false;
    }
    var seconds = parseInt(notice.getAttribute('data-reload-seconds'), 10) || 10;
    schedule(function () { global.location.reload(); }, seconds * 1000);
    return true;
  }

  global.SystemTestsRefreshWhileWaiting = refreshWhileWaiting;

  function startAll() {
    var containers = global.document.querySelectorAll('[data-system-tests-run][data-delta-url]');
    for (var i = 0; i < containers.length; i++) {
      new RunView(containers[i]).start();
    }
    refreshWhileWaiting(global.document, function (fn, ms) { return global.setTimeout(fn, ms); });
  }

  ui.onReady(startAll);
})(this);
