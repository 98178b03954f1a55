/*
 * System Tests: the machines dashboard and the list of all runs on /system-tests/, and a machine's page. Data comes
 * from the plugin's read API; everything from machines is set as text only.
 */
(function (global) {
  'use strict';

  var MACHINES_POLL_MS = 5000;
  var ui = global.SystemTestsUi;
  var element = ui.element;
  var badge = ui.badge;
  var getJson = ui.getJson;

  function cell(document, row, content) {
    var td = ui.row(document, [content]).firstChild;
    row.appendChild(td);
    return td;
  }

  /** Previous and Next below a table: another page of the view's query. */
  function pageButtons(view) {
    view.root.querySelectorAll('[data-page]').forEach(function (button) {
      button.addEventListener('click', function () {
        view.query.page = Math.max(0, view.query.page + Number(button.getAttribute('data-page')));
        view.load();
      });
    });
  }

  /**
   * A run that has not reported for this long reads "silent" (Jenkins ends it after the silence timeout); the machines
   * API filters by the same minute (ReadApi.SILENT_AFTER).
   */
  var SILENT_AFTER_MS = 60000;
  var MACHINES_PAGE_SIZE = 25;

  /**
   * Machines with their last run, in the natural order of their names, found by a part of their name and by state,
   * paged by the server, refreshed every few seconds; a machine whose run went silent says for how long.
   */
  function MachinesTable(root, options) {
    this.root = root;
    this.document = root.ownerDocument;
    this.url = root.getAttribute('data-url');
    this.machineUrl = root.getAttribute('data-machine-url');
    this.fetch = options.fetch;
    this.schedule = options.schedule;
    this.now = options.now || function () { return Date.now(); };
    this.query = { page: 0, size: MACHINES_PAGE_SIZE };
    this.scheduled = false;
  }

  MachinesTable.prototype.bind = function () {
    var view = this;
    var form = view.root.querySelector('form');
    if (form) {
      var filter = function () {
        view.query.q = form.elements.q.value;
        view.query.outcome = form.elements.outcome ? form.elements.outcome.value : '';
        view.query.page = 0;
        view.load();
      };
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        filter();
      });
      if (form.elements.outcome) {
        form.elements.outcome.addEventListener('change', filter);
      }
    }
    pageButtons(view);
    return view.refresh();
  };

  /** Loads now and again every few seconds. */
  MachinesTable.prototype.refresh = function () {
    var view = this;
    return view.load().then(function () {
      view.schedule(function () { view.refresh(); }, MACHINES_POLL_MS);
    });
  };

  /** How long a run has been silent at `now`, or null when it is over or reported lately. */
  function silentFor(run, now) {
    if (!run.ongoing) {
      return null;
    }
    var silent = now - Date.parse(run.lastActivity);
    return silent >= SILENT_AFTER_MS ? silent : null;
  }

  MachinesTable.prototype.load = function () {
    var view = this;
    var body = view.root.querySelector('tbody');
    return getJson(view.fetch, view.url + '?' + ui.query(view.query)).then(function (page) {
      body.textContent = '';
      page.items.forEach(function (machine) {
        var row = element(view.document, 'tr');
        var link = element(view.document, 'a', null, machine.name);
        link.setAttribute('href', view.machineUrl + '?name=' + encodeURIComponent(machine.name));
        cell(view.document, row, link);
        var silent = silentFor(machine.lastRun, view.now());
        var state = cell(view.document, row, badge(view.document, silent !== null ? 'stale'
          : machine.lastRun.ongoing ? 'running' : machine.lastRun.outcome));
        if (silent !== null) {
          row.classList.add('system-tests-machine--stale');
          state.appendChild(element(view.document, 'div', 'system-tests-silence', ui.text('machines.silentFor', ui.duration(silent))));
        }
        cell(view.document, row, ui.countsText(machine.lastRun.counts));
        cell(view.document, row, ui.time(view.document, machine.lastRun.lastActivity, view.now()));
        body.appendChild(row);
      });
      if (page.items.length === 0) {
        var empty = element(view.document, 'tr');
        cell(view.document, empty, ui.text(view.query.q || view.query.outcome ? 'machines.noMatch' : 'machines.none')).setAttribute('colspan', '4');
        body.appendChild(empty);
      }
      var info = view.root.querySelector('.system-tests-page-info');
      if (info) {
        info.textContent = ui.range(page);
      }
      view.root.removeAttribute('data-error');
      if (!view.listed) {
        view.listed = true;
        ui.mark('system-tests:machines-listed');
      }
      return page;
    }).catch(function (error) {
      view.root.setAttribute('data-error', error.message);
    });
  };

  /** All runs, filtered, sorted and paged by the server. */
  function RunsTable(root, options) {
    this.root = root;
    this.document = root.ownerDocument;
    this.url = root.getAttribute('data-url');
    this.fetch = options.fetch;
    this.jenkinsRoot = this.url.replace(/\/system-tests\/api\/v1\/runs$/, '');
    this.query = { sort: '-start', page: 0, size: 20 };
    this.fixedMachine = root.getAttribute('data-machine');
    if (this.fixedMachine) {
      this.query.machine = this.fixedMachine;
      var filter = root.querySelector('.system-tests-machine-filter');
      if (filter) {
        filter.hidden = true;
      }
    }
  }

  RunsTable.prototype.bind = function () {
    var view = this;
    var form = view.root.querySelector('form');
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        ['outcome', 'user', 'environment', 'machine', 'q'].forEach(function (name) {
          var field = form.elements[name];
          if (field && !(name === 'machine' && view.fixedMachine)) {
            view.query[name] = field.value;
          }
        });
        view.query.page = 0;
        view.load();
      });
    }
    view.root.querySelectorAll('th[data-sort]').forEach(function (header) {
      var button = element(view.document, 'button', 'jenkins-button jenkins-button--tertiary', header.textContent);
      button.setAttribute('type', 'button');
      header.textContent = '';
      header.appendChild(button);
      button.addEventListener('click', function () {
        var column = header.getAttribute('data-sort');
        view.query.sort = view.query.sort === column ? '-' + column : column;
        view.query.page = 0;
        view.load();
      });
    });
    pageButtons(view);
    return view.load();
  };

  RunsTable.prototype.load = function () {
    var view = this;
    return getJson(view.fetch, view.url + '?' + ui.query(view.query)).then(function (page) {
      view.lastPage = page;
      var body = view.root.querySelector('tbody');
      body.textContent = '';
      page.items.forEach(function (run) {
        var row = element(view.document, 'tr');
        row.setAttribute('data-run', run.id);
        // The outcome opens the run: on its build's System Tests page, or on its machine's page for a machine's own run.
        var open = element(view.document, 'a');
        open.appendChild(badge(view.document, run.outcome));
        open.setAttribute('href', run.buildUrl ? ui.buildHref(view.jenkinsRoot, run.buildUrl, 'system-tests/#run-' + run.id)
          : view.jenkinsRoot + '/system-tests/machine?name=' + encodeURIComponent(run.machine));
        cell(view.document, row, open);
        cell(view.document, row, run.startedBy);
        cell(view.document, row, run.environment);
        cell(view.document, row, run.machine);
        cell(view.document, row, run.testCount);
        cell(view.document, row, ui.time(view.document, run.createdAt));
        cell(view.document, row, ui.duration(run.durationMs));
        body.appendChild(row);
      });
      var info = view.root.querySelector('.system-tests-page-info');
      if (info) {
        info.textContent = ui.range(page);
      }
      var message = view.root.querySelector('.system-tests-message');
      if (message) {
        message.textContent = '';
      }
      return page;
    }).catch(function (error) {
      var message = view.root.querySelector('.system-tests-message');
      if (message) {
        message.textContent = error.message;
      }
    });
  };

  /** A machine's page: its last run, live, and its runs. */
  function MachinePage(root, options) {
    this.root = root;
    this.fetch = options.fetch;
    this.options = options;
  }

  MachinePage.prototype.start = function () {
    var page = this;
    var name = new global.URLSearchParams(page.options.search || global.location.search).get('name') || '';
    var document = page.root.ownerDocument;
    page.root.querySelector('.system-tests-machine-name').textContent = name;
    var runs = page.root.querySelector('[data-system-tests-runs]');
    runs.setAttribute('data-machine', name);
    var table = new RunsTable(runs, page.options);
    var api = page.root.getAttribute('data-api');
    return Promise.all([table.bind(), getJson(page.fetch, api + '/machines/' + encodeURIComponent(name) + '/runs?size=1')
      .then(function (latest) {
        var last = page.root.querySelector('[data-system-tests-run]');
        var run = latest.items[0];
        var id = run.id;
        var jenkinsRoot = api.replace(/\/system-tests\/api\/v1$/, '');
        last.setAttribute('data-delta-url', api + '/runs/' + id + '/delta');
        last.setAttribute('data-test-url', api.replace(/\/api\/v1$/, '') + '/test?run=' + id + '&n={index}');
        if (run.buildUrl) {
          last.setAttribute('data-build-url', ui.buildHref(jenkinsRoot, run.buildUrl));
        }
        var silent = silentFor(run, (page.options.now || Date.now)());
        if (silent !== null) {
          page.root.querySelector('.system-tests-silence').textContent = ui.text('machines.silentFor', ui.duration(silent));
        }
        return new global.SystemTestsRunView(last, page.options).start();
      }).catch(function (error) {
        page.root.querySelector('.system-tests-message').textContent = error.message;
      })]);
  };

  global.SystemTestsDashboard = { MachinesTable: MachinesTable, RunsTable: RunsTable, MachinePage: MachinePage };

  function startAll() {
    var options = { fetch: global.fetch.bind(global), schedule: function (fn, ms) { return global.setTimeout(fn, ms); } };
    var document = global.document;
    var machinePage = document.querySelector('[data-system-tests-machine-page]');
    if (machinePage) {
      new MachinePage(machinePage, options).start();
      return;
    }
    document.querySelectorAll('[data-system-tests-machines]').forEach(function (t) { new MachinesTable(t, options).bind(); });
    document.querySelectorAll('[data-system-tests-runs]').forEach(function (r) { new RunsTable(r, options).bind(); });
  }

  ui.onReady(startAll);
})(this);
