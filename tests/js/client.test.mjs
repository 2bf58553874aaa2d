// DynamicUsersClient from the built package, in Node, against the local emulator (and, for
// answers the emulator never gives, a tiny hand-made server).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { DynamicUsersClient, DynamicUsersError, isDynamicUsersError } from '../../pkg/index.mjs';
import { startEmulator } from './emulator.mjs';

const TOKEN = 'dev-token-never-shown-7f3a9c';
let emu;
let client;

// Everything the package might print during these tests, checked for the token at the end.
const printed = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const original = console[level];
  console[level] = (...args) => {
    printed.push(args.map(String).join(' '));
    original.apply(console, args);
  };
}
after(() => assert.ok(!printed.some((line) => line.includes(TOKEN)), 'the token was printed to the console'));

before(async () => {
  emu = await startEmulator(['--token', TOKEN]);
  client = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url });
});
after(async () => assert.equal(await emu.stop(), 0, 'the emulator exits cleanly on SIGTERM'));
beforeEach(async () => {
  await emu.resetFaults();
  await emu.clear();
});

const user = (n, extra = {}) => ({ email: `user${n}@example.com`, username: `user_${n}`, firstName: `User ${n}`, ...extra });

/** Awaits a rejection and checks it is our error, without the token anywhere in it. */
async function rejection(promise) {
  const error = await promise.then(() => assert.fail('expected a rejection'), (e) => e);
  assert.ok(isDynamicUsersError(error), `not a DynamicUsersError: ${error}`);
  assert.ok(error instanceof DynamicUsersError && error instanceof Error);
  assert.equal(error.name, 'DynamicUsersError');
  for (const shown of [error.message, String(error), error.stack, JSON.stringify(error), JSON.stringify({ ...error })]) {
    assert.ok(!String(shown).includes(TOKEN), `the token leaked: ${shown}`);
  }
  return error;
}

