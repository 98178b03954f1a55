/*
 * System Tests: "Find test files" under the tests field. Asks the step's descriptor for the test files of the job's
 * workspace and the test library, offers them in a multi-select, and adds the chosen ones to the tests field, one per
 * line, skipping those already there. File names come from the workspace: they are only ever set as text.
 */
(function (global) {
  'use strict';

  function optionGroup(document, select, label, values) {
    if (!values || values.length === 0) {
      return;
    }
    var group = document.createElement('optgroup');
    group.label = label;
    values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      group.appendChild(option);
    });
    select.appendChild(group);
  }

  function init(picker, fetchImpl) {
    if (picker.getAttribute('data-picker-ready') === 'true') {
      return;
    }
    picker.setAttribute('data-picker-ready', 'true');
    var document = picker.ownerDocument;
    var fetcher = fetchImpl || global.fetch.bind(global);
    var field = picker.parentElement.querySelector('textarea');
    var choices = picker.querySelector('.system-tests-test-picker__choices');
    var select = picker.querySelector('.system-tests-test-picker__files');
    var note = picker.querySelector('.system-tests-test-picker__note');
    // The words come from the view (config.jelly, translatable), the English ones only where a page lacks them.
    var say = function (name, english) { return picker.getAttribute('data-text-' + name) || english; };

    picker.querySelector('.system-tests-test-picker__find').addEventListener('click', function () {
      note.textContent = say('looking', 'Looking for test files…');
      return fetcher(picker.getAttribute('data-url'), { credentials: 'same-origin' })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.errorCode) {
            note.textContent = answer.message;
            return;
          }
          select.textContent = '';
          optionGroup(document, select, say('workspace', 'Workspace'), answer.files);
          optionGroup(document, select, say('library', 'Test library'), answer.library);
          var count = (answer.files || []).length + (answer.library || []).length;
          choices.hidden = count === 0;
          note.textContent = answer.note + (count === 0 ? ' ' + say('none', '(none found)') : '');
        })
        .catch(function () {
          note.textContent = say('failed', 'The test files could not be listed; type the paths instead.');
        });
    });

    picker.querySelector('.system-tests-test-picker__add').addEventListener('click', function () {
      var lines = field.value.split(/\r?\n/).map(function (line) { return line.trim(); })
        .filter(function (line) { return line.length > 0; });
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        if (lines.indexOf(option.value) < 0) {
          lines.push(option.value);
        }
      });
      field.value = lines.join('\n');
      field.dispatchEvent(new global.Event('change', { bubbles: true })); // re-runs the field's validation
    });
  }

  global.SystemTestsTestPicker = { init: init };

  if (global.Behaviour) { // Jenkins: also for build steps added to the form after the page loaded
    global.Behaviour.specify('.system-tests-test-picker', 'system-tests-test-picker', 0, function (picker) {
      init(picker);
    });
  }
})(this);
