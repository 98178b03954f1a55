/*
 * System Tests: the timeline of a run that several environments shared, a lane per environment: the wait for its
 * lock, then each test it ran, coloured by status; the gaps between the bars are the time it held its environment
 * idle. Drawn with Jenkins' echarts (echarts-api); the table below the chart says the same in words, and stays when
 * echarts is missing. The data comes from the page (data-system-tests-timeline, JSON; no inline script); while the
 * build runs, run-progress.js asks for it again and draws it anew (draw).
 */
(function (global) {
  'use strict';

  var ui = global.SystemTestsUi;
  var charts = global.SystemTestsCharts;

  function color(kind, status) {
    var document = global.document;
    var style = document && document.body && global.getComputedStyle ? global.getComputedStyle(document.body) : null;
    var pick = function (variable, fallback) {
      var value = style ? style.getPropertyValue(variable).trim() : '';
      return value || fallback;
    };
    if (kind === 'wait') {
      return pick('--light-grey', '#cccccc');
    }
    var colors = {
      passed: ['--success-color', '#138347'], warning: ['--warning-color', '#a35e00'], failed: ['--error-color', '#c4000a'],
      error: ['--purple', '#7a1fa2'], cancelled: ['--text-color-secondary', '#5a5a5a'], running: ['--accent-color', '#0b6aa2'],
      skipped: ['--cyan', '#0e7490']
    };
    var pair = colors[status] || ['--medium-grey', '#9e9e9e'];
    return pick(pair[0], pair[1]);
  }

  /** The chart's options: one category per lane, one bar per item, from its start to its end (a custom series). */
  function options(view) {
    var data = view.items.map(function (item) {
      return {
        value: [item.lane, item.start, item.end],
        kind: item.kind, name: item.kind === 'wait' ? ui.text('timeline.wait') : item.name, status: item.status,
        itemStyle: { color: color(item.kind, item.status), opacity: item.kind === 'wait' ? 0.6 : 1 }
      };
    });
    return {
      animation: false, // drawn at once: the page is read, not watched
      tooltip: {
        formatter: function (p) {
          var words = p.data.kind === 'wait' ? p.data.name : p.data.name + ': ' + ui.statusWord(p.data.status);
          return words + ' (' + ui.duration(p.value[2] - p.value[1]) + ')';
        }
      },
      grid: { left: 90, right: 16, top: 8, bottom: 32 },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: {
        type: 'category', inverse: true,
        data: view.lanes.map(function (lane) { return ui.text('timeline.lane', lane); })
      },
      series: [{
        type: 'custom', encode: { x: [1, 2], y: 0 }, data: data,
        renderItem: function (params, api) {
          var start = api.coord([api.value(1), api.value(0)]);
          var end = api.coord([api.value(2), api.value(0)]);
          var height = api.size([0, 1])[1] * 0.6;
          return {
            type: 'rect',
            shape: { x: start[0], y: start[1] - height / 2, width: Math.max(1, end[0] - start[0]), height: height },
            style: api.style()
          };
        }
      }]
    };
  }

  /** The lanes in words: a row per environment with its tests, busy, idle and waiting time. */
  function table(document, view) {
    var t = document.createElement('table');
    t.className = 'jenkins-table jenkins-table--small system-tests-lanes';
    var head = document.createElement('tr');
    ['timeline.environment', 'timeline.tests', 'timeline.busy', 'timeline.idle', 'timeline.waited', 'timeline.state']
      .forEach(function (key) {
        var th = document.createElement('th');
        th.textContent = ui.text(key);
        head.appendChild(th);
      });
    var thead = document.createElement('thead');
    thead.appendChild(head);
    t.appendChild(thead);
    var body = document.createElement('tbody');
    view.totals.forEach(function (lane) {
      var row = document.createElement('tr');
      [lane.environment, String(lane.tests), ui.duration(lane.busyMs), ui.duration(lane.idleMs), ui.duration(lane.waitMs),
        lane.lostBecause ? lane.state + ': ' + lane.lostBecause : lane.state].forEach(function (value) {
        var td = document.createElement('td');
        td.textContent = value;
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    t.appendChild(body);
    return t;
  }

  /** Draws (or draws again) one holder's chart and table from its data-system-tests-timeline. */
  function draw(holder) {
    var view;
    try {
      view = JSON.parse(holder.getAttribute('data-system-tests-timeline'));
    } catch (e) {
      return;
    }
    var chart = holder.querySelector('.system-tests-timeline-chart');
    if (global.echarts && chart && charts) {
      charts.draw(chart, options(view), '', '');
    }
    var words = holder.querySelector('.system-tests-timeline-table');
    if (words) {
      words.textContent = '';
      words.appendChild(table(holder.ownerDocument, view));
    }
  }

  function drawAll(document) {
    document.querySelectorAll('[data-system-tests-timeline]').forEach(draw);
  }

  global.SystemTestsTimeline = { options: options, table: table, draw: draw, drawAll: drawAll };
  if (global.document && global.document.addEventListener) {
    global.document.addEventListener('DOMContentLoaded', function () { drawAll(global.document); });
  }
})(this);
