// parseUsersCsv from the built package, and importUsers with CSV text against the emulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DynamicUsersClient, parseUsersCsv } from '../../pkg/index.mjs';
import { startEmulator } from './emulator.mjs';

const fixture = (name) => fs.readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');

const issues = (parsed) => parsed.issues.map((i) => [i.path, i.code]);

test('RFC 4180: quotes, embedded commas, quotes and newlines, CRLF, BOM, blank lines, no final newline', () => {
  // Quotes and line breaks go in metadata: the API's names pattern refuses them in names.
  const text = '\uFEFFemail,First Name,metadata.note\r\n\r\n"ada@example.com","Ada, Countess","said ""hi""\r\nthen left"\r\n,,\r\ngrace@example.com,Grace,Admiral';
  const parsed = parseUsersCsv(text);
  assert.deepEqual(parsed.users, [
    { email: 'ada@example.com', firstName: 'Ada, Countess', metadata: { note: 'said "hi"\r\nthen left' } },
    { email: 'grace@example.com', firstName: 'Grace', metadata: { note: 'Admiral' } },
  ]);
  assert.deepEqual(parsed.lines, [3, 6], 'where each user starts in the file');
  assert.deepEqual(parsed.issues, []);
});

test('headers map case- and separator-insensitively; metadata, wallet and boolean columns', () => {
  const text = [
    'EMAIL,first_name,LastName,metadata.plan,metadata.Seats,wallet address,Wallet-Chain,walletName,walletProvider,Newsletter Notification,policiesConsent',
    'ada@example.com,Ada,Lovelace,pro,5,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,ETH,MetaMask,browserExtension,yes,0',
    'bob@example.com,Bob,,,,,,,,,',
  ].join('\n');
  const parsed = parseUsersCsv(text);
  assert.deepEqual(parsed.users[0], {
    email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', metadata: { plan: 'pro', Seats: '5' },
    wallets: [{ publicWalletAddress: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', chain: 'ETH', walletName: 'MetaMask', walletProvider: 'browserExtension' }],
    newsletterNotification: true, policiesConsent: false,
  });
  assert.deepEqual(parsed.users[1], { email: 'bob@example.com', firstName: 'Bob' }, 'empty cells mean absent');
});

test('rows with errors are left out and named by line; warnings keep their row; unknown columns once', () => {
  const text = [
    'email,username,favourite_colour,btcWallet,emial',
    'ada@example.com,ada,red,3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc6,x',
    'bad-email,bob,blue,,x',
    'ADA@example.com,carol,green,,x',
    'dan@example.com,dan!,,,x',
  ].join('\n');
  const parsed = parseUsersCsv(text);
  assert.deepEqual(parsed.users.map((u) => u.email), ['ada@example.com']);
  assert.deepEqual(parsed.lines, [2]);
  assert.deepEqual(issues(parsed), [
    ['column 3', 'unknown_column'],
    ['column 5', 'unknown_column'],
    ['row 3: email', 'invalid_email'],
    ['row 4: email', 'duplicate_email'],
    ['row 5: username', 'invalid_username'],
    ['row 2: btcWallet', 'checksum_mismatch'],
  ]);
  assert.match(parsed.issues[1].message, /did you mean "email"\?/);
  assert.match(parsed.issues[3].message, /row 2/);
});

test('cells are the text as written, past characters of every width and broken surrogates', () => {
  // Users are built from slices of this very string: offsets must count UTF-16 units, a BOM
  // included, and a lone surrogate must read as U+FFFD, as the validator saw it.
  // Free text in metadata: the API's names pattern refuses emoji, quotes and U+FFFD in names.
  const text = '\uFEFFemail,metadata.first,metadata.last,metadata.job\nzoe@example.com,Zoë 😀,"a ""q"" b",\uD800x\n' +
    'ok@example.com,😀😀,é,\nlast@example.com,plain,x\uDC00,end';
  assert.deepEqual(parseUsersCsv(text).users, [
    { email: 'zoe@example.com', metadata: { first: 'Zoë 😀', last: 'a "q" b', job: '\uFFFDx' } },
    { email: 'ok@example.com', metadata: { first: '😀😀', last: 'é' } },
    { email: 'last@example.com', metadata: { first: 'plain', last: 'x\uFFFD', job: 'end' } },
  ]);
});

test('odd input gives issues, never a throw', () => {
  for (const input of ['', '\n\n', 'email', '"unterminated\n', 42, null, undefined, 'a,b\n' + '"'.repeat(10000)]) {
    const parsed = parseUsersCsv(input);
    assert.ok(Array.isArray(parsed.users) && Array.isArray(parsed.issues), String(input).slice(0, 20));
  }
  assert.deepEqual(issues(parseUsersCsv(42)), [['', 'invalid_type']]);
  assert.deepEqual(issues(parseUsersCsv('')), [['row 1', 'invalid_csv']]);
});

test('a 50 MB file parses, with memory of a few copies at most', () => {
  const row = (i) => `user${i}@example.com,user_${i},"Name, with comma ${i}",Engineer,DE,pro\n`;
  const rows = [];
  let size = 0;
  for (let i = 0; size < 50 * 1024 * 1024; i++) {
    const r = row(i);
    rows.push(r);
    size += r.length;
  }
  const text = 'email,username,firstName,jobTitle,country,metadata.plan\n' + rows.join('');
  rows.length = 0;
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const parsed = parseUsersCsv(text);
  const ms = performance.now() - started;
  const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
  assert.equal(parsed.issues.length, 0);
  assert.equal(parsed.users.at(-1).firstName.startsWith('Name, with comma'), true);
  console.log(`# 50 MB CSV: ${parsed.users.length} users in ${ms.toFixed(0)} ms, RSS grew ${grown.toFixed(0)} MB`);
  assert.ok(grown < 50 * 12, `RSS grew ${grown} MB`);
});

let emu;
before(async () => {
  emu = await startEmulator(['--quiet']);
});
after(() => emu.stop());

test('importUsers takes CSV text and reports rows with their lines', async () => {
  const client = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url });
  const text = 'email,first name\nada@example.com,Ada\n\nnot-an-email,Bob\ngrace@example.com,Grace\n';
  const report = await client.importUsers(emu.environmentId, text);
  assert.deepEqual(report.created.map((r) => [r.index, r.line]), [[0, 2], [2, 5]]);
  assert.deepEqual(report.rejected.map((r) => [r.index, r.line, r.issues[0].path]), [[1, 4, 'row 4: email']]);
  assert.deepEqual((await emu.users()).map((u) => u.firstName).sort(), ['Ada', 'Grace']);
});

