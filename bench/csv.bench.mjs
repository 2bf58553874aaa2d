// Benchmark (not a test): parseUsersCsv against papaparse's parse alone, on the users `make bench`
// uses, without the emulator or the imports: a quick check while working on the CSV code. The
// committed numbers come from `make bench` (bench/import.bench.mjs).
// Two modes, as a caller meets the call once and as a long-lived page or server meets it again:
// - fresh (default): each measurement runs as import.bench.mjs runs it, in a fresh Node process,
//   after one call on the first 10 000 characters (instantiation, warm-up), one timed call. That
//   counts what a caller meets once (growing wasm memory, code the JIT has not seen at this size).
//   The spread between processes is wider than most changes: for an A/B, use the other mode.
// - WARM=1: both parsers in this one process, RUNS alternations (which goes first alternating), a
//   full collection before each timed call so neither pays for the other's garbage. Besides the
//   medians it gives the median of each alternation's own ratio, and its quartiles: noise on the
//   shared cores hits both halves of an alternation alike.
// Run with `node bench/csv.bench.mjs` after `make pkg`. USERS (100 000), RUNS (15 fresh, 41 warm)
// and FIX=1 (`{ fix: true }`) change what is measured; MODE=both runs both modes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { generateUsers, usersToCsv } from './generate-users.mjs';

const USERS = Number(process.env.USERS ?? 100_000);
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
  const modes = process.env.MODE === 'both' ? ['fresh', 'warm'] : [process.env.WARM === '1' ? 'warm' : process.env.MODE ?? 'fresh'];
  for (const mode of modes) await measureAll(mode);
}

async function measureAll(mode) {
  const runs = Number(process.env.RUNS ?? (mode === 'warm' ? 41 : 15));
  const times = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
  const ratios = [];
  const rows = {};
  let measure;
  if (mode === 'warm') {
    const text = usersToCsv(generateUsers(USERS, 7, 0));
    const parsers = Object.fromEntries(await Promise.all(VARIANTS.map(async (v) => [v, await parser(v)])));
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    for (const v of VARIANTS) for (let i = 0; i < 3; i++) parsers[v](text);
    measure = (variant) => {
      gc();
      return timed(parsers[variant], text);
    };
  } else {
    const self = fileURLToPath(import.meta.url);
    measure = (variant) => JSON.parse(execFileSync(process.execPath, [self, '--child', variant], { encoding: 'utf8' }));
  }
  for (let run = 0; run < runs; run++) {
    // Which goes first alternates too: a spell of noise then hits each as often.
    const pair = {};
    for (const variant of run % 2 ? [...VARIANTS].reverse() : VARIANTS) {
      const result = measure(variant);
      times[variant].push(result.ms);
      rows[variant] = result.rows;
      pair[variant] = result.ms;
    }
    ratios.push(pair[VARIANTS[0]] / pair[VARIANTS[1]]);
  }
  const [ours, theirs] = VARIANTS.map((variant) => median(times[variant]));
  const how = mode === 'warm' ? 'alternating in one process' : 'each in a fresh process';
  const sorted = [...ratios].sort((a, b) => a - b);
  const quartile = (q) => sorted[Math.floor((sorted.length - 1) * q)].toFixed(3);
  console.log(`${USERS} rows${options.fix ? ', fix: true' : ''}, medians of ${runs} ${how}:`);
  console.log(`  parseUsersCsv  ${ours.toFixed(1)} ms (${rows['csv-ours']} users)`);
  console.log(`  Papa.parse     ${theirs.toFixed(1)} ms (${rows['csv-papaparse']} rows)`);
  console.log(`  ratio          ${(ours / theirs).toFixed(3)} (of each alternation: median ${median(ratios).toFixed(3)}, quartiles ${quartile(0.25)}-${quartile(0.75)})`);
}
