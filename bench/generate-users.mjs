// Deterministic users for benchmarks: realistic fields, real wallet addresses, ~2 % invalid rows.
import fs from 'node:fs';

/** The ISO list, read from the Rust source so the bench never drifts from the validator. */
export const COUNTRIES = [
  ...fs.readFileSync(new URL('../src/validate/country.rs', import.meta.url), 'utf8')
    .split('const REPLACED')[0]
    .matchAll(/"([A-Z]{2})"/g),
].map((m) => m[1]);

const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Alan', 'Radia'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Turing', 'Perlman'];
const ETH = ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'];
const BTC = ['3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'];
const KAS = 'kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m';

/** mulberry32: a tiny seeded PRNG, so every run sees the same users. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFECTS = [
  (u) => { u.email = u.email.replace('@', ' at '); },
  (u) => { u.country = 'uk'; },
  (u) => { u.username = `${u.username} x`; },
  (u) => { u.firstName = 'x'.repeat(300); },
  (u) => { u.firstname = u.firstName; delete u.firstName; },
  (u) => { u.emailVerifiedAt = '2024-02-30T10:00:00Z'; },
];

/** `n` users; about `invalidRate` of rows (2 % by default) carry one defect each. */
export function generateUsers(n, seed = 1, invalidRate = 0.02) {
  const rnd = random(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const users = new Array(n);
  for (let i = 0; i < n; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const u = {
      email: `${first}.${last}.${i}@example${i % 50}.com`.toLowerCase(),
      // 3 to 20 characters, as the API takes.
      username: `${first.slice(0, 4)}_${last.slice(0, 4)}${i}`.toLowerCase(),
      firstName: first,
      lastName: last,
      country: pick(COUNTRIES),
      jobTitle: 'Engineer',
      metadata: { source: 'csv', row: i },
      policiesConsent: rnd() < 0.5,
    };
    if (rnd() < 0.3) u.btcWallet = pick(BTC);
    if (rnd() < 0.1) u.kasWallet = KAS;
    if (rnd() < 0.5) u.emailVerifiedAt = '2024-03-01T12:00:00Z';
    if (rnd() < 0.3) {
      u.wallets = [{ publicWalletAddress: pick(ETH), chain: 'ETH', walletName: 'MetaMask', walletProvider: 'browserExtension' }];
    }
    if (rnd() < invalidRate) pick(DEFECTS)(u);
    users[i] = u;
  }
  return users;
}

const CSV_COLUMNS = ['email', 'username', 'firstName', 'lastName', 'country', 'jobTitle', 'policiesConsent', 'btcWallet', 'kasWallet'];

/** The same users as a CSV export (metadata.source as a column, wallets left out). */
export function usersToCsv(users) {
  const cell = (v) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  const lines = [[...CSV_COLUMNS, 'metadata.source'].join(',')];
  for (const u of users) lines.push([...CSV_COLUMNS.map((c) => cell(u[c])), cell(u.metadata?.source)].join(','));
  return lines.join('\n') + '\n';
}
