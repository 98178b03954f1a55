/*
 * System Tests: a job's trend and one test's history across builds, read a page at a time from the history API.
 * Everything from machines is set as text only.
 */
(function (global) {
  'use strict';

  var ui = global.SystemTestsUi;
  var element = ui.element;
  var row = ui.row;

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
    this.job = root.getAttribute('data-job');
    this.fetch = options.fetch;
    this.page = 0;
  }

  JobHistoryPage.prototype.get = function (path, query) {
    return ui.getJson(this.fetch, this.api + path + '?' + ui.query(query));
  };

  JobHistoryPage.prototype.start = function () {
    var view = this;
    view.root.querySelectorAll('[data-trend-page]').forEach(function (button) {
      button.addEventListener('click', function () {
        view.page = Math.max(0, view.page + Number(button.getAttribute('data-trend-page')));
        view.trend();
      });
    });
    var form = view.root.querySelector('form.system-tests-test-history');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      view.testHistory(form.elements.file_path.value, form.elements.file_name.value);
    });
    return view.trend();
  };

  JobHistoryPage.prototype.fail = function (error) {
    this.root.querySelector('.system-tests-message').textContent = error.message;
  };

  /** A build as Jenkins names it on a job's page: #5 for job/lab/job/nightly/5/. */
  function buildName(buildUrl) {
    var number = /(\d+)\/?$/.exec(buildUrl || '');
    return number ? '#' + number[1] : buildUrl;
  }

  JobHistoryPage.prototype.trend = function () {
    var view = this;
    return view.get('/history', { job: view.job, page: view.page, size: 20 }).then(function (page) {
      var body = view.root.querySelector('.system-tests-trend tbody');
      body.textContent = '';
      page.items.forEach(function (run) {
        var link = element(view.document, 'a', null, buildName(run.buildUrl));
        link.setAttribute('title', run.buildUrl);
        link.setAttribute('href', view.api.replace(/\/system-tests\/api\/v1$/, '') + '/' + run.buildUrl + 'system-tests/');
        body.appendChild(row(view.document, [link, run.outcome, run.testCount, bar(view.document, run.counts),
          ui.duration(run.durationMs)]));
      });
      var first = page.total === 0 ? 0 : page.page * page.size + 1;
      view.root.querySelector('.system-tests-page-info').textContent =
        first + '\u2013' + (page.page * page.size + page.items.length) + ' of ' + page.total;
      return page;
    }).catch(function (error) { view.fail(error); });
  };

  JobHistoryPage.prototype.testHistory = function (filePath, fileName) {
    var view = this;
    return view.get('/history/test', { job: view.job, file_path: filePath, file_name: fileName, size: 50 }).then(function (history) {
      var body = view.root.querySelector('.system-tests-test-history-table tbody');
      body.textContent = '';
      history.items.forEach(function (item) {
        body.appendChild(row(view.document, [buildName(item.buildUrl), item.status === null ? 'not in the plan' : item.status,
          item.durationMs === undefined ? '' : ui.duration(item.durationMs)]));
      });
      view.root.querySelector('.system-tests-flaky').hidden = !history.flaky;
      return history;
    }).catch(function (error) { view.fail(error); });
  };

  global.SystemTestsJobHistory = JobHistoryPage;

  function startAll() {
    var options = { fetch: global.fetch.bind(global) };
    global.document.querySelectorAll('[data-system-tests-history]').forEach(function (root) {
      new JobHistoryPage(root, options).start();
    });
  }

  ui.onReady(startAll);
})(this);
