// Environment custom fields (issue #22) from the built package against the emulator: fetched with
// getCustomFields, checked by every validator, parseUsersCsv and importUsers before sending, and
// the emulator's own verdict on what only the server can know (a value taken by another import).
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DynamicUsersClient, DynamicUsersError, parseUsersCsv, validateBulkUsers, validateField, validateNewUser, validateUserUpdate,
} from '../../pkg/index.mjs';
import * as validateEntry from '../../pkg/validate/index.mjs';
import { startEmulator } from './emulator.mjs';

const FIELDS = [
  { name: 'kycId', label: 'KYC ID', fieldType: 'text', required: true, validationRules: { regex: '^[A-Z]{2}\\d{4}$', unique: true } },
  { name: 'tier', fieldType: 'select', validationRules: { validOptions: [{ label: 'Gold' }, { label: 'Silver', key: 's' }] } },
  { name: 'terms', fieldType: 'checkbox', required: true, validationRules: { checkboxText: 'I accept the terms' } },
];

let emu;
let client;
let customFields;

before(async () => {
  emu = await startEmulator(['--quiet']);
  client = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, maxRetries: 2 });
  await emu.customFields(FIELDS);
  customFields = await client.getCustomFields(emu.environmentId);
});
after(async () => assert.equal(await emu.stop(), 0));
beforeEach(async () => {
  await emu.resetFaults();
  await emu.clear();
});

const user = (i, kycId, extra = {}) => ({ email: `kyc${i}@example.com`, metadata: { kycId, tier: 'Gold', terms: true, ...extra } });
const codes = (report) => report.issues.map((i) => [i.path, i.code]);
const bulkRequests = async () => (await emu.stats()).api_requests;

test('getCustomFields answers the environment\'s fields as the API serves them', async () => {
  assert.equal(customFields.length, 3);
  assert.deepEqual(customFields.map((f) => [f.name, f.fieldType, f.enabled, f.position]), [
    ['kycId', 'text', true, 0], ['tier', 'select', true, 1], ['terms', 'checkbox', true, 2],
  ]);
  assert.equal(typeof customFields[0].id, 'string');
  // The usual errors: a wrong id is config (nothing sent), an unknown environment is http 404, an aborted signal aborted.
  await assert.rejects(client.getCustomFields('nope'), (e) => e instanceof DynamicUsersError && e.kind === 'config' && e.attempts === 0);
  await assert.rejects(client.getCustomFields('11111111-1111-4111-8111-111111111111'),
    (e) => e.kind === 'http' && e.status === 404 && e.code === 'environment_not_found' && e.method === 'GET');
  await assert.rejects(client.getCustomFields(emu.environmentId, { signal: AbortSignal.abort() }), (e) => e.kind === 'aborted');
  await assert.rejects(client.getCustomFields(emu.environmentId, { sigal: 1 }), (e) => e.kind === 'config' && /did you mean "signal"/.test(e.message));
  // A 503 is retried (a GET is safe to repeat). The faults end as the first answer arrives, not
  // after a time: a timer raced the retries' backoff on a loaded machine.
  await emu.faults({ fail_rate: 1 });
  const statuses = [];
  const recovering = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, maxRetries: 2, fetch: async (...args) => {
    const res = await fetch(...args);
    statuses.push(res.status);
    if (statuses.length === 1) await emu.resetFaults();
    return res;
  } });
  assert.equal((await recovering.getCustomFields(emu.environmentId)).length, 3);
  assert.ok([500, 503].includes(statuses[0]), `first answer ${statuses[0]}`);
  assert.deepEqual(statuses.slice(1), [200]);
});

