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
    this.schedule = (options && options.schedule) || function (fn, ms) { return global.setTimeout(fn, ms); };
    this.frame = options && options.frame;
    this.version = 0;
    this.backoff = POLL_MS;
    this.complete = false;
  }

  RunView.prototype.start = function () {
    if (this.container.getAttribute('data-lanes-url')) {
      this.followLanes();
    }
    return this.poll();
  };

  var LANES_POLL_MS = 3000;

  /**
   * A run that several environments share, while its build runs (data-lanes-url): its lanes and where each test runs
   * are asked again every few seconds; the timeline is drawn anew and the tree's rows say where they run as they
   * change. Stops once the build has ended (after drawing its last state).
   */
  RunView.prototype.followLanes = function () {
    var view = this;
    return ui.getJson(view.fetch, view.container.getAttribute('data-lanes-url')).then(function (answer) {
      if (answer.placements) {
        var list = view.list();
        list.placements = list.placements || {};
        Object.keys(answer.placements).forEach(function (index) {
          list.placements[index] = answer.placements[index];
        });
      }
      var holder = view.container.querySelector('[data-system-tests-timeline]');
      if (holder && answer.timeline && global.SystemTestsTimeline) {
        holder.setAttribute('data-system-tests-timeline', JSON.stringify(answer.timeline));
        global.SystemTestsTimeline.draw(holder);
      }
      view.lanesFailures = 0;
      if (answer.building) {
        view.schedule(function () { return view.followLanes(); }, LANES_POLL_MS);
      }
      return answer;
    }).catch(function () {
      view.lanesFailures = (view.lanesFailures || 0) + 1;
      if (view.lanesFailures < 10) { // the tree's own poll says when Jenkins cannot be reached
        view.schedule(function () { return view.followLanes(); }, LANES_POLL_MS * 2);
      }
      return null;
    });
  };

  RunView.prototype.poll = function () {
    var view = this;
    return view.fetch(view.url + '?since=' + view.version, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        view.showAgentOffline(response);
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

  var AGENT_OFFLINE_HEADER = 'X-System-Tests-Agent-Offline';

  /**
   * The build's "agent offline" notice, live: each answer about a build's run carries it in a header while the agent
   * is out of reach (URI-encoded text, set only as text), and lacks it once the agent is back or the build ended.
   */
  RunView.prototype.showAgentOffline = function (response) {
    var notice = this.document.querySelector('[data-system-tests-agent-offline]');
    if (!notice || !response.headers || typeof response.headers.get !== 'function') {
      return;
    }
    var text = response.headers.get(AGENT_OFFLINE_HEADER);
    try {
      text = text ? decodeURIComponent(text) : '';
    } catch (e) {
      text = '';
    }
    notice.textContent = text;
    notice.hidden = !text;
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

  /** The tests, grouped by file (test-list.js); drawn once, then kept up to date from the deltas. */
  RunView.prototype.list = function () {
    var view = this;
    if (!view.testList) {
      view.testList = new global.SystemTestsTestList(view.container.querySelector('.system-tests-tree'), {
        testHref: function (test) { return view.testUrl(test.index); }, frame: view.frame, now: function () { return view.now(); },
        afterFlush: function () { view.drawPending(); }, placements: view.placements()
      });
    }
    return view.testList;
  };

  /** Where each test ran, when several environments shared the run (data-placements, JSON by index); else null. */
  RunView.prototype.placements = function () {
    var text = this.container.getAttribute('data-placements');
    if (!text) {
      return null;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  };

  RunView.prototype.render = function (tree) {
    this.list().setTree(tree);
    this.summary(tree);
  };

  /** A delta: the tests it changed, then the run's counts, written in the list's next frame. */
  RunView.prototype.apply = function (delta) {
    this.pendingSummary = delta;
    this.list().update(delta.tests);
  };

  /** Elapsed time of running tests, and the time left: in the next frame, with what else changed. */
  RunView.prototype.showTimes = function () {
    if (this.testList) {
      this.pendingTimes = true;
      this.testList.requestFlush();
    }
  };

  RunView.prototype.drawPending = function () {
    if (this.pendingSummary) {
      this.summary(this.pendingSummary);
      this.pendingSummary = null;
    }
    if (this.pendingTimes) {
      this.pendingTimes = false;
      this.testList.showRunning();
      var eta = this.container.querySelector('.system-tests-eta');
      if (eta) {
        // From the durations of the last run of the same plan.
        var left = this.complete ? null : this.testList.timeLeft();
        eta.textContent = left === null ? '' : ui.text('run.left', duration(left));
      }
    }
  };

  RunView.prototype.summary = function (run) {
    var document = this.document;
    var drawn = run.status + ' ' + JSON.stringify(run.counts) + ' ' + (run.flaky || 0);
    if (drawn === this.drawnSummary) {
      return;
    }
    this.drawnSummary = drawn;
    this.showStatus(run.status);
    var counts = this.container.querySelector('.system-tests-counts');
    counts.textContent = '';
    ui.ORDER.forEach(function (s) {
      if (run.counts[s] > 0) {
        counts.appendChild(element(document, 'span', 'system-tests-count system-tests-status--' + s,
          run.counts[s] + ' ' + ui.statusWord(s)));
      }
    });
    if (run.flaky > 0) {
      // Among the passed ones, its own mark: those tests passed only on a retry.
      counts.appendChild(element(document, 'span', 'system-tests-count system-tests-status--' + ui.FLAKY,
        run.flaky + ' ' + ui.statusWord(ui.FLAKY)));
    }
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

  /**
   * A building build's page shows the runs it had when it was rendered; a later step of the same build may start
   * another run. Ask the build for its run ids now and then and load the page again when they changed; stop once the
   * build has ended. Returns whether it watches.
   */
  function reloadOnNewRuns(document, schedule, fetchJson, reload) {
    var marker = document.querySelector('[data-system-tests-build-runs]');
    if (!marker) {
      return false;
    }
    var shown = marker.getAttribute('data-system-tests-build-runs');
    var url = marker.getAttribute('data-run-ids-url');
    var ms = (parseInt(marker.getAttribute('data-poll-seconds'), 10) || 3) * 1000;
    function poll() {
      fetchJson(url).then(function (answer) {
        if ((answer.runIds || []).join(',') !== shown) {
          reload();
        } else if (answer.building) {
          schedule(poll, ms);
        }
      }, function () {
        schedule(poll, ms * 4); // Jenkins restarting or the network away: ask again, less often
      });
    }
    schedule(poll, ms);
    return true;
  }

  global.SystemTestsReloadOnNewRuns = reloadOnNewRuns;

  function startAll() {
    var containers = global.document.querySelectorAll('[data-system-tests-run][data-delta-url]');
    for (var i = 0; i < containers.length; i++) {
      new RunView(containers[i]).start();
    }
    var schedule = function (fn, ms) { return global.setTimeout(fn, ms); };
    if (!refreshWhileWaiting(global.document, schedule)) {
      reloadOnNewRuns(global.document, schedule, function (url) {
        return global.fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
          if (!r.ok) {
            throw new Error('HTTP ' + r.status);
          }
          return r.json();
        });
      }, function () { global.location.reload(); });
    }
  }

  ui.onReady(startAll);
})(this);
