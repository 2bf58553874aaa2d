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

/** RFC 4180 records of a CSV text (quotes, doubled quotes, CRLF or LF), blank lines skipped. */
function parseCsv(body, delimiter = ',') {
  const records = [];
  let cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i <= body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch ?? '';
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) { cells.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r' || ch === undefined) {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c !== '')) records.push(cells);
      cells = [];
      cell = '';
    } else cell += ch;
  }
  return records;
}

/** The records of the downloaded "rows still to do" file. */
async function download(page, delimiter = ',') {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download-remaining')]);
  return parseCsv(fs.readFileSync(await file.path(), 'utf8'), delimiter);
}

/** The summary table's rows: line, bucket, email or username, reason. */
async function summaryRows(page) {
  return page.locator('#summary-table tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const [line, bucket, who, reason] = [...tr.cells].map((c) => c.textContent);
    return { line: Number(line), bucket, who, reason };
  }));
}

/** The progress bar is full and says 100 %. */
async function assertFullProgress(page) {
  const { value, max } = await page.locator('#import-progress').evaluate((p) => ({ value: p.value, max: p.max }));
  assert.equal(value, max, 'the progress bar is full');
  assert.match(await text(page, '#import-progress-text'), /^100 % · Done/);
}

/**
 * Every preview row's status and issues cells are inside the visible part of the table's box, with
 * the box not scrolled and the page not scrollable sideways: readable without horizontal scrolling.
 */
async function assertIssuesVisible(page, width) {
  const hidden = await page.evaluate(() => {
    const wrap = document.querySelector('#preview .table-wrap');
    wrap.scrollLeft = 0;
    const box = wrap.getBoundingClientRect();
    const out = [];
    for (const tr of document.querySelectorAll('#preview-table tbody tr')) {
      for (const cell of [tr.querySelector('.status-cell'), tr.querySelector('.row-issues')]) {
        const r = cell.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.right > document.documentElement.clientWidth) out.push(`line ${tr.dataset.line}: ${cell.className} ${r.left}-${r.right} of ${box.left}-${box.right}`);
      }
    }
    return out;
  });
  assert.deepEqual(hidden, [], `status and issues visible without scrolling at ${width} px`);
  assert.ok(await page.locator('#preview-table tbody tr .row-issues .issue').count() > 0, 'the check saw issues');
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
    // The mapping step shows what the package makes of each header, wallet parts included.
    const guessed = await page.locator('#mapping-fields select').evaluateAll((selects) => selects.map((s) => s.value));
    assert.deepEqual(guessed, ['firstName', 'lastName', 'email', 'username', 'country', 'jobTitle', 'metadata.plan', 'btcWallet',
      'walletAddress', 'walletChain', 'walletName', 'walletProvider', 'newsletterNotification', '']);
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

    await assertFullProgress(page);

    // The summary names each rejected and failed row: its line, its email (or username) and why.
    await page.selectOption('#summary-filter', 'rejected');
    const rejected = await summaryRows(page);
    assert.deepEqual(rejected.map((r) => r.line), [...errorLines].sort((a, b) => a - b));
    const sampleLines = SAMPLE.split('\n'); // the sample has no line breaks inside cells
    const cellsAt = (line) => parseCsv(sampleLines[line - 1])[0];
    for (const row of rejected) {
      const cells = cellsAt(row.line);
      assert.equal(row.bucket, 'rejected');
      assert.equal(row.who, cells[2].trim() || cells[3].trim() || '—', `line ${row.line}: email, else username`);
      const errors = parsed.issues.filter((i) => i.severity === 'error' && i.path.startsWith(`row ${row.line}:`));
      for (const i of errors) assert.ok(row.reason.includes(i.message), `line ${row.line}: reason names "${i.message}"`);
    }
    await page.selectOption('#summary-filter', 'failed');
    const failed = await summaryRows(page);
    assert.equal(failed.length, taken.length);
    for (const row of failed) {
      assert.ok(taken.includes(row.who.toLowerCase()), `failed line ${row.line} names the seeded user's email`);
      assert.match(row.reason, /^email_already_exists: /);
    }

    // "Rows still to do" holds the rejected and failed rows as the file has them, plus why.
    assert.equal(await page.isDisabled('#download-remaining'), false);
    const rows = await download(page);
    assert.deepEqual(rows[0], [...cellsAt(1), 'Why not imported']);
    const todo = [...rejected, ...failed].sort((a, b) => a.line - b.line);
    assert.equal(rows.length - 1, todo.length, 'one row per rejected or failed row');
    todo.forEach((r, k) => {
      const row = rows[k + 1];
      const cells = cellsAt(r.line);
      assert.deepEqual(row.slice(0, cells.length), cells, `line ${r.line}: the row as the file has it`);
      assert.equal(row.length, cellsAt(1).length + 1, `line ${r.line}: the reason is in the last column`);
      assert.equal(row.at(-1), `${r.bucket}: ${r.reason}`, `line ${r.line}: says why`);
    });
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
      'no-field.csv': ['Kunde,Ort\nx@example.com,Berlin\n', /No column of the header names a user field/],
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

    // "Download rows still to do" re-emits the header and exactly the rows not stored, with why.
    const lines = await download(page);
    assert.equal(lines[0].join(','), `${header},Why not imported`);
    assert.equal(lines.length - 1, c.notSent);
    assert.ok(lines.slice(1).every((l) => l.length === 4 && /^not sent: /.test(l[3])), 'each row says it was not sent');
    const storedEmails = new Set(stored.map((u) => u.email));
    const remainingEmails = lines.slice(1).map((l) => l[0]);
    assert.ok(remainingEmails.every((e) => !storedEmails.has(e)));
    assert.equal(new Set([...storedEmails, ...remainingEmails]).size, ROWS, 'stored + remaining = the whole file');
  } finally {
    await emu.resetFaults();
    await page.context().close();
  }
});