test('a broken file imports nothing; a row with shifted cells is rejected alone', async () => {
  const client = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url });
  await emu.clear();
  // A quote never closed swallows the rest of the file; a UTF-16 file read as UTF-8 has NUL bytes
  // in its header; two columns name one field. Each is refused whole, with the file's own issue,
  // before any request.
  const broken = {
    'email,firstName\nada@example.com,"Ada\nbob@example.com,Bob\ncee@example.com,Cee\n': 'row 2',
    'e\0m\0a\0i\0l\0\nx@example.com\n': 'row 1',
    'email,E-mail\na@example.com,b@example.com\n': 'row 1',
    '': 'row 1',
  };
  for (const [text, path] of Object.entries(broken)) {
    const parsed = parseUsersCsv(text);
    assert.deepEqual(parsed.users, [], JSON.stringify(text));
    assert.deepEqual(issues(parsed).filter(([, code]) => code === 'invalid_csv'), [[path, 'invalid_csv']]);
    const error = await client.importUsers(emu.environmentId, text).then(() => null, (e) => e);
    assert.equal(error?.kind, 'validation', JSON.stringify(text));
    assert.deepEqual(error.issues.filter((i) => i.code === 'invalid_csv').map((i) => i.path), [path]);
  }
  assert.match(parseUsersCsv('email;firstName\nx@example.com;X\n', { delimiter: ',' }).issues[0].message, /separated by a semicolon/);
  assert.deepEqual(await emu.users(), [], 'nothing was sent');

  // An unquoted comma shifts the cells after it: that row is rejected, the others go.
  const text = 'email,firstName,lastName\nann@example.com,Smith, Ann,Lee\nbob@example.com,Bob,Ray\n';
  assert.deepEqual(parseUsersCsv(text).users, [{ email: 'bob@example.com', firstName: 'Bob', lastName: 'Ray' }]);
  const report = await client.importUsers(emu.environmentId, text);
  assert.deepEqual(report.rejected.map((r) => [r.index, r.line, r.issues[0].path, r.issues[0].code]), [[0, 2, 'row 2', 'invalid_csv']]);
  assert.deepEqual(report.created.map((r) => r.index), [1]);
  assert.deepEqual((await emu.users()).map((u) => u.email), ['bob@example.com']);
});

test('importUsers with fix: true stores what the fixed rows say, and reports the fixes', async () => {
  const client = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url });
  await emu.clear();
  const report = await client.importUsers(emu.environmentId, fixture('hubspot-contacts.csv'), { fix: true, requestsPerMinute: Infinity });
  assert.deepEqual(report.created.map((r) => r.line), [2, 3, 4, 5]);
  assert.deepEqual(report.rejected.map((r) => [r.line, r.issues.map((i) => i.code)]), [[6, ['invalid_email', 'invalid_country']]]);
  assert.equal(report.fixes.length, 7);
  assert.deepEqual(report.fixes[0], { index: 0, line: 2, path: 'phoneNumber', from: '+1 (917) 111-3333', to: '+1 917 111-3333', code: 'invalid_text' });
  const stored = (await emu.users()).map((u) => [u.email, u.country, u.phoneNumber ?? null]).sort();
  assert.deepEqual(stored, [
    ['ada@example.com', 'US', '+1 917 111-3333'],
    ['grace@example.com', 'GB', null],
    ['jose@example.es', 'ES', '91 123 4567'],
    ['minjun@example.kr', 'KR', '+82 2-312-3456'],
  ]);

  // An array with fix: the same fixes, and columns with CSV text only.
  await emu.clear();
  const array = await client.importUsers(emu.environmentId, [{ email: ' x@example.com ', country: 'Czech Republic' }], { fix: true, requestsPerMinute: Infinity });
  assert.deepEqual(array.fixes.map((f) => [f.index, f.path, f.to]), [[0, 'email', 'x@example.com'], [0, 'country', 'CZ']]);
  assert.deepEqual((await emu.users()).map((u) => [u.email, u.country]), [['x@example.com', 'CZ']]);
  const columns = { 'E-Mail': 'email', Land: 'country' };
  const german = await client.importUsers(emu.environmentId, 'E-Mail;Land\ny@example.com;Turkey\n', { columns, fix: true, requestsPerMinute: Infinity });
  assert.deepEqual([german.created.length, german.fixes.map((f) => f.to)], [1, ['TR']]);
  const error = await client.importUsers(emu.environmentId, 'a\n', { columns: { a: 'emial' } }).then(() => null, (e) => e);
  assert.equal(error?.kind, 'config');
  assert.match(error.message, /did you mean "email"/);
  const plain = await client.importUsers(emu.environmentId, 'email\nz@example.com\n', { requestsPerMinute: Infinity });
  assert.deepEqual(plain.fixes, []);
});