describe('bulkCreateUsers', () => {
  test('creates users and answers with full, typed users', async () => {
    const answer = await client.bulkCreateUsers(emu.environmentId, [
      user(1, { wallets: [{ publicWalletAddress: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', chain: 'ETH', walletName: 'MetaMask', walletProvider: 'browserExtension' }] }),
      user(2),
    ]);
    assert.equal(answer.created.length, 2);
    assert.deepEqual([answer.updated.length, answer.failed.length, answer.total], [0, 0, 2]);
    const [first] = answer.created;
    assert.equal(first.email, 'user1@example.com');
    assert.equal(first.projectEnvironmentId, emu.environmentId);
    const wallet = first.verifiedCredentials.find((c) => c.format === 'blockchain');
    assert.equal(wallet.wallet_name, 'MetaMask', 'snake_case keys inside verifiedCredentials');
    assert.deepEqual((await emu.users()).map((u) => u.email).sort(), ['user1@example.com', 'user2@example.com']);
  });

  test('reports users that already exist in failed, and updates them with upsert', async () => {
    await client.bulkCreateUsers(emu.environmentId, [user(1)]);
    const again = await client.bulkCreateUsers(emu.environmentId, [user(1, { email: 'USER1@example.com', username: 'other' }), user(3)]);
    assert.deepEqual(again.failed.map((f) => f.code), ['email_already_exists']);
    assert.equal(again.created.length, 1);
    const upserted = await client.bulkCreateUsers(emu.environmentId, [user(1, { firstName: 'Renamed' })], { upsert: true });
    assert.equal(upserted.updated.length, 1);
    assert.equal(upserted.updated[0].firstName, 'Renamed');
    assert.equal((await emu.users()).length, 2);
  });

  test('invalid data rejects with kind validation and sends nothing', async () => {
    const before = (await emu.stats()).api_requests;
    const error = await rejection(client.bulkCreateUsers(emu.environmentId, [user(1), user(2, { email: 'not-an-email', country: 'UK' })]));
    assert.equal(error.kind, 'validation');
    assert.equal(error.attempts, 0);
    assert.deepEqual(error.issues.map((i) => [i.path, i.code]), [['[1].email', 'invalid_email'], ['[1].country', 'invalid_country']]);
    assert.equal((await emu.stats()).api_requests, before, 'nothing reached the API');
  });

  test('skipValidation sends what the emulator then refuses: the whole body, with 400, as a schema-validating API does', async () => {
    const error = await rejection(client.bulkCreateUsers(emu.environmentId, [user(1), user(2, { email: 'not-an-email' })], { skipValidation: true }));
    assert.deepEqual([error.kind, error.status, error.attempts], ['http', 400, 1]);
    assert.match(error.message, /^The API answered 400 Bad Request: .*email/);
    assert.deepEqual(await emu.users(), [], 'no row of the body was stored');
  });

  test('1 to 50 users a call: none or 51 reject with kind validation, send nothing, and point to importUsers', async () => {
    const before = (await emu.stats()).api_requests;
    const many = Array.from({ length: 51 }, (_, i) => user(i));
    for (const options of [undefined, { skipValidation: true }]) {
      const error = await rejection(client.bulkCreateUsers(emu.environmentId, many, options));
      assert.deepEqual([error.kind, error.attempts], ['validation', 0]);
      assert.deepEqual(error.issues.map((i) => [i.path, i.code, i.severity]), [['', 'too_many_users', 'error']]);
      assert.equal(error.message, "The request was not sent: The bulk body has 51 users; the API takes at most 50 a request. Use importUsers for more: it sends them in batches of 50, paced to the API's rate limit.");
      const none = await rejection(client.bulkCreateUsers(emu.environmentId, [], options));
      assert.deepEqual([none.kind, none.issues.map((i) => i.code)], ['validation', ['empty_bulk']]);
    }
    assert.equal((await emu.stats()).api_requests, before, 'nothing reached the API');
    assert.equal((await client.bulkCreateUsers(emu.environmentId, many.slice(0, 50))).created.length, 50);
  });

  test('ids that are not 36 characters are refused before sending', async () => {
    for (const id of ['', 'short', '../../../../../../../../../../admin', `${emu.environmentId}x`]) {
      const error = await rejection(client.bulkCreateUsers(id, [user(1)]));
      assert.equal(error.kind, 'config');
      assert.equal(error.attempts, 0);
    }
  });

  test('an id with a broken character is refused, not sent as another id', async () => {
    const broken = `\ud800${emu.environmentId.slice(1)}`;
    assert.equal(broken.length, 36);
    for (const call of [
      () => client.bulkCreateUsers(broken, [user(1)]),
      () => client.updateUser(broken, { firstName: 'x' }),
      () => client.importUsers(broken, [user(1)]),
    ]) {
      const error = await rejection(call());
      assert.deepEqual([error.kind, error.attempts], ['config', 0]);
      assert.match(error.message, /unpaired UTF-16 surrogate/);
    }
  });

  test('a 36-character id with path characters is encoded, not followed', async () => {
    const sneaky = '../../users/' + 'a'.repeat(24);
    assert.equal(sneaky.length, 36);
    const error = await rejection(client.bulkCreateUsers(sneaky, [user(1)]));
    assert.equal(error.kind, 'http');
    assert.ok([400, 404].includes(error.status), `status ${error.status}`);
  });
});

describe('updateUser', () => {
  test('updates fields, null clears them, and unknown users are 404', async () => {
    const [created] = (await client.bulkCreateUsers(emu.environmentId, [user(1, { country: 'DE' })])).created;
    const { user: updated } = await client.updateUser(created.id, { firstName: 'Ada', country: null, metadata: { plan: 'pro' } });
    assert.equal(updated.firstName, 'Ada');
    assert.ok(updated.country === undefined || updated.country === null);
    assert.deepEqual(updated.metadata, { plan: 'pro' });
    const error = await rejection(client.updateUser('00000000-0000-4000-8000-000000000000', { firstName: 'x' }));
    assert.deepEqual([error.kind, error.status, error.code, error.attempts], ['http', 404, 'user_not_found', 1]);
  });

  test('with environmentId it sends PUT /environments/{environmentId}/users/{userId}, the API’s current path', async () => {
    const [created] = (await client.bulkCreateUsers(emu.environmentId, [user(1)])).created;
    const urls = [];
    const watched = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, fetch: (url, init) => { urls.push([init.method, url]); return fetch(url, init); } });
    const { user: updated } = await watched.updateUser(created.id, { firstName: 'Scoped' }, { environmentId: emu.environmentId });
    assert.equal(updated.firstName, 'Scoped');
    await watched.updateUser(created.id, { lastName: 'Legacy' });
    await watched.updateUser(created.id, { lastName: 'Null' }, { environmentId: null });
    assert.deepEqual(urls, [
      ['PUT', `${emu.url}/environments/${emu.environmentId}/users/${created.id}`],
      ['PUT', `${emu.url}/users/${created.id}`],
      ['PUT', `${emu.url}/users/${created.id}`],
    ]);
    assert.equal((await emu.users())[0].lastName, 'Null');
    // Another environment does not hold the user.
    const elsewhere = await rejection(client.updateUser(created.id, { firstName: 'x' }, { environmentId: '00000000-0000-4000-8000-000000000000' }));
    assert.deepEqual([elsewhere.kind, elsewhere.status], ['http', 404]);
    // Checked like every id: not a string, not 36 characters, a broken character; nothing sent.
    for (const environmentId of [42, 'short', `\ud800${emu.environmentId.slice(1)}`, `../../users/${'a'.repeat(24)}`.slice(0, 35)]) {
      const error = await rejection(watched.updateUser(created.id, { firstName: 'x' }, { environmentId }));
      assert.deepEqual([error.kind, error.attempts], ['config', 0], String(environmentId));
      assert.match(error.message, /^environmentId /);
    }
    assert.equal(urls.length, 3);
    // Path characters in a 36-character id are encoded, never followed.
    const sneaky = '../../users/' + 'a'.repeat(24);
    const encoded = await rejection(watched.updateUser(created.id, { firstName: 'x' }, { environmentId: sneaky }));
    assert.equal(encoded.kind, 'http');
    assert.ok(urls[3][1].startsWith(`${emu.url}/environments/..%2F..%2Fusers%2F`), urls[3][1]);
  });

  test('fields of the other endpoint are a validation error, or a 422 with skipValidation', async () => {
    const [created] = (await client.bulkCreateUsers(emu.environmentId, [user(1)])).created;
    const error = await rejection(client.updateUser(created.id, { email: 'new@example.com' }));
    assert.equal(error.kind, 'validation');
    assert.equal(error.issues[0].code, 'not_updatable');
    const refused = await rejection(client.updateUser(created.id, { email: 'new@example.com' }, { skipValidation: true }));
    assert.equal(refused.kind, 'http');
    assert.ok([400, 422].includes(refused.status), `the API refused it: ${refused.status}`);
  });
});

test('a token pasted into a field is redacted from validation errors and import reports', async () => {
  // `rejection` checks message, stack and JSON of each error for the token.
  const bulk = await rejection(client.bulkCreateUsers(emu.environmentId, [user(1, { email: TOKEN })]));
  assert.equal(bulk.kind, 'validation');
  assert.ok(bulk.issues[0].message.includes('[redacted]'), bulk.issues[0].message);
  const update = await rejection(client.updateUser('00000000-0000-4000-8000-000000000000', { [TOKEN]: 1 }));
  assert.deepEqual(update.issues.map((i) => i.path), ['[redacted]']);
  const report = await client.importUsers(emu.environmentId, [user(1), user(2, { email: TOKEN })]);
  assert.deepEqual([report.created.length, report.rejected.length], [1, 1]);
  assert.ok(!JSON.stringify(report).includes(TOKEN), JSON.stringify(report.rejected));
  assert.ok(JSON.stringify(report.rejected).includes('[redacted]'));
});

describe('arguments are read when the call is made, as fetch reads its body', () => {
  test('emptying the array or resetting the form right after the call changes nothing sent', async () => {
    const users = [user(1), user(2)];
    const creating = client.bulkCreateUsers(emu.environmentId, users);
    users.length = 0;
    users.push(user(9));
    assert.deepEqual((await creating).created.map((u) => u.email), ['user1@example.com', 'user2@example.com']);
    const form = { firstName: 'Ada', lastName: 'Lovelace' };
    const [stored] = await emu.users();
    const updating = client.updateUser(stored.id, form);
    form.firstName = '';
    delete form.lastName;
    const { user: updated } = await updating;
    assert.deepEqual([updated.firstName, updated.lastName], ['Ada', 'Lovelace']);
    assert.deepEqual((await emu.users()).map((u) => u.email).sort(), ['user1@example.com', 'user2@example.com']);
  });

  test('bad arguments reject the promise: the call itself never throws', async () => {
    const calls = [
      () => client.bulkCreateUsers(emu.environmentId, [{ email: 'nope' }]),
      () => client.bulkCreateUsers(42, [user(1)]),
      () => client.updateUser('short', {}),
      () => client.importUsers(emu.environmentId, [user(1)], { batchSize: 0 }),
      () => client.importUsers(emu.environmentId, 42),
    ];
    for (const call of calls) {
      let promise;
      assert.doesNotThrow(() => { promise = call(); });
      assert.ok(['validation', 'config'].includes((await rejection(promise)).kind));
    }
  });
});

describe('errors', () => {
  test('a wrong token is http 401 and is not retried', async () => {
    const wrong = new DynamicUsersClient({ token: 'wrong-token', baseUrl: emu.url });
    const error = await rejection(wrong.bulkCreateUsers(emu.environmentId, [user(1)], { upsert: true }));
    assert.deepEqual([error.kind, error.status, error.attempts], ['http', 401, 1]);
  });

  test('an unknown environment is http 404 with the API code', async () => {
    const error = await rejection(client.bulkCreateUsers('00000000-0000-4000-8000-000000000000', [user(1)]));
    assert.deepEqual([error.kind, error.status], ['http', 404]);
    assert.equal(typeof error.code, 'string');
  });

  test('nobody listening is a network error, retried only when safe', async () => {
    const closed = new DynamicUsersClient({ token: TOKEN, baseUrl: 'http://127.0.0.1:9/api/v0', maxRetries: 2 });
    const put = await rejection(closed.updateUser(emu.environmentId, { firstName: 'x' }));
    assert.deepEqual([put.kind, put.attempts], ['network', 3]);
    const bulk = await rejection(closed.bulkCreateUsers(emu.environmentId, [user(1)]));
    assert.deepEqual([bulk.kind, bulk.attempts], ['network', 1], 'a bulk create without upsert is never repeated');
  });

  test('a slow answer is a timeout, and the request is really cancelled', async () => {
    await emu.faults({ latency_ms: 1500 });
    const fast = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, timeoutMs: 150, maxRetries: 0 });
    const started = performance.now();
    const error = await rejection(fast.bulkCreateUsers(emu.environmentId, [user(1)]));
    assert.deepEqual([error.kind, error.attempts], ['timeout', 1]);
    assert.ok(performance.now() - started < 1000, 'did not wait for the answer');
  });

  test('the caller’s AbortSignal rejects with kind aborted, also while waiting to retry', async () => {
    await emu.faults({ latency_ms: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(client.updateUser(emu.environmentId, { firstName: 'x' }, { signal: controller.signal }));
    assert.equal(error.kind, 'aborted');
    await emu.faults({ rate_limit: 1, retry_after_secs: 30 });
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(), 300);
    const started = performance.now();
    const during = await rejection(client.updateUser(emu.environmentId, { firstName: 'x' }, { signal: waiting.signal }));
    assert.deepEqual([during.kind, during.attempts], ['aborted', 1]);
    assert.ok(performance.now() - started < 2000);
    const already = AbortSignal.abort();
    assert.equal((await rejection(client.updateUser(emu.environmentId, {}, { signal: already }))).attempts, 0);
  });

  test('bad options are config errors that say what to fix', async () => {
    for (const options of [undefined, null, 42, {}, { token: '' }, { token: 7 }, { token: 't' }, { token: 'test-to' }, { token: 'test-token', baseUrl: 'http://example.com' }, { token: 'test-token', timeoutMs: -1 }, { token: 'test-token', maxRetries: 'many' }, { token: 'test-token', fetch: 'fetch' }]) {
      let error;
      try {
        new DynamicUsersClient(options);
      } catch (e) {
        error = e;
      }
      assert.ok(isDynamicUsersError(error), `no config error for ${JSON.stringify(options)}`);
      assert.equal(error.kind, 'config');
    }
    const error = await rejection(client.updateUser(emu.environmentId, {}, { signal: 'stop' }));
    assert.equal(error.kind, 'config');
  });

  test('a signal that is not a real AbortSignal is a config error naming it; 1 000 in one tick wedge nothing', async () => {
    const throwing = new AbortController().signal;
    Object.defineProperty(throwing, 'aborted', { get() { throw new Error('aborted getter'); } });
    const lookalike = { aborted: false, addEventListener() {}, removeEventListener() {} };
    const bad = [lookalike, Object.create(AbortSignal.prototype), throwing];
    const userId = '11111111-2222-4333-8444-555555555555';
    const calls = [];
    for (let i = 0; i < 1000; i++) {
      const signal = bad[i % bad.length];
      const call = [
        () => client.bulkCreateUsers(emu.environmentId, [user(i)], { signal }),
        () => client.updateUser(userId, { firstName: 'A' }, { signal }),
        () => client.importUsers(emu.environmentId, [user(i)], { signal }),
      ][i % 3];
      calls.push(call());
    }
    for (const error of await Promise.all(calls.map(rejection))) {
      assert.equal(error.kind, 'config');
      assert.match(error.message, /options\.signal must be an AbortSignal/);
      assert.equal(error.attempts, 0);
    }
    assert.equal((await emu.users()).length, 0, 'nothing was sent');
    // Later calls of this client and of a new one settle as usual.
    const other = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url });
    const [answer, report] = await Promise.all([
      client.bulkCreateUsers(emu.environmentId, [user(1)], { signal: new AbortController().signal }),
      other.importUsers(emu.environmentId, [user(2), user(3)], { signal: new AbortController().signal }),
    ]);
    assert.equal(answer.created.length, 1);
    assert.equal(report.created.length, 2);
    const stopped = await rejection(other.bulkCreateUsers(emu.environmentId, [user(4)], { signal: AbortSignal.abort() }));
    assert.equal(stopped.kind, 'aborted');
  });

  test('a token shorter than 8 characters is a config error, its message not garbled; 8 are taken', async () => {
    for (const token of ['e', 'eeeeeee']) {
      assert.throws(() => new DynamicUsersClient({ token, baseUrl: emu.url }), (e) => {
        assert.ok(isDynamicUsersError(e));
        assert.equal(e.kind, 'config');
        assert.match(e.message, /^The token is too short to be an API token \(at least 8 characters\)/);
        assert.ok(!e.message.includes('[redacted]'), e.message);
        return true;
      });
    }
    const eight = new DynamicUsersClient({ token: 'eeeeeeee', baseUrl: emu.url });
    const error = await rejection(eight.bulkCreateUsers(emu.environmentId, [user(1)]));
    assert.equal(error.status, 401);
    assert.ok(!error.message.includes('[redacted]'), error.message);
  });

  test('a misspelt option is a config error with a hint, never quietly the default', async () => {
    // `baseURL` left the default base URL in place: a test run's token sent to production.
    assert.throws(() => new DynamicUsersClient({ token: TOKEN, baseURL: emu.url }), (e) =>
      isDynamicUsersError(e) && e.kind === 'config' && e.message === 'new DynamicUsersClient has no option "baseURL": did you mean "baseUrl"?');
    const bulk = await rejection(client.bulkCreateUsers(emu.environmentId, [user(1)], { upssert: true }));
    assert.deepEqual([bulk.kind, bulk.message], ['config', 'bulkCreateUsers has no option "upssert": did you mean "upsert"?']);
    const update = await rejection(client.updateUser(emu.environmentId, {}, { upsert: true }));
    assert.deepEqual([update.kind, update.message], ['config', 'updateUser has no option "upsert": it takes environmentId, signal, skipValidation.']);
    const scoped = await rejection(client.updateUser(emu.environmentId, {}, { environmentID: emu.environmentId }));
    assert.deepEqual([scoped.kind, scoped.message], ['config', 'updateUser has no option "environmentID": did you mean "environmentId"?']);
    const imported = await rejection(client.importUsers(emu.environmentId, [user(1)], { batch_size: 10 }));
    assert.deepEqual([imported.kind, imported.message], ['config', 'importUsers has no option "batch_size": did you mean "batchSize"?']);
    assert.deepEqual(await emu.users(), [], 'nothing was sent');
    // Symbol keys and inherited properties are not options of the call.
    const options = Object.assign(Object.create({ inherited: 1 }), { upsert: false, [Symbol('tag')]: 1 });
    assert.equal((await client.bulkCreateUsers(emu.environmentId, [user(2)], options)).created.length, 1);
  });
});

