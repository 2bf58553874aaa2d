// Benchmark (not a test): parseUsersCsv against papaparse's parse alone, on the users `make bench`
// uses, without the emulator or the imports: a quick check while working on the CSV code. The
// committed numbers come from `make bench` (bench/import.bench.mjs).
// Each measurement runs as import.bench.mjs runs it: in a fresh Node process, after one call on
// the first 10 000 characters (instantiation, warm-up), one timed call. That counts what a caller
// meets once (growing wasm memory, code the JIT has not seen at this size), which a loop in one
// process hides. The variants alternate, and medians are compared.
// Run with `node bench/csv.bench.mjs` after `make pkg`. USERS (100 000), RUNS (15) and FIX=1
// (`{ fix: true }`) change what is measured; WARM=1 times RUNS calls in this one process instead.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateUsers, usersToCsv } from './generate-users.mjs';

const USERS = Number(process.env.USERS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 15);
const options = { fix: process.env.FIX === '1' };
const VARIANTS = ['csv-ours', 'csv-papaparse'];

/** A function that parses `text` as `variant` does and answers how many rows it gave. */
async function parser(variant) {
  if (variant === 'csv-ours') {
    const { parseUsersCsv } = await import('../pkg/index.mjs');
    return (text) => parseUsersCsv(text, options).users.length;
  }
  const { default: Papa } = await import('papaparse');
  return (text) => Papa.parse(text, { header: true, skipEmptyLines: true }).data.length;
}

function timed(parse, text) {
  const started = performance.now();
  const rows = parse(text);
  return { ms: performance.now() - started, rows };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[2] === '--child') {
  const text = usersToCsv(generateUsers(USERS, 7, 0));
  const parse = await parser(process.argv[3]);
  parse(text.slice(0, 10_000));
  process.stdout.write(JSON.stringify(timed(parse, text)));
} else {
  const times = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
  const rows = {};
  let measure;
  if (process.env.WARM === '1') {
    const text = usersToCsv(generateUsers(USERS, 7, 0));
    const parsers = Object.fromEntries(await Promise.all(VARIANTS.map(async (v) => [v, await parser(v)])));
    for (const v of VARIANTS) for (let i = 0; i < 2; i++) parsers[v](text);
    measure = (variant) => timed(parsers[variant], text);
  } else {
    const self = fileURLToPath(import.meta.url);
    measure = (variant) => JSON.parse(execFileSync(process.execPath, [self, '--child', variant], { encoding: 'utf8' }));
  }
  for (let run = 0; run < RUNS; run++) {
    // Which goes first alternates too: a spell of noise then hits each as often.
    for (const variant of run % 2 ? [...VARIANTS].reverse() : VARIANTS) {
      const result = measure(variant);
      times[variant].push(result.ms);
      rows[variant] = result.rows;
    }
  }
  const [ours, theirs] = VARIANTS.map((variant) => median(times[variant]));
  const how = process.env.WARM === '1' ? 'in one process' : 'each in a fresh process';
  console.log(`${USERS} rows${options.fix ? ', fix: true' : ''}, medians of ${RUNS} ${how}:`);
  console.log(`  parseUsersCsv  ${ours.toFixed(1)} ms (${rows['csv-ours']} users)`);
  console.log(`  Papa.parse     ${theirs.toFixed(1)} ms (${rows['csv-papaparse']} rows)`);
  console.log(`  ratio          ${(ours / theirs).toFixed(3)}`);
}
