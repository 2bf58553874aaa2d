// Real exports through parseUsersCsv and fixUsers: CRM and shop files written by hand from what
// HubSpot, Salesforce, Shopify, Mailchimp and Google Contacts export (tests/fixtures/csv/), the
// CsvOptions (columns, delimiter, fix), boolean cells, and config errors for bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixUsers, isDynamicUsersError, parseUsersCsv } from '../../pkg/index.mjs';

const fixture = (name) => fs.readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');
const fixList = (parsed) => parsed.fixes.map((f) => [f.index, f.line, f.path, f.from, f.to, f.code]);

test('each CRM and shop export imports as exported, with every fix listed', () => {
  const cases = {
    'hubspot-contacts.csv': [
      [[0, 2, 'phoneNumber', '+1 (917) 111-3333', '+1 917 111-3333', 'invalid_text'], [0, 2, 'country', 'United States', 'US', 'invalid_country'],
        [1, 3, 'email', ' grace@example.com', 'grace@example.com', 'invalid_email'], [1, 3, 'country', 'United Kingdom', 'GB', 'invalid_country'],
        [2, 4, 'phoneNumber', '(91) 123 4567', '91 123 4567', 'invalid_text'], [2, 4, 'country', 'spain', 'ES', 'invalid_country'],
        [3, 5, 'country', 'South Korea', 'KR', 'invalid_country']],
      [2, 3, 4, 5],
    ],
    'salesforce-contacts.csv': [
      [[0, 2, 'phoneNumber', '+33 (1) 44 27 00 00', '+33 1 44 27 00 00', 'invalid_text'], [0, 2, 'country', 'France', 'FR', 'invalid_country'],
        [1, 3, 'email', 'NIKOLA@EXAMPLE.COM ', 'NIKOLA@EXAMPLE.COM', 'undeliverable_email'], [1, 3, 'phoneNumber', '(212) 555-0199', '212 555-0199', 'invalid_text'],
        [1, 3, 'country', 'USA', 'US', 'invalid_country'], [2, 4, 'country', 'Israel', 'IL', 'invalid_country'],
        [3, 5, 'firstName', 'Rene\u0301', 'Ren\u00e9', 'invalid_text'], [3, 5, 'country', 'Vietnam', 'VN', 'invalid_country'],
        [4, 6, 'phoneNumber', '+7 (495) 123-45-67', '+7 495 123-45-67', 'invalid_text'], [4, 6, 'country', 'Russia', 'RU', 'invalid_country'],
        [5, 7, 'country', 'Czech Republic', 'CZ', 'invalid_country'], [6, 8, 'country', 'Turkey', 'TR', 'invalid_country']],
      [2, 3, 4, 5, 6, 7, 8],
    ],
    'shopify-customers.csv': [
      [[1, 3, 'email', ' liam@example.com ', 'liam@example.com', 'invalid_email'], [1, 3, 'country', 'ca', 'CA', 'invalid_country'],
        [2, 4, 'country', 'fr', 'FR', 'invalid_country']],
      [2, 3, 4, 5],
    ],
    'mailchimp-audience.csv': [
      [[0, 2, 'phoneNumber', '(555) 010-0100', '555 010-0100', 'invalid_text'], [1, 3, 'email', ' alex@example.com', 'alex@example.com', 'invalid_email'],
        [1, 3, 'phoneNumber', '+1 (555) 010-0101', '+1 555 010-0101', 'invalid_text']],
      [2, 3, 4],
    ],
    'google-contacts.csv': [
      [[0, 2, 'country', 'United Kingdom', 'GB', 'invalid_country'], [1, 3, 'phoneNumber', '+44 (0)20 7946 0000', '+44 0 20 7946 0000', 'invalid_text'],
        [1, 3, 'country', 'UK', 'GB', 'invalid_country'], [2, 4, 'phoneNumber', '(757) 555-0100', '757 555-0100', 'invalid_text'],
        [2, 4, 'country', 'United States of America', 'US', 'invalid_country']],
      [2, 3, 4],
    ],
  };
  for (const [name, [fixes, lines]] of Object.entries(cases)) {
    const text = fixture(name);
    const fixed = parseUsersCsv(text, { fix: true });
    assert.deepEqual(fixList(fixed), fixes, name);
    assert.deepEqual(fixed.lines, lines, `${name}: every fixable row is kept`);
    for (const [index, line, path, , to] of fixes) {
      assert.equal(fixed.users[fixed.lines.indexOf(line)][path], to, `${name} ${index} ${path}`);
    }
    // Without fix nothing changes, and the same issues offer the same fixes, with their lines.
    const plain = parseUsersCsv(text);
    assert.deepEqual(plain.fixes, []);
    const offered = plain.issues.filter((i) => i.fix !== undefined).map((i) => [i.line, i.path.replace(/^row \d+: /, ''), i.fix]);
    assert.deepEqual(offered.sort(), fixes.map(([, line, path, , to]) => [line, path, to]).sort(), name);
  }
  const hubspot = parseUsersCsv(fixture('hubspot-contacts.csv'), { fix: true });
  assert.deepEqual(hubspot.users[0], { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phoneNumber: '+1 917 111-3333', country: 'US', jobTitle: 'Engineer' });
  assert.deepEqual(hubspot.issues.filter((i) => i.severity === 'error').map((i) => [i.path, i.code, i.line]),
    [['row 6: email', 'invalid_email', 6], ['row 6: country', 'invalid_country', 6]], 'no mechanical fix: still an error');
  const shopify = parseUsersCsv(fixture('shopify-customers.csv'), { fix: true });
  assert.deepEqual(shopify.users.map((u) => [u.country, u.newsletterNotification]), [['US', true], ['CA', false], ['FR', true], ['JP', false]]);
});

