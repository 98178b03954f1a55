/*
 * System Tests: a run's tests as a list that stays quick at 10,000 tests (the run page, a machine's last run, the job
 * page's last run). Tests are grouped by the file they come from (a pytest module; plain scripts by their scenario),
 * each group with its counts. Groups with failures come first and open, the others are folded; a small run shows
 * everything. Only open groups have rows, a few hundred at most until asked for more; a folded group builds its rows
 * when it is opened. A status filter and a name search narrow the list. Live changes only touch the rows and headers
 * they concern, written together in one animation frame. Names, paths and reasons come from machines: text only.
 */
(function (global) {
  'use strict';

  var ui = global.SystemTestsUi;
  var element = ui.element;

  /** A run this small shows every test: folding would only hide a screenful. */
  var SMALL_RUN = 50;
  /** Rows that groups open on their own (those with failures, or with matches while filtering) may show together. */
  var AUTO_OPEN_ROWS = 200;
  /** Rows an open group shows at a time; "Show more" adds as many again. */
  var GROUP_ROWS = 200;
  /** Group headers shown at a time; "Show more files" adds as many again. */
  var GROUPS_SHOWN = 100;
  var SEARCH_DELAY_MS = 150;
  var COLUMNS = 4;

  function isFailure(status) {
    return ui.FAILURES.indexOf(status) >= 0;
  }

  function hasFailures(counts) {
    return ui.FAILURES.some(function (s) { return counts[s] > 0; });
  }

  /** The separator a machine's paths use: '\' for a Windows path, else '/'. */
  function separator(path) {
    return path && path.indexOf('\\') >= 0 && path.indexOf('/') < 0 ? '\\' : '/';
  }

  /**
   * @param root    the element the list is drawn in
   * @param options testHref(test) -> the test's page; frame(fn) -> runs fn before the next paint (default
   *                requestAnimationFrame); delay(fn, ms) for the search; now() -> the clock
   */
  function TestList(root, options) {
    options = options || {};
    this.root = root;
    this.document = root.ownerDocument;
    this.testHref = options.testHref || function () { return '#'; };
    this.frame = options.frame || (global.requestAnimationFrame ? function (fn) { return global.requestAnimationFrame(fn); }
      : function (fn) { return global.setTimeout(fn, 16); });
    this.delay = options.delay || function (fn, ms) { return global.setTimeout(fn, ms); };
    this.now = options.now || function () { return Date.now(); };
    this.afterFlush = options.afterFlush || function () {};
    // A run that several environments shared: each test's environment by its index (from the page).
    this.placements = options.placements || null;
    this.tests = [];
    this.groups = [];
    this.counts = {};
    this.filter = { status: '', q: '' };
    this.groupsShown = GROUPS_SHOWN;
    this.dirtyTests = {};
    this.dirtyGroups = {};
    this.moved = {};
    this.refilter = false;
    this.flushPending = false;
    this.autoRows = 0;
    this.built = false;
  }

  /** The frame of the list: filters, the table and its header; built once. */
  TestList.prototype.build = function () {
    var list = this;
    var document = list.document;
    list.root.textContent = '';
    var bar = element(document, 'div', 'system-tests-filters system-tests-list-filters');
    bar.setAttribute('role', 'search');
    var statusLabel = element(document, 'label', null, ui.text('tests.status'));
    list.statusSelect = element(document, 'select', 'jenkins-select__input');
    list.statusSelect.setAttribute('name', 'status');
    statusLabel.appendChild(list.statusSelect);
    bar.appendChild(statusLabel);
    var searchLabel = element(document, 'label', null, ui.text('tests.search'));
    list.searchInput = element(document, 'input', 'jenkins-input');
    list.searchInput.setAttribute('type', 'search');
    list.searchInput.setAttribute('name', 'q');
    list.searchInput.setAttribute('placeholder', ui.text('tests.searchHint'));
    searchLabel.appendChild(list.searchInput);
    bar.appendChild(searchLabel);
    list.info = element(document, 'span', 'system-tests-list-info');
    list.info.setAttribute('role', 'status');
    bar.appendChild(list.info);
    list.root.appendChild(bar);

    list.table = element(document, 'table', 'jenkins-table jenkins-table--small system-tests-tests');
    var colgroup = element(document, 'colgroup');
    ['name', 'status', 'start', 'duration'].forEach(function (name) {
      colgroup.appendChild(element(document, 'col', 'system-tests-tests__' + name));
    });
    list.table.appendChild(colgroup);
    var head = element(document, 'thead');
    var headRow = element(document, 'tr');
    ['tests.name', 'tests.status', 'tests.start', 'tests.duration'].forEach(function (key) {
      headRow.appendChild(element(document, 'th', null, ui.text(key)));
    });
    head.appendChild(headRow);
    list.table.appendChild(head);
    list.root.appendChild(list.table);
    list.moreGroups = element(document, 'p', 'system-tests-more-groups');
    list.root.appendChild(list.moreGroups);

    list.statusSelect.addEventListener('change', function () {
      list.filter.status = list.statusSelect.value;
      list.relayout();
    });
    var pending = null;
    list.searchInput.addEventListener('input', function () {
      var typed = list.searchInput.value;
      pending = typed;
      list.delay(function () {
        if (pending === typed && typed !== list.filter.q) {
          list.filter.q = typed;
          list.relayout();
        }
      }, SEARCH_DELAY_MS);
    });
    list.built = true;
  };

  /** The whole run (the read API's tree): the model, then the first screen. */
  TestList.prototype.setTree = function (tree) {
    var list = this;
    if (!list.built) {
      list.build();
    }
    var master = tree.masterScenario;
    var base = master.filePath || '';
    var groupsByKey = {};
    list.tests = [];
    list.groups = [];
    list.counts = {};
    master.scenarios.forEach(function (scenario) {
      scenario.tests.forEach(function (test) {
        var cut = test.fileName.indexOf('::');
        var module = cut > 0 ? test.fileName.substring(0, cut) : null;
        var key = scenario.index + (module === null ? '' : '|' + test.filePath + '|' + module);
        var group = groupsByKey[key];
        if (!group) {
          group = list.newGroup(key, scenario, module, test, base);
          groupsByKey[key] = group;
          list.groups.push(group);
        }
        var model = {
          index: test.index, fileName: test.fileName, filePath: test.filePath,
          name: module === null ? test.fileName : test.fileName.substring(cut + 2),
          // A plain script's folder, unless its group is that folder; a pytest test's is its group's.
          path: module === null && test.filePath !== group.folder ? ui.relativePath(test.filePath, base) : null,
          status: test.status, start: test.start, durationMs: test.durationMs, runningSinceMs: test.runningSinceMs,
          expectedMs: test.expectedMs, reason: test.reason, flaky: test.flaky, attempt: test.attempt, group: group
        };
        model.haystack = (test.fileName + ' ' + (model.path || group.label)).toLowerCase();
        list.tests[test.index] = model;
        group.tests.push(model);
        group.counts[test.status] = (group.counts[test.status] || 0) + 1;
        list.counts[test.status] = (list.counts[test.status] || 0) + 1;
      });
    });
    list.groups.forEach(function (group, i) {
      group.order = i;
      group.failing = hasFailures(group.counts);
    });
    list.relayout();
    ui.mark('system-tests:list-rendered');
    list.root.setAttribute('data-list-ready', 'true');
  };

  TestList.prototype.newGroup = function (key, scenario, module, test, base) {
    var label;
    var title;
    if (module !== null) {
      title = test.filePath + separator(test.filePath) + module;
      label = ui.relativePath(title, base);
    } else if (/[\\/]$/.test(scenario.fileName)) {
      // A folder of tests: its path as written.
      title = scenario.filePath;
      var relative = ui.relativePath(scenario.filePath, base);
      label = relative === '.' ? scenario.fileName : relative + separator(scenario.filePath);
    } else {
      title = scenario.filePath + separator(scenario.filePath) + scenario.fileName;
      label = scenario.fileName;
    }
    var folder = module === null && /[\\/]$/.test(scenario.fileName) ? scenario.filePath : null;
    return { key: key, label: label, title: title, folder: folder, tests: [], counts: {}, open: false, userOpen: null, limit: GROUP_ROWS,
      rows: null, body: null, head: null, shown: false, failing: false, order: 0 };
  };

  TestList.prototype.filtering = function () {
    return this.filter.status !== '' || this.filter.q.trim() !== '';
  };

  TestList.prototype.matches = function (test) {
    var q = this.filter.q.trim().toLowerCase();
    return (this.filter.status === '' || test.status === this.filter.status) && (q === '' || test.haystack.indexOf(q) >= 0);
  };

  /** The group's tests the filter lets through. */
  TestList.prototype.visibleTests = function (group) {
    if (!this.filtering()) {
      return group.tests;
    }
    var list = this;
    return group.tests.filter(function (test) { return list.matches(test); });
  };

  /** Groups with failures first, each part in plan order. */
  TestList.prototype.ordered = function () {
    var failing = [];
    var others = [];
    this.groups.forEach(function (group) { (group.failing ? failing : others).push(group); });
    return failing.concat(others);
  };

  /**
   * Draws the list anew for the current filter: which groups show, which are open (the user's choice, else failures
   * or matches within the budget), and their rows. Used on the first screen and when the filter changes.
   */
  TestList.prototype.relayout = function () {
    var list = this;
    var filtering = list.filtering();
    list.table.querySelectorAll('tbody').forEach(function (body) { body.remove(); });
    list.groups.forEach(function (group) {
      group.shown = false;
      group.rows = null;
      group.body = null;
      group.head = null;
    });
    var shownCount = 0;
    var matchingGroups = 0;
    var matchingTests = 0;
    list.autoRows = 0;
    list.ordered().forEach(function (group) {
      var visible = list.visibleTests(group);
      group.visibleCount = visible.length;
      if (filtering && visible.length === 0) {
        return;
      }
      matchingGroups++;
      matchingTests += visible.length;
      if (shownCount >= list.groupsShown) {
        return;
      }
      shownCount++;
      list.autoOpen(group, visible.length);
      list.drawGroup(group, visible);
    });
    list.matchingGroups = matchingGroups;
    list.matchingTests = matchingTests;
    list.shownGroups = shownCount;
    list.showInfo(matchingTests, matchingGroups, shownCount);
    list.showStatusOptions();
    list.dirtyTests = {};
    list.dirtyGroups = {};
    list.moved = {};
  };

  /**
   * Whether a group is open: as the user left it, else a small run shows everything, and otherwise a group with
   * failures (with matches, while filtering) opens while the rows opened this way stay within the budget.
   */
  TestList.prototype.autoOpen = function (group, visibleCount) {
    if (group.userOpen !== null) {
      group.open = group.userOpen;
      return;
    }
    if (this.tests.length <= SMALL_RUN) {
      group.open = true;
      return;
    }
    var wanted = this.filtering() ? visibleCount > 0 : group.failing;
    group.open = wanted && this.autoRows < AUTO_OPEN_ROWS;
    if (group.open) {
      this.autoRows += Math.min(visibleCount, group.limit);
    }
  };

  /** Puts a group's body where it belongs: failing groups first, each part in plan order. */
  TestList.prototype.place = function (group) {
    var ordered = this.ordered();
    var next = null;
    for (var i = ordered.indexOf(group) + 1; i < ordered.length && next === null; i++) {
      if (ordered[i].shown) {
        next = ordered[i].body;
      }
    }
    this.table.insertBefore(group.body, next);
  };

  TestList.prototype.showInfo = function (tests, groups, shown) {
    var list = this;
    var document = list.document;
    list.info.textContent = list.filtering()
      ? ui.text(groups === 1 ? 'tests.matchingInOneFile' : 'tests.matching', tests, list.tests.length, groups)
      : ui.text(list.groups.length === 1 ? 'tests.inOneFile' : 'tests.inFiles', list.tests.length, list.groups.length);
    list.moreGroups.textContent = '';
    if (groups === 0 && list.tests.length > 0) {
      list.moreGroups.appendChild(element(document, 'span', 'jenkins-description', ui.text('tests.noMatch')));
    } else if (shown < groups) {
      var more = element(document, 'button', 'jenkins-button system-tests-more-groups__button',
        ui.text('tests.moreFiles', Math.min(GROUPS_SHOWN, groups - shown), groups - shown));
      more.setAttribute('type', 'button');
      more.addEventListener('click', function () {
        list.groupsShown += GROUPS_SHOWN;
        list.relayout();
      });
      list.moreGroups.appendChild(more);
    }
  };

  /** The status filter's choices, each with its count: any, then the statuses in display order. */
  TestList.prototype.showStatusOptions = function () {
    var list = this;
    var document = list.document;
    var select = list.statusSelect;
    if (!list.statusOptions) {
      list.statusOptions = {};
      var any = element(document, 'option');
      any.value = '';
      select.appendChild(any);
      list.statusOptions[''] = any;
      ui.ORDER.forEach(function (status) {
        var option = element(document, 'option');
        option.value = status;
        select.appendChild(option);
        list.statusOptions[status] = option;
      });
    }
    var words = ui.text('tests.anyStatus', list.tests.length);
    if (list.statusOptions[''].textContent !== words) {
      list.statusOptions[''].textContent = words;
    }
    ui.ORDER.forEach(function (status) {
      var count = list.counts[status] || 0;
      var option = list.statusOptions[status];
      var word = ui.statusWord(status) + ' (' + count + ')';
      if (option.textContent !== word) {
        option.textContent = word;
      }
      // A status no test has cannot be chosen, unless it is the one chosen (its tests may come back).
      option.disabled = count === 0 && list.filter.status !== status;
    });
    if (select.value !== list.filter.status) {
      select.value = list.filter.status;
    }
  };

  /** A group: its header always, its rows when open. */
  TestList.prototype.drawGroup = function (group, visible) {
    var list = this;
    var document = list.document;
    var body = element(document, 'tbody', 'system-tests-group');
    body.setAttribute('data-group', group.key);
    var head = element(document, 'tr', 'system-tests-group__head');
    var cell = element(document, 'td');
    cell.setAttribute('colspan', String(COLUMNS));
    var toggle = element(document, 'button', 'jenkins-button jenkins-button--tertiary system-tests-toggle');
    toggle.setAttribute('type', 'button');
    toggle.setAttribute('title', group.title);
    toggle.appendChild(element(document, 'span', 'system-tests-toggle__mark', '\u25B8')).setAttribute('aria-hidden', 'true');
    toggle.appendChild(element(document, 'span', 'system-tests-toggle__label', group.label));
    toggle.addEventListener('click', function () {
      group.userOpen = !group.open;
      group.open = group.userOpen;
      list.fillGroup(group);
    });
    cell.appendChild(toggle);
    cell.appendChild(element(document, 'span', 'system-tests-group__counts'));
    head.appendChild(cell);
    body.appendChild(head);
    group.body = body;
    group.head = head;
    group.toggle = toggle;
    group.shown = true;
    list.showGroupCounts(group);
    list.fillGroup(group, visible);
    list.table.appendChild(body);
  };

  /** Counts per status in display order; while filtering, how many of the group's tests match. */
  TestList.prototype.showGroupCounts = function (group) {
    var document = this.document;
    var counts = group.head.querySelector('.system-tests-group__counts');
    counts.textContent = '';
    ui.ORDER.forEach(function (status) {
      var n = group.counts[status];
      if (n > 0) {
        var part = element(document, 'span', 'system-tests-group__count system-tests-status--' + status);
        part.appendChild(element(document, 'span', 'system-tests-status__icon', ui.ICONS[status] || '?')).setAttribute('aria-hidden', 'true');
        part.appendChild(document.createTextNode(n + ' ' + ui.statusWord(status)));
        counts.appendChild(part);
      }
    });
    if (this.filtering()) {
      counts.appendChild(element(document, 'span', 'system-tests-group__matching',
        ui.text('tests.groupMatching', group.visibleCount, group.tests.length)));
    }
    group.body.classList.toggle('system-tests-group--failing', group.failing);
  };

  /** Builds an open group's rows (up to its limit) or drops a folded group's rows. */
  TestList.prototype.fillGroup = function (group, visible) {
    var list = this;
    var document = list.document;
    var body = group.body;
    group.toggle.setAttribute('aria-expanded', group.open ? 'true' : 'false');
    while (body.lastChild !== group.head) {
      body.removeChild(body.lastChild);
    }
    group.rows = null;
    if (!group.open) {
      return;
    }
    var tests = visible || list.visibleTests(group);
    group.visibleCount = tests.length;
    group.rows = {};
    var fragment = document.createDocumentFragment();
    var end = Math.min(tests.length, group.limit);
    for (var i = 0; i < end; i++) {
      var row = list.testRow(tests[i]);
      group.rows[tests[i].index] = row;
      fragment.appendChild(row);
    }
    if (end < tests.length) {
      var moreRow = element(document, 'tr', 'system-tests-more');
      var cell = element(document, 'td');
      cell.setAttribute('colspan', String(COLUMNS));
      var more = element(document, 'button', 'jenkins-button jenkins-button--tertiary',
        ui.text('tests.more', Math.min(GROUP_ROWS, tests.length - end), tests.length - end));
      more.setAttribute('type', 'button');
      more.addEventListener('click', function () {
        group.limit += GROUP_ROWS;
        list.fillGroup(group);
      });
      cell.appendChild(more);
      moreRow.appendChild(cell);
      fragment.appendChild(moreRow);
    }
    body.appendChild(fragment);
  };

  TestList.prototype.testRow = function (test) {
    var document = this.document;
    var row = element(document, 'tr', 'system-tests-test');
    row.setAttribute('data-index', test.index);
    var name = element(document, 'td', 'system-tests-test-name');
    var link = element(document, 'a', 'system-tests-test-link', test.name);
    link.setAttribute('href', this.testHref(test));
    // The whole name on hover: a long one is cut short on screen.
    link.setAttribute('title', test.fileName + ' \u2014 ' + test.filePath);
    name.appendChild(link);
    if (test.path !== null) {
      // The path as the user wrote it: relative to where the run started (a build's workspace), the full path on hover.
      var path = element(document, 'span', 'system-tests-test-path', test.path);
      path.setAttribute('title', test.filePath);
      name.appendChild(path);
    }
    var environment = this.placements ? this.placements[test.index] : undefined;
    if (environment !== undefined && environment !== null) {
      name.appendChild(element(document, 'span', 'system-tests-test-environment', ui.text('test.ranOn', environment)));
    }
    row.appendChild(name);
    row.appendChild(element(document, 'td', 'system-tests-cell-status'));
    row.appendChild(element(document, 'td', 'system-tests-test-start'));
    row.appendChild(element(document, 'td', 'system-tests-test-duration'));
    this.fillRow(row, test);
    return row;
  };

  /** The parts of a row that change while a run goes on; each written only when it changed. */
  TestList.prototype.fillRow = function (row, test) {
    var document = this.document;
    var drawn = row.systemTestsDrawn || {};
    var cells = row.children;
    if (drawn.status !== test.status || drawn.flaky !== Boolean(test.flaky)) {
      cells[1].textContent = '';
      cells[1].appendChild(ui.badge(document, test.status));
      if (test.flaky) {
        cells[1].appendChild(document.createTextNode(' '));
        cells[1].appendChild(ui.flakyMark(document));
      }
      row.classList.toggle('system-tests-test--current', test.status === 'running');
      row.classList.toggle('system-tests-test--failure', isFailure(test.status));
    }
    if (drawn.reason !== (test.reason || null)) {
      var old = cells[0].querySelector('.system-tests-reason');
      if (old) {
        old.remove();
      }
      if (test.reason) {
        // Why it did not pass, as the machine said: the line people look for first.
        cells[0].appendChild(element(document, 'div', 'system-tests-reason', test.reason));
      }
    }
    if (drawn.start !== test.start) {
      cells[2].textContent = '';
      cells[2].appendChild(ui.time(document, test.start, this.now()));
    }
    var duration = test.status === 'running' && test.runningSinceMs
      ? ui.text('run.runningFor', ui.duration(Math.max(0, this.now() - test.runningSinceMs))) : ui.duration(test.durationMs);
    if (drawn.duration !== duration) {
      cells[3].textContent = duration;
    }
    row.systemTestsDrawn = { status: test.status, flaky: Boolean(test.flaky), reason: test.reason || null, start: test.start,
      duration: duration };
  };

  /**
   * Changes from a delta (the read API's test changes): the model at once, the page in the next frame, where only
   * the rows and group headers they concern are written.
   */
  TestList.prototype.update = function (changes) {
    var list = this;
    changes.forEach(function (change) {
      var test = list.tests[change.index];
      if (!test) {
        return;
      }
      var group = test.group;
      if (change.status !== test.status) {
        group.counts[test.status]--;
        list.counts[test.status]--;
        group.counts[change.status] = (group.counts[change.status] || 0) + 1;
        list.counts[change.status] = (list.counts[change.status] || 0) + 1;
        var failing = hasFailures(group.counts);
        if (failing !== group.failing) {
          group.failing = failing;
          list.moved[group.order] = true;
        }
        if (list.filter.status !== '') {
          list.refilter = true; // the test may join or leave the filtered rows
        }
      }
      test.status = change.status;
      test.start = change.start;
      test.durationMs = change.durationMs;
      test.runningSinceMs = change.runningSinceMs;
      test.reason = change.reason;
      test.flaky = change.flaky;
      test.attempt = change.attempt;
      list.dirtyTests[test.index] = test;
      list.dirtyGroups[group.order] = group;
    });
    list.requestFlush();
  };

  TestList.prototype.requestFlush = function () {
    var list = this;
    if (list.flushPending) {
      return;
    }
    list.flushPending = true;
    list.frame(function () { list.flush(); });
  };

  /** Writes what changed since the last frame. */
  TestList.prototype.flush = function () {
    var list = this;
    list.flushPending = false;
    if (list.refilter) {
      // Tests joined or left the status filtered for: the list is drawn anew (a filter chosen while a run goes on).
      list.refilter = false;
      list.relayout();
      list.afterFlush();
      return;
    }
    var groups = list.dirtyGroups;
    var tests = list.dirtyTests;
    var moved = list.moved;
    list.dirtyGroups = {};
    list.dirtyTests = {};
    list.moved = {};
    Object.keys(groups).forEach(function (order) {
      var group = groups[order];
      var firstFailure = moved[order] && group.failing;
      if (!group.shown) {
        var visible = firstFailure ? list.visibleTests(group) : [];
        if (visible.length === 0) {
          return; // beyond the groups shown, or not matching the search: nothing on the page to change
        }
        // Its first failure: the group joins the failing ones at the top, though it was beyond the groups shown.
        group.visibleCount = visible.length;
        list.autoOpen(group, visible.length);
        list.drawGroup(group, visible);
        list.shownGroups++;
        list.showInfo(list.matchingTests, list.matchingGroups, list.shownGroups);
      } else {
        if (firstFailure && !group.open && group.userOpen === null) {
          list.autoOpen(group, group.tests.length);
          if (group.open) {
            list.fillGroup(group);
          }
        }
        list.showGroupCounts(group);
      }
      if (moved[order]) {
        list.place(group);
      }
    });
    Object.keys(tests).forEach(function (index) {
      var test = tests[index];
      var rows = test.group.rows;
      if (rows && rows[index]) {
        list.fillRow(rows[index], test);
      }
    });
    list.showStatusOptions();
    list.afterFlush();
  };

  /** The elapsed time of the running tests whose rows are drawn. */
  TestList.prototype.showRunning = function () {
    var list = this;
    list.groups.forEach(function (group) {
      if (!group.rows || !(group.counts.running > 0)) {
        return;
      }
      group.tests.forEach(function (test) {
        if (test.status === 'running' && group.rows[test.index]) {
          list.fillRow(group.rows[test.index], test);
        }
      });
    });
  };

  /** The time the run has left, from the durations of the last run of the same plan; null when not known. */
  TestList.prototype.timeLeft = function () {
    var now = this.now();
    var left = 0;
    var known = true;
    this.tests.forEach(function (test) {
      if (!test) {
        return;
      }
      if (test.status === 'running' && test.runningSinceMs) {
        if (test.expectedMs === undefined) {
          known = false;
        } else {
          left += Math.max(0, test.expectedMs - Math.max(0, now - test.runningSinceMs));
        }
      } else if (test.status === 'waiting') {
        if (test.expectedMs === undefined) {
          known = false;
        } else {
          left += test.expectedMs;
        }
      }
    });
    return known ? left : null;
  };

  TestList.SMALL_RUN = SMALL_RUN;
  TestList.AUTO_OPEN_ROWS = AUTO_OPEN_ROWS;
  TestList.GROUP_ROWS = GROUP_ROWS;
  TestList.GROUPS_SHOWN = GROUPS_SHOWN;
  global.SystemTestsTestList = TestList;
})(this);
