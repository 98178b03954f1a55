'use strict';
/*
 * The plugin's pages in a real browser (Debian's Chromium through puppeteer-core), as a logged-in user sees them.
 * Run by the end-to-end suite (EndToEndTest) against its Jenkins:
 *
 *   node browser/check-pages.js <report.json> <config.json>
 *
 * config: {url, user, password, screenshots, pages: [{name, path, expect}], live: {path}, scale: {...}}. `expect` lists
 * selectors the page must show (charts drawn, links in place) once its scripts ran. Every page and every link on it
 * to another of the plugin's pages must answer 200 with no script error, no console error and no Content Security
 * Policy violation; each listed page is saved as <screenshots>/<name>.png. The live page is opened while its build
 * runs and must reach its end without a reload. `scale` (scale.js) reports a run of 10,000 tests and a lab of 1,000
 * machines, then measures their pages. The report lists what was checked and every problem; the exit code is 1 when
 * there is a problem.
 */
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const scale = require('./scale');

async function main() {
  const [reportFile, configFile] = process.argv.slice(2);
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const base = config.url.replace(/\/$/, '') + '/';
  const report = { visited: [], screenshots: [], live: null, problems: [] };
  fs.mkdirSync(config.screenshots, { recursive: true });

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Loopback only: the browser resolves no other host name.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    let current = 'login';
    page.on('pageerror', (error) => report.problems.push(current + ': script error: ' + error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        report.problems.push(current + ': HTTP ' + response.status() + ' for ' + response.url());
      }
    });
    page.on('requestfailed', (request) => {
      const error = (request.failure() || {}).errorText;
      if (error === 'net::ERR_ABORTED') {
        return; // cancelled by the next navigation, or a 204 that Chromium reports as aborted
      }
      report.problems.push(current + ': request failed: ' + request.url() + ' ' + error);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') {
        report.problems.push(current + ': console error: ' + message.text());
      }
    });
    await page.evaluateOnNewDocument(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at line ' + e.lineNumber);
      });
    });

    await page.goto(base + 'login', { waitUntil: 'networkidle2' });
    await page.type('input[name="j_username"]', config.user);
    await page.type('input[name="j_password"]', config.password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('button[name="Submit"]')]);

    const seen = new Set();
    async function visit(url, screenshot, expect) {
      current = url;
      seen.add(url);
      const response = await page.goto(url, { waitUntil: 'networkidle2', timeout: 60000 });
      const status = response ? response.status() : 0;
      report.visited.push({ url, status });
      if (status !== 200) {
        report.problems.push(url + ': HTTP ' + status);
      }
      for (const selector of expect || []) {
        try {
          await page.waitForSelector(selector, { timeout: 15000 });
        } catch (e) {
          report.problems.push(url + ': shows no ' + selector);
        }
      }
      const violations = await page.evaluate(() => window.__cspViolations || []);
      violations.forEach((v) => report.problems.push(url + ': CSP violation: ' + v));
      if (screenshot) {
        const file = path.join(config.screenshots, screenshot + '.png');
        await page.screenshot({ path: file, fullPage: true });
        report.screenshots.push(file);
      }
      return page.$$eval('a[href]', (anchors) => anchors.map((a) => a.href));
    }

    if (config.live) {
      const url = base + config.live.path;
      current = url + ' (live)';
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.evaluate(() => { window.__notReloaded = true; });
      const before = await page.$eval('[data-system-tests-run]', (run) => run.getAttribute('data-complete'));
      await page.waitForSelector('[data-system-tests-run][data-complete="true"]', { timeout: 120000 });
      const stillSamePage = await page.evaluate(() => window.__notReloaded === true);
      const passed = await page.$$eval('[data-system-tests-run] .system-tests-test', (rows) => rows.length);
      await page.screenshot({ path: path.join(config.screenshots, 'live-run-finished.png'), fullPage: true });
      report.live = { url, completeWhenOpened: before === 'true', followedWithoutReload: stillSamePage, rows: passed };
      if (before === 'true') {
        report.problems.push(url + ': the run had already ended when the page was opened; nothing live was seen');
      }
      if (!stillSamePage) {
        report.problems.push(url + ': the page reloaded instead of following the run');
      }
    }

    if (config.snippet) {
      // The Snippet Generator with the plugin's step chosen: its form (the freestyle step's fields) must render.
      const url = base + config.snippet.path;
      current = url + ' (snippet)';
      await page.goto(url, { waitUntil: 'networkidle2' });
      const choice = await page.$$eval('select option', (options, step) => {
        const option = options.find((o) => o.textContent.trim().startsWith(step + ':'));
        if (!option) {
          return null;
        }
        option.parentElement.setAttribute('data-check-pages-choice', 'true');
        return { value: option.value };
      }, config.snippet.step);
      if (!choice) {
        report.problems.push(url + ': the step ' + config.snippet.step + ' is not offered');
      } else {
        await page.select('select[data-check-pages-choice]', choice.value);
        try {
          await page.waitForSelector('textarea[name="_.tests"]', { visible: true, timeout: 15000 });
          await page.screenshot({ path: path.join(config.screenshots, 'snippet-generator.png'), fullPage: true });
          report.snippet = { step: config.snippet.step, form: true };
        } catch (e) {
          report.problems.push(url + ': the form of ' + config.snippet.step + ' did not render');
        }
      }
    }

    if (config.upload) {
      // The library's upload form as a user fills it: a directory, a file chosen from disk, Upload; then Delete.
      const url = base + config.upload.path;
      current = url + ' (upload)';
      await page.goto(url, { waitUntil: 'networkidle2' });
      await page.type('form.system-tests-upload input[name="directory"]', config.upload.directory);
      const input = await page.$('form.system-tests-upload input[name="files"]');
      await input.uploadFile(config.upload.file);
      await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2', timeout: 30000 }),
        page.click('form.system-tests-upload button[type="submit"]')]);
      const reference = 'library:' + config.upload.directory + '/' + path.basename(config.upload.file);
      const listed = await page.$$eval('code', (codes) => codes.map((c) => c.textContent));
      await page.screenshot({ path: path.join(config.screenshots, 'library-uploaded.png'), fullPage: true });
      const deleteButton = '[data-delete-directory="' + config.upload.directory + '"]';
      const canDelete = (await page.$(deleteButton)) !== null;
      if (canDelete) {
        await page.click(deleteButton);
        // Jenkins' own confirmation dialog: the delete happens only after its OK.
        const ok = await page.waitForSelector('dialog[open] button[data-id="ok"]', { timeout: 10000 });
        await page.screenshot({ path: path.join(config.screenshots, 'library-confirm-delete.png'), fullPage: true });
        await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2', timeout: 30000 }), ok.click()]);
      }
      const after = await page.$$eval('code', (codes) => codes.map((c) => c.textContent));
      report.upload = { reference, listedAfterUpload: listed.includes(reference), goneAfterDelete: !after.includes(reference) };
      if (!listed.includes(reference)) {
        report.problems.push(url + ': ' + reference + ' is not listed after the upload');
      }
      if (!canDelete || after.includes(reference)) {
        report.problems.push(url + ': ' + reference + ' could not be deleted');
      }
    }

    for (const listed of config.pages) {
      const links = await visit(base + listed.path, listed.name, listed.expect);
      const ours = links.map((href) => href.split('#')[0])
        .filter((href) => href.startsWith(base) && href.includes('system-tests') && !href.includes('/api/'));
      for (const link of [...new Set(ours)]) {
        if (!seen.has(link)) {
          await visit(link, null);
        }
      }
    }

    if (config.scale) {
      current = 'scale';
      report.scale = await scale.check(page, base, config, report.problems);
    }

  } catch (error) {
    report.problems.push('the browser check stopped: ' + (error && error.stack || error));
  } finally {
    await browser.close();
    fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  }
  process.exitCode = report.problems.length === 0 ? 0 : 1;
}

main();
