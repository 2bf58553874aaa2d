// Typed validation as a user gets it (issue #21): the packed tarball installed into a scratch
// project; parse… functions, type guards and the Standard Schema v1 objects from both entries, in
// Node ESM and CommonJS and in headless Chromium; their types under `tsc --strict`; and
// react-hook-form's standardSchemaResolver and TanStack Form taking newUserSchema as it is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, pageResult, serveFiles } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Under tests/, so that react-hook-form, its resolvers and TanStack Form (the repository's devDependencies)
// resolve from the app as they would in a user's project, and dynamic-users from the tarball.
const scratch = path.join(root, 'tests/js/.scratch/typed');
const app = path.join(scratch, 'app');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

const run = (cmd, args) => execFileSync(cmd, args, { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const write = (name, text) => fs.writeFileSync(path.join(app, name), text);

before(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch, path.join(root, 'pkg')], { encoding: 'utf8' }));
  write('package.json', JSON.stringify({ name: 'scratch-typed', private: true, version: '0.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', path.join(scratch, packed[0].filename)]);
});

const WALLET = { publicWalletAddress: '0x52908400098527886E0F7030069857D2E4169EE7', chain: 'ETH', walletName: 'MetaMask', walletProvider: 'browserExtension' };

const NAMES = ['DynamicUsersError', 'parseNewUser', 'parseUserUpdate', 'parseBulkUsers', 'isNewUser', 'isUserUpdate', 'newUserSchema', 'userUpdateSchema', 'bulkUsersSchema'];

// The same calls for every entry and loader, `du` being the module; `out` is JSON.
const PROBE = `
  const wallet = ${JSON.stringify(WALLET)};
  const good = { email: 'ada@example.com', firstName: 'Ada', lastName: undefined, emailVerifiedAt: new Date(Date.UTC(2026, 0, 2)), wallets: [wallet] };
  const bad = { email: 'nope', country: 'uk', wallets: [{ ...wallet, chain: 'MARS' }] };
  const warned = { email: 'ada@' }; // the API takes it, no mail system delivers to it: a warning only
  const caught = (parse, value) => {
    try {
      return { returned: parse(value) };
    } catch (e) {
      return {
        instance: e instanceof du.DynamicUsersError, error: e instanceof Error, name: e.name, kind: e.kind, attempts: e.attempts,
        message: e.message, issues: e.issues.map((i) => [i.path, i.code, i.severity]),
      };
    }
  };
  const parsed = du.parseNewUser(good);
  const out = {
    exports: ${JSON.stringify(NAMES)}.map((name) => typeof du[name]),
    parsed: [parsed, parsed !== good, good.emailVerifiedAt instanceof Date, du.parseUserUpdate({ country: null, btcWallet: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb' }),
      du.parseNewUser(warned), du.parseBulkUsers([warned, { username: 'ada' }])],
    thrown: [caught(du.parseNewUser, bad), caught(du.parseUserUpdate, { email: 'a@b.co' }), caught(du.parseNewUser, null),
      caught(du.parseBulkUsers, [{ email: 'a@x.io' }, { email: 'A@X.IO' }]), caught(du.parseBulkUsers, {})],
    guards: [du.isNewUser(good), du.isNewUser(bad), du.isNewUser(warned), du.isNewUser(undefined), du.isUserUpdate({ country: 'GB' }), du.isUserUpdate({ email: 'a@b.co' })],
    standard: [du.newUserSchema, du.userUpdateSchema, du.bulkUsersSchema].map((s) => [s['~standard'].version, s['~standard'].vendor, typeof s['~standard'].validate]),
    validated: [
      du.newUserSchema['~standard'].validate(bad),
      du.newUserSchema['~standard'].validate(good),
      du.newUserSchema['~standard'].validate(warned),
      du.newUserSchema['~standard'].validate(null),
      du.userUpdateSchema['~standard'].validate({ username: 'a b', metadata: { plan: 'pro' } }),
      du.bulkUsersSchema['~standard'].validate([{ email: 'a@x.io' }, { email: 'A@X.IO', wallets: [{ ...wallet, walletProvider: 'fax' }] }]),
    ],
  };`;

