/*
 * System Tests: what the pages' scripts share. Loaded before them. Everything that comes from machines is set as
 * text, never as HTML.
 */
(function (global) {
  'use strict';

  var ICONS = {
    passed: '\u2714', warning: '\u26A0', error: '\u2716', failed: '\u2718',
    cancelled: '\u2298', unknown: '?', running: '\u25B6', waiting: '\u2026', skipped: '\u21B7',
    // A run's outcome in lists, as Jenkins words a build's result.
    success: '\u2714', unstable: '\u26A0', failure: '\u2716', aborted: '\u2298',
    // A machine whose run went silent for longer than the silence timeout.
    stale: '\u23F8',
    // A test that passed on a retry (a mark beside its status, not a status).
    flaky: '\u21BB'
  };
  /** The order in which counts are shown: TestStatus.DISPLAY_ORDER, which ProtocolRulesTest holds this to. */
  var ORDER = ['passed', 'warning', 'skipped', 'failed', 'error', 'cancelled', 'unknown', 'running', 'waiting'];
  /** The outcomes that count as a failure of the run (TestStatus.isFailure): their groups come first and open. */
  var FAILURES = ['failed', 'error'];
  /** The mark of a test that passed (or warned) on a retry: TestStatus.FLAKY, which ProtocolRulesTest holds this to. */
  var FLAKY = 'flaky';

  var messagesHolder = null;
  var messages = {};

  /**
   * A text of the page's language (ui-text.properties, written into the page by the ui-text.jelly adjunct, one span
   * per key), {0}, {1}... replaced by the arguments; the key itself when the page has no such text.
   */
  function text(key) {
    var document = global.document;
    // Looked up once while it stays in the page: a long list asks for words thousands of times.
    var holder = messagesHolder !== null && document && document.documentElement.contains(messagesHolder) ? messagesHolder
      : document ? document.querySelector('[data-system-tests-messages]') : null;
    if (holder !== messagesHolder) {
      messagesHolder = holder;
      messages = {};
      if (holder) {
        holder.querySelectorAll('[data-key]').forEach(function (span) {
          messages[span.getAttribute('data-key')] = span.textContent;
        });
      }
    }
    var template = messages[key];
    if (template === undefined) {
      return key;
    }
    var args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/\{(\d+)\}/g, function (all, n) { return args[n] === undefined ? all : String(args[n]); });
  }

  /** A status in the page's language: passed, failed, unstable... */
  function statusWord(status) {
    var word = text('status.' + status);
    return word === 'status.' + status ? status : word;
  }

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

  /** A status shown with an icon and its word, never by colour alone. */
  function badge(document, status) {
    var node = element(document, 'span', 'system-tests-status system-tests-status--' + status);
    node.appendChild(element(document, 'span', 'system-tests-status__icon', ICONS[status] || '?')).setAttribute('aria-hidden', 'true');
    node.appendChild(element(document, 'span', 'system-tests-status__text', statusWord(status)));
    return node;
  }

  /**
   * A duration as Jenkins prints one: "12 ms", "3.1 sec", "42 sec", "4 min 5 sec", "2 hr 3 min", "1 day 2 hr".
   */
  function duration(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) {
      return '';
    }
    if (ms < 1000) {
      return text('duration.ms', Math.max(0, Math.round(ms)));
    }
    if (ms < 10000) {
      return text('duration.sec', (Math.floor(ms / 100) / 10).toFixed(1));
    }
    var seconds = Math.floor(ms / 1000);
    if (seconds < 60) {
      return text('duration.sec', seconds);
    }
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return text('duration.min', minutes) + (seconds % 60 ? ' ' + text('duration.sec', seconds % 60) : '');
    }
    var hours = Math.floor(minutes / 60);
    if (hours < 24) {
      return text('duration.hr', hours) + (minutes % 60 ? ' ' + text('duration.min', minutes % 60) : '');
    }
    var days = Math.floor(hours / 24);
    return text(days === 1 ? 'duration.day' : 'duration.days', days)
      + (hours % 24 ? ' ' + text('duration.hr', hours % 24) : '');
  }

  /** "1–20 of 45": the rows a page of a list shows. */
  function range(page) {
    var first = page.total === 0 ? 0 : page.page * page.size + 1;
    return text('pages.range', first, page.page * page.size + page.items.length, page.total);
  }

  var PROTOCOL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/;

  /**
   * A moment for people: a <time> with the exact value on hover. An instant of the controller's clock
   * (2026-11-26T11:49:41.264Z) reads "3 min 5 sec ago"; a machine's own time stamp, which names no time zone
   * (2026-11-26 11:48:04.918310), reads "11:48:04", with the date when it is not today.
   */
  function time(document, value, now) {
    var node = element(document, 'time', 'system-tests-time');
    if (!value) {
      return node;
    }
    var local = PROTOCOL_TIME.exec(value);
    if (local) {
      var today = new Date(now === undefined ? Date.now() : now);
      var todayText = today.getFullYear() + '-' + String(today.getMonth() + 1).padStart(2, '0') + '-'
        + String(today.getDate()).padStart(2, '0');
      node.textContent = local[1] === todayText ? local[2] : local[1] + ' ' + local[2].substring(0, 5);
      node.setAttribute('title', value);
      node.setAttribute('datetime', local[1] + 'T' + local[2] + (local[3] || ''));
      return node;
    }
    var instant = Date.parse(value);
    if (isNaN(instant)) {
      node.textContent = value;
      return node;
    }
    var ago = (now === undefined ? Date.now() : now) - instant;
    node.textContent = ago < 1000 ? text('time.justNow') : text('time.ago', duration(ago));
    node.setAttribute('title', new Date(instant).toLocaleString());
    node.setAttribute('datetime', new Date(instant).toISOString());
    return node;
  }

  /** The flaky mark, beside a test's status badge: an icon and its word, never by colour alone. */
  function flakyMark(document) {
    var node = element(document, 'span', 'system-tests-status system-tests-status--' + FLAKY);
    node.appendChild(element(document, 'span', 'system-tests-status__icon', ICONS[FLAKY])).setAttribute('aria-hidden', 'true');
    node.appendChild(element(document, 'span', 'system-tests-status__text', statusWord(FLAKY)));
    node.setAttribute('title', text('test.flakyRetry'));
    return node;
  }

  /** "7 passed (1 flaky), 1 failed": the flaky tests marked beside the passed ones, as TestStatus.describe says it. */
  function countsText(counts, flaky) {
    var marked = flaky > 0 ? (counts.passed > 0 ? 'passed' : counts.warning > 0 ? 'warning' : null) : null;
    return ORDER.filter(function (s) { return counts[s] > 0; })
      .map(function (s) {
        return counts[s] + ' ' + statusWord(s) + (s === marked ? ' (' + flaky + ' ' + statusWord(FLAKY) + ')' : '');
      }).join(', ');
  }

  /** Fills a bar with one part per status, proportional to its count. */
  function fillProgress(document, bar, counts) {
    var total = ORDER.reduce(function (sum, s) { return sum + (counts[s] || 0); }, 0);
    bar.textContent = '';
    ORDER.forEach(function (s) {
      if (counts[s] > 0) {
        var part = element(document, 'span', 'system-tests-progress__part system-tests-status--' + s);
        part.style.width = (100 * counts[s] / total) + '%';
        part.setAttribute('title', counts[s] + ' ' + statusWord(s));
        bar.appendChild(part);
      }
    });
    return bar;
  }

  /** A path as the user wrote it: relative to where the run started (a build's workspace). */
  function relativePath(path, base) {
    var root = base.replace(/[\\/]+$/, '');
    if (!root || !path) {
      return path;
    }
    if (path === root) {
      return '.';
    }
    var separator = path.charAt(root.length);
    return path.indexOf(root) === 0 && (separator === '/' || separator === '\\') ? path.substring(root.length + 1) : path;
  }

  /**
   * A page of a run's build: `jenkinsRoot` + the build's URL (as Jenkins names it, job/lab/7/, or absolute, as a
   * machine may have reported it) + `rest`.
   */
  function buildHref(jenkinsRoot, buildUrl, rest) {
    var build = /^https?:\/\//.test(buildUrl) ? buildUrl : jenkinsRoot + '/' + String(buildUrl).replace(/^\/+/, '');
    return build.replace(/\/*$/, '/') + (rest || '');
  }

  /** A table row of cells, each a node or a text. */
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

  function isDigit(c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Names as people count them (machine-2 before machine-10), as the server sorts them (core.api.NaturalOrder, held
   * to the same examples by NaturalOrderTest): runs of digits by value, the rest ignoring case; names that differ
   * only in case or leading zeros still have an order.
   */
  function naturalCompare(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
        var startA = i;
        var startB = j;
        while (startA < a.length - 1 && a.charAt(startA) === '0' && isDigit(a.charAt(startA + 1))) { startA++; }
        while (startB < b.length - 1 && b.charAt(startB) === '0' && isDigit(b.charAt(startB + 1))) { startB++; }
        var endA = startA;
        var endB = startB;
        while (endA < a.length && isDigit(a.charAt(endA))) { endA++; }
        while (endB < b.length && isDigit(b.charAt(endB))) { endB++; }
        if (endA - startA !== endB - startB) {
          return (endA - startA) - (endB - startB);
        }
        var digitsA = a.substring(startA, endA);
        var digitsB = b.substring(startB, endB);
        if (digitsA !== digitsB) {
          return digitsA < digitsB ? -1 : 1;
        }
        i = endA;
        j = endB;
      } else {
        var lowerA = a.charAt(i).toLowerCase();
        var lowerB = b.charAt(j).toLowerCase();
        if (lowerA !== lowerB) {
          return lowerA < lowerB ? -1 : 1;
        }
        i++;
        j++;
      }
    }
    var rest = (a.length - i) - (b.length - j);
    var tie = rest !== 0 ? rest : a.length - b.length;
    return tie !== 0 ? tie : a === b ? 0 : a < b ? -1 : 1;
  }

  /** GETs JSON; an error answer's message (the API's {errorCode, message}) becomes the rejection. */
  function getJson(fetchImpl, url) {
    return fetchImpl(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body && body.message ? body.message : 'HTTP ' + response.status);
        }
        return body;
      });
    });
  }

  /**
   * POSTs JSON with Jenkins' crumb (from the page head's data-crumb-header/-value) and resolves to the status and the
   * answer's JSON, so callers can show the API's {errorCode, message} next to what the user typed.
   */
  function postJson(fetchImpl, document, url, body) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    var head = document.head;
    if (head && head.dataset && head.dataset.crumbHeader) {
      headers[head.dataset.crumbHeader] = head.dataset.crumbValue;
    }
    return fetchImpl(url, { method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
      });
  }

  function query(parameters) {
    return Object.keys(parameters).filter(function (k) { return parameters[k] !== '' && parameters[k] !== undefined; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(parameters[k]); }).join('&');
  }

  /** Marks a moment in the browser's performance timeline (the browser check reads when a page's list was drawn). */
  function mark(name) {
    if (global.performance && typeof global.performance.mark === 'function') {
      global.performance.mark(name);
    }
  }

  /** Runs start() once the page is ready, unless a test loads the script (SYSTEM_TESTS_NO_AUTOSTART). */
  function onReady(start) {
    if (!global.document || global.SYSTEM_TESTS_NO_AUTOSTART) {
      return;
    }
    if (global.document.readyState === 'loading') {
      global.document.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  }

  global.SystemTestsUi = {
    ICONS: ICONS, ORDER: ORDER, FAILURES: FAILURES, FLAKY: FLAKY, element: element, badge: badge, flakyMark: flakyMark,
    countsText: countsText, fillProgress: fillProgress,
    duration: duration, time: time, text: text, relativePath: relativePath, buildHref: buildHref, statusWord: statusWord, range: range,
    row: row, naturalCompare: naturalCompare, getJson: getJson, postJson: postJson, query: query, mark: mark, onReady: onReady
  };
})(this);
