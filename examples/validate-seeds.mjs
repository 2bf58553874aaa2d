// The main job until the dashboard exists: validate the API pages' own example records, plus a
// few typical CSV-import mistakes, with the built package, and print what a person would see.
// Run with `make demo` (it builds pkg/ first).
import fs from 'node:fs';
import { validateBulkUsers, validateField, validateUserUpdate } from '../pkg/index.mjs';

const fixture = (name) => JSON.parse(fs.readFileSync(new URL(`../src/model/fixtures/${name}`, import.meta.url), 'utf8'));

function print(title, report) {
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.length - errors;
  console.log(`\n${title}\n  ${report.valid ? 'VALID' : 'INVALID'}: ${errors} error(s), ${warnings} warning(s)`);
  for (const i of report.issues) {
    console.log(`  ${i.severity === 'error' ? '✗' : '!'} ${(i.path || '(whole body)').padEnd(34)} ${i.code.padEnd(20)} ${i.message}`);
  }
}

print('Seed: PUT /users/{userId} request body', validateUserUpdate(fixture('update_user_request.json')));
print('Seed: POST /environments/{environmentId}/users/bulk request body', validateBulkUsers(fixture('bulk_create_request.json')));

const imported = [
  { email: 'ada@example.com', username: 'ada', country: 'GB', btcWallet: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' },
  { email: 'ADA@example.com', username: 'Ada', country: 'UK' },
  { email: 'grace@@example.com', first_name: 'Grace', country: 'us', emailVerifiedAt: '2024-02-30T10:00:00Z' },
  {
    email: 'linus@example.com',
    wallets: [{ publicWalletAddress: '0xbF394748301603f18d953C90F0b087CBEC0E1835', chain: 'ETH', walletName: 'MetaMask', walletProvider: 'browserExtension' }],
    dogeWallet: 'DPcy35vmuk8GXcfu1vgFFEeij3BuYYJQKC',
  },
];
print('A CSV import with typical mistakes (bulk body of 4 users)', validateBulkUsers(imported));

console.log('\nOne form field as the user types (validateField):');
for (const [field, value] of [['username', 'john doe'], ['username', 'john_doe'], ['country', 'de'], ['kasWallet', 'kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m']]) {
  const issues = validateField(field, value);
  console.log(`  ${field} = ${JSON.stringify(value)} → ${issues.length ? issues.map((i) => `${i.code}: ${i.message}`).join(' ') : 'ok'}`);
}