test('every validator checks them; validateField takes metadata.<name>', () => {
  assert.deepEqual(codes(validateNewUser(user(0, 'AB1234'), { customFields })), []);
  assert.deepEqual(codes(validateNewUser({ email: 'a@example.com', metadata: { kycId: 'ab12', tier: 'gold', terms: false } }, { customFields })), [
    ['metadata.kycId', 'custom_field_pattern'], ['metadata.tier', 'custom_field_option'], ['metadata.terms', 'custom_field_required'],
  ]);
  assert.equal(validateNewUser({ metadata: { tier: 'gold' } }, { customFields }).issues.find((i) => i.code === 'custom_field_option').fix, 'Gold');
  assert.deepEqual(codes(validateUserUpdate({ firstName: 'Ada' }, { customFields })), [], 'an update without metadata');
  assert.deepEqual(codes(validateUserUpdate({ metadata: { kycId: 'AB1234' } }, { customFields })), [['metadata.terms', 'custom_field_required']]);
  const bulk = validateBulkUsers([user(0, 'AB1234'), { email: 'x' }, user(2, 'AB1234')], { customFields });
  assert.deepEqual(codes(bulk), [
    ['[1].email', 'invalid_email'], ['[1].metadata.kycId', 'custom_field_required'], ['[1].metadata.terms', 'custom_field_required'],
    ['[2].metadata.kycId', 'custom_field_duplicate'],
  ]);
  assert.match(bulk.issues[3].message, /row 0/);
  assert.deepEqual(validateField('metadata.kycId', 'AB1234', { customFields }), []);
  assert.equal(validateField('metadata.kycId', 'AB12', { customFields })[0].code, 'custom_field_pattern');
  assert.equal(validateField('metadata.terms', false, { customFields })[0].code, 'custom_field_required');
  assert.equal(validateField('metadata.kycId', undefined, { customFields })[0].code, 'custom_field_required');
  // Without customFields nothing of this is checked.
  assert.deepEqual(codes(validateNewUser({ metadata: { kycId: 'x' } })), []);
  // The validate entry gives the same reports.
  assert.deepEqual(validateEntry.validateBulkUsers([user(0, 'AB1234'), user(1, 'AB1234')], { customFields }),
    validateBulkUsers([user(0, 'AB1234'), user(1, 'AB1234')], { customFields }));
});

test('the engine\'s own RegExp: ECMAScript syntax works, a pattern that does not compile is one warning', () => {
  // Look-behind and \p{…} need no flag here; (?<=…) is what the regex crate lacks.
  const fields = [{ name: 'code', fieldType: 'text', required: false, validationRules: { regex: '^(?<=^)[a-z]+(?=$)' } }];
  assert.deepEqual(codes(validateNewUser({ metadata: { code: 'abc' } }, { customFields: fields })), []);
  assert.equal(codes(validateNewUser({ metadata: { code: 'ABC' } }, { customFields: fields }))[0][1], 'custom_field_pattern');
  const broken = [{ name: 'code', fieldType: 'text', required: true, validationRules: { regex: '(unclosed' } }];
  const report = validateBulkUsers([{ metadata: { code: 'a' } }, { metadata: { code: 'b' } }], { customFields: broken });
  assert.deepEqual(report.issues.map((i) => [i.path, i.code, i.severity]), [['metadata.code', 'custom_field_unchecked', 'warning']]);
  assert.equal(report.valid, true);
  // A pattern that repeats a repeating group is never run: 30 characters would take seconds.
  const evil = [{ name: 'n', fieldType: 'text', required: false, validationRules: { regex: '^(a+)+$' } }];
  let started = performance.now();
  const short = validateNewUser({ metadata: { n: `${'a'.repeat(30)}!` } }, { customFields: evil });
  assert.ok(performance.now() - started < 1000);
  assert.deepEqual(codes(short), [['metadata.n', 'custom_field_unchecked']]);
  assert.match(short.issues[0].message, /exponential time/);
  // A value past 255 characters is not matched: a polynomial pattern's work stays bounded.
  const slow = [{ name: 'n', fieldType: 'text', required: false, validationRules: { regex: '^a*a*a*a*b$' } }];
  started = performance.now();
  const long = validateNewUser({ metadata: { n: `${'a'.repeat(300)}!` } }, { customFields: slow });
  assert.ok(performance.now() - started < 1000);
  assert.deepEqual(codes(long), [['metadata.n', 'custom_field_unchecked']]);
});

