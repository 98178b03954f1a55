'use strict';
/*
 * A build's run page in a real browser (Debian's Chromium through puppeteer-core) while the build's agent drops and
 * comes back: the "agent offline" notice must appear and then go without a reload. Run by SshAgentEndToEndTest:
 *
 *   node browser/agent-offline.js <report.json> <config.json>
 *
 * config: {url, user, password, path, screenshots}. Prints "opened" once the page follows the running build, so the
 * test then breaks the agent. The report says when (ms after opening) the notice was shown and hidden, its text, and
 * whether the page stayed the same document; the exit code is 1 when something is missing.
 */
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

async function main() {
  const [reportFile, configFile] = process.argv.slice(2);
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const base = config.url.replace(/\/$/, '') + '/';
  const report = { problems: [] };
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
    page.on('pageerror', (error) => report.problems.push('script error: ' + error.message));
    await page.goto(base + 'login', { waitUntil: 'networkidle2' });
    await page.type('input[name="j_username"]', config.user);
    await page.type('input[name="j_password"]', config.password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('button[name="Submit"]')]);

    await page.goto(base + config.path, { waitUntil: 'domcontentloaded' });
    await page.evaluate(() => { window.__notReloaded = true; });
    const opened = Date.now();
    report.hiddenWhenOpened = await page.$eval('[data-system-tests-agent-offline]', (notice) => notice.hidden);
    console.log('opened');

    const visible = '[data-system-tests-agent-offline]:not([hidden])';
    await page.waitForSelector(visible, { timeout: 90000 });
    report.shownAfterMs = Date.now() - opened;
    report.text = await page.$eval(visible, (notice) => notice.textContent);
    await page.screenshot({ path: path.join(config.screenshots, 'agent-offline-notice.png'), fullPage: true });

    await page.waitForSelector('[data-system-tests-agent-offline][hidden]', { timeout: 180000 });
    report.hiddenAfterMs = Date.now() - opened;
    report.sameDocument = await page.evaluate(() => window.__notReloaded === true);
  } catch (e) {
    report.problems.push(String(e && e.message || e));
  } finally {
    await browser.close();
    fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  }
  process.exitCode = report.problems.length === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
