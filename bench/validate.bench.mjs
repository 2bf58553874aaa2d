// Benchmark (not a test): validateBulkUsers against an Ajv 8 compiled JSON Schema with the same
// structural rules (Ajv does no checksums and no cross-row checks), and against a JSON round trip
// as a floor; the validate entry against the main one; and each browser entry's load time in
// Chromium. Medians of several runs in one process; prints the tables and writes bench/RESULTS.md.
// Run with `make bench`; `node bench/validate.bench.mjs --init-only` measures and prints only the
// load times (a minute instead of several).
import fs from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { validateBulkUsers } from '../pkg/index.mjs';
import { validateBulkUsers as validateEntryBulkUsers } from '../pkg/validate/index.mjs';
import { tables as sizeTables } from '../scripts/sizes.mjs';
import { measureInChromium, measureInitInChromium } from './chromium.mjs';
import { COUNTRIES, generateUsers } from './generate-users.mjs';
import { compareEntries, compileAjv, measure } from './validate.shared.mjs';

const SIZES = [10_000, 100_000];
const RUNS = { 10_000: 31, 100_000: 9 };
const INIT_RUNS = 15;
const INIT_TARGET_MS = 10;
// Turns each entry takes in the validate-against-main comparison (100 000 users), in Node and in Chromium.
const ENTRY_ROUNDS = 21;

// Load times first: a fresh browser context per load, so nothing is cached between loads.
const init = await measureInitInChromium({
  entries: {
    'dynamic-users/validate': { entry: '/pkg/validate/index.js', glue: '/pkg/validate/dynamic_users_validate.js', wasm: '/pkg/validate/dynamic_users_validate_bg.wasm' },
    'dynamic-users': { entry: '/pkg/index.js', glue: '/pkg/dynamic_users.js', wasm: '/pkg/dynamic_users_bg.wasm' },
  },
  runs: INIT_RUNS,
});
const ms = (s) => `${s.median.toFixed(1)} ms (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
const initTable = [
  '| entry (browser) | instantiation: `init()` of the bytes, median (min–max) | whole `import()` from a local server, median (min–max) | loads |',
  '| --- | ---: | ---: | ---: |',
  ...init.rows.map((r) => `| \`${r.label}\` | ${ms(r.instantiateMs)} | ${ms(r.importMs)} | ${r.runs} |`),
];
if (process.argv.includes('--init-only')) {
  console.log(`Chromium ${init.version}: import() of each browser entry in a fresh context (target for the validate entry: ≤ ${INIT_TARGET_MS} ms median)`);
  console.log(initTable.join('\n'));
  process.exit(0);
}

const ajvValidate = compileAjv(Ajv, addFormats, COUNTRIES);
const data = Object.fromEntries(SIZES.map((n) => [n, generateUsers(n, 42)]));
const node = SIZES.map((n) => measure({ users: data[n], validateBulkUsers, ajvValidate, runs: RUNS[n] }));
// The same in the browser, where dashboards validate: its engine is newer than Node's.
const chromium = await measureInChromium({
  data: Object.fromEntries(SIZES.map((n) => [n, JSON.stringify(data[n])])),
  countries: COUNTRIES,
  sizes: SIZES,
  runs: RUNS,
  entryRounds: ENTRY_ROUNDS,
});
// The validate entry holds the same validators: it must not be slower than the main entry. Taking turns on the
// largest data, in Node here and in the Chromium page above.
const largest = SIZES[SIZES.length - 1];
const entries = {
  [`Node ${process.version}`]: compareEntries({ users: data[largest], first: validateBulkUsers, second: validateEntryBulkUsers, rounds: ENTRY_ROUNDS }),
  [`Chromium ${chromium.version}`]: chromium.entries,
};
const entryTable = [
  `| engine | \`dynamic-users\` | \`dynamic-users/validate\` | validate / main |`,
  '| --- | ---: | ---: | ---: |',
  ...Object.entries(entries).map(([where, e]) => `| ${where} | ${e.firstMs.toFixed(1)} ms | ${e.secondMs.toFixed(1)} ms | ${e.ratio.toFixed(3)} |`),
];