test('bad customFields are config errors naming what is wrong, in both entries', () => {
  for (const [call, args] of [[validateNewUser, [{}]], [validateEntry.validateNewUser, [{}]], [validateField, ['metadata.x', 1]]]) {
    assert.throws(() => call(...args, { customFields: [{ name: 'x', fieldType: 'date' }] }),
      (e) => e instanceof DynamicUsersError && e instanceof validateEntry.DynamicUsersError && e.name === 'DynamicUsersError'
        && e.kind === 'config' && e.attempts === 0 && /customFields\[0\]\.fieldType/.test(e.message));
    assert.throws(() => call(...args, { customFields: {} }), (e) => e.kind === 'config' && /must be an array/.test(e.message));
    assert.throws(() => call(...args, { customFeilds: [] }), (e) => e.kind === 'config' && /no option "customFeilds"/.test(e.message));
  }
  assert.throws(() => parseUsersCsv('email\n', { customFields: [1] }), (e) => e instanceof DynamicUsersError && /customFields\[0\] must be an object/.test(e.message));
});

test('CSV: columns named like a field or its label fill metadata; the preview checks them', () => {
  const csv = 'email,KYC ID,tier,Terms\nkyc0@example.com,AB1234,Gold,yes\nkyc1@example.com,AB1234,Bronze,no\n';
  const parsed = parseUsersCsv(csv, { customFields });
  assert.deepEqual(parsed.users, [{ email: 'kyc0@example.com', metadata: { kycId: 'AB1234', tier: 'Gold', terms: true } }]);
  assert.deepEqual(parsed.issues.map((i) => [i.path, i.code, i.line]), [
    ['row 3: metadata.tier', 'custom_field_option', 3], ['row 3: metadata.terms', 'custom_field_required', 3],
    ['row 3: metadata.kycId', 'custom_field_duplicate', 3],
  ]);
});

test('importUsers: a required field missing is caught before sending, nothing sent', async () => {
  const before = await bulkRequests();
  const report = await client.importUsers(emu.environmentId, [{ email: 'a@example.com', metadata: { terms: true } }], { customFields });
  assert.deepEqual(report.rejected.map((r) => [r.index, r.issues[0].code]), [[0, 'custom_field_required']]);
  assert.equal(await bulkRequests(), before, 'no request');
  // Without customFields the emulator refuses it itself, as the API does.
  const sent = await client.importUsers(emu.environmentId, [{ email: 'a@example.com', metadata: { terms: true } }]);
  assert.deepEqual(sent.failed.map((r) => r.code), ['invalid_metadata_value']);
});

test('importUsers: a unique value repeated in one input is caught; one repeated across two imports is the emulator\'s failed', async () => {
  const first = await client.importUsers(emu.environmentId, [user(0, 'AB1234'), user(1, 'AB1234'), user(2, 'CD1234')], { customFields });
  assert.deepEqual(first.created.map((r) => r.index), [0, 2]);
  assert.deepEqual(first.rejected.map((r) => [r.index, r.issues[0].path, r.issues[0].code]), [[1, '[1].metadata.kycId', 'custom_field_duplicate']]);
  const second = await client.importUsers(emu.environmentId, [user(3, 'AB1234'), user(4, 'EF1234')], { customFields });
  assert.deepEqual(second.created.map((r) => r.index), [1]);
  assert.deepEqual(second.failed.map((r) => [r.index, r.code]), [[0, 'custom_field_data_not_unique']]);
  assert.equal((await emu.users()).length, 3);
  // CSV text: the same, with the column named by the field's label.
  const csv = 'email,KYC ID,Terms,tier\nkyc9@example.com,GH1234,yes,Silver\nkyc8@example.com,,yes,Gold\n';
  const fromCsv = await client.importUsers(emu.environmentId, csv, { customFields });
  assert.deepEqual(fromCsv.created.map((r) => r.line), [2]);
  assert.deepEqual(fromCsv.rejected.map((r) => [r.line, r.issues[0].code]), [[3, 'custom_field_required']]);
  const stored = (await emu.users()).find((u) => u.email === 'kyc9@example.com');
  assert.deepEqual(stored.metadata, { kycId: 'GH1234', terms: true, tier: 'Silver' });
});
