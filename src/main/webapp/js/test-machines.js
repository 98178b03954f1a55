/*
 * System Tests: "Add a test machine". Sends the form as JSON with Jenkins' crumb; the server checks every field and
 * answers with each problem, shown next to its field, or with the new agent, whose page the browser then opens.
 */
(function (global) {
  'use strict';

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
    var form = global.document.querySelector('form.system-tests-new-machine');
    if (form) {
      var rootUrl = form.getAttribute('data-create-url').replace(/\/system-tests\/test-machines\/create$/, '');
      new NewMachineForm(form, { rootUrl: rootUrl }).start();
    }
  });
})(this);