describe('retries', () => {
  test('5xx answers are retried up to maxRetries, then reported with the attempts made', async () => {
    await emu.faults({ fail_rate: 1 });
    const quick = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, maxRetries: 2 });
    const error = await rejection(quick.updateUser(emu.environmentId, { firstName: 'x' }));
    assert.equal(error.kind, 'http');
    assert.ok([500, 503].includes(error.status));
    assert.equal(error.attempts, 3);
  });

  test('429 waits as long as Retry-After says', async () => {
    await emu.faults({ rate_limit: 1, retry_after_secs: 1 });
    const once = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, maxRetries: 1 });
    const started = performance.now();
    const error = await rejection(once.bulkCreateUsers(emu.environmentId, [user(1)]));
    assert.deepEqual([error.kind, error.status, error.retryAfter, error.attempts], ['http', 429, 1, 2]);
    assert.ok(performance.now() - started >= 950, 'waited about a second');
  });

  test('a dropped connection after the server stored the users is retried with upsert without duplicates', async () => {
    await emu.faults({ drop_after_commit_rate: 0.5, seed: 7 });
    const patient = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, maxRetries: 6 });
    const users = Array.from({ length: 20 }, (_, i) => user(i));
    for (let i = 0; i < users.length; i += 5) {
      await patient.bulkCreateUsers(emu.environmentId, users.slice(i, i + 5), { upsert: true });
    }
    const stats = await emu.stats();
    assert.ok(stats.faults_injected.drop_after_commit > 0, 'connections were dropped after the users were stored');
    const stored = (await emu.users()).map((u) => u.email).sort();
    assert.deepEqual(stored, users.map((u) => u.email).sort(), 'every user stored exactly once');
  });

  test('with upsert, a bulk of users upsert cannot find again is not retried after a dropped connection', async () => {
    await emu.faults({ drop_after_commit_rate: 1, seed: 7 });
    const patient = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, maxRetries: 6 });
    const wallets = [{ firstName: 'Ada', btcWallet: '3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5' }, { username: 'only_a_name' }];
    const error = await rejection(patient.bulkCreateUsers(emu.environmentId, wallets, { upsert: true }));
    assert.deepEqual([error.kind, error.attempts], ['network', 1]);
    const stored = (await emu.users()).filter((u) => u.firstName === 'Ada' || u.username === 'only_a_name');
    assert.equal(stored.length, 2, 'stored once by the only attempt');
  });
});

