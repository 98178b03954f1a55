/*
 * System Tests: the Test machines page. The list, as the server wrote it, is sorted naturally (machine-2 before
 * machine-10), shown a page at a time, filtered by a part of the name and by state as the user types, its times written
 * as Jenkins writes them ("3 min 4 sec ago", the exact time on hover). "Add a test machine" sends its form as JSON
 * with Jenkins' crumb; the server checks every field and answers with each problem, shown next to its field, or with
 * the new agent, whose page the browser then opens.
 */
(function (global) {
  'use strict';

  var FILTER_DELAY_MS = 150;

  /**
   * The machines table: its rows are taken out of the page once, and only the current page's rows are put back.
   *
   * @param table   the table the server wrote (one row per machine, with data-name and data-state)
   * @param options now() -> the clock; delay(fn, ms) for typing
   */
  function MachinesList(table, options) {
    var ui = global.SystemTestsUi;
    this.table = table;
    this.document = table.ownerDocument;
    this.body = table.tBodies[0];
    this.now = (options && options.now) || function () { return Date.now(); };
    this.delay = (options && options.delay) || function (fn, ms) { return global.setTimeout(fn, ms); };
    this.form = this.document.querySelector('form[data-system-tests-machine-filter]');
    this.pager = this.document.querySelector('[data-system-tests-machine-pages]');
    this.machines = Array.prototype.map.call(this.body.rows, function (row) {
      var name = row.getAttribute('data-name') || '';
      return { row: row, name: name, lower: name.toLowerCase(), state: row.getAttribute('data-state') || '', timed: false };
    }).sort(function (a, b) { return ui.naturalCompare(a.name, b.name); });
    this.query = { q: '', state: '', page: 0 };
    // As many as the server shows before the script runs (its other rows are hidden until then).
    this.pageSize = Number(table.getAttribute('data-page-size')) || 50;
  }

  MachinesList.prototype.start = function () {
    var list = this;
    if (list.form) {
      list.form.hidden = false;
      list.form.addEventListener('submit', function (event) { event.preventDefault(); });
      var typed = null;
      list.form.elements.q.addEventListener('input', function () {
        var value = list.form.elements.q.value;
        typed = value;
        list.delay(function () {
          if (typed === value) {
            list.filter();
          }
        }, FILTER_DELAY_MS);
      });
      list.form.elements.state.addEventListener('change', function () { list.filter(); });
    }
    if (list.pager) {
      list.pager.hidden = false;
      list.pager.querySelectorAll('[data-page]').forEach(function (button) {
        button.addEventListener('click', function () {
          list.query.page += Number(button.getAttribute('data-page'));
          list.show();
        });
      });
    }
    list.show();
    global.SystemTestsUi.mark('system-tests:machines-listed');
    return list;
  };

  MachinesList.prototype.filter = function () {
    this.query.q = this.form.elements.q.value.trim().toLowerCase();
    this.query.state = this.form.elements.state.value;
    this.query.page = 0;
    this.show();
  };

  /** Puts the current page's rows in the table, in one write. */
  MachinesList.prototype.show = function () {
    var list = this;
    var ui = global.SystemTestsUi;
    var document = list.document;
    var query = list.query;
    var matching = list.machines.filter(function (machine) {
      return (query.q === '' || machine.lower.indexOf(query.q) >= 0) && (query.state === '' || machine.state === query.state);
    });
    var size = list.pageSize;
    var pages = Math.max(1, Math.ceil(matching.length / size));
    query.page = Math.min(Math.max(0, query.page), pages - 1);
    var items = matching.slice(query.page * size, (query.page + 1) * size);
    var fragment = document.createDocumentFragment();
    var now = list.now();
    items.forEach(function (machine) {
      machine.row.hidden = false;
      list.humanTime(machine, now);
      fragment.appendChild(machine.row);
    });
    if (items.length === 0) {
      var empty = ui.element(document, 'tr');
      var cell = ui.element(document, 'td', null, ui.text(list.machines.length === 0 ? 'machines.none' : 'machines.noMatch'));
      cell.setAttribute('colspan', String(list.table.tHead ? list.table.tHead.rows[0].cells.length : 1));
      empty.appendChild(cell);
      fragment.appendChild(empty);
    }
    list.body.textContent = '';
    list.body.appendChild(fragment);
    if (list.pager) {
      list.pager.querySelector('.system-tests-page-info').textContent =
        ui.range({ page: query.page, size: size, items: items, total: matching.length });
      list.pager.querySelector('[data-page="-1"]').disabled = query.page === 0;
      list.pager.querySelector('[data-page="1"]').disabled = query.page >= pages - 1;
    }
  };

  /** The last activity as Jenkins writes times ("3 min 4 sec ago", the exact time on hover), when its row is shown. */
  MachinesList.prototype.humanTime = function (machine, now) {
    var written = machine.row.querySelector('time[datetime]');
    if (written && (!machine.timed || machine.timedAt !== now)) {
      var human = global.SystemTestsUi.time(this.document, written.getAttribute('datetime'), now);
      written.parentNode.replaceChild(human, written);
      machine.timed = true;
      machine.timedAt = now;
    }
  };

  global.SystemTestsMachinesList = MachinesList;

  var FIELDS = ['name', 'host', 'port', 'credentialsId', 'os', 'remoteRoot', 'executors', 'labels'];

  function NewMachineForm(form, options) {
    this.form = form;
    this.document = form.ownerDocument;
    this.fetch = (options && options.fetch) || global.fetch.bind(global);
    this.open = (options && options.open) || function (url) { global.location.href = url; };
    this.rootUrl = (options && options.rootUrl) || '';
  }

  NewMachineForm.prototype.clearProblems = function () {
    this.form.querySelectorAll('.system-tests-field-problem').forEach(function (node) { node.remove(); });
  };

  NewMachineForm.prototype.showProblem = function (field, text) {
    var input = this.form.elements[field];
    var note = this.document.createElement('p');
    note.className = 'system-tests-field-problem jenkins-form-description';
    note.textContent = text;
    if (input && input.parentElement) {
      input.parentElement.appendChild(note);
    } else {
      this.form.querySelector('.system-tests-message').appendChild(note);
    }
  };

  NewMachineForm.prototype.submit = function () {
    var self = this;
    var body = {};
    FIELDS.forEach(function (field) {
      var input = self.form.elements[field];
      body[field] = input ? input.value : '';
    });
    var message = self.form.querySelector('.system-tests-message');
    self.clearProblems();
    message.textContent = global.SystemTestsUi.text('machine.adding', body.name);
    return global.SystemTestsUi.postJson(self.fetch, self.document, self.form.getAttribute('data-create-url'), body)
      .then(function (result) {
        if (result.status === 201) {
          message.textContent = global.SystemTestsUi.text('machine.added', result.answer.name, result.answer.labels);
          self.open(self.rootUrl + '/computer/' + encodeURIComponent(result.answer.name) + '/');
          return;
        }
        message.textContent = result.answer.message || ('HTTP ' + result.status);
        (result.answer.problems || []).forEach(function (problem) {
          self.showProblem(problem.field, problem.message);
        });
      })
      .catch(function () {
        message.textContent = global.SystemTestsUi.text('machine.unreachable');
      });
  };

  NewMachineForm.prototype.start = function () {
    var self = this;
    self.form.addEventListener('submit', function (event) {
      event.preventDefault();
      self.submit();
    });
  };

  global.SystemTestsNewMachineForm = NewMachineForm;

  global.SystemTestsUi.onReady(function () {
    var table = global.document.querySelector('table[data-system-tests-machines]');
    if (table) {
      new MachinesList(table).start();
    }
    var form = global.document.querySelector('form.system-tests-new-machine');
    if (form) {
      var rootUrl = form.getAttribute('data-create-url').replace(/\/system-tests\/test-machines\/create$/, '');
      new NewMachineForm(form, { rootUrl: rootUrl }).start();
    }
  });
})(this);
