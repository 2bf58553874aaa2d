// importUsers from the built package, in Node, against the local emulator: every report bucket,
// abort, resume, pacing, halving refused batches, and injected faults with the emulator's stored
// users compared to the input. Imports of many users turn pacing off (`requestsPerMinute:
// Infinity`) and the emulator's rate limit with it, so the suite stays fast; the pacing tests pace.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamicUsersClient } from '../../pkg/index.mjs';
import { startEmulator } from './emulator.mjs';

let emu;
let client;

// Pacing off: the emulator's own limit is off too (see `paced` for tests that pace).
const FAST = { requestsPerMinute: Infinity };

before(async () => {
  emu = await startEmulator(['--quiet', '--bulk-requests-per-minute', '0']);
  client = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, maxRetries: 6 });
});
after(async () => assert.equal(await emu.stop(), 0));
beforeEach(async () => {
  await emu.resetFaults();
  await emu.clear();
});

const people = (n, from = 0) => Array.from({ length: n }, (_, i) => ({ email: `person${from + i}@example.com`, firstName: `P${from + i}` }));
const emails = (users) => users.map((u) => u.email.toLowerCase()).sort();
const storedEmails = async () => (await emu.users()).map((u) => u.email.toLowerCase()).sort();
const rows = (bucket) => bucket.map((r) => r.index);

/** Every input row in exactly one bucket, and the counts add up. */
function assertAccounted(report, total) {
  assert.equal(report.total, total);
  const all = [...report.created, ...report.updated, ...report.failed, ...report.rejected, ...report.notSent, ...report.ambiguous].map((r) => r.index);
  assert.deepEqual(all.sort((a, b) => a - b), Array.from({ length: total }, (_, i) => i));
}

test('every bucket but notSent and ambiguous in one import', async () => {
  await client.bulkCreateUsers(emu.environmentId, [{ email: 'person1@example.com' }]);
  const input = [...people(4), { email: 'not-an-email' }, { email: 'PERSON2@example.com' }];
  const report = await client.importUsers(emu.environmentId, input);
  assertAccounted(report, 6);
  assert.deepEqual(rows(report.created), [0, 2, 3]);
  assert.deepEqual(report.failed.map((r) => [r.index, r.code]), [[1, 'email_already_exists']]);
  assert.deepEqual(report.rejected.map((r) => [r.index, r.issues[0].code]), [[4, 'invalid_email'], [5, 'duplicate_email']]);
  assert.ok(report.created.every((r) => typeof r.userId === 'string'));
  const upserted = await client.importUsers(emu.environmentId, people(3), { upsert: true });
  assert.deepEqual([rows(upserted.updated), rows(upserted.created)], [[0, 1, 2], []]);
});

test('1 000 users through 503s, 429s and dropped connections with upsert: stored exactly once each', async () => {
  await emu.faults({ fail_rate: 0.15, rate_limit: 0.15, retry_after_secs: 0, drop_after_commit_rate: 0.1, seed: 3 });
  const input = people(1000);
  const report = await client.importUsers(emu.environmentId, input, { ...FAST, upsert: true, batchSize: 25 });
  assertAccounted(report, 1000);
  const stats = await emu.stats();
  assert.ok(stats.faults_injected.drop_after_commit > 0 && stats.faults_injected.rate_limit > 0 && stats.faults_injected.fail_503 + stats.faults_injected.fail_500 > 0);
  assert.equal(report.created.length + report.updated.length, 1000, JSON.stringify(report.notSent.slice(0, 2)));
  assert.deepEqual(await storedEmails(), emails(input));
});

test('without upsert, a dropped connection makes its rows ambiguous, never failed or lost', async () => {
  await emu.faults({ drop_after_commit_rate: 0.3, seed: 5 });
  const input = people(300);
  const report = await client.importUsers(emu.environmentId, input, { ...FAST, batchSize: 20 });
  assertAccounted(report, 300);
  assert.ok(report.ambiguous.length > 0, 'some batches were dropped after commit');
  assert.ok(report.ambiguous.every((r) => r.code === 'email_already_exists'));
  assert.deepEqual(report.failed, []);
  assert.deepEqual(report.notSent, [], 'six retries were enough');
  // Created and ambiguous rows are all on the server, once each, and nothing else is.
  const imported = [...report.created, ...report.ambiguous].map((r) => input[r.index]);
  assert.deepEqual(await storedEmails(), emails(imported));
  assert.equal(imported.length, 300);
});