const PARSED = { email: 'ada@example.com', firstName: 'Ada', emailVerifiedAt: '2026-01-02T00:00:00.000Z', wallets: [WALLET] };
const EMAIL = '"nope" is not a valid email address.';
const CHAIN = '"MARS" is not a valid chain; use one of: ETH, EVM, FLOW, SOL, ALGO, STARK, COSMOS, BTC, ECLIPSE, SUI, SPARK, TRON, APTOS, TON, STELLAR.';
const COUNTRY = '"UK" is not an assigned ISO 3166-1 code; the United Kingdom\'s ISO code is GB: use "GB".';
const DUPLICATE = 'The user at index 0 has the same email; each email may appear only once (compared case-insensitively).';
const refused = (message, issues) => ({ instance: true, error: true, name: 'DynamicUsersError', kind: 'validation', attempts: 0, message, issues });
const EXPECTED = {
  exports: ['function', 'function', 'function', 'function', 'function', 'function', 'object', 'object', 'object'],
  // A copy as JSON sends it: the Date as its string, the undefined member gone; warnings pass.
  parsed: [PARSED, true, true, { country: null, btcWallet: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb' }, { email: 'ada@' }, [{ email: 'ada@' }, { username: 'ada' }]],
  thrown: [
    refused(`The user has 3 problems, the first at email: ${EMAIL}`, [['email', 'invalid_email', 'error'], ['country', 'invalid_country', 'error'], ['wallets[0].chain', 'invalid_enum', 'error']]),
    refused('The update has a problem at email: email can only be set with bulkCreateUsers (POST /environments/{environmentId}/users/bulk?upsert=true), not with updateUser (PUT /users/{userId}).',
      [['email', 'not_updatable', 'error']]),
    refused('The user has a problem: A user must be an object, not null.', [['', 'invalid_type', 'error']]),
    refused(`The bulk body has a problem at [1].email: ${DUPLICATE}`, [['[1].email', 'duplicate_email', 'error']]),
    refused('The bulk body has a problem: The bulk body must be an array of users, not an object.', [['', 'invalid_type', 'error']]),
  ],
  guards: [true, false, true, false, true, false],
  standard: [[1, 'dynamic-users', 'function'], [1, 'dynamic-users', 'function'], [1, 'dynamic-users', 'function']],
  validated: [
    { issues: [{ message: EMAIL, path: ['email'] }, { message: COUNTRY, path: ['country'] }, { message: CHAIN, path: ['wallets', 0, 'chain'] }] },
    { value: PARSED },
    { value: { email: 'ada@' } },
    { issues: [{ message: 'A user must be an object, not null.', path: [] }] },
    { issues: [{ message: "username may contain only letters, numbers, '_' and '-', not a space.", path: ['username'] }] },
    { issues: [
      { message: '"fax" is not a valid walletProvider; use one of: browserExtension, custodialService, walletConnect, qrCode, deepLink, embeddedWallet, smartContractWallet.', path: [1, 'wallets', 0, 'walletProvider'] },
      { message: DUPLICATE, path: [1, 'email'] },
    ] },
  ],
};

for (const entry of ['dynamic-users', 'dynamic-users/validate']) {
  test(`${entry}: parse…, is… and the Standard Schema objects in Node ESM and CommonJS`, () => {
    const name = entry.replace('/', '-');
    write(`${name}.mjs`, `import * as du from '${entry}';\n${PROBE}\nconsole.log(JSON.stringify(out));`);
    write(`${name}.cjs`, `const du = require('${entry}');\n${PROBE}\nconsole.log(JSON.stringify(out));`);
    assert.deepEqual(JSON.parse(run('node', [`${name}.mjs`])), EXPECTED, 'ESM');
    assert.deepEqual(JSON.parse(run('node', [`${name}.cjs`])), EXPECTED, 'CommonJS');
  });
}

test('instanceof DynamicUsersError takes an error from either entry, CommonJS or ESM; subclasses check as usual', () => {
  write('across.mjs', `import { createRequire } from 'node:module';
    import * as full from 'dynamic-users';
    import * as validate from 'dynamic-users/validate';
    const required = createRequire(import.meta.url)('dynamic-users/validate');
    const thrown = (f) => { try { f(); } catch (e) { return e; } };
    const fromValidate = thrown(() => validate.parseNewUser(null));
    const fromFull = thrown(() => full.parseUserUpdate(7));
    const fromClient = thrown(() => new full.DynamicUsersClient({}));
    class Sub extends full.DynamicUsersError {}
    const sub = new Sub('x');
    console.log(JSON.stringify([
      [fromValidate instanceof full.DynamicUsersError, fromFull instanceof validate.DynamicUsersError, fromClient instanceof validate.DynamicUsersError,
        fromValidate instanceof required.DynamicUsersError, full.isDynamicUsersError(fromValidate), fromClient.kind],
      [new Error('x') instanceof full.DynamicUsersError, {} instanceof validate.DynamicUsersError, null instanceof full.DynamicUsersError, 'x' instanceof full.DynamicUsersError],
      [sub instanceof Sub, sub instanceof validate.DynamicUsersError, sub instanceof Error, fromFull instanceof Sub, sub.name, new validate.DynamicUsersError('m').message],
    ]));`);
  assert.deepEqual(JSON.parse(run('node', ['across.mjs'])), [
    [true, true, true, true, true, 'config'],
    [false, false, false, false],
    [true, true, true, false, 'DynamicUsersError', 'm'],
  ]);
});

test("react-hook-form's standardSchemaResolver takes newUserSchema as it is", () => {
  // The resolver called as react-hook-form calls it (its getResolverOptions), then a form
  // (createFormControl: useForm without React) submitted with bad and then good values.
  write('rhf.mjs', `import { createFormControl } from 'react-hook-form';
    import { standardSchemaResolver } from '@hookform/resolvers/standard-schema';
    import { newUserSchema } from 'dynamic-users/validate';
    const resolver = standardSchemaResolver(newUserSchema);
    const options = (criteriaMode) => ({ criteriaMode, names: [], fields: {}, shouldUseNativeValidation: false });
    const wallet = ${JSON.stringify(WALLET)};
    const bad = { email: 'nope', wallets: [wallet, { ...wallet, chain: 'MARS' }] };
    const good = { email: 'ada@example.com', firstName: 'Ada', lastName: undefined, wallets: [wallet] };
    const out = { direct: [await resolver(bad, undefined, options('firstError')), await resolver(good, undefined, options('firstError')),
      await resolver(null, undefined, options('all'))] };
    const form = createFormControl({ resolver, defaultValues: bad });
    const submit = () => new Promise((resolve) => form.handleSubmit((values) => resolve({ values }), (errors) => resolve({ errors }))());
    const errors = (await submit()).errors;
    out.invalid = [Object.keys(errors), errors.email.message, errors.wallets.length, errors.wallets[0], errors.wallets[1].chain.message, form.getFieldState('wallets.1.chain').invalid];
    form.setValue('email', 'ada@example.com');
    form.setValue('wallets.1.chain', 'EVM');
    out.valid = await submit();
    console.log(JSON.stringify(out));`);
  const out = JSON.parse(run('node', ['rhf.mjs']));
  const [bad, good, root] = out.direct;
  assert.deepEqual(bad, { values: {}, errors: { email: { message: EMAIL, type: '' }, wallets: [null, { chain: { message: CHAIN, type: '' } }] } });
  assert.deepEqual(good, { values: { email: 'ada@example.com', firstName: 'Ada', wallets: [WALLET] }, errors: {} });
  assert.deepEqual(root, { values: {}, errors: { root: { message: 'A user must be an object, not null.', type: '', types: { 0: 'A user must be an object, not null.' } } } });
  assert.deepEqual(out.invalid, [['email', 'wallets'], EMAIL, 2, null, CHAIN, true]);
  assert.deepEqual(out.valid, { values: { email: 'ada@example.com', wallets: [WALLET, { ...WALLET, chain: 'EVM' }] } });
});

test('TanStack Form takes newUserSchema as a form validator, and puts each issue on its field', () => {
  write('tanstack.mjs', `import { FieldApi, FormApi } from '@tanstack/form-core';
    import { newUserSchema } from 'dynamic-users';
    const wallet = ${JSON.stringify(WALLET)};
    let submitted = null;
    const form = new FormApi({ defaultValues: { email: 'nope', wallets: [{ ...wallet, chain: 'MARS' }] }, validators: { onSubmit: newUserSchema },
      onSubmit: ({ value }) => { submitted = value; } });
    form.mount();
    const email = new FieldApi({ form, name: 'email' });
    const chain = new FieldApi({ form, name: 'wallets[0].chain' });
    email.mount();
    chain.mount();
    const state = () => [form.state.isValid, email.state.meta.errors.map((e) => e.message), chain.state.meta.errors.map((e) => e.path), submitted];
    await form.handleSubmit();
    const invalid = state();
    email.setValue('ada@example.com');
    chain.setValue('ETH');
    await form.handleSubmit();
    console.log(JSON.stringify([invalid, state()]));`);
  assert.deepEqual(JSON.parse(run('node', ['tanstack.mjs'])), [
    [false, [EMAIL], [['wallets', 0, 'chain']], null],
    [true, [], [], { email: 'ada@example.com', wallets: [WALLET] }],
  ]);
});

// The types: parse… returns the body types, the guards narrow, the schemas infer their output (by
// our StandardSchemaV1 and by the spec's own package), and react-hook-form types its form from one.
const TYPES = (entry) => `
import { DynamicUsersError, bulkUsersSchema, isNewUser, isUserUpdate, newUserSchema, parseBulkUsers, parseNewUser, parseUserUpdate, userUpdateSchema } from '${entry}';
import type { NewUser, StandardSchemaV1, UserUpdate, ValidationIssue } from '${entry}';
import type { StandardSchemaV1 as Spec } from '@standard-schema/spec';
import { standardSchemaResolver } from '@hookform/resolvers/standard-schema';
import { createFormControl } from 'react-hook-form';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { FormApi } from '@tanstack/form-core';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
declare const input: unknown;

const user: NewUser = parseNewUser(input);
const update: UserUpdate = parseUserUpdate(input);
const users: NewUser[] = parseBulkUsers(input);
const email: string | undefined = parseNewUser(input).email;
// @ts-expect-error: the parsed user's email is a string
const wrong: number | undefined = parseNewUser(input).email;
if (isNewUser(input)) {
  const chain: NewUser['wallets'] = input.wallets;
  void chain;
}
if (isUserUpdate(input)) {
  const country: string | null | undefined = input.country;
  void country;
}
try {
  parseNewUser(input);
} catch (e) {
  if (e instanceof DynamicUsersError && e.kind === 'validation') {
    const issues: ValidationIssue[] = e.issues;
    void issues;
  }
}

const inferred: Same<StandardSchemaV1.InferOutput<typeof newUserSchema>, NewUser> = true;
const byTheSpec: [Same<Spec.InferOutput<typeof newUserSchema>, NewUser>, Same<Spec.InferInput<typeof userUpdateSchema>, UserUpdate>,
  Same<Spec.InferOutput<typeof bulkUsersSchema>, NewUser[]>] = [true, true, true];
const asSpec: Spec<NewUser, NewUser> = newUserSchema;
// validate answers at once: no await, and its issues are the spec's.
const result = newUserSchema['~standard'].validate(input);
const path: ReadonlyArray<PropertyKey | Spec.PathSegment> | undefined = result.issues?.[0]?.path;
const value: NewUser | undefined = result.issues ? undefined : result.value;

const resolver: Resolver<NewUser, unknown, NewUser> = standardSchemaResolver(newUserSchema);
const form = createFormControl({ resolver: standardSchemaResolver(newUserSchema) });
form.register('wallets.0.chain');
// @ts-expect-error: not a field of a NewUser
form.register('wallets.0.chains');
void form.handleSubmit((values) => {
  const submitted: NewUser = values;
  void submitted;
}, (errors: FieldErrors<NewUser>) => {
  const message: string | undefined = errors.wallets?.[0]?.chain?.message;
  void message;
});
const tanstack = new FormApi({ defaultValues: user, validators: { onChange: newUserSchema, onSubmit: newUserSchema } });
export { user, update, users, email, wrong, inferred, byTheSpec, asSpec, path, value, resolver, tanstack };
`;

function compile(name, source, compilerOptions, ext = 'mts') {
  const dir = path.join(app, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `usage.${ext}`), source);
  const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], ...compilerOptions } };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  try {
    execFileSync('node', [tsc, '-p', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    assert.fail(`tsc failed for ${name}:\n${e.stdout}${e.stderr}`);
  }
}

const NODENEXT = { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' };

test('types under tsc --strict: parse… returns NewUser and UserUpdate, the schemas infer, react-hook-form types its form', () => {
  compile('ts-main-esm', TYPES('dynamic-users'), NODENEXT);
  compile('ts-main-cjs', TYPES('dynamic-users'), NODENEXT, 'cts');
  compile('ts-validate-bundler', TYPES('dynamic-users/validate'), { module: 'esnext', moduleResolution: 'bundler', target: 'es2022' });
  // The check can fail: a parsed user is not a string.
  assert.throws(() => compile('ts-negative', `import { parseNewUser } from 'dynamic-users/validate';\nexport const s: string = parseNewUser({});\n`, NODENEXT));
});

test('the README example runs as written and type-checks', () => {
  const source = fs.readFileSync(path.join(root, 'examples/typed-validation.mjs'), 'utf8');
  assert.ok(fs.readFileSync(path.join(root, 'README.md'), 'utf8').includes(source), 'README.md shows examples/typed-validation.mjs verbatim');
  write('typed-validation.mjs', source);
  assert.deepEqual(run('node', ['typed-validation.mjs']).trim().split('\n'), [
    'ada@example.com',
    'invalid_email, invalid_country',
    `The user has 2 problems, the first at email: "ada.example.com" is not a valid email address.`,
    'GB',
    'wallets.0.chain, wallets.0.publicWalletAddress, wallets.0.walletName, wallets.0.walletProvider',
  ]);
  // Each comment in it shows what that line prints.
  const shown = [...source.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
  assert.deepEqual(shown, ['ada@example.com', 'invalid_email, invalid_country', 'The user has 2 problems, the first at email: "ada.example.com" is not a valid email address.', 'GB']);
  compile('ts-example', source, { ...NODENEXT, noUncheckedIndexedAccess: true });
});

// The browser entries served as plain files, as a page would load them.
let server;
let origin;
let browser;

after(async () => {
  await browser?.close();
  server?.close();
});

test('both browser entries answer the same in headless Chromium', async () => {
  ({ server, origin } = await serveFiles(app));
  browser = await launchChromium();
  for (const entry of ['index.js', 'validate/index.js']) {
    const html = `typed-${entry.replace('/', '-')}.html`;
    write(html, `<!doctype html><script type="module">
      import * as du from './node_modules/dynamic-users/${entry}';
      ${PROBE}
      window.result = out;
    </script>`);
    const { errors, result } = await pageResult(browser, `${origin}/${html}`);
    assert.deepEqual(errors, [], entry);
    assert.deepEqual(result, EXPECTED, entry);
  }
});
