// Hostile peers and hostile environments (issue #23), against the built package: an API that echoes
// the token at every offset of a long message, a token pasted into every field that messages echo,
// a polluted Object.prototype, answers that explode (10 MiB cap, gzip bombs), a Retry-After of
// forty nines, and objects of a million unknown keys. Each test fails on the package before #23.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './emulator.mjs';

// The module's memory, caught as the glue instantiates it: wasm memory never shrinks, so what an
// answer makes it grow stays for the life of the process.
const RealInstance = WebAssembly.Instance;
let memory;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    memory ??= instance.exports.memory;
    return instance;
  },
});
const { DynamicUsersClient, isDynamicUsersError, validateNewUser, validateUserUpdate, validateBulkUsers, parseUsersCsv } =
  await import('../../pkg/index.mjs');
WebAssembly.Instance = RealInstance;

const ENV = '95b11417-f18f-457f-8804-68e361f9164f';
const USER_ID = '0f6b5c8e-3a1d-4b2c-9e7f-112233445566';
const MiB = 1024 * 1024;

// Random tokens from a fixed seed: the lengths the issue names (8 is the least taken), and 36, the
// length of an id, so one can be pasted as a userId.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(23);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwyz0123456789_-';
const TOKENS = [8, 28, 36, 40, 41, 64, 120].map((n) => Array.from({ length: n }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join(''));

/** Every text an error or report shows: message, String(e), stack, its JSON, url, code, issues. */
function shown(value) {
  if (value instanceof Error) {
    return [value.message, String(value), value.stack, JSON.stringify(value), JSON.stringify({ ...value }), value.url, value.code, JSON.stringify(value.issues)].join('\n');
  }
  return JSON.stringify(value);
}

/** Fails if `text` holds any `min`-character piece of `token` (the whole token when shorter). */
function assertNoPiece(text, token, min, where) {
  const n = Math.min(min, token.length);
  for (let i = 0; i + n <= token.length; i++) {
    const piece = token.slice(i, i + n);
    assert.ok(!text.includes(piece), `${where}: ${n} characters of the ${token.length}-character token (${piece}) in ${text.slice(0, 2000)}`);
  }
}

async function rejection(promise) {
  const error = await promise.then(() => assert.fail('expected a rejection'), (e) => e);
  assert.ok(isDynamicUsersError(error), `not a DynamicUsersError: ${error}`);
  return error;
}

describe('the token is redacted before any cut, and any 8 characters of it', () => {
  test('an API that echoes it at every offset of a long message, whole or cut by the API itself', async () => {
    let calls = 0;
    for (const token of TOKENS) {
      let answer;
      const fetch = async () => {
        calls++;
        return new Response(JSON.stringify(answer), { status: 400, headers: { 'content-type': 'application/json' } });
      };
      const client = new DynamicUsersClient({ token, fetch, maxRetries: 0 });
      const check = async (error, min, where) => {
        assert.equal(error.kind, 'http', where);
        assertNoPiece(shown(error), token, min, where);
      };
      // The API's text is cut at 300 characters: offsets past the cut and past the token's end.
      for (let at = 0; at <= 330; at++) {
        answer = { error: `${'x'.repeat(at)}${token} is not a token we know.`, code: `bad_${token}` };
        // Redacted before the cut: not even 6 characters of it show, wherever it falls.
        await check(await rejection(client.bulkCreateUsers(ENV, [{ email: 'a@example.com' }])), 6, `bulk, token at ${at}`);
        await check(await rejection(client.updateUser(USER_ID, { firstName: 'Ada' })), 6, `update, token at ${at}`);
        if (at % 11 === 0) {
          const report = await client.importUsers(ENV, [{ email: 'a@example.com' }], { requestsPerMinute: Infinity });
          assert.equal(report.failed.length, 1);
          assertNoPiece(shown(report), token, 6, `import, token at ${at}`);
        }
      }
      // The API cut the token itself: a prefix at its text's end, a suffix at its start.
      for (let k = 8; k <= token.length; k++) {
        answer = { error: `${'x'.repeat(k * 3)} ${token.slice(0, k)}` };
        await check(await rejection(client.bulkCreateUsers(ENV, [{ email: 'a@example.com' }])), 8, `prefix of ${k}`);
        answer = { error: `${token.slice(token.length - k)} was refused` };
        await check(await rejection(client.updateUser(USER_ID, { firstName: 'Ada' })), 8, `suffix of ${k}`);
      }
    }
    assert.ok(calls > 5000, `${calls} answers`);
  });

  test('pasted into every field a message echoes, at every cut edge: calls, imports of JSON and CSV, options', async () => {
    const paddings = ['', 'x', 'x'.repeat(20), 'x'.repeat(33), 'x'.repeat(35), 'x'.repeat(39), 'x'.repeat(40), 'x'.repeat(250)];
    const fields = ['email', 'username', 'firstName', 'lastName', 'alias', 'displayName', 'jobTitle', 'team', 'phoneNumber', 'country', 'tShirtSize', 'mfaBackupCodeAcknowledgement', 'emailVerifiedAt', 'id', 'btcWallet', 'ltcWallet', 'dogeWallet', 'kasWallet', 'ckbWallet', 'kdaWallet'];
    const wallet = { publicWalletAddress: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', chain: 'ETH', walletName: 'MetaMask', walletProvider: 'browserExtension' };
    let sent = 0;
    let refused = 0;
    for (const token of TOKENS) {
      const fetch = async (url, init) => {
        sent++;
        const users = JSON.parse(new TextDecoder().decode(init.body));
        const created = Array.isArray(users) ? users.map((u, i) => ({ ...u, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })) : [];
        return new Response(JSON.stringify(Array.isArray(users) ? { created, updated: [], failed: [], total: created.length } : { user: users }), { status: Array.isArray(users) ? 201 : 200 });
      };
      const client = new DynamicUsersClient({ token, fetch, baseUrl: 'http://localhost:9/api', maxRetries: 0 });
      const values = paddings.flatMap((pad) => [`${pad}${token}`, `${pad}${token}@example.com`, ` ${pad}${token} `]);
      const users = [];
      for (const value of values) {
        for (const field of fields) users.push({ email: 'a@example.com', [field]: value });
        users.push(
          { [value]: 1 },
          { email: 'a@example.com', metadata: { [value]: 1 }, emails: [value] },
          { wallets: [{ ...wallet, publicWalletAddress: value }, { ...wallet, chain: value }, { ...wallet, walletName: value }, { ...wallet, walletProvider: value }] },
          { oauthAccounts: [{ provider: value, accountId: value }] },
        );
      }
      for (const [i, user] of users.entries()) {
        const where = `${token.length}-character token, user ${i}`;
        const bulk = await client.bulkCreateUsers(ENV, [user]).then(() => null, (e) => e);
        const update = await client.updateUser(USER_ID, user).then(() => null, (e) => e);
        for (const error of [bulk, update].filter(Boolean)) {
          refused++;
          assert.ok(isDynamicUsersError(error), String(error));
          assertNoPiece(shown(error), token, 6, where);
        }
      }
      // One import of them all, from JSON and, cell by cell, from CSV; a header that is the token.
      const report = await client.importUsers(ENV, users, { requestsPerMinute: Infinity });
      assert.ok(report.rejected.length > users.length / 2, `${report.rejected.length} of ${users.length} rejected`);
      assertNoPiece(shown(report), token, 6, `${token.length}: JSON import`);
      const quote = (cell) => `"${cell.replaceAll('"', '""')}"`;
      const csv = [[...fields, `${'x'.repeat(35)}${token}`, token].join(','), ...values.map((v) => [...fields, 'h', 'h'].map(() => quote(v)).join(','))].join('\n');
      const fromCsv = await client.importUsers(ENV, csv, { requestsPerMinute: Infinity, fix: true });
      assert.ok(fromCsv.rejected.length > 0);
      assertNoPiece(shown(fromCsv), token, 6, `${token.length}: CSV import`);
      // Options and ids that are, or end in, the token.
      for (const pad of paddings) {
        const name = `${pad}${token}`;
        const errors = [
          (() => { try { new DynamicUsersClient({ token, [name]: 1 }); } catch (e) { return e; } })(),
          await rejection(client.bulkCreateUsers(ENV, [{ email: 'a@example.com' }], { [name]: true })),
          await rejection(client.updateUser(USER_ID, {}, { [name]: true })),
          await rejection(client.importUsers(ENV, csv, { [name]: true })),
          await rejection(client.importUsers(ENV, csv, { columns: { email: name } })),
        ];
        // An environmentId of another length than 36 is refused, saying the length, not the id.
        if (name.length !== 36) errors.push(await rejection(client.bulkCreateUsers(name, [{ email: 'a@example.com' }])));
        for (const error of errors) {
          assert.equal(error.kind, 'config', error.message);
          assertNoPiece(shown(error), token, 6, `${token.length}: option ${pad.length}`);
        }
      }
      if (token.length === 36) {
        // As a userId it is sent (an id is only checked for its length): the error's url has it.
        const notFound = new DynamicUsersClient({ token, maxRetries: 0, fetch: async () => new Response('{"error":"Not found"}', { status: 404 }) });
        const error = await rejection(notFound.updateUser(token, { firstName: 'Ada' }));
        assert.match(error.url, /\/users\/\[redacted\]$/);
        assertNoPiece(shown(error), token, 6, 'userId');
      }
    }
    assert.ok(refused > 5000 && sent > 100, `${refused} refused, ${sent} sent`);
  });
});

test('a polluted Object.prototype changes no option of any call (a child process, so nothing else is polluted)', async () => {
  const emu = await startEmulator(['--token', 'polluted-test-token-4d2f']);
  try {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'polluted.mjs');
    const { code, stdout, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, [script, emu.url, emu.environmentId, emu.token], { timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
    });
    assert.equal(code, 0, `polluted.mjs failed:\n${stdout}\n${stderr}`);
    const result = JSON.parse(stdout.trim().split('\n').pop());
    assert.ok(result.checks >= 20, `${result.checks} checks`);
    // Only what the script sent on purpose reached the emulator: 3 imports' batches, 2 updates, 2 creates.
    const users = await emu.users();
    assert.deepEqual(users.map((u) => u.email).sort(), result.expectedEmails.sort());
  } finally {
    assert.equal(await emu.stop(), 0);
  }
});

describe('answers: at most 10 MiB read, gzip bombs included; retryAfter at most a day', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(64 * MiB, 0x20)); // 64 MiB of spaces in ~64 KB
  const served = { endless: [], declared: 0 };
  let server;
  let base;
  let emu;
  before(async () => {
    emu = await startEmulator();
    server = http.createServer((req, res) => {
      req.resume();
      const route = req.url.split('/')[1];
      if (route === 'bomb') {
        res.writeHead(201, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
        res.end(bomb);
      } else if (route === 'endless') {
        // Spaces until the client hangs up (or 1 GiB): what was sent by then is counted.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 1024 * MiB && res.write(chunk)) sent += chunk.length;
          if (sent < 1024 * MiB) res.once('drain', pump);
          else res.end();
        };
        res.on('close', () => served.endless.push(sent));
        pump();
      } else if (route === 'declared') {
        res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(50 * MiB) });
        res.write('<html>');
        res.on('close', () => served.declared++);
      } else if (route === 'under') {
        const body = JSON.stringify({ created: [], updated: [], failed: [], total: 0, padding: '' });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(body.replace('"padding":""', `"padding":"${' '.repeat(10 * MiB - body.length - 1)}"`));
      } else if (route === 'retry') {
        const value = { forever: '9'.repeat(40), date: new Date(Date.now() + 3 * 86_400_000).toUTCString(), short: '120' }[req.url.split('/')[2]];
        res.writeHead(429, { 'retry-after': value, 'content-type': 'application/json' });
        res.end('{"error":"Too many requests"}');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    assert.equal(await emu.stop(), 0);
  });
  const at = (route) => new DynamicUsersClient({ token: 'hostile-answers-token', baseUrl: `${base}/${route}`, maxRetries: 0 });
  const user = { email: 'ada@example.com' };

  test('refused with an http error that says so; the module stays usable and its memory does not keep them', async (t) => {
    const good = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url });
    await good.bulkCreateUsers(emu.environmentId, [{ email: 'warm@example.com' }]);
    const before = memory.buffer.byteLength;
    for (const route of ['bomb', 'bomb', 'endless', 'declared', 'bomb']) {
      const started = Date.now();
      const error = await rejection(at(route).bulkCreateUsers(ENV, [user]));
      assert.equal(error.kind, 'http', error.message);
      assert.equal(error.status, route === 'declared' ? 502 : route === 'bomb' ? 201 : 200);
      assert.match(error.message, /^The API answered \d+ with over 10 MiB, not read \(the request may have been carried out\); check that baseUrl is the Dynamic API\.$/);
      assert.equal(error.attempts, 1, 'not retried');
      assert.ok(Date.now() - started < 10_000, `${route} took ${Date.now() - started} ms`);
    }
    const report = await at('bomb').importUsers(ENV, [user, { email: 'bob@example.com' }], { requestsPerMinute: Infinity });
    assert.equal(report.total, 2);
    assert.deepEqual([...report.notSent, ...report.ambiguous, ...report.failed].map((r) => r.index).sort(), [0, 1]);
    assert.match(JSON.stringify(report), /with over 10 MiB, not read/);
    const grown = memory.buffer.byteLength - before;
    t.diagnostic(`wasm memory grew by ${grown} bytes over five answers of 64 MiB and more and an import`);
    assert.ok(grown <= 10 * MiB, `wasm memory grew by ${(grown / MiB).toFixed(1)} MiB for answers of 64 MiB and more`);
    // The endless answer was cut off near the cap, not read to its end.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(served.endless.length, 1);
    assert.ok(served.endless[0] < 64 * MiB, `${served.endless[0] / MiB} MiB sent before the client hung up`);
    assert.equal(served.declared, 1, 'the connection of a declared 50 MiB answer was closed');
    // An answer just under the cap is read, and later calls of every client settle as usual.
    const under = await at('under').bulkCreateUsers(ENV, [user]);
    assert.equal(under.padding.length > 10 * MiB - 100, true);
    const [created, imported] = await Promise.all([
      good.bulkCreateUsers(emu.environmentId, [{ email: 'after@example.com' }]),
      good.importUsers(emu.environmentId, [{ email: 'after2@example.com' }, { email: 'after3@example.com' }]),
    ]);
    assert.equal(created.created.length, 1);
    assert.equal(imported.created.length, 2);
  });

  test('retryAfter on an error is whole seconds, at most a day (86 400)', async () => {
    for (const [kind, expected] of [['forever', 86_400], ['date', 86_400], ['short', 120]]) {
      const error = await rejection(at(`retry/${kind}`).bulkCreateUsers(ENV, [user]));
      assert.deepEqual([error.kind, error.status, error.retryAfter], ['http', 429, expected], kind);
    }
  });
});

