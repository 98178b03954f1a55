'use strict';
/*
 * A build's run page kept open in a real browser (Debian's Chromium through puppeteer-core) while the build runs, as
 * a user watching it: for RealSuitesBuildBenchmark, which times the whole build with the page open.
 *
 *   node browser/live-page.js <config.json>        config: {url, user, password}
 *
 * Logs in, prints "ready", then reads lines on stdin: a path (job/x/1/system-tests/) opens that page and leaves it
 * following the build (opened once the build has a run); "done" prints one JSON line (the counts the page drew, its test rows, whether
 * it showed its runs complete, whether it reloaded since, script errors) and exits.
 */
const fs = require('fs');
const readline = require('readline');
const puppeteer = require('puppeteer-core');

async function main() {
  const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const base = config.url.replace(/\/$/, '') + '/';
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Loopback only: the browser resolves no other host name.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  const problems = [];
  let opened = null;
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    page.on('pageerror', (error) => problems.push('script error: ' + error.message));
    await page.goto(base + 'login', { waitUntil: 'networkidle2' });
    await page.type('input[name="j_username"]', config.user);
    await page.type('input[name="j_password"]', config.password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('button[name="Submit"]')]);
    console.log('ready');

    const lines = readline.createInterface({ input: process.stdin });
    for await (const line of lines) {
      if (line === 'done') {
        break;
      }
      // The page lists the runs its build has when it is opened, then follows them: it is opened once the build's
      // first run exists, asked of the read API (as light as a user's glance; reloading the page itself until then
      // would load the machine more than the build does).
      const started = Date.now();
      const build = line.replace(/system-tests\/$/, '');
      while (Date.now() - started < 60000) {
        const listed = await page.evaluate(async (url, wanted) => {
          const answer = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
          const runs = answer.ok ? (await answer.json()).items || [] : [];
          return runs.some((run) => (run.buildUrl || '').endsWith(wanted));
        }, base + 'system-tests/api/v1/runs?size=20', build);
        if (listed) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const response = await page.goto(base + line, { waitUntil: 'domcontentloaded' });
      const status = response ? response.status() : 0;
      const runs = (await page.$$('[data-system-tests-run]')).length;
      await page.evaluate(() => { window.__notReloaded = true; });
      opened = { path: line, status, runs, openedAfterMs: Date.now() - started };
    }
    const seen = opened && await page.evaluate(() => ({
      // The run's counts as drawn ("506 passed 1 warning 2 skipped"); rows are drawn only for opened groups.
      counts: [...document.querySelectorAll('[data-system-tests-run] .system-tests-counts')]
        .map((counts) => counts.textContent.trim()),
      rows: document.querySelectorAll('[data-system-tests-run] .system-tests-test').length,
      runs: document.querySelectorAll('[data-system-tests-run]').length,
      complete: [...document.querySelectorAll('[data-system-tests-run]')]
        .every((run) => run.getAttribute('data-complete') === 'true'),
      notReloaded: window.__notReloaded === true,
    }));
    console.log(JSON.stringify({ opened, seen, problems }));
  } finally {
    await browser.close();
  }
  process.exit(0); // stdin, still open, would keep Node running
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
