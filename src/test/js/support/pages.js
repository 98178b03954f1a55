// What the page tests share: the plugin's real views as Jenkins would render them, its real scripts run in jsdom, and
// the JSON fixtures the real endpoint code writes (PageFixturesTest, into target/js-fixtures).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { JSDOM } = require('jsdom');

const base = path.resolve(__dirname, '../../../..');

/** A file of the project, by its path from the project's root. */
function read(relativePath) {
  return fs.readFileSync(path.join(base, relativePath), 'utf8');
}

/** A view, by its path under the plugin's Jenkins package (e.g. 'pages/SystemTestsJobAction/index.jelly'). */
function view(name) {
  return read('src/main/resources/io/jenkins/plugins/systemtests/jenkins/' + name);
}

/** The part of a text from the first `start` up to `end` (excluded; the end of the text when absent). */
function between(text, start, end) {
  const from = text.indexOf(start);
  const to = end === undefined ? text.length : text.indexOf(end, from);
  if (from < 0 || to < 0) {
    throw new Error('the view no longer has ' + (from < 0 ? start : end));
  }
  return text.slice(from, to);
}

/**
 * Jelly markup as Jenkins renders it in English at /jenkins: first each [pattern, replacement] of `replacements`
 * (the view's own expressions and tags), then ${rootURL} and ${%text}.
 */
function render(jelly, replacements = [], texts = {}) {
  let html = jelly;
  for (const [pattern, replacement] of replacements) {
    html = html.replace(pattern, replacement);
  }
  // What a page method returns per run and a test did not give (null in Jenkins: the attribute is left out) is empty.
  return html.replace(/\$\{rootURL\}/g, '/jenkins').replace(/\$\{%([^}]*)\}/g, (all, key) => texts[key] ?? key)
    .replace(/\$\{it\.[a-zA-Z]+Of\(run\.id\)\}/g, '');
}

/** A .properties file of the plugin's Jenkins package as {key: text} (e.g. 'steps/SystemTestsBuilder/config'). */
function properties(name) {
  const texts = {};
  for (const line of read('src/main/resources/io/jenkins/plugins/systemtests/jenkins/' + name + '.properties').split('\n')) {
    const match = /^([^#=\s][^=]*)=(.*)$/.exec(line);
    if (match) {
      texts[match[1].trim()] = match[2].replace(/\\u([0-9a-fA-F]{4})/g, (all, hex) => String.fromCharCode(parseInt(hex, 16)))
        .replace(/''/g, "'"); // as MessageFormat renders ${%key}
    }
  }
  return texts;
}

/** A JSON fixture written by the real endpoint code. */
function fixture(name) {
  return JSON.parse(read('target/js-fixtures/' + name));
}

/** The scripts' texts as Jenkins hands them to a page in English (ui-text.properties). */
function uiText() {
  return properties('ui-text');
}

/** The element each page carries with the scripts' texts: ui-text.jelly as Jenkins renders it. */
function uiTextHolder() {
  const texts = uiText();
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return between(view('ui-text.jelly'), '<div', '</j:jelly>')
    .replace(/\$\{%([^}]*)\}/g, (all, key) => escape(texts[key] ?? key));
}

/**
 * A page holding `markup`, with Jenkins' crumb in the head, after the given scripts (paths from the project's root)
 * ran with autostart off, so that each test starts its view with its own fetch.
 */
function jenkinsWindow(markup, scripts, options = {}) {
  const dom = new JSDOM('<!DOCTYPE html><head data-crumb-header="Jenkins-Crumb" data-crumb-value="c0ffee"></head>'
    + '<body>' + uiTextHolder() + markup + '</body>', { runScripts: 'outside-only', ...(options.url ? { url: options.url } : {}) });
  const window = dom.window;
  window.SYSTEM_TESTS_NO_AUTOSTART = true;
  for (const script of scripts) {
    window.eval(read(script));
  }
  return window;
}

const COMMON_JS = 'src/main/webapp/js/common.js';

/** Lets pending promises and zero-delay timers run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

module.exports = { uiText, properties, read, view, between, render, fixture, jenkinsWindow, settle, COMMON_JS };
