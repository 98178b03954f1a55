/*
 * System Tests: upload tests to the controller's library and delete them. Files are read in the browser and sent as
 * JSON (base64) with Jenkins' crumb; the server checks every name, type and size.
 */
(function (global) {
  'use strict';

  function readAsBase64(file) {
    return new Promise(function (resolve, reject) {
      var reader = new global.FileReader();
      reader.onload = function () { resolve(String(reader.result).replace(/^data:[^,]*,/, '')); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(file);
    });
  }

  /** Asks before deleting: Jenkins' own dialog where there is one, the browser's confirm() otherwise. */
  function askJenkins(title, message, okText) {
    if (global.dialog && typeof global.dialog.confirm === 'function') {
      return global.dialog.confirm(title, { message: message, okText: okText, type: 'destructive' })
        .then(function () { return true; }, function () { return false; });
    }
    return Promise.resolve(global.confirm(title + '\n' + message));
  }

  function LibraryPage(root, options) {
    this.root = root;
    this.document = root.ownerDocument;
    this.fetch = options.fetch;
    this.reload = options.reload;
    this.confirm = options.confirm || askJenkins;
  }

  LibraryPage.prototype.say = function (text) {
    this.root.querySelector('.system-tests-message').textContent = text;
  };

  LibraryPage.prototype.post = function (url, body) {
    return global.SystemTestsUi.postJson(this.fetch, this.document, url, body);
  };

  LibraryPage.prototype.start = function () {
    var page = this;
    var form = page.root.querySelector('form.system-tests-upload');
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        page.upload(form);
      });
    }
    page.root.querySelectorAll('[data-delete-file]').forEach(function (button) {
      button.addEventListener('click', function () {
        var reference = 'library:' + button.getAttribute('data-delete-directory') + '/' + button.getAttribute('data-delete-file');
        page.confirm(reference, page.root.getAttribute('data-confirm-delete'), page.root.getAttribute('data-delete-text')).then(function (sure) {
          if (!sure) {
            return null;
          }
          return page.post(page.root.getAttribute('data-delete-url'), {
            directory: button.getAttribute('data-delete-directory'), file: button.getAttribute('data-delete-file')
          });
        }).then(function (result) {
          if (result === null) {
            return;
          }
          if (result.status === 200) {
            page.reload();
          } else {
            page.say(result.answer.message);
          }
        });
      });
    });
  };

  LibraryPage.prototype.upload = function (form) {
    var page = this;
    var files = Array.prototype.slice.call(form.elements.files.files || []);
    return Promise.all(files.map(function (file) {
      return readAsBase64(file).then(function (content) { return { name: file.name, content: content }; });
    })).then(function (encoded) {
      return page.post(page.root.getAttribute('data-upload-url'), {
        directory: form.elements.directory.value, overwrite: form.elements.overwrite.checked, files: encoded
      });
    }).then(function (result) {
      if (result.answer.files) {
        page.say(result.answer.files.map(function (f) {
          return f.saved ? global.SystemTestsUi.text('library.saved', f.file, f.reference)
            : global.SystemTestsUi.text('library.failed', f.file, f.message);
        }).join('; '));
        if (result.answer.saved > 0) {
          page.reload();
        }
      } else {
        page.say(result.answer.message);
      }
    }).catch(function (error) { page.say(error.message); });
  };

  global.SystemTestsLibrary = LibraryPage;

  global.SystemTestsUi.onReady(function () {
    global.document.querySelectorAll('[data-system-tests-library]').forEach(function (root) {
      new LibraryPage(root, { fetch: global.fetch.bind(global), reload: function () { global.location.reload(); } }).start();
    });
  });
})(this);
