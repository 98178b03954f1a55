/*
 * System Tests: a job's history. On its System Tests page: charts of tests per build and run duration (Jenkins'
 * echarts, a click opens the build's runs), the tests of the last run (each a link to its page inside that build,
 * where its history across builds is), and the trend table, a page at a time. On the job's own page: a small trend.
 * Everything from machines is set as text only.
 */
(function (global) {
  'use strict';

  var ui = global.SystemTestsUi;
  var charts = global.SystemTestsCharts;
  var element = ui.element;
  var row = ui.row;
  var CHART_BUILDS = 30;

  function bar(document, counts) {
    var wrapper = element(document, 'span');
    wrapper.appendChild(ui.fillProgress(document, element(document, 'span', 'system-tests-progress'), counts));
    wrapper.appendChild(element(document, 'span', 'system-tests-counts-text', ui.countsText(counts)));
    return wrapper;
  }

  function JobHistoryPage(root, options) {
    this.root = root;
    this.document = root.ownerDocument;
    this.api = root.getAttribute('data-api');
    this.jenkinsRoot = this.api.replace(/\/system-tests\/api\/v1$/, '');
    this.job = root.getAttribute('data-job');
    this.fetch = options.fetch;
    this.page = 0;
  }

  JobHistoryPage.prototype.get = function (path, query) {
    return ui.getJson(this.fetch, this.api + path + '?' + ui.query(query));
  };

  JobHistoryPage.prototype.find = function (selector) {
    return this.root.querySelector(selector);
  };

  /** The full page: charts and the last run's tests from one window of runs, then the trend table. */
  JobHistoryPage.prototype.start = function () {
    var view = this;
    view.root.querySelectorAll('[data-trend-page]').forEach(function (button) {
      button.addEventListener('click', function () {
        view.page = Math.max(0, view.page + Number(button.getAttribute('data-trend-page')));
        view.trend();
      });
    });
    var overview = view.get('/history', { job: view.job, page: 0, size: CHART_BUILDS }).then(function (page) {
      // The last run's tree is asked for first: it comes while the charts are drawn.
      var tests = page.items.length > 0 ? view.lastTests(page.items[0]) : view.noTests();
      view.charts(page.items);
      return tests;
    }).catch(function (error) { view.fail(error); });
    return Promise.all([overview, view.trend()]);
  };

  /** Only the small trend on the job's page. */
  JobHistoryPage.prototype.startSmall = function () {
    var view = this;
    return view.get('/history', { job: view.job, page: 0, size: 20 }).then(function (page) {
      charts.draw(view.find('.system-tests-chart'), charts.statusTrend(page.items), view.jenkinsRoot, 'system-tests/');
      return page;
    }).catch(function () { return null; });
  };

  JobHistoryPage.prototype.charts = function (runs) {
    charts.draw(this.find('.system-tests-chart--status'), charts.statusTrend(runs), this.jenkinsRoot, 'system-tests/');
    charts.draw(this.find('.system-tests-chart--duration'), charts.durationTrend(runs), this.jenkinsRoot, 'system-tests/');
  };

  JobHistoryPage.prototype.noTests = function () {
    this.find('.system-tests-last-tests').textContent = '';
    return null;
  };

  /** The tests of the newest run, grouped by file (test-list.js), each a link to its page inside that build. */
  JobHistoryPage.prototype.lastTests = function (run) {
    var view = this;
    return ui.getJson(view.fetch, view.api + '/runs/' + run.id).then(function (tree) {
      new global.SystemTestsTestList(view.find('.system-tests-last-tests'), {
        testHref: function (test) {
          return ui.buildHref(view.jenkinsRoot, run.buildUrl, 'system-tests/' + run.id + '/' + test.index + '/');
        }
      }).setTree(tree);
      return tree;
    });
  };

  JobHistoryPage.prototype.fail = function (error) {
    this.find('.system-tests-message').textContent = error.message;
  };

  JobHistoryPage.prototype.trend = function () {
    var view = this;
    return view.get('/history', { job: view.job, page: view.page, size: 20 }).then(function (page) {
      var body = view.find('.system-tests-trend tbody');
      body.textContent = '';
      page.items.forEach(function (run) {
        var link = element(view.document, 'a', null, charts.buildName(run.buildUrl));
        link.setAttribute('title', run.buildUrl);
        link.setAttribute('href', ui.buildHref(view.jenkinsRoot, run.buildUrl, 'system-tests/'));
        body.appendChild(row(view.document, [link, ui.badge(view.document, run.outcome), run.testCount,
          bar(view.document, run.counts), ui.duration(run.durationMs)]));
      });
      view.find('.system-tests-page-info').textContent = ui.range(page);
      return page;
    }).catch(function (error) { view.fail(error); });
  };

  global.SystemTestsJobHistory = JobHistoryPage;

  function startAll() {
    var options = { fetch: global.fetch.bind(global) };
    global.document.querySelectorAll('[data-system-tests-history]').forEach(function (root) {
      new JobHistoryPage(root, options).start();
    });
    global.document.querySelectorAll('[data-system-tests-trend]').forEach(function (root) {
      new JobHistoryPage(root, options).startSmall();
    });
  }

  ui.onReady(startAll);
})(this);