test('import: the mapping step and "Apply N fixes" on a semicolon export with German headers; rejected rows downloadable', TIMEOUT, async () => {
  const headers = ['E-Mail', 'Vorname', 'Land', 'Telefon', 'Newsletter', 'Kundennummer'];
  const GERMAN = [
    headers.join(';'),
    ' ada.map@example.com ;Ada;Germany;+49 (30) 1234567;x;K-1',
    'bob.map@example.com;Bob;DE;+49 30 7654321;;K-2',
    'carol.map.example.com;Carol;fr;;X;K-3',
  ].join('\r\n') + '\r\n';
  const columns = { Vorname: 'firstName', Land: 'country', Telefon: 'phoneNumber', Newsletter: 'newsletterNotification', Kundennummer: 'metadata.Kundennummer' };
  const guessed = parseUsersCsv(GERMAN);
  const mapped = parseUsersCsv(GERMAN, { columns });
  const fixed = parseUsersCsv(GERMAN, { columns, fix: true });
  // The fixture: Germany, the spaces round Ada's email, her phone's parentheses and Carol's "fr" have
  // mechanical fixes; Carol's email has none, so her row stays rejected.
  assert.ok(fixed.fixes.length >= 4, `fixes of the fixture: ${JSON.stringify(fixed.fixes)}`);
  assert.deepEqual(fixed.users.map((u) => u.email), ['ada.map@example.com', 'bob.map@example.com']);

  const page = await openPage();
  try {
    await page.setInputFiles('#csv-file', { name: 'kunden.csv', mimeType: 'text/csv', buffer: Buffer.from(GERMAN) });
    await page.waitForSelector('#mapping:not([hidden])');
    // One labelled select per column, preset to the package's guess: E-Mail is email, the rest ignored.
    for (const [c, name] of headers.entries()) {
      assert.equal(await text(page, `label[for="map-${c}"]`), name);
      assert.equal(await page.inputValue(`#map-${c}`), c === 0 ? 'email' : '', `${name}: guessed`);
      assert.match(await page.getAttribute(`#map-${c}`, 'aria-describedby'), new RegExp(`\\bmap-${c}-hint\\b`));
    }
    assert.equal(await text(page, '#preview-counts'), `3 data rows: ${guessed.users.length} ready to send, ${3 - guessed.users.length} with errors (will be rejected).`);

    await page.selectOption('#map-1', 'firstName');
    await page.selectOption('#map-2', 'country');
    await page.selectOption('#map-3', 'phoneNumber');
    await page.selectOption('#map-4', 'newsletterNotification');
    await page.selectOption('#map-5', 'metadata.Kundennummer');
    assert.equal(await text(page, '#preview-counts'), `3 data rows: ${mapped.users.length} ready to send, ${3 - mapped.users.length} with errors (will be rejected).`);
    assert.ok(await page.locator('#preview-table td.cell-error', { hasText: 'Germany' }).count() === 1, 'the mapped country column is checked');

    // "Apply N fixes" lists every change before it is made.
    assert.equal(await text(page, '#apply-fixes'), `Apply ${fixed.fixes.length} fixes`);
    const listed = await page.locator('#fixes-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(listed.map(([line, , from, to, code]) => ({ line: Number(line), from, to, code })),
      fixed.fixes.map(({ line, from, to, code }) => ({ line, from, to, code })));
    await page.click('#apply-fixes');
    assert.equal(await page.getAttribute('#apply-fixes', 'aria-pressed'), 'true');
    assert.equal(await text(page, '#preview-counts'), `3 data rows: ${fixed.users.length} ready to send, ${3 - fixed.users.length} with errors (will be rejected).`);
    assert.equal(await page.locator('#preview-table td.cell-fixed', { hasText: 'DE' }).count(), 1, 'the fixed value is shown');

    await page.click('#import-start');
    await page.waitForSelector('#summary:not([hidden])');
    assert.equal(await count(page, 'created'), fixed.users.length);
    assert.equal(await count(page, 'rejected'), 3 - fixed.users.length);
    await assertFullProgress(page);

    // The emulator holds what the fixed rows say.
    const stored = await emu.users();
    for (const user of fixed.users) {
      const got = stored.find((u) => u.email === user.email);
      assert.ok(got, `${user.email} is stored`);
      for (const [key, value] of Object.entries(user)) assert.deepEqual(got[key], value, `${user.email}: ${key}`);
    }
    const ada = stored.find((u) => u.email === 'ada.map@example.com');
    assert.equal(ada.country, 'DE');
    assert.equal(ada.firstName, 'Ada');
    assert.equal(ada.newsletterNotification, true);
    assert.equal(ada.metadata?.Kundennummer, 'K-1');

    await page.selectOption('#summary-filter', 'rejected');
    const [carol] = await summaryRows(page);
    assert.equal(carol.line, 4);
    assert.equal(carol.who, 'carol.map.example.com');
    assert.match(carol.reason, /email: .*not a valid email/);

    // The download keeps the file's delimiter and header, and says why in a last column.
    const rows = await download(page, ';');
    assert.deepEqual(rows[0], [...headers, 'Why not imported']);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1].slice(0, -1), ['carol.map.example.com', 'Carol', 'fr', '', 'X', 'K-3']);
    assert.equal(rows[1].at(-1), `rejected: ${carol.reason}`);
  } finally {
    await page.context().close();
  }
});