describe('reports list at most 1 000 issues and say how many more; unknown keys cost little', () => {
  const last = (issues) => issues[issues.length - 1];

  test('an object of a million unknown keys: quick, 1 000 issues and too_many_issues', (t) => {
    const hostile = {};
    for (let i = 0; i < 1_000_000; i++) hostile[`firstNam${i}`] = 1;
    for (const validate of [validateNewUser, validateUserUpdate]) {
      const started = performance.now();
      const report = validate(hostile);
      const ms = performance.now() - started;
      t.diagnostic(`${validate.name}: a million unknown keys in ${ms.toFixed(0)} ms`);
      // 15-23 s and a million issues before #23.
      assert.ok(ms < 8000, `${ms} ms`);
      assert.equal(report.valid, false);
      assert.equal(report.issues.length, 1001);
      assert.ok(report.issues.slice(0, 1000).every((i) => i.code === 'unknown_field'));
      assert.deepEqual(last(report.issues), {
        path: '',
        code: 'too_many_issues',
        severity: 'error',
        message: '999000 more issues were left out: a report lists at most 1000. Fix these and check again.',
      });
    }
  });

  test('bulk bodies, CSV files and client errors stop at 1 000 too; warnings alone leave a report valid', async () => {
    const bad = Array.from({ length: 3000 }, (_, i) => ({ email: `not an email ${i}` }));
    const bulk = validateBulkUsers(bad);
    assert.equal(bulk.issues.length, 1001);
    assert.match(last(bulk.issues).message, /^2000 more issues were left out/);
    const csv = parseUsersCsv(['email,country', ...Array.from({ length: 1500 }, (_, i) => `user${i}@example.com,XX`)].join('\n'));
    assert.equal(csv.users.length, 0);
    assert.equal(csv.issues.length, 1001);
    assert.deepEqual([last(csv.issues).code, last(csv.issues).severity], ['too_many_issues', 'error']);
    // 3 000 columns that are no field: warnings, all rows kept, the hint looked for 1 001 times at most.
    const wide = parseUsersCsv(`email,${Array.from({ length: 3000 }, (_, i) => `extra${i}`).join(',')}\na@example.com${',1'.repeat(3000)}\n`);
    assert.equal(wide.users.length, 1);
    assert.equal(wide.issues.length, 1001);
    assert.deepEqual([last(wide.issues).code, last(wide.issues).severity], ['too_many_issues', 'warning']);
    assert.match(last(wide.issues).message, /^2000 more issues/);
    const client = new DynamicUsersClient({ token: 'hostile-issues-token', fetch: async () => assert.fail('nothing is sent') });
    const hostile = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 1]));
    const error = await rejection(client.bulkCreateUsers(ENV, [hostile]));
    assert.equal(error.kind, 'validation');
    assert.equal(error.issues.length, 1001);
    assert.equal(last(error.issues).code, 'too_many_issues');
    const report = await client.importUsers(ENV, [hostile, hostile]);
    assert.deepEqual(report.rejected.map((r) => r.issues.length), [1001, 1001]);
  });
});