describe('answers the emulator never gives', () => {
  let server;
  let base;
  const replies = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const [status, headers, body] = replies.shift() ?? [500, {}, ''];
      res.writeHead(status, headers);
      res.end(body);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}/api/v0`;
  });
  after(() => server.close());

  test('a success answer that is not JSON is an http error that says so', async () => {
    replies.push([201, { 'content-type': 'text/html' }, '<html>maintenance</html>']);
    const plain = new DynamicUsersClient({ token: TOKEN, baseUrl: base });
    const error = await rejection(plain.bulkCreateUsers(emu.environmentId, [user(1)]));
    assert.equal(error.kind, 'http');
    assert.equal(error.message, 'The API answered 201 but its body cannot be read: it is not JSON.');
  });

  test('a bulk answer that leaves out a list gives it as [], one with none of them is an http error', async () => {
    const plain = new DynamicUsersClient({ token: TOKEN, baseUrl: base });
    replies.push([201, { 'content-type': 'application/json' }, JSON.stringify({ created: [{ id: 'x' }], total: 1 })]);
    assert.deepEqual(await plain.bulkCreateUsers(emu.environmentId, [user(1)]), { created: [{ id: 'x' }], total: 1, updated: [], failed: [] });
    replies.push([201, { 'content-type': 'application/json' }, '{}']);
    const error = await rejection(plain.bulkCreateUsers(emu.environmentId, [user(1)]));
    assert.deepEqual([error.kind, error.message], ['http', 'The API answered 201 but its body cannot be read: it has none of created, updated and failed.']);
  });

  test('unknown fields in answers reach the caller', async () => {
    replies.push([200, { 'content-type': 'application/json' }, JSON.stringify({ user: { id: 'x', brandNew: { nested: [1] } }, requestId: 'r-1' })]);
    const plain = new DynamicUsersClient({ token: TOKEN, baseUrl: base });
    const answer = await plain.updateUser(emu.environmentId, { firstName: 'x' });
    assert.deepEqual(answer, { user: { id: 'x', brandNew: { nested: [1] } }, requestId: 'r-1' });
  });

  test('Retry-After as an HTTP date is honoured', async () => {
    const date = new Date(Date.now() + 2000).toUTCString();
    replies.push([503, { 'retry-after': date }, '{"error":"busy"}'], [200, {}, '{"user":{"id":"ok"}}']);
    const plain = new DynamicUsersClient({ token: TOKEN, baseUrl: base });
    const started = performance.now();
    const answer = await plain.updateUser(emu.environmentId, { firstName: 'x' });
    assert.equal(answer.user.id, 'ok');
    assert.ok(performance.now() - started >= 900, 'waited for the date');
  });

  test('a Retry-After date too far off ends the call with retryAfter in whole seconds', async () => {
    const date = new Date(Date.now() + 90_000).toUTCString();
    replies.push([429, { 'retry-after': date }, '{"error":"slow down"}']);
    const plain = new DynamicUsersClient({ token: TOKEN, baseUrl: base });
    const error = await rejection(plain.updateUser(emu.environmentId, { firstName: 'x' }));
    assert.equal(error.kind, 'http');
    assert.ok(Number.isInteger(error.retryAfter) && error.retryAfter >= 88 && error.retryAfter <= 91, String(error.retryAfter));
  });

  test('an error body that echoes the token has it scrubbed', async () => {
    replies.push([403, {}, JSON.stringify({ error: `Token ${TOKEN} is not allowed here` })]);
    const plain = new DynamicUsersClient({ token: TOKEN, baseUrl: base });
    const error = await rejection(plain.updateUser(emu.environmentId, { firstName: 'x' }));
    assert.equal(error.message, 'The API answered 403 Forbidden: Token [redacted] is not allowed here.');
  });
});

test('the fetch option sends every request, retries included, and a fetch that throws is a network error', async () => {
  await emu.faults({ fail_rate: 1 });
  let calls = 0;
  const counting = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, maxRetries: 2, fetch: (...args) => { calls += 1; return fetch(...args); } });
  const error = await rejection(counting.updateUser(emu.environmentId, { firstName: 'x' }));
  assert.deepEqual([error.kind, error.attempts, calls], ['http', 3, 3]);
  await emu.resetFaults();
  const throwing = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, maxRetries: 0, fetch: () => { throw new TypeError('offline'); } });
  assert.equal((await rejection(throwing.bulkCreateUsers(emu.environmentId, [user(1)]))).kind, 'network');
  const report = await throwing.importUsers(emu.environmentId, [user(1)]);
  assert.deepEqual([report.notSent.length, report.created.length], [1, 0]);
  // A plain object with what a Response has will do (a polyfill's, another realm's).
  const plain = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, fetch: async (url, init) => {
    const res = await fetch(url, init);
    return { status: res.status, headers: res.headers, body: res.body, arrayBuffer: () => res.arrayBuffer() };
  } });
  assert.equal((await plain.bulkCreateUsers(emu.environmentId, [user(2)])).created.length, 1);
});

test('answers are read whole where fetch gives no body stream (React Native, whatwg-fetch)', async () => {
  const real = globalThis.fetch;
  let answered = 0;
  globalThis.fetch = async (...args) => {
    const response = await real(...args);
    Object.defineProperty(response, 'body', { value: undefined });
    answered += 1;
    return response;
  };
  try {
    const answer = await client.bulkCreateUsers(emu.environmentId, [user(1), user(2)]);
    assert.deepEqual(answer.created.map((u) => u.email), ['user1@example.com', 'user2@example.com']);
    const report = await client.importUsers(emu.environmentId, [user(3), user(4), user(5)], { batchSize: 2 });
    assert.deepEqual(report.created.map((row) => row.index), [0, 1, 2]);
    assert.equal(answered, 3, 'every request went through the stream-less fetch');
  } finally {
    globalThis.fetch = real;
  }
});

test('DynamicUsersError is one exported class for ESM and CommonJS, with the request and the fetch error as cause', async () => {
  const cjs = createRequire(import.meta.url)('../../pkg/dynamic_users.cjs');
  assert.equal(cjs.DynamicUsersError, DynamicUsersError);
  assert.ok(Object.getPrototypeOf(DynamicUsersError.prototype) === Error.prototype);
  const made = new DynamicUsersError('made by hand', { cause: 42 });
  assert.ok(made instanceof DynamicUsersError && made instanceof Error && isDynamicUsersError(made) === false);
  assert.deepEqual([made.name, made.message, made.cause], ['DynamicUsersError', 'made by hand', 42]);
  // A port nobody listens on: Node's fetch error, its own cause holding the system code.
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  const closed = new DynamicUsersClient({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}/api/v0`, maxRetries: 0 });
  const userId = '11111111-2222-4333-8444-555555555555';
  const error = await rejection(closed.updateUser(userId, { firstName: 'A' }, { environmentId: emu.environmentId }));
  assert.equal(error.kind, 'network');
  assert.ok(error instanceof cjs.DynamicUsersError);
  assert.equal(error.method, 'PUT');
  assert.equal(error.url, `http://127.0.0.1:${port}/api/v0/environments/${emu.environmentId}/users/${userId}`);
  assert.ok(error.cause instanceof TypeError, String(error.cause));
  assert.equal(error.cause.cause?.code, 'ECONNREFUSED');
  assert.ok(!Object.keys(error).includes('cause'), 'cause is not enumerable: logging the error does not dump it');
  // An answer: the request is there, no cause; refused before sending: neither.
  const http404 = await rejection(client.bulkCreateUsers('00000000-0000-4000-8000-000000000000', [user(1)]));
  assert.deepEqual([http404.kind, http404.method, http404.cause], ['http', 'POST', undefined]);
  assert.match(http404.url, /\/environments\/00000000-0000-4000-8000-000000000000\/users\/bulk/);
  const refused = await rejection(client.bulkCreateUsers(emu.environmentId, []));
  assert.deepEqual([refused.kind, refused.method, refused.url], ['validation', undefined, undefined]);
  // Thrown synchronously too.
  assert.throws(() => new cjs.DynamicUsersClient({}), DynamicUsersError);
});

