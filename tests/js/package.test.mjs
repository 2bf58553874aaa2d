// The package as a user gets it: `npm pack` pkg/, install the tarball into a scratch project,
// import it as ESM and as CommonJS in Node, compile typed usage with `tsc --strict`, and load the
// browser entry in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, pageResult, serveFiles } from './browser.mjs';
import { startEmulator } from './emulator.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = path.join(root, 'tests/js/.scratch/package');
const app = path.join(scratch, 'app');
const installed = path.join(app, 'node_modules/dynamic-users');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

const run = (cmd, args, cwd = app) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const write = (name, text) => fs.writeFileSync(path.join(app, name), text);

// What every entry must answer for the same calls; `csv` adds parseUsersCsv (main entry only).
const probe = (csv) => `
  const bad = du.validateUserUpdate({ firstname: 'Ann', country: 'UK', username: 'a b' });
  const good = du.validateNewUser({ email: 'ann@example.com', username: 'ann' });
  const bulk = du.validateBulkUsers([{ email: 'a@x.io' }, { email: 'A@X.IO' }]);
  const field = du.validateField('country', 'us');
  const weird = [du.validateBulkUsers(42), du.validateNewUser(null), du.validateField(7, 'x')];
  const fixed = du.fixUsers([{ country: 'United Kingdom', email: ' a@x.io' }]);
  ${csv ? `const csv = du.parseUsersCsv('email,First Name,metadata.plan\\na@x.io,"Ann, A","pro ""A"""\\nbad,Bob,\\n');` : ''}
  const out = {
    exports: Object.keys(du).filter((k) => k !== 'default').sort(),
    bad: bad.issues.map((i) => [i.path, i.code, i.severity]),
    good, bulk: bulk.issues.map((i) => [i.path, i.code]), field: field.map((i) => i.message),
    weird: weird.map((r) => (Array.isArray(r) ? r : r.issues).map((i) => i.code)),
    fixed: [fixed.users, fixed.fixes.map((f) => [f.path, f.to])],
    ${csv ? 'csv: [csv.users, csv.issues.map((i) => [i.path, i.code])],' : ''}
  };`;
const PROBE = probe(true);
const VALIDATE_PROBE = probe(false);

const VALIDATE_EXPECTED = {
  exports: ['DynamicUsersError', 'bulkUsersSchema', 'fixUsers', 'isNewUser', 'isUserUpdate', 'newUserSchema', 'parseBulkUsers', 'parseNewUser', 'parseUserUpdate',
    'userUpdateSchema', 'validateBulkUsers', 'validateField', 'validateNewUser', 'validateUserUpdate'],
  bad: [
    ['firstname', 'unknown_field', 'error'],
    ['country', 'invalid_country', 'error'],
    ['username', 'invalid_username', 'error'],
  ],
  good: { valid: true, issues: [] },
  bulk: [['[1].email', 'duplicate_email']],
  field: ['Country codes are upper case: use "US".'],
  weird: [['invalid_type'], ['invalid_type'], ['invalid_type']],
  fixed: [[{ country: 'GB', email: 'a@x.io' }], [['country', 'GB'], ['email', 'a@x.io']]],
};

const EXPECTED = {
  ...VALIDATE_EXPECTED,
  exports: ['DynamicUsersClient', 'DynamicUsersError', 'bulkUsersSchema', 'fixUsers', 'isDynamicUsersError', 'isNewUser', 'isUserUpdate', 'newUserSchema', 'parseBulkUsers',
    'parseNewUser', 'parseUserUpdate', 'parseUsersCsv', 'userUpdateSchema', 'validateBulkUsers', 'validateField', 'validateNewUser', 'validateUserUpdate'],
  csv: [[{ email: 'a@x.io', firstName: 'Ann, A', metadata: { plan: 'pro "A"' } }], [['row 3: email', 'invalid_email']]],
};

let tarball;

before(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch, path.join(root, 'pkg')], root));
  tarball = packed[0];
  write('package.json', JSON.stringify({ name: 'scratch-app', private: true, version: '0.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', path.join(scratch, tarball.filename)]);
});