test('a semicolon file with German headers maps through columns', () => {
  const columns = { 'E-Mail': 'email', Vorname: 'firstName', Nachname: 'lastName', Land: 'country', Telefon: 'phoneNumber', Umsatz: 'metadata.umsatz', Newsletter: null };
  const parsed = parseUsersCsv(fixture('excel-de-semicolons.csv'), { columns, fix: true });
  assert.deepEqual(parsed.issues, [], 'every column mapped or ignored');
  assert.deepEqual(parsed.users, [
    { email: 'ada@example.de', firstName: 'Ada', lastName: 'Lovelace', country: 'DE', phoneNumber: '+49 30 1234567', metadata: { umsatz: '1.234,56' } },
    { email: 'bob@example.at', firstName: 'Bob', lastName: 'Huber', country: 'AT', phoneNumber: '+43 1 234567', metadata: { umsatz: '99,00' } },
    { email: 'claire@example.ch', firstName: 'Claire', lastName: 'Müller', country: 'CH', phoneNumber: '+41 44 123 45 67', metadata: { umsatz: '0,00' } },
    { email: 'dieter@example.de', firstName: 'Dieter', lastName: 'Schmidt', country: 'DE', phoneNumber: '030 123456', metadata: { umsatz: '12,50' } },
  ]);
  assert.deepEqual(fixList(parsed).map(([i, line, path, from, to]) => [i, line, path, from, to]), [
    [0, 2, 'country', 'Deutschland', 'DE'], [0, 2, 'phoneNumber', '+49 (30) 1234567', '+49 30 1234567'],
    [1, 3, 'email', ' bob@example.at ', 'bob@example.at'], [1, 3, 'country', 'Österreich', 'AT'], [2, 4, 'country', 'Schweiz', 'CH'],
  ]);
  // Tabs, pipes and an Excel sep= line are read the same way.
  for (const text of ['email\tNewsletter\na@b.co\tyes\n', 'email|Newsletter\na@b.co|yes\n', 'sep=;\r\nemail;Newsletter\r\na@b.co;yes\r\n']) {
    const users = parseUsersCsv(text, { columns: { Newsletter: 'newsletterNotification' } }).users;
    assert.deepEqual(users, [{ email: 'a@b.co', newsletterNotification: true }], JSON.stringify(text));
  }
});

test('boolean cells: the usual yes and no forms, anything else named as wrong', () => {
  const text = 'email,Marketing Opt-in\na@b.co,Yes\nb@b.co,n\nc@b.co,X\nd@b.co,\ne@b.co,0\nf@b.co,TRUE\ng@b.co,oui\n';
  const parsed = parseUsersCsv(text, { columns: { 'Marketing Opt-in': 'newsletterNotification' } });
  assert.deepEqual(parsed.users.map((u) => u.newsletterNotification), [true, false, true, undefined, false, true]);
  assert.deepEqual(parsed.issues.map((i) => [i.path, i.code, i.line]), [['row 8: newsletterNotification', 'invalid_type', 8]]);
  assert.match(parsed.issues[0].message, /true, false, yes, no, y, n, 1, 0 or x/);
});

