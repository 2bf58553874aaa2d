// The official @dynamic-labs/sdk-api (its generated request serialisers and enums) is the
// reference for field names and enum values: our validators must accept every name and value it
// sends, and nothing it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@dynamic-labs/sdk-api';
import { validateField, validateNewUser, validateUserUpdate } from '../../pkg/index.mjs';

const keysOf = (toJson) => Object.keys(toJson({})).sort();
const unknown = (report) => report.issues.filter((i) => i.code === 'unknown_field' || i.code === 'not_updatable').map((i) => i.path);

test('every field the SDK sends in a bulk item is one we take, and no other', () => {
  const fields = keysOf(sdk.InternalBulkUpdateUserFieldsToJSON);
  const user = Object.fromEntries(fields.map((f) => [f, null]));
  assert.deepEqual(unknown(validateNewUser(user)), []);
  for (const f of fields) assert.deepEqual(validateField(f, undefined), [], f);
  assert.deepEqual(unknown(validateNewUser({ notAField: 1 })), ['notAField']);
  // Our UserField names (validateField takes them) are exactly the SDK's.
  const ours = fields.filter((f) => validateField(f, undefined).length === 0);
  assert.deepEqual(ours, fields);
});

test('the update body takes the SDK’s updatable fields, and refuses the bulk-only ones', () => {
  const fields = keysOf(sdk.InternalUpdatableUserFieldsToJSON);
  assert.deepEqual(unknown(validateUserUpdate(Object.fromEntries(fields.map((f) => [f, null])))), []);
  const bulkOnly = keysOf(sdk.InternalBulkUpdateUserFieldsToJSON).filter((f) => !fields.includes(f) && f !== 'id');
  assert.deepEqual(bulkOnly.sort(), ['email', 'emailVerifiedAt', 'oauthAccounts', 'wallets']);
  for (const f of bulkOnly) assert.equal(validateUserUpdate({ [f]: null }).issues[0].code, 'not_updatable', f);
});

test('wallets, additional addresses and OAuth accounts have the SDK’s keys', () => {
  const wallet = Object.fromEntries(keysOf(sdk.CreateWalletRequestToJSON).map((k) => [k, undefined]));
  Object.assign(wallet, { publicWalletAddress: 'GenericAddress000001', chain: 'FLOW', walletName: 'w', walletProvider: 'qrCode', additionalWalletAddresses: [{ address: 'a', publicKey: 'p', type: 'evm' }] });
  assert.deepEqual(keysOf(sdk.WalletAdditionalAddressToJSON), ['address', 'publicKey', 'type']);
  const oauth = { provider: 'github', accountId: '1', emails: ['a@b.co'], displayName: 'A', username: 'a', photos: ['p'], profile: {} };
  assert.deepEqual(Object.keys(oauth).sort(), keysOf(sdk.CreateUserOauthRequestToJSON));
  assert.deepEqual(validateNewUser({ wallets: [wallet], oauthAccounts: [oauth] }), { valid: true, issues: [] });
});

test('enum values are the SDK’s, all accepted, nothing else', () => {
  const enums = [
    ['chain', Object.values(sdk.ChainEnum), (v) => ({ wallets: [{ publicWalletAddress: v === 'ETH' || v === 'EVM' ? '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' : v === 'SOL' ? '11111111111111111111111111111111' : v === 'BTC' ? '3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5' : 'GenericAddress000001', chain: v, walletName: 'w', walletProvider: 'qrCode' }] })],
    ['walletProvider', Object.values(sdk.WalletProviderEnum), (v) => ({ wallets: [{ publicWalletAddress: 'GenericAddress000001', chain: 'FLOW', walletName: 'w', walletProvider: v }] })],
    ['provider', Object.values(sdk.ProviderEnum), (v) => ({ oauthAccounts: [{ provider: v, accountId: '1' }] })],
    ['type', Object.values(sdk.WalletAddressType), (v) => ({ wallets: [{ publicWalletAddress: 'GenericAddress000001', chain: 'FLOW', walletName: 'w', walletProvider: 'qrCode', additionalWalletAddresses: [{ address: 'a', type: v }] }] })],
    ['mfaBackupCodeAcknowledgement', Object.values(sdk.MfaBackupCodeAcknowledgement), (v) => ({ mfaBackupCodeAcknowledgement: v })],
  ];
  for (const [name, values, user] of enums) {
    assert.ok(values.length > 1, name);
    for (const v of values) assert.deepEqual(validateNewUser(user(v)).issues, [], `${name} = ${v}`);
    assert.equal(validateNewUser(user('notAValue')).issues[0].code, 'invalid_enum', name);
  }
});
