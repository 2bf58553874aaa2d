// End-to-end tests of the demo dashboard (www/) in headless Chromium: the page served by
// scripts/serve-www.mjs, talking to the local API emulator. Run: node --test tests/e2e/
// Screenshots go to tests/e2e/.artifacts/; `make screenshots` (UPDATE_SCREENSHOTS=1) also refreshes
// the committed copies in www/screenshots/, so a plain test run leaves the tree clean.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { parseUsersCsv, validateField } from '../../pkg/index.mjs';
import { startEmulator } from '../js/emulator.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(root, 'tests/e2e/.artifacts');
const SCREENSHOTS = path.join(root, 'www/screenshots');
const SAMPLE = fs.readFileSync(path.join(root, 'www/sample-users.csv'), 'utf8');
const TIMEOUT = { timeout: 60_000 };

let emu;
let server;
let browser;
const consoleLog = []; // every console error/warning and page error of the monitored pages

/** Starts serve-www.mjs on a free port with the emulator's connection as its /config.json. */
async function startServer(emulator) {
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve-www.mjs'), '--port', '0'], {
    env: {
      ...process.env,
      DYNAMIC_USERS_API_URL: emulator.url,
      DYNAMIC_USERS_TOKEN: emulator.token,
      DYNAMIC_USERS_ENVIRONMENT: emulator.environmentId,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve-www exited with ${code}`)));
  });
  return {
    url: line.replace(/^serving /, ''),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

/** A fresh page (own context: nothing shared) at the given width, once the app is ready. */
async function openPage(width = 1280, { monitor = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  if (monitor) {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLog.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleLog.push(`pageerror: ${e.message}`));
  }
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  return page;
}

const text = (page, selector) => page.locator(selector).innerText();
const count = async (page, bucket) => Number(await text(page, `#count-${bucket}`));

/** Types into a form field the way a person does (input events), then waits out the debounce. */
async function type(page, selector, value) {
  await page.fill(selector, value);
  await page.waitForTimeout(300);
}

async function screenshot(locator, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await locator.screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(SCREENSHOTS, name));
  }
}

before(async () => {
  emu = await startEmulator(['--seed-demo', '--quiet']);
  server = await startServer(emu);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await emu?.stop();
  if (consoleLog.length) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'console.log'), consoleLog.join('\n') + '\n');
  }
});

