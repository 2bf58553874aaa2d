// What the validation bench measures, the same in Node and in the browser (no Node modules here):
// the Ajv schema with our structural rules, and the timing of the four contenders in turns.

/** JSON Schema of a bulk-create body: the API's published patterns (SPEC §2), plus the ISO list and the
 *  ETH shape our validator also checks (no checksums, no repeats across rows). Ajv compiles patterns with
 *  the `u` flag, as the API's server does. */
export function bulkUsersSchema(COUNTRIES) {
  const NAME = "^(?=\\S)[\\p{L}\\p{N}a-zA-Z _.,:!?&%@\\/+\\-'|]+(?<=\\S)$";
  const text = () => ({ type: 'string', maxLength: 255, pattern: `^$|${NAME}` });
  const nullable = (schema) => ({ anyOf: [schema, { type: 'null' }] });
  const wallet = (pattern) => nullable({ type: 'string', pattern });
  const EMAIL = '^$|(^([!#-\'*+\\/-9=?A-Z^-~-]+(\\.[!#-\'*+\\/-9=?A-Z^-~-]+)*|"([]!#-[^-~ \\t]|([\\t -~]))+")@([!#-\'*+\\/-9=?A-Z^-~-]+(\\.[!#-\'*+\\/-9=?A-Z^-~-]+)*|[\\t -Z^-~]*)$)';
  const userUpdate = {
    id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    alias: text(), firstName: text(), lastName: text(), jobTitle: text(), phoneNumber: text(), tShirtSize: text(), team: text(),
    metadata: { type: 'object' },
    mfaBackupCodeAcknowledgement: nullable({ enum: ['pending', 'complete'] }),
    policiesConsent: { type: 'boolean' }, emailNotification: { type: 'boolean' },
    discordNotification: { type: 'boolean' }, newsletterNotification: { type: 'boolean' },
    country: nullable({ enum: COUNTRIES }),
    username: nullable({ type: 'string', maxLength: 255, pattern: '^$|^[\\p{L}\\p{N}_-]{3,20}$' }),
    btcWallet: wallet('^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,59}$'),
    ltcWallet: wallet('^[LM3][a-km-zA-HJ-NP-Z1-9]{26,53}$'),
    dogeWallet: wallet('^D[a-zA-Z0-9_.-]{33}$'),
    kdaWallet: wallet('^k:[0-9a-fA-F]{64}$'),
    ckbWallet: wallet('^(ckb1q|ckt1q)[0-9a-z]{25,111}$'),
    kasWallet: wallet('^kaspa:[0-9A-Za-z]{56,}$'),
  };
  const walletEntry = {
    type: 'object', additionalProperties: false,
    required: ['publicWalletAddress', 'chain', 'walletName', 'walletProvider'],
    properties: {
      publicWalletAddress: { type: 'string', maxLength: 255, pattern: '^[A-Za-z0-9]{18,100}$' },
      chain: { enum: ['ETH', 'EVM', 'FLOW', 'SOL', 'ALGO', 'STARK', 'COSMOS', 'BTC', 'ECLIPSE', 'SUI', 'SPARK', 'TRON', 'APTOS', 'TON', 'STELLAR'] },
      walletName: { type: 'string', maxLength: 255, pattern: NAME },
      walletProvider: { enum: ['browserExtension', 'custodialService', 'walletConnect', 'qrCode', 'deepLink', 'embeddedWallet', 'smartContractWallet'] },
      additionalWalletAddresses: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false, required: ['address', 'type'],
          properties: { address: { type: 'string' }, publicKey: { type: 'string' }, type: { enum: ['ordinals', 'payment', 'cosmos', 'evm', 'ton'] } },
        },
      },
    },
    if: { properties: { chain: { enum: ['ETH', 'EVM'] } } },
    then: { properties: { publicWalletAddress: { pattern: '^0x[0-9a-fA-F]{40}$' } } },
  };
  const schema = {
    type: 'array', minItems: 1,
    items: {
      type: 'object', additionalProperties: false,
      properties: {
        ...userUpdate,
        email: { type: 'string', maxLength: 255, pattern: EMAIL },
        emailVerifiedAt: { type: 'string', format: 'date-time' },
        wallets: { type: 'array', items: walletEntry },
        oauthAccounts: { type: 'array', items: { type: 'object', required: ['provider', 'accountId'] } },
      },
    },
  };
  return schema;
}

/** Ajv 8 compiled, all errors, with ajv-formats' `date-time`, as a user would set it up. */
export function compileAjv(Ajv, addFormats, countries) {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv, ['date-time']);
  return ajv.compile(bulkUsersSchema(countries));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median time of each function, run in turns so that the machine's drift reaches all alike. */
function time(fns, runs) {
  for (const fn of fns) fn(); // warm-up: JIT, wasm tier-up
  const samples = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, j) => {
      globalThis.gc?.();
      const t0 = performance.now();
      fn();
      samples[j].push(performance.now() - t0);
    });
  }
  return samples.map(median);
}

/** What `validateBulkUsers` pays before it checks anything, as src/wasm/input.rs reads a large array:
 *  `JSON.stringify` of slices of about 40 000 characters, each encoded by `TextEncoder.encodeInto` into
 *  one buffer (here a plain one, there wasm memory). Chromium's builds write the slices by src/wasm/utf8.wat
 *  instead, which this does not time. */
function crossing(users, into) {
  const encoder = new TextEncoder();
  let at = 0;
  for (let start = 0, elements = 50; start < users.length;) {
    const text = JSON.stringify(Array.prototype.slice.call(users, start, start + elements));
    start += elements;
    at += encoder.encodeInto(text, into.subarray(at)).written;
    elements = Math.min(1000, Math.max(1, Math.floor((elements * 40_000) / text.length)));
  }
  return at;
}

/** `validateBulkUsers` against Ajv, a JSON round trip and our crossing alone, on `users`. */
export function measure({ users, validateBulkUsers, ajvValidate, runs }) {
  let ours;
  let ajvErrors;
  const into = new Uint8Array(new TextEncoder().encode(JSON.stringify(users)).length * 2);
  const [oursMs, ajvMs, floorMs, crossingMs] = time([
    () => { ours = validateBulkUsers(users); },
    () => { ajvValidate(users); ajvErrors = ajvValidate.errors?.length ?? 0; },
    () => JSON.parse(JSON.stringify(users)),
    () => crossing(users, into),
  ], runs);
  const invalidRows = new Set(ours.issues.filter((i) => i.severity === 'error').map((i) => i.path.match(/^\[(\d+)\]/)?.[1])).size;
  return { n: users.length, oursMs, ajvMs, floorMs, crossingMs, invalidRows, ourIssues: ours.issues.length, ajvErrors };
}

/** `validateBulkUsers` of two entries on the same users, taking turns (the order swapped every round, so that
 *  neither always runs first or warm); checks both give the same report. Medians in ms, and `ratio` second / first. */
export function compareEntries({ users, first, second, rounds }) {
  if (JSON.stringify(first(users)) !== JSON.stringify(second(users))) throw new Error('the two entries give different reports');
  for (let i = 0; i < 3; i++) { first(users); second(users); } // warm-up: wasm tier-up of the entry not used so far
  const samples = [[], []];
  for (let i = 0; i < rounds; i++) {
    for (const j of i % 2 ? [0, 1] : [1, 0]) {
      globalThis.gc?.();
      const t0 = performance.now();
      (j ? second : first)(users);
      samples[j].push(performance.now() - t0);
    }
  }
  const [firstMs, secondMs] = samples.map(median);
  return { firstMs, secondMs, ratio: secondMs / firstMs };
}
