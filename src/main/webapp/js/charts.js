/*
 * System Tests: trend charts drawn with Jenkins' own chart library (the echarts-api plugin's `echarts`). Building a
 * chart's options is kept apart from drawing it, so the options can be checked without a canvas; without `echarts`
 * (a page whose adjunct did not load) nothing is drawn and the tables below the charts still tell the story.
 */
(function (global) {
  'use strict';

  var ui = global.SystemTestsUi;
  /** Each status' colour: Jenkins' theme variables, with the light theme's values where a page lacks them. */
  var COLORS = {
    passed: ['--success-color', '#138347'], warning: ['--warning-color', '#a35e00'],
    failed: ['--error-color', '#c4000a'], error: ['--purple', '#7a1fa2'], cancelled: ['--text-color-secondary', '#5a5a5a'],
    unknown: ['--medium-grey', '#9e9e9e'], running: ['--accent-color', '#0b6aa2'], waiting: ['--light-grey', '#cccccc'],
    skipped: ['--cyan', '#0e7490']
  };

  function color(status) {
    var pair = COLORS[status] || COLORS.unknown;
    var document = global.document;
    var value = document && document.body && global.getComputedStyle
      ? global.getComputedStyle(document.body).getPropertyValue(pair[0]).trim() : '';
    return value || pair[1];
  }

  /** A build as Jenkins names it on a job's page: #5 for job/lab/job/nightly/5/. */
  function buildName(buildUrl) {
    var number = /(\d+)\/?$/.exec(buildUrl || '');
    return number ? '#' + number[1] : String(buildUrl);
  }

  function axis(names) {
    return { type: 'category', data: names, axisLabel: { color: color('cancelled') } };
  }

  /**
   * Tests per status across builds, oldest to newest, one stacked bar per run: the trend of a job. Each bar's data
   * item carries the build's URL (`link`), which a click opens.
   */
  function statusTrend(runs) {
    var oldestFirst = runs.slice().reverse();
    var series = ui.ORDER.filter(function (status) {
      return oldestFirst.some(function (run) { return run.counts[status] > 0; });
    }).map(function (status) {
      return {
        name: ui.statusWord(status), type: 'bar', stack: 'tests', itemStyle: { color: color(status) },
        data: oldestFirst.map(function (run) { return { value: run.counts[status] || 0, link: run.buildUrl }; })
      };
    });
    return {
      animation: false, // drawn at once: the page is read, not watched
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: color('cancelled') } },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: axis(oldestFirst.map(function (run) { return buildName(run.buildUrl); })),
      yAxis: { type: 'value', name: ui.text('chart.tests'), minInterval: 1 },
      series: series
    };
  }

  /** How long each run took across builds, oldest to newest, in milliseconds. */
  function durationTrend(runs) {
    var oldestFirst = runs.slice().reverse();
    return {
      animation: false, // drawn at once: the page is read, not watched
      tooltip: { trigger: 'axis', valueFormatter: function (ms) { return ui.duration(ms); } },
      grid: { left: 48, right: 16, top: 24, bottom: 24 },
      xAxis: axis(oldestFirst.map(function (run) { return buildName(run.buildUrl); })),
      yAxis: { type: 'value', name: ui.text('chart.duration'), axisLabel: { formatter: function (ms) { return ui.duration(ms); } } },
      legend: { top: 0, textStyle: { color: color('cancelled') } },
      series: [{
        name: ui.text('chart.duration'), type: 'line', itemStyle: { color: color('running') },
        data: oldestFirst.map(function (run) { return { value: run.durationMs, link: run.buildUrl }; })
      }].concat(oldestFirst.some(function (run) { return run.testTimeMs !== undefined && run.testTimeMs !== null; }) ? [{
        // The summed time of the run's tests: above the wall time when several environments shared the run.
        name: ui.text('chart.testTime'), type: 'line', lineStyle: { type: 'dashed' }, itemStyle: { color: color('cancelled') },
        data: oldestFirst.map(function (run) { return { value: run.testTimeMs === undefined ? null : run.testTimeMs, link: run.buildUrl }; })
      }] : [])
    };
  }

  function passing(status) {
    return status === 'passed' || status === 'warning';
  }

  function failing(status) {
    return status === 'failed' || status === 'error';
  }

  /**
   * One test across builds, oldest to newest: its duration, each point coloured by its status, and the builds where
   * it flipped between passing and failing marked "flip" (what makes it flaky).
   */
  function testHistory(items) {
    var ran = items.filter(function (item) { return item.status && item.status !== 'running'; }).reverse();
    var flips = [];
    var previous = null;
    ran.forEach(function (item, n) {
      if (passing(item.status) || failing(item.status)) {
        if (previous !== null && previous !== passing(item.status)) {
          flips.push(n);
        }
        previous = passing(item.status);
      }
    });
    var points = ran.map(function (item) {
      return {
        value: item.durationMs === undefined ? 0 : item.durationMs, link: item.buildUrl,
        status: item.status, itemStyle: { color: color(item.status) }
      };
    });
    return {
      animation: false, // drawn at once: the page is read, not watched
      tooltip: {
        trigger: 'item',
        formatter: function (p) { return p.name + ': ' + ui.statusWord(p.data.status) + ', ' + ui.duration(p.data.value); }
      },
      grid: { left: 48, right: 16, top: 32, bottom: 24 },
      xAxis: axis(ran.map(function (item) { return buildName(item.buildUrl); })),
      yAxis: { type: 'value', name: ui.text('chart.duration'), axisLabel: { formatter: function (ms) { return ui.duration(ms); } } },
      series: [{
        name: ui.text('chart.duration'), type: 'line', symbolSize: 10, lineStyle: { color: color('cancelled') },
        data: points,
        markPoint: {
          symbol: 'pin', symbolSize: 36, itemStyle: { color: color('warning') }, label: { fontSize: 9 },
          data: flips.map(function (n) { return { name: ui.text('test.flip'), coord: [n, points[n].value], value: ui.text('test.flip') }; })
        }
      }]
    };
  }

  /**
   * Draws options into an element with Jenkins' echarts; a click on a bar or point opens its `link` (a build's URL
   * below `jenkinsRoot`, plus `suffix`). Returns the chart, or null when echarts is not on the page.
   */
  function draw(element, options, jenkinsRoot, suffix) {
    if (!global.echarts || !element) {
      return null;
    }
    var chart = global.echarts.getInstanceByDom(element) || global.echarts.init(element);
    chart.setOption(options, true);
    chart.off('click');
    chart.on('click', function (event) {
      if (event.data && event.data.link) {
        global.location.href = ui.buildHref(jenkinsRoot, event.data.link, suffix);
      }
    });
    if (!element.getAttribute('data-resizes')) {
      element.setAttribute('data-resizes', 'true');
      global.addEventListener('resize', function () { chart.resize(); });
    }
    return chart;
  }

  global.SystemTestsCharts = {
    statusTrend: statusTrend, durationTrend: durationTrend, testHistory: testHistory, draw: draw, buildName: buildName
  };
})(this);
