'use strict';
/*
 * Build with Parameters in a real browser (Debian's Chromium through puppeteer-core), as a user with Job/Build fills
 * it: the System tests tree searched and ticked, the Test environment chosen, the form submitted. Run by the
 * end-to-end suite (BuildParametersEndToEndTest) against its Jenkins:
 *
 *   node browser/build-with-parameters.js <report.json> <config.json>
 *
 * config: {url, user, password, job, untick: [paths], search, tick: [paths], environment, screenshot}. The report
 * says what the form offered and sent ({offered, checked, count, environment, submitted}) and every problem (HTTP
 * error, script or console error, CSP violation, a test or environment the form did not offer); the exit code is 1
 * when there is a problem.
 */
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

async function main() {
  const [reportFile, configFile] = process.argv.slice(2);
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const base = config.url.replace(/\/$/, '') + '/';
  const report = { problems: [], submitted: false };

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Loopback only: the browser resolves no other host name.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    let current = 'login';
    page.on('pageerror', (error) => report.problems.push(current + ': script error: ' + error.message));
    // Jenkins answers the GET of Build with Parameters with 405 and the form (a build itself needs a POST); Chromium
    // reports that status in the console too. Every other 4xx/5xx is a problem.
    const theForm = (url) => /\/job\/[^/]+\/build\?delay=0sec$/.test(url || '');
    page.on('response', (response) => {
      const form = response.status() === 405 && response.request().resourceType() === 'document'
        && theForm(response.url());
      if (response.status() >= 400 && !form) {
        report.problems.push(current + ': HTTP ' + response.status() + ' for ' + response.url());
      }
    });
    page.on('console', (message) => {
      const formStatus = theForm((message.location() || {}).url) && message.text().includes('status of 405');
      if (message.type() === 'error' && !formStatus) {
        report.problems.push(current + ': console error: ' + message.text());
      }
    });
    await page.evaluateOnNewDocument(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
      });
    });

    await page.goto(base + 'login', { waitUntil: 'networkidle2' });
    await page.type('input[name="j_username"]', config.user);
    await page.type('input[name="j_password"]', config.password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('button[name="Submit"]')]);

    // As a user gets there: the job's page, then its Build with Parameters link.
    current = 'job/' + config.job + '/';
    await page.goto(base + current, { waitUntil: 'networkidle2' });
    current = 'job/' + config.job + '/build';
    const link = 'a[href$="/job/' + config.job + '/build?delay=0sec"]';
    await page.waitForSelector(link, { timeout: 15000 });
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click(link)]);
    const tree = '.system-tests-test-tree[data-tree-ready="true"]';
    await page.waitForSelector(tree, { timeout: 15000 });
    report.offered = await page.$$eval(tree + ' input[name="tests"]', (boxes) => boxes.map((b) => b.getAttribute('json')));

    const box = (test) => tree + ' li[data-path="' + test + '"] input[name="tests"]';
    for (const test of config.untick || []) {
      if (await page.$eval(box(test), (b) => b.checked)) {
        await page.click(box(test));
      }
    }
    await page.type(tree + ' .system-tests-test-tree__search', config.search);
    for (const test of config.tick) {
      try {
        await page.waitForSelector(box(test), { visible: true, timeout: 5000 });
        await page.click(box(test));
      } catch (e) {
        report.problems.push(current + ': the search "' + config.search + '" shows no ' + test);
      }
    }
    report.checked = await page.$$eval(tree + ' input[name="tests"]:checked', (boxes) => boxes.map((b) => b.getAttribute('json')));
    report.count = await page.$eval(tree + ' .system-tests-test-tree__count', (p) => p.textContent.trim());

    const select = '.system-tests-environment-parameter select';
    const chosen = await page.select(select, config.environment);
    if (chosen.length !== 1) {
      report.problems.push(current + ': the environment list offers no ' + config.environment);
    }
    report.environment = await page.$eval(select, (s) => s.options[s.selectedIndex].textContent.trim());

    const violations = await page.evaluate(() => window.__cspViolations || []);
    violations.forEach((v) => report.problems.push(current + ': CSP violation: ' + v));
    fs.mkdirSync(path.dirname(config.screenshot), { recursive: true });
    await page.screenshot({ path: config.screenshot, fullPage: true });

    current = current + ' (submit)';
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2', timeout: 30000 }),
      page.click('form[name="parameters"] button[name="Submit"], form[action^="build"] button.jenkins-button--primary')]);
    report.submitted = true;
    report.landedOn = page.url();
  } catch (error) {
    report.problems.push('the browser check stopped: ' + (error && error.stack || error));
  } finally {
    await browser.close();
    fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  }
  process.exitCode = report.problems.length === 0 ? 0 : 1;
}

main();