test('rows with another number of cells, or a NUL byte, are refused alone with their line', () => {
  const parsed = parseUsersCsv('email,firstName\na@b.co,A\nb@b.co\nc@b.co,C,x\nd@b.co,D\0\ne@b.co,E\n', { fix: true });
  assert.deepEqual(parsed.lines, [2, 6]);
  assert.deepEqual(parsed.issues.map((i) => [i.path, i.code, i.line]), [['row 3', 'invalid_csv', 3], ['row 4', 'invalid_csv', 4], ['row 5', 'invalid_csv', 5]]);
});

test('bad options are config errors with a did-you-mean, never a throw from wasm internals', () => {
  const text = 'Land\nDE\n';
  const refused = (options) => {
    try {
      parseUsersCsv(text, options);
    } catch (error) {
      assert.ok(isDynamicUsersError(error) && error instanceof Error);
      assert.equal(error.kind, 'config');
      return error.message;
    }
    return assert.fail(`no error for ${JSON.stringify(options)}`);
  };
  assert.match(refused({ columns: { Land: 'contry' } }), /"contry"; not a user field: did you mean "country"\?/);
  assert.match(refused({ columns: { Land: 'FirstName' } }), /did you mean "firstName"/);
  assert.match(refused({ columns: { Land: 'metadata' } }), /metadata\.plan/);
  assert.match(refused({ columns: { Land: 42 } }), /must be a field name \(a string\) or null/);
  for (const columns of [5, 'country', ['country'], () => 1]) assert.match(refused({ columns }), /options\.columns must be an object/);
  for (const delimiter of [':', ',,', '', 9]) assert.match(refused({ delimiter }), /options\.delimiter must be/);
  assert.match(refused({ fix: 'yes' }), /options\.fix must be true or false/);
  assert.match(refused({ colums: {} }), /no option "colums": did you mean "columns"\?/);
  assert.match(refused(7), /options must be an object/);
  assert.deepEqual(parseUsersCsv(text, { columns: { Land: 'country' } }).users, [{ country: 'DE' }]);
  assert.deepEqual(parseUsersCsv(text, null).users, [], 'no options: Land is no field');
  // The module keeps working after.
  assert.deepEqual(parseUsersCsv('email\na@b.co\n').users, [{ email: 'a@b.co' }]);
});

test('fixUsers applies exactly the mechanical fixes, and lists them', () => {
  const users = [
    { email: ' ada@example.com', country: 'united kingdom', phoneNumber: '(917) 111-3333', metadata: { n: 5 } },
    { email: 'bob@example.com', country: 'Atlantis', id: '95B11417-F18F-457F-8804-68E361F9164F' },
    { email: 'cee@example.com' },
  ];
  const { users: fixed, fixes } = fixUsers(users);
  assert.deepEqual(fixes.map((f) => [f.index, f.path, f.from, f.to, f.code, 'line' in f]), [
    [0, 'email', ' ada@example.com', 'ada@example.com', 'invalid_email', false],
    [0, 'country', 'united kingdom', 'GB', 'invalid_country', false],
    [0, 'phoneNumber', '(917) 111-3333', '917 111-3333', 'invalid_text', false],
    [1, 'id', '95B11417-F18F-457F-8804-68E361F9164F', '95b11417-f18f-457f-8804-68e361f9164f', 'invalid_uuid', false],
  ]);
  assert.deepEqual(fixed[0], { email: 'ada@example.com', country: 'GB', phoneNumber: '917 111-3333', metadata: { n: 5 } });
  assert.equal(fixed[1].country, 'Atlantis', 'no mechanical fix: left as it is');
  assert.deepEqual(fixed[2], users[2]);
  assert.equal(users[0].country, 'united kingdom', 'the input is not changed');
  for (const odd of [42, null, undefined, { a: 1 }]) assert.deepEqual(fixUsers(odd), { users: [], fixes: [] });
});
