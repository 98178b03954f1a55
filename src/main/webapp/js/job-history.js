/*
 * System Tests: a job's trend and one test's history across builds, read a page at a time from the history API.
 * Everything from machines is set as text only.
 */
(function (global) {
  'use strict';

  var ORDER = ['passed', 'warning', 'failed', 'error', 'cancelled', 'unknown', 'running', 'waiting'];

  function element(document, tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function row(document, cells) {
    var tr = element(document, 'tr');
    cells.forEach(function (content) {
      var td = element(document, 'td');
      if (content && content.nodeType) {
        td.appendChild(content);
      } else {
        td.textContent = content === null || content === undefined ? '' : String(content);
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function bar(document, counts) {
    var total = ORDER.reduce(function (sum, s) { return sum + (counts[s] || 0); }, 0);
    var node = element(document, 'span', 'system-tests-progress');
    ORDER.forEach(function (s) {
      if (counts[s] > 0) {
        var part = element(document, 'span', 'system-tests-progress__part system-tests-status--' + s);
        part.style.width = (100 * counts[s] / total) + '%';
        part.setAttribute('title', counts[s] + ' ' + s);
        node.appendChild(part);
      }
    });
    var text = ORDER.filter(function (s) { return counts[s] > 0; }).map(function (s) { return counts[s] + ' ' + s; }).join(', ');
    var wrapper = element(document, 'span');
    wrapper.appendChild(node);
    wrapper.appendChild(element(document, 'span', 'system-tests-counts-text', text));
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
    var parameters = Object.keys(query).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(query[k]); });
    var view = this;
    return view.fetch(view.api + path + '?' + parameters.join('&'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error(body && body.message ? body.message : 'HTTP ' + response.status);
          }
          return body;
        });
      });
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

  JobHistoryPage.prototype.trend = function () {
    var view = this;
    return view.get('/history', { job: view.job, page: view.page, size: 20 }).then(function (page) {
      var body = view.root.querySelector('.system-tests-trend tbody');
      body.textContent = '';
      page.items.forEach(function (run) {
        var link = element(view.document, 'a', null, run.buildUrl);
        link.setAttribute('href', view.api.replace(/\/system-tests\/api\/v1$/, '') + '/' + run.buildUrl + 'system-tests/');
        body.appendChild(row(view.document, [link, run.outcome, run.testCount, bar(view.document, run.counts),
          Math.round(run.durationMs / 1000) + ' s']));
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
        body.appendChild(row(view.document, [item.buildUrl, item.status === null ? 'not in the plan' : item.status,
          item.durationMs === undefined ? '' : item.durationMs + ' ms']));
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

  if (global.document && !global.SYSTEM_TESTS_NO_AUTOSTART) {
    if (global.document.readyState === 'loading') {
      global.document.addEventListener('DOMContentLoaded', startAll);
    } else {
      startAll();
    }
  }
})(this);
