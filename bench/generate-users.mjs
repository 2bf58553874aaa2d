// Deterministic users for benchmarks: realistic fields, real wallet addresses, ~2 % invalid rows.
import fs from 'node:fs';

/** The ISO list, read from the Rust source so the bench never drifts from the validator. */
export const COUNTRIES = [
  ...fs.readFileSync(new URL('../src/validate/country.rs', import.meta.url), 'utf8')
    .split('const REPLACED')[0]
    .matchAll(/"([A-Z]{2})"/g),
].map((m) => m[1]);

// Names as real imports hold them: mostly Latin script, with and without accents, and a share of
// Cyrillic, Greek, Arabic, Hebrew, Chinese, Japanese and Korean. All are letters the API's name
// pattern takes (`\p{L}`); scripts whose vowels are combining marks (Devanagari, Thai) it refuses.
const NAMES = [
  [50, ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Alan', 'Radia'],
    ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Turing', 'Perlman']],
  [15, ['José', 'Zoë', 'Łukasz', 'François', 'Søren', 'Ângela', 'Jürgen', 'Chloé', 'Iñaki', 'Dvořák'],
    ['García', 'Müller', 'Wiśniewski', 'Dupont', 'Ångström', 'Gonçalves', 'Øvergård', 'Šimek', 'Núñez', 'Özdemir']],
  [8, ['Иван', 'Ольга', 'Дмитрий', 'Анна', 'Сергей'], ['Петров', 'Смирнова', 'Иванов', 'Кузнецова', 'Соколов']],
  [3, ['Σοφία', 'Γιώργος', 'Ελένη'], ['Παπαδοπούλου', 'Νικολάου', 'Γεωργίου']],
  [5, ['محمد', 'فاطمة', 'علي', 'مريم'], ['العلي', 'حسن', 'الخطيب', 'سعيد']],
  [2, ['נועה', 'דוד', 'יעל'], ['כהן', 'לוי', 'מזרחי']],
  [10, ['伟', '芳', '太郎', '花子', '민준', '서연'], ['李', '王', '山田', '佐藤', '김', '박']],
];
const NAME_WEIGHT = NAMES.reduce((total, [weight]) => total + weight, 0);
const JOBS = ['Engineer', 'Product Manager', 'Designer', 'Sales', 'Support', 'Инженер', 'エンジニア', 'Développeuse'];
const ETH = ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'];
const BTC = ['3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'];
const SOL = ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', '11111111111111111111111111111111'];
const KAS = 'kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m';
const WALLET_NAMES = [['MetaMask', 'browserExtension'], ['Coinbase Wallet', 'walletConnect'], ['Phantom', 'browserExtension'], ['Dynamic Embedded', 'embeddedWallet']];

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
  (u) => { u.firstName = u.firstName.normalize('NFD') === u.firstName ? 'Jose\u0301' : u.firstName.normalize('NFD'); },
];

/** `n` users shaped like real imports (names in several scripts, 0–3 wallets, metadata); about
 * `invalidRate` of rows (2 % by default) carry one defect each. */
export function generateUsers(n, seed = 1, invalidRate = 0.02) {
  const rnd = random(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const names = () => {
    let at = rnd() * NAME_WEIGHT;
    const group = NAMES.find(([weight]) => (at -= weight) < 0) ?? NAMES[0];
    return [pick(group[1]), pick(group[2])];
  };
  const wallet = () => {
    const [walletName, walletProvider] = pick(WALLET_NAMES);
    const chain = pick(['ETH', 'ETH', 'EVM', 'SOL', 'BTC']);
    const publicWalletAddress = chain === 'SOL' ? pick(SOL) : chain === 'BTC' ? pick(BTC.slice(1)) : pick(ETH);
    return { publicWalletAddress, chain, walletName, walletProvider };
  };
  const users = new Array(n);
  for (let i = 0; i < n; i++) {
    const [first, last] = names();
    const ascii = /^[A-Za-z]+$/.test(first + last);
    const u = {
      email: ascii ? `${first}.${last}.${i}@example${i % 50}.com`.toLowerCase() : `user${i}@example${i % 50}.com`,
      // 3 to 20 letters, digits, '_' or '-', as the API takes: in the name's own script too.
      username: `${first.slice(0, 6)}_${last.slice(0, 6)}${i}`.toLowerCase().slice(0, 20),
      firstName: first,
      lastName: last,
      country: pick(COUNTRIES),
      jobTitle: pick(JOBS),
      metadata: { source: pick(['csv', 'hubspot', 'salesforce']), row: i, plan: pick(['free', 'pro', 'team']), tags: ['imported', `cohort-${i % 12}`] },
      policiesConsent: rnd() < 0.5,
    };
    if (rnd() < 0.3) u.phoneNumber = `+1 917 555 ${String(1000 + (i % 9000))}`;
    if (rnd() < 0.2) u.btcWallet = pick(BTC);
    if (rnd() < 0.05) u.kasWallet = KAS;
    if (rnd() < 0.5) u.emailVerifiedAt = '2024-03-01T12:00:00Z';
    // 0 to 3 wallets: 40 % none, 35 % one, 15 % two, 10 % three.
    const r = rnd();
    const count = r < 0.4 ? 0 : r < 0.75 ? 1 : r < 0.9 ? 2 : 3;
    if (count > 0) u.wallets = Array.from({ length: count }, wallet);
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
