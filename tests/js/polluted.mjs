// Run by hostile.test.mjs in a child process (argv: emulator URL, environment id, token): pollutes
// Object.prototype with every option name, each set to what would do harm if it were read, and
// checks that every call behaves as without it. Prints one JSON line: the checks made and the
// emails the emulator should hold afterwards. Exits non-zero on the first failed check.
import assert from 'node:assert/strict';
import { DynamicUsersClient, parseUsersCsv } from '../../pkg/index.mjs';

const [url, environmentId, token] = process.argv.slice(2);
const DEFAULT_BASE_URL = 'https://app.dynamicauth.com/api/v0';
let checks = 0;
const check = (ok, what) => {
  assert.ok(ok, what);
  checks++;
};

const calledBack = [];
const pollution = {
  // Client options: the token to another host, another token, no validation, a fetch that records.
  baseUrl: 'http://127.0.0.1:9/stolen',
  token: 'polluted-token-0000',
  timeoutMs: 1,
  maxRetries: 10,
  skipValidation: true,
  fetch: (...args) => {
    calledBack.push('fetch');
    return Promise.reject(new Error('the polluted fetch was called'));
  },
  // Call options.
  upsert: true,
  environmentId: '11111111-2222-4333-8444-555555555555',
  batchSize: 1,
  concurrency: 1,
  requestsPerMinute: 0.0001,
  onProgress: () => calledBack.push('onProgress'),
  columns: { email: null, Email: null, 'E-mail': 'firstName' },
  delimiter: ';',
  fix: true,
  customFields: { plan: 'metadata.plan' },
};
// An aborted `signal`, and what a fetch implementation reads from its `init` (which has no prototype,
// so none of these is seen there). Node's own fetch fails with these polluted whatever its caller
// does (it copies `init` into a dictionary of its own, and its streams take an options bag, both of
// which inherit them), so they are checked with a `fetch` option that looks at what it is given.
const initPollution = {
  signal: AbortSignal.abort(),
  window: {},
  method: 'DELETE',
  body: '[]',
  redirect: 'error',
  integrity: 'sha256-x',
  keepalive: true,
  credentials: 'include',
  mode: 'no-cors',
};

const stats = async () => (await (await fetch(`${new URL(url).origin}/__emulator/stats`)).json()).api_requests;
const emails = ['p1@example.com', 'p2@example.com', 'p3@example.com'];
const requestsBefore = await stats();

for (const [key, value] of Object.entries(pollution)) Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
try {
  // The client: an inherited token is not one, an inherited baseUrl is not used.
  assert.throws(() => new DynamicUsersClient({}), (e) => e.kind === 'config' && /token must be a string/.test(e.message));
  checks++;
  check(new DynamicUsersClient({ token }).baseUrl === DEFAULT_BASE_URL, 'the default baseUrl, not the inherited one');
  const client = new DynamicUsersClient({ token, baseUrl: url });
  check(client.baseUrl === url, 'its own baseUrl');

  // Validation still runs (skipValidation is not inherited): nothing is sent.
  const invalid = await client.bulkCreateUsers(environmentId, [{ email: 'not-an-email' }]).then(() => null, (e) => e);
  check(invalid?.kind === 'validation' && invalid.attempts === 0, `validation ran: ${invalid?.message}`);

  // Sent with the global fetch, not aborted, not timed out after 1 ms, to the real environment.
  const created = await client.bulkCreateUsers(environmentId, [{ email: emails[0] }]);
  check(created.created.length === 1, 'created');
  // Not upserted: the second time the user fails as existing.
  const again = await client.bulkCreateUsers(environmentId, [{ email: emails[0], firstName: 'Changed' }]);
  check(again.failed.length === 1 && again.updated.length === 0, `no upsert: ${JSON.stringify(again)}`);

  // updateUser without environmentId takes the seed's path, not the inherited environment's.
  const missing = await client.updateUser('99999999-2222-4333-8444-555555555555', { firstName: 'Ada' }).then(() => null, (e) => e);
  check(missing?.status === 404 && missing.url === `${url}/users/99999999-2222-4333-8444-555555555555`, `the seed's path: ${missing?.url}`);
  const updated = await client.updateUser(created.created[0].id, { firstName: 'Ada' }, { environmentId });
  check(updated.user.firstName === 'Ada', 'updated with its own environmentId');

  // An import: one batch of 50 (not 1), no pacing of one request in 10 minutes, no progress calls,
  // no fix, CSV read with its own comma and columns.
  const report = await client.importUsers(environmentId, [{ email: emails[1] }, { email: emails[2] }]);
  check(report.created.length === 2, `imported: ${JSON.stringify(report)}`);
  const csv = await client.importUsers(environmentId, 'email,country\nbad@example.com,United Kingdom\n');
  check(csv.rejected.length === 1 && csv.fixes.length === 0, `CSV: no inherited fix or columns: ${JSON.stringify(csv)}`);
  check(csv.rejected[0].issues[0].path === 'row 2: country', 'the comma delimiter, email read as email');
  const parsed = parseUsersCsv('email,country\nx@example.com,GB\n');
  check(parsed.users.length === 1 && parsed.users[0].email === 'x@example.com' && parsed.fixes.length === 0, `parseUsersCsv: ${JSON.stringify(parsed)}`);
  check(calledBack.length === 0, `nothing inherited was called: ${calledBack}`);

  for (const [key, value] of Object.entries(initPollution)) Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
  const inits = [];
  const looking = new DynamicUsersClient({
    token,
    baseUrl: url,
    fetch: async (_, init) => {
      inits.push(init);
      const bulk = init.method === 'POST';
      return new Response(bulk ? '{"created":[{"email":"x@example.com"}],"updated":[],"failed":[],"total":1}' : '{"user":{"id":"x"}}', { status: bulk ? 201 : 200 });
    },
  });
  // Not aborted by the inherited signal.
  await looking.updateUser(created.created[0].id, { firstName: 'Bo' }, { environmentId });
  await looking.bulkCreateUsers(environmentId, [{ email: 'x@example.com' }]);
  const imported = await looking.importUsers(environmentId, [{ email: 'x@example.com' }]);
  check(imported.created.length === 1 && !imported.aborted, `import not aborted: ${JSON.stringify(imported)}`);
  check(inits.length === 3, `${inits.length} requests`);
  for (const init of inits) {
    check(Object.getPrototypeOf(init) === null, 'init has no prototype');
    check(/^(PUT|POST)$/.test(init.method) && init.body instanceof Uint8Array && !init.signal.aborted, 'its own members');
    check(['window', 'redirect', 'integrity', 'keepalive', 'credentials', 'mode'].every((key) => init[key] === undefined), 'nothing inherited');
  }
} finally {
  for (const key of [...Object.keys(pollution), ...Object.keys(initPollution)]) delete Object.prototype[key];
}
// Requests: invalid (0), create (1), again (1), missing (1), update (1), import (1), CSV (0).
check((await stats()) - requestsBefore === 5, 'five requests, each batch of the import as one');
console.log(JSON.stringify({ checks, expectedEmails: emails }));