test('the tarball holds only what ships', () => {
  // wasm-bindgen names the folder of the JavaScript that the Rust code imports by a hash.
  const files = tarball.files.map((f) => f.path.replace(/^snippets\/dynamic-users-[0-9a-f]{16}\//, 'snippets/…/')).sort();
  assert.deepEqual(files, [
    'CHANGELOG.md', 'LICENSE', 'README.md', 'THIRD-PARTY-LICENSES.md', 'bin/dynamic-users.mjs', 'dynamic_users.cjs', 'dynamic_users.d.ts', 'dynamic_users.js',
    'dynamic_users_bg.wasm', 'dynamic_users_bg.wasm.gz.mjs', 'edge.js', 'index.d.cts', 'index.d.ts', 'index.js', 'index.mjs', 'package.json', 'server.mjs',
    'snippets/…/src/wasm/host.cjs', 'snippets/…/src/wasm/host.js',
    'validate/dynamic_users_validate.cjs', 'validate/dynamic_users_validate.d.ts', 'validate/dynamic_users_validate.js',
    'validate/dynamic_users_validate_bg.wasm', 'validate/dynamic_users_validate_bg.wasm.gz.mjs', 'validate/edge.js',
    'validate/index.d.cts', 'validate/index.d.ts', 'validate/index.js', 'validate/index.mjs', 'validate/server.mjs', 'validate/workerd.js',
    'workerd.js',
  ]);
});

test('the npm page stands alone: absolute links, no repository chores, where to go for more', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  const repo = 'https://github.com/dynamic-users/dynamic-users';
  assert.equal(manifest.repository.url, `git+${repo}.git`);
  assert.equal(manifest.homepage, `${repo}#readme`);
  assert.equal(manifest.bugs.url, `${repo}/issues`);
  assert.ok(manifest.keywords.includes('dynamic-xyz') && manifest.keywords.length >= 8);
  const page = fs.readFileSync(path.join(installed, 'README.md'), 'utf8');
  const prose = page.replace(/```[\s\S]*?```/g, '');
  const links = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length > 5, 'the page links somewhere');
  for (const link of links) assert.match(link, /^(https:\/\/|#)/, `link ${link} only works inside the repository`);
  const headings = new Set([...prose.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
    m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')));
  for (const link of links.filter((l) => l.startsWith('#'))) assert.ok(headings.has(link.slice(1)), `no heading for ${link}`);
  assert.doesNotMatch(page, /`make [a-z-]+`|repo-only|npm-only/);
  for (const section of ['## Use', '## Call the API', '## Import thousands of users', '## Command line', '## The package']) {
    assert.ok(page.includes(`\n${section}\n`), section);
  }
  assert.match(fs.readFileSync(path.join(installed, 'CHANGELOG.md'), 'utf8'), new RegExp(`## \\[${manifest.version.replace(/\./g, '\\.')}\\]`));
});

test('the shipped JavaScript has no eval or Function constructor (runs under a strict CSP)', () => {
  for (const file of tarball.files.map((f) => f.path).filter((f) => /\.(c|m)?js$/.test(f))) {
    const source = fs.readFileSync(path.join(installed, file), 'utf8');
    assert.doesNotMatch(source, /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/, file);
  }
});

test('Node ESM import works without an init call', () => {
  write('esm.mjs', `import * as du from 'dynamic-users';\n${PROBE}\nconsole.log(JSON.stringify(out));`);
  assert.deepEqual(JSON.parse(run('node', ['esm.mjs'])), EXPECTED);
});

test('Node CommonJS require works without an init call', () => {
  write('cjs.cjs', `const du = require('dynamic-users');\n${PROBE}\nconsole.log(JSON.stringify(out));`);
  assert.deepEqual(JSON.parse(run('node', ['cjs.cjs'])), EXPECTED);
});

test('dynamic-users/validate: Node ESM import works without an init call', () => {
  write('validate-esm.mjs', `import * as du from 'dynamic-users/validate';\n${VALIDATE_PROBE}\nconsole.log(JSON.stringify(out));`);
  assert.deepEqual(JSON.parse(run('node', ['validate-esm.mjs'])), VALIDATE_EXPECTED);
});

test('dynamic-users/validate: Node CommonJS require works without an init call', () => {
  write('validate-cjs.cjs', `const du = require('dynamic-users/validate');\n${VALIDATE_PROBE}\nconsole.log(JSON.stringify(out));`);
  assert.deepEqual(JSON.parse(run('node', ['validate-cjs.cjs'])), VALIDATE_EXPECTED);
});

test('both work on Nodes that cannot require() an ES module (18, 20 before 20.19, 22 before 22.12)', () => {
  // This Node can; the flag makes it behave as those do, where the glue requiring an ES module
  // snippet threw ERR_REQUIRE_ESM on import as well as on require.
  for (const file of ['cjs.cjs', 'esm.mjs']) {
    assert.deepEqual(JSON.parse(run('node', ['--no-experimental-require-module', file])), EXPECTED, file);
  }
  for (const file of ['validate-cjs.cjs', 'validate-esm.mjs']) {
    assert.deepEqual(JSON.parse(run('node', ['--no-experimental-require-module', file])), VALIDATE_EXPECTED, file);
  }
});

test('validateBulkUsers gives the same report from dynamic-users/validate as from dynamic-users', async () => {
  // Generated rows like real imports (several scripts, wallets, metadata, ~2 % defects), plus
  // rows that break in other ways: repeated emails across rows, wrong types, a non-array.
  const { generateUsers } = await import('../../bench/generate-users.mjs');
  const users = [...generateUsers(3000, 7, 0.05), { email: 'dup@x.io' }, { email: 'DUP@x.io', wallets: 'x' }, null, 42];
  fs.writeFileSync(path.join(app, 'same-users.json'), JSON.stringify(users));
  write('same.mjs', `import fs from 'node:fs';
    import * as full from 'dynamic-users';
    import * as validate from 'dynamic-users/validate';
    const users = JSON.parse(fs.readFileSync('same-users.json', 'utf8'));
    const reports = (du) => [du.validateBulkUsers(users), du.validateBulkUsers({ not: 'an array' }), du.fixUsers(users)];
    fs.writeFileSync('same-reports.json', JSON.stringify({ full: reports(full), validate: reports(validate) }));`);
  run('node', ['same.mjs']);
  const { full, validate } = JSON.parse(fs.readFileSync(path.join(app, 'same-reports.json'), 'utf8'));
  assert.ok(full[0].issues.length > 100, `the data has issues to compare (${full[0].issues.length})`);
  assert.deepEqual(validate, full);
});

test('the public types have no `any` and document every export', () => {
  for (const file of ['index.d.ts', 'index.d.cts']) {
    const dts = fs.readFileSync(path.join(installed, file), 'utf8');
    assert.doesNotMatch(dts, /\bany\b/, `${file} mentions any`);
    for (const name of EXPECTED.exports) {
      // DynamicUsersError: a class declared as a constructor (`declare const`), its instance type the union of kinds.
      assert.match(dts, new RegExp(`\\*/\\s*export (function|class|declare const) ${name}\\b`), `${name} has no doc comment in ${file}`);
    }
    for (const method of ['bulkCreateUsers', 'updateUser', 'constructor']) {
      assert.match(dts, new RegExp(`\\*/\\s*${method}\\(`), `${method} has no doc comment in ${file}`);
    }
  }
  // The validate entry's own types: its exports and what they reach, not the client's.
  for (const file of ['validate/index.d.ts', 'validate/index.d.cts', 'validate/dynamic_users_validate.d.ts']) {
    const dts = fs.readFileSync(path.join(installed, file), 'utf8');
    // The web glue's own declarations (InitOutput: the raw wasm exports) are wasm-bindgen's, as in dynamic_users.d.ts.
    if (file.includes('index')) assert.doesNotMatch(dts, /\bany\b/, `${file} mentions any`);
    for (const name of VALIDATE_EXPECTED.exports) {
      assert.match(dts, new RegExp(`\\*/\\s*export (function|declare const) ${name}\\b`), `${name} has no doc comment in ${file}`);
    }
    // DynamicUsersError is declared: parse… throws it.
    for (const name of ['DynamicUsersClient', 'parseUsersCsv', 'ImportReport', 'BulkUserCreateResponse', 'User', 'CsvOptions']) {
      assert.doesNotMatch(dts, new RegExp(`export (declare )?(function|class|interface|type) ${name}\\b`), `${file} declares ${name}`);
    }
  }
});

const USAGE = `
import { DynamicUsersClient, DynamicUsersError, isDynamicUsersError, validateBulkUsers, validateField, validateNewUser, validateUserUpdate } from 'dynamic-users';
import type {
  FailedRow, BulkUserCreateResponse, DynamicUsersErrorKind, IssueCode, NewUser, Severity, User, UserField, UserResponse, UserUpdate,
  ValidationIssue, ValidationReport,
} from 'dynamic-users';

const update: UserUpdate = { firstName: 'Ann', country: null, mfaBackupCodeAcknowledgement: 'pending' };
const user: NewUser = {
  email: 'ann@example.com',
  wallets: [{ publicWalletAddress: '0x0', chain: 'ETH', walletName: 'w', walletProvider: 'browserExtension' }],
};
const report: ValidationReport = validateUserUpdate(update);
const valid: boolean = report.valid && validateNewUser(user).valid && validateBulkUsers([user]).valid;
const first: ValidationIssue | undefined = report.issues[0];
const code: IssueCode | undefined = first?.code;
const severity: Severity | undefined = first?.severity;
const issues: ValidationIssue[] = validateField('username', 'ann');
const field: UserField = 'tShirtSize';
validateField('notAField', 1); // any string is allowed: unknown fields are reported, not refused
// @ts-expect-error: codes are a closed union
const wrongCode: IssueCode = 'no_such_code';
// @ts-expect-error: severities are "error" | "warning"
const wrongSeverity: Severity = 'fatal';
// @ts-expect-error: chains are a closed union in requests
const wrongChain: NewUser = { wallets: [{ publicWalletAddress: 'x', chain: 'MARS', walletName: 'w', walletProvider: 'qrCode' }] };
// @ts-expect-error: an update has no email
const wrongUpdate: UserUpdate = { email: 'a@b.co' };

async function useClient(): Promise<string | undefined> {
  const client = new DynamicUsersClient({ token: 'test-token', baseUrl: 'http://localhost:8787/api/v0', timeoutMs: 5000 });
  try {
    const bulk: BulkUserCreateResponse = await client.bulkCreateUsers('env', [user], { upsert: true, signal: AbortSignal.timeout(1000) });
    const firstFailure: string | undefined = bulk.failed[0]?.code;
    const created: User | undefined = bulk.created[0];
    const answer: UserResponse = await client.updateUser(created?.id ?? '', { country: null });
    await client.updateUser('id', update);
    return firstFailure ?? answer.user.email ?? undefined; // null when the user has no email
  } catch (e) {
    if (isDynamicUsersError(e)) {
      const kind: DynamicUsersErrorKind = e.kind;
      const status: number | undefined = e.status;
      const attempts: number = e.attempts;
      // Narrowed by kind, each error has its fields without \`!\` or \`?? []\`.
      if (e.kind === 'http') {
        const exact: number = e.status;
        const wait: number | undefined = e.retryAfter;
        return [exact, wait, e.code].join(' ');
      }
      if (e.kind === 'validation') {
        const all: ValidationIssue[] = e.issues;
        return all[0]?.message;
      }
      // @ts-expect-error: only an http error has a status for sure
      const unsure: number = e.status;
      return [kind, status, attempts, unsure].join(' ');
    }
    throw e;
  }
}
// The error is a class: instanceof narrows to the union, and the request it was is on it.
function describeError(e: unknown): string {
  if (e instanceof DynamicUsersError) {
    const method: 'GET' | 'POST' | 'PUT' | undefined = e.method;
    const url: string | undefined = e.url;
    const cause: unknown = e.cause;
    if (e.kind === 'http') {
      const exact: number = e.status;
      return [method, url, exact].join(' ');
    }
    return [e.kind, e.message, String(cause)].join(' ');
  }
  return String(e);
}
void describeError;
// FailedRow.code: the API's codes autocomplete, any other string is taken.
const taken: FailedRow['code'] = 'email_already_exists';
const other: FailedRow['code'] = 'http_500';
void taken; void other;
// A response field the API sent as null is null in the types too, so copying one into an update
// (whose firstName takes a string only) is caught at compile time, not by validation at run time.
declare const stored: User;
// @ts-expect-error: firstName may be null in a response
const copied: UserUpdate = { firstName: stored.firstName };
void copied;
const cleared: string | null | undefined = stored.country;
void cleared;
// metadata takes a typed object, an interface without an index signature included.
interface Plan { plan: string; seats: number }
const plan: Plan = { plan: 'pro', seats: 3 };
const withPlan: NewUser = { email: 'a@b.co', metadata: plan };
void withPlan;
// @ts-expect-error: metadata is an object, not a string
const notObject: NewUser = { metadata: 'pro' };
void notObject;
// Frozen arrays (a store's state, say) are taken as they are: the calls copy what they read.
const frozen: readonly NewUser[] = Object.freeze([{ email: 'a@b.co' }]);
void new DynamicUsersClient({ token: 'test-token' }).bulkCreateUsers('env', frozen);
void new DynamicUsersClient({ token: 'test-token' }).importUsers('env', frozen);
// @ts-expect-error: options need a token
new DynamicUsersClient({ baseUrl: 'https://x' });
// @ts-expect-error: upsert is a boolean
void new DynamicUsersClient({ token: 'test-token' }).bulkCreateUsers('env', [], { upsert: 'yes' });
export { valid, code, severity, issues, field, wrongCode, wrongSeverity, wrongChain, wrongUpdate, useClient };
`;

// `.mts` is an ES module and `.cts` CommonJS under nodenext, which picks index.d.ts or index.d.cts.
function compile(name, source, compilerOptions, ext = 'mts') {
  const dir = path.join(app, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `usage.${ext}`), source);
  const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], ...compilerOptions } };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  try {
    run('node', [tsc, '-p', dir]);
  } catch (e) {
    assert.fail(`tsc failed for ${name}:\n${e.stdout}${e.stderr}`);
  }
}