test('edit: inline error from validateField disables Submit; the fix enables it; the update is stored', TIMEOUT, async () => {
  const seeded = (await emu.users()).find((u) => u.email === 'alan@example.com');
  const page = await openPage();
  try {
    await type(page, '#user-id', seeded.id);
    assert.equal(await page.isDisabled('#edit-submit'), false, 'a valid user id and no errors: Submit is enabled');

    await type(page, '#f-username', 'john doe');
    const expected = validateField('username', 'john doe')[0].message;
    await page.waitForSelector('#f-username-issues .issue.error');
    assert.equal(await text(page, '#f-username-issues'), `Error: ${expected}`);
    assert.equal(await page.getAttribute('#f-username', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#f-username', 'aria-describedby'), /\bf-username-issues\b/);
    assert.equal(await page.isDisabled('#edit-submit'), true, 'Submit is disabled while an error remains');

    await type(page, '#f-username', 'john_doe');
    await page.waitForFunction(() => document.querySelectorAll('#f-username-issues li').length === 0);
    assert.equal(await page.getAttribute('#f-username', 'aria-invalid'), null);
    assert.equal(await page.isDisabled('#edit-submit'), false);
    await type(page, '#f-firstName', 'Alan M.');
    await page.selectOption('#f-newsletterNotification', 'true');
    assert.deepEqual(JSON.parse(await text(page, '#edit-body')), { firstName: 'Alan M.', username: 'john_doe', newsletterNotification: true },
      'only the touched fields are sent');

    await page.click('#edit-submit');
    await page.waitForSelector('#edit-result-box:not([hidden])');
    const shown = JSON.parse(await text(page, '#edit-result'));
    assert.equal(await text(page, '#edit-state'), 'Updated.', 'the outcome stays on screen');
    assert.equal(shown.id, seeded.id);
    assert.equal(shown.username, 'john_doe');
    const stored = (await emu.users()).find((u) => u.id === seeded.id);
    assert.equal(stored.username, 'john_doe');
    assert.equal(stored.firstName, 'Alan M.');
    assert.equal(stored.country, seeded.country, 'untouched fields stay as they were');
  } finally {
    await page.context().close();
  }
});

test('import: the sample CSV preview shows issues; the summary matches parseUsersCsv and the stored users', TIMEOUT, async () => {
  const before = await emu.users();
  const beforeEmails = new Set(before.map((u) => u.email.toLowerCase()));
  const parsed = parseUsersCsv(SAMPLE);
  const errorLines = new Set(parsed.issues.filter((i) => i.severity === 'error' && i.path.startsWith('row '))
    .map((i) => Number(/^row (\d+)/.exec(i.path)[1])));
  const valid = parsed.users.map((u) => u.email.toLowerCase());
  const taken = valid.filter((e) => beforeEmails.has(e)); // a sample row repeats a seeded user on purpose

  const page = await openPage();
  try {
    await page.click('#load-sample');
    await page.waitForSelector('#preview:not([hidden])');
    assert.equal(await page.locator('#preview-table tbody tr').count(), parsed.users.length + errorLines.size);
    assert.equal(await page.locator('#preview-table tbody tr.row-error').count(), errorLines.size);
    assert.ok(await page.locator('#preview-table tbody tr.row-warning').count() >= 1, 'the checksum typo is a warning');
    assert.match(await text(page, '#file-issues'), /favourite_colour/);
    assert.match(await text(page, '#preview-table td.cell-error >> nth=0'), /\S/);
    assert.ok(await page.locator('#preview-table td.cell-error', { hasText: 'UK' }).count() === 1, 'the bad country cell is marked');

    await page.click('#import-start');
    await page.waitForSelector('#summary:not([hidden])');
    assert.equal(await count(page, 'total'), parsed.users.length + errorLines.size);
    assert.equal(await count(page, 'rejected'), errorLines.size, 'rejected = rows with errors');
    assert.equal(await count(page, 'failed'), taken.length);
    assert.equal(await count(page, 'created'), parsed.users.length - taken.length);
    assert.equal(await count(page, 'notSent'), 0);

    const after = await emu.users();
    const createdEmails = after.filter((u) => !before.some((b) => b.id === u.id)).map((u) => u.email.toLowerCase()).sort();
    assert.deepEqual(createdEmails, valid.filter((e) => !beforeEmails.has(e)).sort());
    assert.equal(createdEmails.length, await count(page, 'created'));

    await page.selectOption('#summary-filter', 'rejected');
    assert.equal(await page.locator('#summary-table tbody tr').count(), errorLines.size);
    assert.equal(await page.isDisabled('#download-remaining'), true, 'nothing left to do');
  } finally {
    await page.context().close();
  }
});

test('API errors: a wrong token shows a banner with kind http and status 401', TIMEOUT, async () => {
  const [user] = await emu.users();
  const page = await openPage();
  try {
    await page.fill('#conn-token', 'wrong-token');
    await page.locator('#conn-token').blur(); // `change` recreates the client
    await type(page, '#user-id', user.id);
    await type(page, '#f-jobTitle', 'Engineer');
    await page.click('#edit-submit');
    await page.waitForSelector('#edit-banner:not([hidden])');
    const banner = await text(page, '#edit-banner');
    assert.match(banner, /kind: http/);
    assert.match(banner, /status: 401/);
    assert.equal(await page.isHidden('#edit-result-box'), true);
    assert.ok(!banner.includes('wrong-token'), 'the token is never shown');
  } finally {
    await page.context().close();
  }
});

test('import: a file that cannot be read says why and cannot start; a wrong token says nothing was imported', TIMEOUT, async () => {
  const page = await openPage();
  try {
    const broken = {
      'unclosed.csv': ['email,firstName\nada@example.com,"Ada\nbob@example.com,Bob\n', /never closed/],
      'semicolons.csv': ['email;firstName\nx@example.com;X\n', /separated by ";"/],
      'empty.csv': ['', /no header row/],
    };
    for (const [name, [body, why]] of Object.entries(broken)) {
      await page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(body) });
      await page.waitForFunction((n) => document.getElementById('preview-name').textContent.includes(n), name);
      assert.match(await text(page, '#preview-counts'), /nothing in it can be imported/, name);
      assert.match(await text(page, '#file-issues'), why, name);
      assert.equal(await page.isDisabled('#import-start'), true, name);
      assert.equal(await page.isHidden('#preview-table'), true, `${name}: no rows marked ok`);
    }
    await page.setInputFiles('#csv-file', { name: 'ok.csv', mimeType: 'text/csv', buffer: Buffer.from('email\nwrong-token-row@example.com\n') });
    await page.waitForFunction(() => document.getElementById('preview-counts').textContent.startsWith('1 data rows'));
    await page.fill('#conn-token', 'wrong-token');
    await page.locator('#conn-token').blur();
    await page.click('#import-start');
    await page.waitForSelector('#summary:not([hidden])', { timeout: 20_000 });
    assert.match(await text(page, '#import-banner'), /Nothing was imported\. .*401/);
    assert.equal(await count(page, 'notSent'), 1);
  } finally {
    await page.context().close();
  }
});

