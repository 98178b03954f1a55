/*
 * System Tests: the "System tests" build parameter's tree on Build with Parameters. Builds a foldable tree of check
 * boxes from the view's data-offer ({workspace, library, selected, note}): the workspace's tests by folder, the
 * library's by directory. A folder's box checks or clears the tests under it that the search shows; a search shows
 * the tests whose path contains it and opens their folders. Each test is a check box named "tests" with its path in
 * the json attribute, so Jenkins' form sends the checked ones. Paths come from the workspace: only ever set as text.
 */
(function (global) {
  'use strict';

  var LIBRARY_PREFIX = 'library:';

  function folderNode(document, name) {
    var details = document.createElement('details');
    details.className = 'system-tests-test-tree__folder';
    var summary = document.createElement('summary');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'system-tests-test-tree__folder-box';
    box.setAttribute('aria-label', name);
    var label = document.createElement('span');
    label.textContent = name;
    summary.appendChild(box);
    summary.appendChild(label);
    var list = document.createElement('ul');
    details.appendChild(summary);
    details.appendChild(list);
    return { element: details, box: box, list: list, folders: {}, leaves: [] };
  }

  function leafNode(document, name, path, checked) {
    var item = document.createElement('li');
    item.className = 'system-tests-test-tree__test';
    var label = document.createElement('label');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'tests';
    box.setAttribute('json', path);
    box.checked = checked;
    var text = document.createElement('span');
    text.textContent = name;
    label.appendChild(box);
    label.appendChild(text);
    item.appendChild(label);
    item.setAttribute('data-path', path);
    return item;
  }

  /** Adds each path under the group, one folder per directory; returns the group. */
  function grow(document, group, paths, strip, selected) {
    paths.forEach(function (path) {
      var parts = path.substring(strip).split('/');
      var folder = group;
      for (var i = 0; i < parts.length - 1; i++) {
        if (!folder.folders[parts[i]]) {
          var child = folderNode(document, parts[i]);
          folder.folders[parts[i]] = child;
          folder.list.appendChild(child.element);
        }
        folder = folder.folders[parts[i]];
      }
      var leaf = leafNode(document, parts[parts.length - 1], path, selected.indexOf(path) >= 0);
      folder.leaves.push(leaf);
      folder.list.appendChild(leaf);
    });
    return group;
  }

  function eachFolder(folder, action) {
    Object.keys(folder.folders).forEach(function (name) {
      eachFolder(folder.folders[name], action);
    });
    action(folder);
  }

  function leavesUnder(folder) {
    var all = folder.leaves.slice();
    Object.keys(folder.folders).forEach(function (name) {
      all = all.concat(leavesUnder(folder.folders[name]));
    });
    return all;
  }

  function boxOf(leaf) {
    return leaf.querySelector('input');
  }

  function init(root) {
    if (root.getAttribute('data-tree-ready') === 'true') {
      return;
    }
    root.setAttribute('data-tree-ready', 'true');
    var document = root.ownerDocument;
    var say = function (name, english) { return root.getAttribute('data-text-' + name) || english; };
    var offer = JSON.parse(root.getAttribute('data-offer') || '{}');
    var selected = offer.selected || [];
    var nodes = root.querySelector('.system-tests-test-tree__nodes');
    var search = root.querySelector('.system-tests-test-tree__search');
    var count = root.querySelector('.system-tests-test-tree__count');
    root.querySelector('.system-tests-test-tree__note').textContent = offer.note || '';

    var groups = [];
    if ((offer.workspace || []).length > 0) {
      groups.push(grow(document, folderNode(document, say('workspace', 'Workspace')), offer.workspace, 0, selected));
    }
    if ((offer.library || []).length > 0) {
      groups.push(grow(document, folderNode(document, say('library', 'Test library')), offer.library,
        LIBRARY_PREFIX.length, selected));
    }
    groups.forEach(function (group) {
      group.element.classList.add('system-tests-test-tree__group');
      nodes.appendChild(group.element);
    });
    var none = document.createElement('p');
    none.className = 'jenkins-description system-tests-test-tree__none';
    none.textContent = groups.length === 0 ? say('empty', 'No tests to choose from') : say('none', 'No test matches');
    none.hidden = groups.length > 0;
    nodes.appendChild(none);

    /** A folder's box: checked when all its shown tests are, mixed when some are. */
    function refresh() {
      groups.forEach(function (group) {
        eachFolder(group, function (folder) {
          var shown = leavesUnder(folder).filter(function (leaf) { return !leaf.hidden; });
          var checked = shown.filter(function (leaf) { return boxOf(leaf).checked; }).length;
          folder.box.checked = shown.length > 0 && checked === shown.length;
          folder.box.indeterminate = checked > 0 && checked < shown.length;
        });
      });
      var total = root.querySelectorAll('input[name="tests"]:checked').length;
      count.textContent = say('count', '{0} selected').replace('{0}', String(total));
    }

    function filter() {
      var term = search.value.trim().toLowerCase();
      var any = false;
      groups.forEach(function (group) {
        eachFolder(group, function (folder) {
          folder.leaves.forEach(function (leaf) {
            leaf.hidden = term !== '' && leaf.getAttribute('data-path').toLowerCase().indexOf(term) < 0;
          });
          var shown = leavesUnder(folder).some(function (leaf) { return !leaf.hidden; });
          folder.element.hidden = !shown;
          if (term !== '' && shown) {
            folder.element.open = true;
          }
          any = any || shown;
        });
      });
      none.hidden = any || groups.length === 0;
      if (groups.length === 0) {
        none.hidden = false;
      }
      refresh();
    }

    function setOpen(open) {
      groups.forEach(function (group) {
        eachFolder(group, function (folder) { folder.element.open = open; });
      });
    }

    groups.forEach(function (group) {
      eachFolder(group, function (folder) {
        // Folders holding a chosen test start open, the others folded; the two groups always open.
        folder.element.open = folder === group || leavesUnder(folder).some(function (leaf) { return boxOf(leaf).checked; });
        folder.box.addEventListener('click', function (event) {
          event.stopPropagation(); // a click on the box must not fold the folder
        });
        folder.box.addEventListener('change', function () {
          leavesUnder(folder).forEach(function (leaf) {
            if (!leaf.hidden) {
              boxOf(leaf).checked = folder.box.checked;
            }
          });
          refresh();
        });
      });
    });
    root.addEventListener('change', function (event) {
      if (event.target.name === 'tests') {
        refresh();
      }
    });
    search.addEventListener('input', filter);
    search.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        event.preventDefault(); // Enter searches; it does not start the build
      }
    });
    root.querySelector('.system-tests-test-tree__expand').addEventListener('click', function () { setOpen(true); });
    root.querySelector('.system-tests-test-tree__collapse').addEventListener('click', function () { setOpen(false); });
    refresh();
  }

  global.SystemTestsTestTree = { init: init };

  if (global.Behaviour) { // Jenkins applies it to the form as it loads
    global.Behaviour.specify('.system-tests-test-tree', 'system-tests-test-tree', 0, function (root) {
      init(root);
    });
  }
})(this);