test('types compile under tsc --strict (nodenext ESM)', () => {
  compile('ts-nodenext', USAGE, { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' });
});

test('types compile under tsc --strict (bundler resolution)', () => {
  compile('ts-bundler', USAGE, { module: 'esnext', moduleResolution: 'bundler', target: 'es2022' });
});

test('types compile under tsc --strict (CommonJS)', () => {
  compile('ts-commonjs', USAGE, { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' }, 'cts');
});

const VALIDATE_USAGE = `
import { fixUsers, validateBulkUsers, validateField, validateNewUser, validateUserUpdate } from 'dynamic-users/validate';
import type { Fix, FixedUsers, IssueCode, NewUser, Severity, UserField, UserUpdate, ValidationIssue, ValidationReport } from 'dynamic-users/validate';

const update: UserUpdate = { firstName: 'Ann', country: null };
const user: NewUser = { email: 'ann@example.com', wallets: [{ publicWalletAddress: '0x0', chain: 'ETH', walletName: 'w', walletProvider: 'browserExtension' }] };
const report: ValidationReport = validateUserUpdate(update);
const valid: boolean = report.valid && validateNewUser(user).valid && validateBulkUsers([user]).valid;
const code: IssueCode | undefined = report.issues[0]?.code;
const severity: Severity | undefined = report.issues[0]?.severity;
const issues: ValidationIssue[] = validateField('username', 'ann');
const field: UserField = 'tShirtSize';
const fixed: FixedUsers = fixUsers([user]);
const fixes: Fix[] = fixed.fixes;
const users: NewUser[] = fixed.users;
// @ts-expect-error: codes are a closed union
const wrongCode: IssueCode = 'no_such_code';
// @ts-expect-error: an update has no email
const wrongUpdate: UserUpdate = { email: 'a@b.co' };
export { valid, code, severity, issues, field, fixes, users, wrongCode, wrongUpdate };
`;

test('dynamic-users/validate: types compile under tsc --strict (nodenext ESM, bundler, CommonJS)', () => {
  compile('ts-validate-nodenext', VALIDATE_USAGE, { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' });
  compile('ts-validate-bundler', VALIDATE_USAGE, { module: 'esnext', moduleResolution: 'bundler', target: 'es2022' });
  compile('ts-validate-commonjs', VALIDATE_USAGE, { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' }, 'cts');
  // It has no client: importing one from it is a type error.
  assert.throws(() => compile('ts-validate-negative', `import { DynamicUsersClient } from 'dynamic-users/validate';\nexport { DynamicUsersClient };\n`, {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
  }));
});

test('a type error in usage is caught (the type check can fail)', () => {
  assert.throws(() => compile('ts-negative', `import { validateField } from 'dynamic-users';\nconst n: number = validateField('id', 1);\nexport { n };\n`, {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
  }));
});

test('the README quickstart type-checks as TypeScript too (strict, noUncheckedIndexedAccess)', () => {
  const source = fs.readFileSync(path.join(root, 'examples/quickstart.mjs'), 'utf8');
  compile('ts-quickstart', source, { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noUncheckedIndexedAccess: true });
});

test('the README quickstart runs as written against the emulator, twice', async () => {
  const source = fs.readFileSync(path.join(root, 'examples/quickstart.mjs'), 'utf8');
  assert.ok(fs.readFileSync(path.join(root, 'README.md'), 'utf8').includes(source), 'README.md shows examples/quickstart.mjs verbatim');
  const emu = await startEmulator();
  try {
    assert.equal(emu.token, 'dev-token');
    write('quickstart.mjs', source.replace('http://127.0.0.1:8787/api/v0', emu.url));
    for (let i = 0; i < 2; i++) assert.equal(run('node', ['quickstart.mjs']).trim(), 'ada@example.com: Ada, GB');
  } finally {
    await emu.stop();
  }
});

test('the README custom-fields example runs as written against the emulator with examples/custom-fields.json', async () => {
  const source = fs.readFileSync(path.join(root, 'examples/custom-fields.mjs'), 'utf8');
  assert.ok(fs.readFileSync(path.join(root, 'README.md'), 'utf8').includes(source), 'README.md shows examples/custom-fields.mjs verbatim');
  compile('ts-custom-fields', source, { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noUncheckedIndexedAccess: true });
  const emu = await startEmulator(['--custom-fields', path.join(root, 'examples/custom-fields.json')]);
  try {
    write('custom-fields.mjs', source.replace('http://127.0.0.1:8787/api/v0', emu.url));
    const expected = '[1].metadata.tier custom_field_option Gold\n[1].metadata.terms custom_field_required \n[1].metadata.kycId custom_field_duplicate \nstored 1, rejected 1';
    for (let i = 0; i < 2; i++) assert.equal(run('node', ['custom-fields.mjs']).trim(), expected);
  } finally {
    await emu.stop();
  }
});

// The browser entry served as plain files, as a page (or a bundler's dev server) would load it.
let server;
let origin;
let browser;

after(async () => {
  await browser?.close();
  server?.close();
});

test('the browser entry initialises itself and answers in headless Chromium', async () => {
  write('index.html', `<!doctype html><script type="module">
    import * as du from './node_modules/dynamic-users/index.js';
    ${PROBE}
    window.result = out;
  </script>`);
  ({ server, origin } = await serveFiles(app));
  browser = await launchChromium();
  const { errors, result } = await pageResult(browser, `${origin}/index.html`);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, EXPECTED);
});

test('dynamic-users/validate: the browser entry, loaded with a dynamic import(), answers in headless Chromium', async () => {
  assert.ok(server && browser, 'the browser entry test started the server and browser');
  write('validate.html', `<!doctype html><script type="module">
    const du = await import('./node_modules/dynamic-users/validate/index.js');
    ${VALIDATE_PROBE}
    window.result = out;
  </script>`);
  const page = await browser.newPage();
  const errors = [];
  const wasm = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname));
  await page.goto(`${origin}/validate.html`);
  const result = await page.waitForFunction(() => window.result, null, { timeout: 10_000 }).then((h) => h.jsonValue());
  assert.deepEqual(errors, []);
  assert.deepEqual(result, VALIDATE_EXPECTED);
  // Only its own module: the full one is not downloaded.
  assert.deepEqual(wasm, ['/node_modules/dynamic-users/validate/dynamic_users_validate_bg.wasm']);
});

test('a production webpack build of an app that imports it loads the wasm and answers in Chromium', async () => {
  // Bundlers drop modules they are told have no side effects: with `"sideEffects": false` the
  // entry's `await init()` was dropped, the build succeeded and the page failed on its first call.
  const webpack = (await import('webpack')).default;
  // Named imports, as apps write them: a namespace import kept the entry whole and hid the bug.
  const names = EXPECTED.exports.join(', ');
  write('bundled.mjs', `import { ${names} } from 'dynamic-users';\nconst du = { ${names} };\n${PROBE}\nwindow.result = out;`);
  const dist = path.join(app, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: 'production',
      context: app,
      entry: './bundled.mjs',
      output: { path: dist, filename: 'main.js' },
      performance: { hints: false },
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  const assets = fs.readdirSync(dist);
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted: ${assets}`);
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><script src="main.js"></script>');
  assert.ok(server && browser, 'the browser entry test started the server and browser');
  const page = await browser.newPage();
  const errors = [];
  const wasm = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.url().endsWith('.wasm') && wasm.push(r.status()));
  await page.goto(`${origin}/dist/index.html`);
  const result = await page.waitForFunction(() => window.result, null, { timeout: 10_000 }).then((h) => h.jsonValue())
    .catch((e) => assert.fail(`no result: ${errors.join('; ') || e.message}`));
  assert.deepEqual([errors, wasm], [[], [200]]);
  assert.deepEqual(result, EXPECTED);
});