test('import: Cancel midway leaves rows notSent; every row is accounted for; the emulator holds the created ones', TIMEOUT, async () => {
  await emu.clear();
  await emu.faults({ latency_ms: 300 });
  const ROWS = 2000;
  const header = 'Email,user_name,First Name';
  const csv = [header, ...Array.from({ length: ROWS }, (_, i) => `bulk${i}@example.com,bulk_${i},User ${i}`)].join('\n') + '\n';
  const page = await openPage();
  try {
    await page.setInputFiles('#csv-file', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction((n) => document.getElementById('preview-counts').textContent.startsWith(`${n} data rows`), ROWS);
    await page.fill('#import-batch', '50');
    await page.click('#import-start');
    await page.waitForFunction(() => Number(document.getElementById('import-progress').dataset.calls) >= 1, null, { timeout: 20_000 });
    await page.click('#import-cancel');
    await page.waitForSelector('#summary:not([hidden])', { timeout: 20_000 });

    const c = {};
    for (const b of ['total', 'created', 'updated', 'failed', 'rejected', 'notSent', 'ambiguous']) c[b] = await count(page, b);
    assert.equal(c.total, ROWS);
    assert.ok(c.notSent > 0, `some rows were not sent (${JSON.stringify(c)})`);
    assert.ok(c.created > 0, 'the first batches went through');
    assert.equal(c.created + c.updated + c.failed + c.rejected + c.notSent + c.ambiguous, ROWS);
    assert.equal(c.rejected + c.failed + c.updated + c.ambiguous, 0);
    const stored = await emu.users();
    assert.equal(stored.length, c.created, 'the emulator holds exactly the created users');

    // "Download rows still to do" re-emits the header and exactly the rows not stored.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-remaining')]);
    const lines = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
    assert.equal(lines[0], header);
    assert.equal(lines.length - 1, c.notSent);
    const storedEmails = new Set(stored.map((u) => u.email));
    const remainingEmails = lines.slice(1).map((l) => l.split(',')[0]);
    assert.ok(remainingEmails.every((e) => !storedEmails.has(e)));
    assert.equal(new Set([...storedEmails, ...remainingEmails]).size, ROWS, 'stored + remaining = the whole file');
  } finally {
    await emu.resetFaults();
    await page.context().close();
  }
});

test('screenshots at 1280 and 390 px: form with errors, import summary; no horizontal scroll at 390', TIMEOUT, async () => {
  // A fresh seeded emulator, reached by changing the connection panel's base URL.
  const fresh = await startEmulator(['--seed-demo', '--quiet']);
  const page = await openPage(1280);
  try {
    await page.fill('#conn-base-url', fresh.url);
    await page.locator('#conn-base-url').blur();
    await page.waitForFunction((u) => document.getElementById('conn-status').textContent.includes(u), fresh.url);
    const [user] = await fresh.users();
    await type(page, '#user-id', user.id);
    await type(page, '#f-firstName', 'Ada');
    await type(page, '#f-username', 'ada lovelace');
    await type(page, '#f-country', 'UK');
    await type(page, '#f-btcWallet', '3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc6');
    await type(page, '#f-kdaWallet', 'k:1234');
    await type(page, '#f-metadata', '{plan: "pro"}');
    await page.waitForSelector('#f-metadata-issues .issue.error');
    assert.equal(await page.locator('#edit-fields .issue.error').count(), 4);
    assert.equal(await page.locator('#edit-fields .issue.warning').count(), 1);
    assert.equal(await page.isDisabled('#edit-submit'), true);

    await page.click('#load-sample');
    await page.waitForSelector('#preview:not([hidden])');
    await page.click('#import-start');
    await page.waitForSelector('#summary:not([hidden])');
    assert.equal(await count(page, 'failed'), 1, 'the sample row that repeats a seeded user');

    await screenshot(page.locator('#edit'), 'form-errors-1280.png');
    await screenshot(page.locator('#import'), 'import-summary-1280.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(100);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 390, `no horizontal scroll at 390 px (scrollWidth ${overflow})`);
    await screenshot(page.locator('#edit'), 'form-errors-390.png');
    await screenshot(page.locator('#import'), 'import-summary-390.png');
  } finally {
    await page.context().close();
    await fresh.stop();
  }
});

test('the page works under its CSP meta: no CSP violations or page errors, and inline script is refused', TIMEOUT, async () => {
  const violations = consoleLog.filter((m) => /Content Security Policy|Refused to/i.test(m) || m.startsWith('pageerror'));
  assert.deepEqual(violations, [], 'no CSP violation or uncaught error on any page of the earlier tests');

  // The policy is in force: a probe page (not monitored) sees an injected inline script refused,
  // while the package (wasm under 'wasm-unsafe-eval') still validates.
  const page = await openPage(1280, { monitor: false });
  try {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    const directive = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
    }));
    assert.match(directive, /^script-src/);
    assert.equal(await page.evaluate(() => window.__inlineRan), undefined);
    await type(page, '#f-country', 'de');
    assert.match(await text(page, '#f-country-issues'), /use "DE"/);
  } finally {
    await page.context().close();
  }
});