test('after a dropped connection, rows the API cannot recognise are never sent twice, with or without upsert', async () => {
  // Email, username-only, id-only and wallet-only rows: only the last cannot be found again.
  const input = Array.from({ length: 120 }, (_, i) => {
    const tag = { firstName: `row ${i}` };
    switch (i % 4) {
      case 0: return { ...tag, email: `mixed${i}@example.com` };
      case 1: return { ...tag, username: `mixed_${i}` };
      case 2: return { ...tag, id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000` };
      default: return { ...tag, btcWallet: '3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5' };
    }
  });
  for (const upsert of [false, true]) {
    await emu.clear();
    await emu.faults({ drop_after_commit_rate: 0.4, seed: 11 });
    const report = await client.importUsers(emu.environmentId, input, { ...FAST, batchSize: 8, upsert });
    assertAccounted(report, 120);
    const stored = (await emu.users()).map((u) => u.firstName);
    assert.equal(new Set(stored).size, stored.length, `upsert ${upsert}: a row was stored twice`);
    const held = report.notSent.filter((r) => r.reason.startsWith('Not sent again'));
    assert.ok(held.length > 0, 'some batches were dropped after commit');
    assert.ok(held.every((r) => r.maybeSent && r.index % 4 === 3), 'only wallet-only rows are held back');
    assert.ok(held.every((r) => !report.remaining.includes(r.index)), 'nor offered for a resume that could create them twice');
    // Every row the first attempt may have stored is either known or said to be unknown.
    assert.deepEqual(report.failed, [], `upsert ${upsert}: a row this import stored reported failed`);
    for (const r of [...report.created, ...report.updated, ...report.ambiguous, ...held]) {
      assert.ok(stored.includes(`row ${r.index}`), `row ${r.index} is on the server`);
    }
    assert.equal(stored.length, 120 - report.notSent.filter((r) => !r.maybeSent).length);
  }
});

test('a Retry-After longer than an import waits leaves the rows notSent with retryAfter, a number to schedule the resume by', async () => {
  await emu.faults({ rate_limit: 1, retry_after_secs: 120 });
  const report = await client.importUsers(emu.environmentId, people(3), { batchSize: 2 });
  assertAccounted(report, 3);
  assert.deepEqual(report.notSent.map((r) => [r.index, r.retryAfter, r.maybeSent]), [[0, 120, false], [1, 120, false], [2, 120, false]]);
  assert.deepEqual(report.remaining, [0, 1, 2]);
});

test('abort mid-import: in-flight batches settle, the rest is notSent, and resuming finishes the job', async () => {
  await emu.faults({ latency_ms: 100 });
  const input = people(1000);
  const controller = new AbortController();
  let calls = 0;
  // Paced: the abort also finds batches waiting for their turn, which must not go out.
  const report = await client.importUsers(emu.environmentId, input, {
    batchSize: 50,
    concurrency: 2,
    requestsPerMinute: 600,
    signal: controller.signal,
    onProgress: (p) => {
      calls += 1;
      if (p.created >= 100) controller.abort();
    },
  });
  assertAccounted(report, 1000);
  assert.equal(report.aborted, true);
  assert.ok(report.notSent.length > 0 && report.created.length >= 100);
  assert.deepEqual(await storedEmails(), emails(report.created.map((r) => input[r.index])));
  assert.deepEqual(report.remaining, rows(report.notSent));
  assert.ok(report.notSent.every((r) => !r.maybeSent), 'nothing waiting for its turn went out');
  assert.ok(calls >= 1);
  await emu.resetFaults();
  const rest = report.remaining.map((i) => input[i]);
  const resumed = await client.importUsers(emu.environmentId, rest, FAST);
  assert.equal(resumed.created.length, rest.length);
  assert.deepEqual(await storedEmails(), emails(input));
});

test('onProgress is throttled and its last call matches the report', async () => {
  const seen = [];
  const report = await client.importUsers(emu.environmentId, people(2000), { ...FAST, batchSize: 25, concurrency: 4, onProgress: (p) => seen.push({ ...p, at: performance.now() }) });
  assertAccounted(report, 2000);
  const last = seen.at(-1);
  assert.deepEqual([last.total, last.done, last.sent, last.created, last.rejected], [2000, 2000, 2000, 2000, 0]);
  const gaps = seen.slice(1, -1).map((p, i) => p.at - seen[i].at);
  assert.ok(gaps.every((g) => g >= 90), `calls closer than 100 ms: ${gaps.filter((g) => g < 90).length}`);
  assert.ok(seen.length <= 80 / 25 * 2000 / 25, 'not one call per batch');
});

test('progress ends with done === total, rejected rows counted as done though never sent', async () => {
  const input = people(200).map((p, i) => (i % 10 === 0 ? { ...p, email: `bad${i}` } : p));
  const seen = [];
  const report = await client.importUsers(emu.environmentId, input, { ...FAST, batchSize: 25, onProgress: (p) => seen.push(p) });
  assertAccounted(report, 200);
  const last = seen.at(-1);
  assert.deepEqual([last.total, last.done, last.sent, last.created, last.rejected], [200, 200, 180, 180, 20]);
  for (const p of seen) {
    assert.equal(p.done, p.created + p.updated + p.failed + p.rejected + p.notSent + p.ambiguous);
    assert.ok(p.done <= p.total);
  }
  assert.deepEqual(Object.keys(last).slice(0, 3), ['total', 'done', 'sent']);
});

test('an onProgress that throws, or an async one that rejects, changes nothing and leaves no unhandled rejection', async () => {
  const unhandled = [];
  const record = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    let calls = 0;
    const thrown = await client.importUsers(emu.environmentId, people(300), { ...FAST, onProgress: () => { calls++; throw new Error('sync'); } });
    const rejected = await client.importUsers(emu.environmentId, people(300, 300), { ...FAST, onProgress: async () => { calls++; throw new Error('async'); } });
    await new Promise((resolve) => setTimeout(resolve, 50)); // let rejections surface
    assert.deepEqual([thrown.created.length, rejected.created.length], [300, 300]);
    assert.ok(calls >= 2);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', record);
  }
});

test('a wrong token stops the import with every row notSent, at once even when paced', async () => {
  const secret = 'wrong-token-never-shown-42';
  const denied = new DynamicUsersClient({ token: secret, baseUrl: emu.url });
  const events = [];
  const started = performance.now();
  // The first request is refused; three more wait for their turns (400 ms apart) and must not.
  const report = await denied.importUsers(emu.environmentId, people(120), { batchSize: 10, onProgress: (p) => events.push(JSON.stringify(p)) });
  assert.ok(performance.now() - started < 1000, 'batches waiting for their turn did not wait it out');
  assert.ok(events.length > 0 && !events.some((e) => e.includes(secret)), 'progress events never hold the token');
  assert.ok(!JSON.stringify(report).includes(secret));
  assertAccounted(report, 120);
  assert.equal(report.notSent.length, 120);
  assert.match(report.notSent[0].reason, /401/);
  assert.ok(!JSON.stringify(report).includes(emu.token));
});

test('the input is read when importUsers is called: editing the array afterwards changes nothing', async () => {
  const input = people(1_200);
  const importing = client.importUsers(emu.environmentId, input, { ...FAST, batchSize: 50 });
  input.length = 600;
  input[0] = { email: 'not-an-email' };
  input.push({ email: 'late@example.com' });
  const report = await importing;
  assertAccounted(report, 1_200);
  assert.equal(report.created.length, 1_200);
  assert.deepEqual(await storedEmails(), emails(people(1_200)));
});

test('no timer paces the import: with timers held to 3 s, as in a background tab, it runs at full speed', async () => {
  // Browsers run a hidden tab's timers at most once a second (once a minute after five minutes);
  // an import that yielded with setTimeout(0) between its 5 slices of rows took 15 s here instead of 0.5.
  const input = people(10_000);
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms, ...args) => realSetTimeout(fn, Math.max(Number(ms) || 0, 3_000), ...args);
  const started = performance.now();
  let report;
  try {
    report = await client.importUsers(emu.environmentId, input, FAST);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  const elapsed = performance.now() - started;
  assertAccounted(report, 10_000);
  assert.equal(report.created.length, 10_000);
  assert.ok(elapsed < 8_000, `the import took ${Math.round(elapsed)} ms: it waited on timers`);
});

test('half an emoji deep in metadata rejects its row only, not the batch it would have broken', async () => {
  // JSON.stringify writes an unpaired surrogate as an escape the API refuses, failing the whole batch.
  const input = [...people(3), { email: 'meta@example.com', metadata: { note: 'half \ud83d', tags: ['ok 😀'] } }];
  const report = await client.importUsers(emu.environmentId, input);
  assertAccounted(report, 4);
  assert.deepEqual(report.rejected.map((r) => [r.index, r.issues.map((i) => [i.path, i.code])]), [[3, [['[3].metadata.note', 'invalid_unicode']]]]);
  assert.deepEqual(await storedEmails(), emails(people(3)));
});

test('input that is not an array of users rejects with kind validation', async () => {
  for (const input of [42, null, { users: [] }]) {
    const error = await client.importUsers(emu.environmentId, input).then(() => null, (e) => e);
    assert.equal(error?.kind, 'validation', String(input));
  }
  const empty = await client.importUsers(emu.environmentId, []);
  assert.equal(empty.total, 0);
  // One row JSON cannot carry, among many: the error names it, and nothing was sent.
  const users = people(1_000);
  users[637].metadata = { visits: 12n };
  const error = await client.importUsers(emu.environmentId, users).then(() => null, (e) => e);
  assert.equal(error?.kind, 'validation');
  assert.deepEqual(error.issues.map((i) => [i.path, i.code]), [['[637]', 'not_serializable']]);
  assert.deepEqual(await storedEmails(), []);
});

/** A client whose every request is noted (when it started, its users, its answer's status) through the `fetch` option. */
function observedClient(options = {}) {
  const requests = [];
  const fetch = async (url, init) => {
    const body = JSON.parse(new TextDecoder().decode(init.body));
    const request = { at: performance.now(), users: Array.isArray(body) ? body.length : 0, status: 0 };
    requests.push(request);
    const response = await globalThis.fetch(url, init);
    request.status = response.status;
    return response;
  };
  return { client: new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, maxRetries: 6, fetch, ...options }), requests };
}

test('a paced import: 1 500 users at 600 requests a minute spread evenly, 50 a request, with a countdown', async () => {
  // The emulator limits bulk requests to the same 600 a minute: pacing never meets its 429.
  await emu.faults({ bulk_requests_per_minute: 600 });
  const { client: paced, requests } = observedClient();
  const progress = [];
  const started = performance.now();
  const report = await paced.importUsers(emu.environmentId, people(1500), {
    requestsPerMinute: 600,
    onProgress: (p) => progress.push({ at: performance.now(), eta: p.etaSeconds }),
  });
  const ended = performance.now();
  assertAccounted(report, 1500);
  assert.equal(report.created.length, 1500);
  assert.deepEqual(await storedEmails(), emails(people(1500)));
  // 30 requests, one every 100 ms, the first at once: 2.9 s at the least.
  assert.equal(requests.length, 30);
  assert.ok(ended - started >= 2500, `took ${Math.round(ended - started)} ms`);
  assert.ok(requests.every((r) => r.users <= 50 && r.status === 201), JSON.stringify(requests.filter((r) => r.users > 50 || r.status !== 201)));
  const starts = requests.map((r) => r.at);
  const busiest = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 1000).length));
  assert.ok(busiest <= 12, `${busiest} requests started within one second`);
  assert.ok(starts.slice(1).every((t, i) => t - starts[i] >= 95), 'starts about 100 ms apart');
  // etaSeconds: absent until a batch settled, then whole seconds counting down to 0, near the truth.
  const etas = progress.filter((p) => p.eta !== undefined);
  assert.ok(etas.length >= 10, `${etas.length} estimates`);
  assert.equal(etas.at(-1).eta, 0);
  assert.ok(etas.every((p) => Number.isInteger(p.eta) && p.eta >= 0));
  assert.ok(etas.every((p, i) => i === 0 || p.eta <= etas[i - 1].eta), etas.map((p) => p.eta).join(' '));
  for (const p of etas) {
    const left = (ended - p.at) / 1000;
    assert.ok(Math.abs(p.eta - left) <= 1.5, `estimated ${p.eta} s with ${left.toFixed(1)} s left`);
  }
  assert.ok(etas[0].eta >= 2, `first estimate ${etas[0].eta} s of ~3 s`);
});

test('batchSize is 1 to 50 and requestsPerMinute a positive number or Infinity: anything else is a config error', async () => {
  const refused = async (options) => client.importUsers(emu.environmentId, people(1), options).then(() => assert.fail(JSON.stringify(options)), (e) => e);
  const big = await refused({ batchSize: 51 });
  assert.deepEqual([big.kind, big.message], ['config', 'options.batchSize must be a whole number from 1 to 50: the API takes at most 50 users a request.']);
  for (const requestsPerMinute of [0, -1, -Infinity, NaN, '150', null, true, {}]) {
    const error = await refused({ requestsPerMinute });
    assert.equal(error.kind, 'config', String(requestsPerMinute));
    assert.equal(error.message, "options.requestsPerMinute must be a positive number of requests a minute (default 150, the API's limit for bulk requests per IP), or Infinity to send without pacing.");
  }
  assert.deepEqual(await emu.users(), [], 'nothing was sent');
  for (const options of [{ batchSize: 50 }, { requestsPerMinute: Infinity }, { requestsPerMinute: 0.5 }, { requestsPerMinute: 100_000 }]) {
    await emu.clear();
    const report = await client.importUsers(emu.environmentId, people(2), options);
    assert.equal(report.created.length, 2, JSON.stringify(options));
  }
});

test('rows the API refuses as a whole batch are isolated by halving: they fail with its message, the others land', async () => {
  // Validation skipped: three usernames the API's pattern refuses reach it, and it refuses each
  // body that holds one with 400 { error } before storing anything.
  const input = people(50).map((u, i) => ([3, 17, 18].includes(i) ? { ...u, username: 'jo' } : u));
  const { client: unchecked, requests } = observedClient({ skipValidation: true });
  const report = await unchecked.importUsers(emu.environmentId, input, FAST);
  assertAccounted(report, 50);
  assert.deepEqual(report.failed.map((r) => [r.index, r.code]), [[3, 'http_400'], [17, 'http_400'], [18, 'http_400']]);
  assert.ok(report.failed.every((r) => /^The API answered 400 Bad Request: .*username.*jo/.test(r.error)), report.failed[0].error);
  assert.equal(report.created.length, 47);
  assert.deepEqual(await storedEmails(), emails(input.filter((u) => u.username !== 'jo')));
  // One request for the batch and one for each half sent; bounded by 2n − 1 for n rows.
  assert.equal(requests.length, 1 + report.splitRequests);
  assert.ok(report.splitRequests > 0 && report.splitRequests <= 2 * 50 - 2, String(report.splitRequests));
  assert.ok(requests.every((r) => r.users <= 50));
  assert.equal(requests.filter((r) => r.status === 400 && r.users === 1).length, 3, 'each refused row alone, once');
  // Validating first, the same rows never leave: rejected, and one request carries the rest.
  await emu.clear();
  const { client: checked, requests: sent } = observedClient();
  const validated = await checked.importUsers(emu.environmentId, input, FAST);
  assert.deepEqual([rows(validated.rejected), validated.created.length, validated.splitRequests, sent.length], [[3, 17, 18], 47, 0, 1]);
});