const rows = [
  ...node.map((r) => ({ ...r, where: `Node ${process.version}` })),
  ...chromium.rows.map((r) => ({ ...r, where: `Chromium ${chromium.version}` })),
];

const f = (ms) => ms.toFixed(1);
/** Whether the target (≤ 1.0 x Ajv at the largest size) is met in each engine, in this run. */
function verdict(rows) {
  const largest = rows.filter((r) => r.n === Math.max(...rows.map((x) => x.n)));
  const each = largest.map((r) => `${r.oursMs <= r.ajvMs ? 'met' : '**not met**'} in ${r.where.split(' ')[0]} (${(r.oursMs / r.ajvMs).toFixed(2)})`);
  return `At ${largest[0].n.toLocaleString('en')} users in this run the target is ${each.join(' and ')}.`;
}

/** What share of Ajv's whole time our crossing alone takes, at the largest size in each engine. */
function crossingSentence(rows) {
  const largest = rows.filter((r) => r.n === Math.max(...rows.map((x) => x.n)));
  const shares = largest.map((r) => `${r.where.split(' ')[0]} ${Math.round((100 * r.crossingMs) / r.ajvMs)} %`);
  return `At ${largest[0].n.toLocaleString('en')} users \`JSON.stringify\` + \`encodeInto\` alone take ${shares.join(', ')} of Ajv's whole time: to be as fast, every check would have to fit in the rest (Node's crossing; Chromium's is shorter, below).`;
}
const table = [
  '| where | users | dynamic-users `validateBulkUsers` | Ajv 8 (compiled, allErrors) | ratio ours / Ajv | `JSON.parse(JSON.stringify())` | `JSON.stringify` + `encodeInto` alone (our crossing in Node) | ours less that | rows with errors (ours) | issues (ours) / Ajv errors |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.where} | ${r.n.toLocaleString('en')} | ${f(r.oursMs)} ms | ${f(r.ajvMs)} ms | ${(r.oursMs / r.ajvMs).toFixed(2)} | ${f(r.floorMs)} ms | ${f(r.crossingMs)} ms | ${f(r.oursMs - r.crossingMs)} ms | ${r.invalidRows} | ${r.ourIssues} / ${r.ajvErrors} |`),
];
const report = `# Benchmarks

Generated by \`make bench\` (\`bench/validate.bench.mjs\`) on ${new Date().toISOString().slice(0, 10)},
Node ${process.version}, ${process.arch}, and headless Chromium ${chromium.version} (\`bench/chromium.mjs\`: the package's
browser entry and Ajv compiled in a cross-origin isolated page, so its timer is precise). Medians of
${RUNS[10_000]} (10 000) and ${RUNS[100_000]} (100 000) runs after a warm-up, all in one process (one page), the four measurements
taking turns. Users come from a seeded generator (\`bench/generate-users.mjs\`) with about 2 % invalid rows; the page
gets them as JSON text and parses it.

## validateBulkUsers

${table.join('\n')}

Both check the API's published schema (SPEC section 2: the names pattern with \\p{L}/\\p{N} and
look-behind, the 3–20 username, the lower-case uuid, the RFC 5322 email pattern, the six wallet patterns,
which Ajv compiles with the \`u\` flag as the API's server does), the ISO country list and the ETH address
shape. Ours does more than Ajv here: it also verifies wallet checksums (Base58Check, bech32, EIP-55, Kaspa) and
finds repeated emails, usernames and ids across rows, and every issue has a path and a sentence.
The input crosses into wasm as JSON text: \`JSON.stringify\` of slices of about 40 000 characters, each written
by \`TextEncoder.encodeInto\` straight into wasm memory (src/wasm/input.rs), except in Chromium (below). The column
"\`JSON.stringify\` + \`encodeInto\` alone" times exactly that and nothing else; in Node "ours less that" is what reading
the JSON and every check take in wasm. In Chromium the slices of a large array are written by our own loop instead
(src/wasm/utf8.wat, through the JS String Builtins: 0.94 × the main-thread CPU of \`encodeInto\`'s way, 2026-12-05), so
there the column overstates our crossing and "ours less that" understates the wasm's part.
Ajv reads the objects where they are and pays no crossing. The alternative, reading the JS objects through
serde-wasm-bindgen with the same streaming checker, was measured once on 2026-11-25 (10 000 users, median of 15):
77.9 ms against 31.2 ms for the JSON text, so the JSON text stays.

Against Ajv the target (issue #20) is "no slower, checksums included", on data shaped like real imports. Since
2026-12-05 the users are (\`bench/generate-users.mjs\`): names in several scripts (Latin with and without accents,
Cyrillic, Greek, Arabic, Hebrew, Chinese, Japanese, Korean), 0 to 3 wallets each (about 0.95 a user, most of them
ETH or EVM with mixed-case EIP-55 checksums, some SOL and BTC), a \`btcWallet\` for one user in five, metadata with
tags. ${verdict(rows)} ${crossingSentence(rows)} In Chromium \`encodeInto\` takes about as
long as \`JSON.stringify\` itself (hence src/wasm/utf8.wat), ASCII text or not (about 1.9 ns a character here: the same slices with their
non-ASCII letters replaced encoded no faster, 2026-12-05); slices of 20 000 or 80 000 characters instead of 40 000
were 2–11 % slower in both engines, and Node's \`Buffer\` copying the UTF-16 units and wasm converting them took as
long (2026-12-05). Where the wasm's own time goes (a Chromium profile, 100 000 users, 2026-12-05): reading the JSON
about half, EIP-55 (Keccak-256 and the letters' case checks) about a fifth (one permutation for each mixed-case
address, which no structural validator pays), then the names' \`\\p{L}\\p{N}\` checks, the Bitcoin and Solana codecs
and the repeat checks across rows about a tenth each, the email a few per cent. Ajv's generated JavaScript checks the same patterns with the engine's regular
expressions and no checksums; Chromium runs it faster than Node does, while the wasm runs at about the same speed
in both, so the gap is widest there. On the earlier data (ASCII names, at most one ETH wallet) the same build family
gave 0.91–0.96 in Node and 1.04–1.06 in Chromium (2026-12-05). All measurements take turns, so drift from other work
on the machine's two cores reaches each alike.

## The validate entry against the main one

${entryTable.join('\n')}

\`validateBulkUsers\` of ${largest.toLocaleString('en-US').replace(/,/g, ' ')} users by each entry, taking turns (${ENTRY_ROUNDS} each, the order swapped every
round; medians; wall time, in one process or one page). The same validators built into the smaller module
(\`--no-default-features\`) with the same inlining as the main one: with less (LLVM's threshold 25, 0.57 KB gzip
smaller) it ran about 1 % slower than the main entry (scripts/build-pkg.sh). The target is "not slower than the main entry"; differences of ±1 % are this machine's
noise (the same build against itself moves that much). \`node --expose-gc bench/ab.mjs pkg pkg 100000 31 index.js
validate/index.js\` measures the main-thread CPU time of the two instead.

## Loading: \`import()\` of each browser entry in Chromium

${initTable.join('\n')}

Instantiation: the web glue's \`init({ module_or_path: bytes })\` with the wasm already downloaded (compile and
instantiate). The whole \`import()\`: from a dynamic \`import()\` of the entry to its resolving with every export
ready, the glue and the wasm fetched from a local server. Each load in a fresh browser context (no HTTP or
compiled-code cache), after one uncounted load that starts the browser's processes. Target for
\`dynamic-users/validate\`: instantiation ≤ ${INIT_TARGET_MS} ms median.

## Package size

What a browser downloads for each entry (written by \`make pkg\`, \`scripts/sizes.mjs\`; KB = 1000 bytes):

${sizeTables()}
`;

fs.writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
console.log(table.join('\n'));
console.log();
console.log(entryTable.join('\n'));
console.log();
console.log(initTable.join('\n'));
console.log('\nwritten to bench/RESULTS.md');