test('CommonJS require gives the same client', async () => {
  const require = createRequire(import.meta.url);
  const cjs = require('../../pkg/dynamic_users.cjs');
  const c = new cjs.DynamicUsersClient({ token: TOKEN, baseUrl: emu.url });
  const answer = await c.bulkCreateUsers(emu.environmentId, [user(9)]);
  assert.equal(answer.created[0].email, 'user9@example.com');
});

// The package runs its calls by its own executor (src/wasm/task.rs): each call a task, polled from microtasks.
test('each call is a task of its own: fetch starts after the call returns, calls settle in any order, a hung one holds up no other', async () => {
  const started = [];
  const delayed = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, fetch: (url, init) => {
    started.push(url);
    const ms = (started.length * 7919) % 40;
    return new Promise((resolve) => setTimeout(resolve, ms)).then(() => fetch(url, init));
  } });
  const hung = new DynamicUsersClient({ token: TOKEN, baseUrl: emu.url, timeoutMs: 300, maxRetries: 0, fetch: () => new Promise(() => {}) });
  const stuck = hung.bulkCreateUsers(emu.environmentId, [user(999)]);
  const calls = Array.from({ length: 40 }, (_, i) => delayed.bulkCreateUsers(emu.environmentId, [user(i)]));
  assert.equal(started.length, 0, 'no fetch inside the call');
  const answers = await Promise.all(calls);
  assert.deepEqual(answers.map((a) => a.created.map((u) => u.email)), calls.map((_, i) => [`user${i}@example.com`]));
  assert.equal(started.length, 40);
  assert.deepEqual([(await rejection(stuck)).kind], ['timeout']);
  // Imports and single calls at once, on one module.
  const [report, single] = await Promise.all([
    delayed.importUsers(emu.environmentId, Array.from({ length: 120 }, (_, i) => user(100 + i)), { batchSize: 10, concurrency: 3, requestsPerMinute: Infinity }),
    delayed.updateUser(answers[0].created[0].id, { firstName: 'Later' }, { environmentId: emu.environmentId }),
  ]);
  assert.deepEqual([report.created.length, single.user?.firstName ?? single.firstName], [120, 'Later']);
});
