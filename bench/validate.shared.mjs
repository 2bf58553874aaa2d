// What the validation bench measures, the same in Node and in the browser (no Node modules here):
// the Ajv schema with our structural rules, and the timing of the four contenders in turns.

/** JSON Schema of a bulk-create body with the structural rules of SPEC §2/§4 (no checksums, no repeats). */
export function bulkUsersSchema(COUNTRIES) {
  const text = (maxLength = 255) => ({ type: 'string', maxLength });
  const nullable = (schema) => ({ anyOf: [schema, { type: 'null' }] });
  const userUpdate = {
    id: { type: 'string', minLength: 36, maxLength: 36 },
    alias: text(), firstName: text(), lastName: text(), jobTitle: text(), phoneNumber: text(), tShirtSize: text(), team: text(),
    metadata: { type: 'object' },
    mfaBackupCodeAcknowledgement: nullable({ enum: ['pending', 'complete'] }),
    policiesConsent: { type: 'boolean' }, emailNotification: { type: 'boolean' },
    discordNotification: { type: 'boolean' }, newsletterNotification: { type: 'boolean' },
    country: nullable({ enum: COUNTRIES }),
    username: nullable({ type: 'string', minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_-]+$' }),
    // Ajv can check shapes, not checksums: the same regular shapes our validator checks first.
    btcWallet: nullable({ type: 'string', pattern: '^([13mn2][1-9A-HJ-NP-Za-km-z]{25,34}|(bc|tb)1[02-9ac-hj-np-z]{8,87})$' }),
    ltcWallet: nullable({ type: 'string', pattern: '^([LM3][1-9A-HJ-NP-Za-km-z]{25,34}|ltc1[02-9ac-hj-np-z]{8,87})$' }),
    dogeWallet: nullable({ type: 'string', pattern: '^[DA9][1-9A-HJ-NP-Za-km-z]{25,34}$' }),
    kdaWallet: nullable({ type: 'string', pattern: '^k:[0-9a-fA-F]{64}$' }),
    ckbWallet: nullable({ type: 'string', pattern: '^ck[bt]1[02-9ac-hj-np-z]+$' }),
    kasWallet: nullable({ type: 'string', pattern: '^kaspa(test)?:[02-9ac-hj-np-z]{61,63}$' }),
  };
  const wallet = {
    type: 'object', additionalProperties: false,
    required: ['publicWalletAddress', 'chain', 'walletName', 'walletProvider'],
    properties: {
      publicWalletAddress: { type: 'string', minLength: 1, maxLength: 255 },
      chain: { enum: ['ETH', 'EVM', 'FLOW', 'SOL', 'ALGO', 'STARK', 'COSMOS', 'BTC', 'ECLIPSE', 'SUI', 'SPARK', 'TRON', 'APTOS', 'TON'] },
      walletName: { type: 'string' },
      walletProvider: { enum: ['browserExtension', 'custodialService', 'walletConnect', 'qrCode', 'deepLink', 'embeddedWallet', 'smartContractWallet'] },
      additionalWalletAddresses: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false, required: ['address', 'type'],
          properties: { address: { type: 'string' }, publicKey: { type: 'string' }, type: { enum: ['ordinals', 'payment', 'cosmos', 'evm'] } },
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
        email: { type: 'string', format: 'email', maxLength: 255 },
        emailVerifiedAt: { type: 'string', format: 'date-time' },
        wallets: { type: 'array', items: wallet },
        oauthAccounts: { type: 'array', items: { type: 'object', required: ['provider', 'accountId'] } },
      },
    },
  };
  return schema;
}

/** Ajv 8 compiled, all errors, with ajv-formats' `email` and `date-time`, as a user would set it up. */
export function compileAjv(Ajv, addFormats, countries) {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv, ['email', 'date-time']);
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

/** `validateBulkUsers` against Ajv, a JSON round trip and `JSON.stringify` alone, on `users`. */
export function measure({ users, validateBulkUsers, ajvValidate, runs }) {
  let ours;
  let ajvErrors;
  const [oursMs, ajvMs, floorMs, stringifyMs] = time([
    () => { ours = validateBulkUsers(users); },
    () => { ajvValidate(users); ajvErrors = ajvValidate.errors?.length ?? 0; },
    () => JSON.parse(JSON.stringify(users)),
    () => JSON.stringify(users),
  ], runs);
  const invalidRows = new Set(ours.issues.filter((i) => i.severity === 'error').map((i) => i.path.match(/^\[(\d+)\]/)?.[1])).size;
  return { n: users.length, oursMs, ajvMs, floorMs, stringifyMs, invalidRows, ourIssues: ours.issues.length, ajvErrors };
}