test('import: mapping an unknown column makes a file importable', TIMEOUT, async () => {
  const body = 'Kunde,Ort\nmapped.only@example.com,Berlin\n';
  const page = await openPage();
  try {
    await page.setInputFiles('#csv-file', { name: 'kunde.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });
    await page.waitForSelector('#mapping:not([hidden])');
    assert.equal(await page.isDisabled('#import-start'), true, 'no column names a user field');
    await page.selectOption('#map-0', 'email');
    await page.selectOption('#map-1', 'metadata.Ort');
    assert.equal(await text(page, '#preview-counts'), '1 data rows: 1 ready to send, 0 with errors (will be rejected).');
    await page.click('#import-start');
    await page.waitForSelector('#summary:not([hidden])');
    assert.equal(await count(page, 'created'), 1);
    await assertFullProgress(page);
    const user = (await emu.users()).find((u) => u.email === 'mapped.only@example.com');
    assert.equal(user?.metadata?.Ort, 'Berlin');
  } finally {
    await page.context().close();
  }
});

test('custom fields: the environment\'s select, checkbox and pattern field in the form, validated live; the CSV preview checks them', TIMEOUT, async () => {
  // A user of its own: earlier tests may have cleared the seeded ones.
  const created = await fetch(`${emu.url}/environments/${emu.environmentId}/users/bulk?upsert=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ email: 'kyc.form@example.com' }]),
  }).then((r) => r.json());
  const seeded = [...created.created, ...created.updated][0];
  await emu.customFields([
    { name: 'kycId', fieldType: 'text', required: true, validationRules: { regex: '^[A-Z]{2}\\d{4}$' } },
    { name: 'tier', fieldType: 'select', required: true, validationRules: { validOptions: [{ label: 'Gold' }, { label: 'Silver' }] } },
    { name: 'terms', fieldType: 'checkbox', required: true, validationRules: { checkboxText: 'I accept the terms' } },
  ]);
  const page = await openPage();
  try {
    await page.waitForSelector('#custom-box:not([hidden]) #cf-terms');
    assert.equal(await text(page, 'label[for="cf-terms"] >> nth=1'), 'I accept the terms');
    assert.deepEqual(await page.locator('#cf-tier option').allTextContents(), ['(choose)', 'Gold', 'Silver']);
    assert.match(await text(page, '#cf-kycId-hint'), /Pattern: \^\[A-Z\]\{2\}/);
    await type(page, '#user-id', seeded.id);

    await type(page, '#cf-kycId', 'ab12');
    await page.waitForSelector('#cf-kycId-issues .issue.error');
    assert.match(await text(page, '#cf-kycId-issues'), /does not match the environment's pattern/);
    assert.equal(await page.isDisabled('#edit-submit'), true);
    await type(page, '#cf-kycId', 'AB1234');
    await page.waitForFunction(() => document.querySelectorAll('#cf-kycId-issues li').length === 0);

    await page.selectOption('#cf-tier', 'Silver');
    await page.check('#cf-terms');
    await page.uncheck('#cf-terms');
    await page.waitForSelector('#cf-terms-issues .issue.error');
    assert.match(await text(page, '#cf-terms-issues'), /must be checked/);
    assert.equal(await page.isDisabled('#edit-submit'), true);
    await page.check('#cf-terms');
    await page.waitForFunction(() => document.querySelectorAll('#cf-terms-issues li').length === 0);
    assert.equal(await page.isDisabled('#edit-submit'), false);
    assert.deepEqual(JSON.parse(await text(page, '#edit-body')), { metadata: { kycId: 'AB1234', tier: 'Silver', terms: true } });

    await page.click('#edit-submit');
    await page.waitForSelector('#edit-result-box:not([hidden])');
    const stored = (await emu.users()).find((u) => u.id === seeded.id);
    assert.deepEqual(stored.metadata, { kycId: 'AB1234', tier: 'Silver', terms: true });

    // The preview holds the file's rows to the same fields: columns named like them fill metadata.
    const body = 'email,kycId,tier,terms\ncf1@example.com,CD1234,Gold,yes\ncf2@example.com,CD12,Bronze,no\n';
    await page.setInputFiles('#csv-file', { name: 'kyc.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });
    await page.waitForSelector('#preview-counts');
    assert.equal(await text(page, '#preview-counts'), '2 data rows: 1 ready to send, 1 with errors (will be rejected).');
    const expected = parseUsersCsv(body, { customFields: await (await fetch(`${emu.url}/environments/${emu.environmentId}/custom/fields`, { headers: { authorization: `Bearer ${emu.token}` } })).json() });
    assert.deepEqual(expected.issues.map((i) => i.code), ['custom_field_pattern', 'custom_field_option', 'custom_field_required']);
    const preview = await text(page, '#preview');
    for (const issue of expected.issues) assert.ok(preview.includes(issue.message), `the preview shows: ${issue.message}`);
  } finally {
    await page.context().close();
    await emu.customFields([]);
  }
});

test('screenshots at 1280 and 390 px: form with errors, mapping and preview, import summary; issues in view, no horizontal scroll', TIMEOUT, async () => {
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

    await screenshot(page.locator('#edit'), 'form-errors-1280.png');

    // The mapping step and the preview, fixes offered, at both widths: status and issues in view.
    await page.click('#load-sample');
    await page.waitForSelector('#preview:not([hidden])');
    await page.waitForSelector('#fixes:not([hidden])');
    await assertIssuesVisible(page, 1280);
    const noScroll = async (width) => {
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `no horizontal scroll at ${width} px (scrollWidth ${scrollWidth})`);
    };
    await noScroll(1280);
    await screenshot(page.locator('#import'), 'import-preview-1280.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(100);
    await assertIssuesVisible(page, 390);
    await noScroll(390);
    await screenshot(page.locator('#edit'), 'form-errors-390.png');
    await screenshot(page.locator('#import'), 'import-preview-390.png');

    await page.click('#apply-fixes');
    await page.click('#import-start');
    await page.waitForSelector('#summary:not([hidden])');
    assert.equal(await count(page, 'failed'), 1, 'the sample row that repeats a seeded user');
    await assertFullProgress(page);
    await noScroll(390);
    await screenshot(page.locator('#import'), 'import-summary-390.png');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(100);
    await screenshot(page.locator('#import'), 'import-summary-1280.png');
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
