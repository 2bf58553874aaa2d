// Benchmark (not a test): importUsers of 100 000 generated users into the local emulator against
// a plain JavaScript loop that sends the same batches with fetch at the same concurrency, both
// unpaced and with the emulator's rate limit off; parseUsersCsv against papaparse on the same users
// as CSV; and a paced import of 20 000 users against the time the rate limit allows at the least.
// Each measurement runs in its own Node process so peak RSS is its own. Prints a table and writes
// bench/IMPORT-RESULTS.md.
// Run with `make bench`; `USERS=150000 node bench/import.bench.mjs` tries another size and only
// prints (the committed file is for 100 000).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const DEFAULT_USERS = 100_000;
const USERS = Number(process.env.USERS ?? DEFAULT_USERS);
const BATCH = 50; // the most the API takes in one request
const CONCURRENCY = 4;
const RUNS = 9;
// The paced measurement: a raised limit (an account with more than the default 150 a minute).
const PACED_USERS = 20_000;
const PACED_PER_MINUTE = 6000;
const PACED_RUNS = 3;
const self = fileURLToPath(import.meta.url);

/** Samples RSS while `fn` runs; resolves to { ms, cpuMs, peakMb, … } (CPU: this process, user + system). */
async function measure(fn) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const detail = await fn();
  const ended = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms: ended - started, cpuMs: (user + system) / 1000, peakMb: peak / 1024 / 1024, detail, started, ended };
}

/**
 * Watches fetch's requests (Node's undici publishes them): when the first request's headers went
 * out and when the last answer's headers came in, so a run splits into what comes before the
 * network, the time on it, and what comes after.
 */
async function watchRequests() {
  const channels = await import('node:diagnostics_channel');
  const seen = { firstSent: Infinity, lastAnswer: 0 };
  channels.subscribe('undici:client:sendHeaders', () => { seen.firstSent = Math.min(seen.firstSent, performance.now()); });
  channels.subscribe('undici:request:headers', () => { seen.lastAnswer = performance.now(); });
  return seen;
}

/** One measurement, in this (child) process. */
async function child(variant, url, token, environmentId) {
  const { generateUsers, usersToCsv } = await import('./generate-users.mjs');
  const users = generateUsers(USERS, 7, 0);
  let result;
  const requests = await watchRequests();
  if (variant === 'ours') {
    const { DynamicUsersClient } = await import('../pkg/index.mjs');
    const client = new DynamicUsersClient({ token, baseUrl: url });
    result = await measure(async () => {
      const report = await client.importUsers(environmentId, users, { batchSize: BATCH, concurrency: CONCURRENCY, requestsPerMinute: Infinity, onProgress: () => {} });
      return report.created.length;
    });
  } else if (variant === 'paced') {
    const { DynamicUsersClient } = await import('../pkg/index.mjs');
    const client = new DynamicUsersClient({ token, baseUrl: url });
    const some = users.slice(0, PACED_USERS);
    result = await measure(async () => {
      const report = await client.importUsers(environmentId, some, { batchSize: BATCH, concurrency: CONCURRENCY, requestsPerMinute: PACED_PER_MINUTE });
      return report.created.length;
    });
  } else if (variant === 'plain') {
    const batches = [];
    for (let i = 0; i < users.length; i += BATCH) batches.push(users.slice(i, i + BATCH));
    result = await measure(async () => {
      let next = 0;
      let created = 0;
      const worker = async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          const res = await fetch(`${url}/environments/${environmentId}/users/bulk?upsert=false`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(batch),
          });
          const answer = await res.json();
          created += answer.created.length;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      return created;
    });
  } else {
    const text = usersToCsv(users);
    if (variant === 'csv-ours' || variant === 'csv-ours-fix') {
      const { parseUsersCsv } = await import('../pkg/index.mjs');
      const options = { fix: variant === 'csv-ours-fix' };
      parseUsersCsv(text.slice(0, 10_000), options); // instantiate and warm up outside the timing
      result = await measure(async () => parseUsersCsv(text, options).users.length);
    } else {
      const { default: Papa } = await import('papaparse');
      Papa.parse(text.slice(0, 10_000), { header: true, skipEmptyLines: true });
      result = await measure(async () => Papa.parse(text, { header: true, skipEmptyLines: true }).data.length);
    }
  }
  if (variant === 'ours' || variant === 'plain' || variant === 'paced') {
    result.beforeNetworkMs = requests.firstSent - result.started;
    result.afterNetworkMs = result.ended - requests.lastAnswer;
  }
  process.stdout.write(JSON.stringify(result));
}

async function main() {
  const { startEmulator } = await import('../tests/js/emulator.mjs');
  const emu = await startEmulator(['--quiet', '--bulk-requests-per-minute', '0']);
  const runOnce = async (variant) => {
    await emu.clear();
    // Unpaced runs need the emulator's per-IP limit off; the paced one meets a raised limit.
    await emu.faults({ bulk_requests_per_minute: variant === 'paced' ? PACED_PER_MINUTE : 0 });
    const limited = (await emu.stats()).rate_limited;
    const out = execFileSync(process.execPath, [self, '--child', variant, emu.url, emu.token, emu.environmentId], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const result = JSON.parse(out);
    const stats = await emu.stats();
    result.rateLimited = stats.rate_limited - limited;
    if (variant === 'ours' || variant === 'plain' || variant === 'paced') {
      const expected = variant === 'paced' ? Math.min(PACED_USERS, USERS) : USERS;
      const stored = stats.users_per_environment[emu.environmentId];
      if (result.detail !== expected || stored !== expected) throw new Error(`${variant}: created ${result.detail}, stored ${stored}`);
    }
    return result;
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const results = {};
  // Alternate the variants so machine noise hits both alike.
  for (let run = 0; run < RUNS; run++) {
    for (const variant of ['plain', 'ours', 'csv-papaparse', 'csv-ours', 'csv-ours-fix']) {
      (results[variant] ??= []).push(await runOnce(variant));
    }
  }
  for (let run = 0; run < PACED_RUNS; run++) (results.paced ??= []).push(await runOnce('paced'));
  await emu.stop();
  const summary = Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, { ms: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs)), peakMb: median(rs.map((r) => r.peakMb)), rows: rs[0].detail }]));
  // Each importUsers run against the plain run just before it: machine noise comes in spells, and
  // a pair shares its spell.
  const paired = results.ours.map((r, i) => r.ms / results.plain[i].ms).sort((a, b) => a - b);
  const phase = (variant) => {
    const rs = results[variant];
    return {
      before: median(rs.map((r) => r.beforeNetworkMs)),
      on: median(rs.map((r) => r.ms - r.beforeNetworkMs - r.afterNetworkMs)),
      after: median(rs.map((r) => r.afterNetworkMs)),
    };
  };
  const phases = { plain: phase('plain'), ours: phase('ours') };
  const phaseRow = (label, p) => `| ${label} | ${p.before.toFixed(0)} ms | ${p.on.toFixed(0)} ms | ${p.after.toFixed(0)} ms |`;
  const phaseTable = [
    '| where the time goes (medians) | call → first request out | first request out → last answer in | last answer in → result |',
    '| --- | ---: | ---: | ---: |',
    phaseRow('plain `fetch` loop', phases.plain),
    phaseRow('`importUsers`', phases.ours),
  ];
  // The rate limit's minimum: n requests evenly spaced start over (n − 1) intervals, the first at once.
  const pacedUsers = Math.min(PACED_USERS, USERS);
  const pacedRequests = Math.ceil(pacedUsers / BATCH);
  const intervalMs = 60_000 / PACED_PER_MINUTE;
  const minimumMs = (pacedRequests - 1) * intervalMs;
  const paced = results.paced;
  const pacedMs = median(paced.map((r) => r.ms));
  const pacedOnNetwork = median(paced.map((r) => r.ms - r.beforeNetworkMs - r.afterNetworkMs));
  const lateMs = (pacedOnNetwork - minimumMs) / (pacedRequests - 1);
  const pacedTable = [
    '| paced import (medians) | users | requests | time | the limit\'s minimum | ratio | first request out → last answer in | 429s met |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| \`importUsers\` at \`requestsPerMinute: ${PACED_PER_MINUTE}\`, the emulator limited to ${PACED_PER_MINUTE} a minute | ${pacedUsers.toLocaleString('en').replace(/,/g, ' ')} | ${pacedRequests} | ${pacedMs.toFixed(0)} ms | ${minimumMs.toFixed(0)} ms | ${(pacedMs / minimumMs).toFixed(2)} | ${pacedOnNetwork.toFixed(0)} ms | ${paced.map((r) => r.rateLimited).join(', ')} |`,
  ];
  const pairedLine = `Time ratio of each \`importUsers\` run to the plain run just before it: ${paired.map((r) => r.toFixed(2)).join(', ')} (median ${median(paired).toFixed(2)}).`;
  const row = (label, ours, base) => `| ${label} | ${ours.ms.toFixed(0)} ms | ${base.ms.toFixed(0)} ms | ${(ours.ms / base.ms).toFixed(2)} | ${ours.cpuMs.toFixed(0)} ms | ${base.cpuMs.toFixed(0)} ms | ${ours.peakMb.toFixed(0)} MB | ${base.peakMb.toFixed(0)} MB | ${(ours.peakMb / base.peakMb).toFixed(2)} |`;
  const table = [
    `| what (${String(USERS).replace(/\B(?=(\d{3})+$)/g, ' ')} users) | dynamic-users | baseline | time ratio | client CPU ours | client CPU baseline | peak RSS ours | peak RSS baseline | RSS ratio |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(`\`importUsers\` vs a plain \`fetch\` loop (batches of ${BATCH}, ${CONCURRENCY} at once, both unpaced)`, summary.ours, summary.plain),
    row('`parseUsersCsv` vs `Papa.parse(text, { header: true })`', summary['csv-ours'], summary['csv-papaparse']),
    row('`parseUsersCsv(text, { fix: true })` vs `parseUsersCsv(text)` (the same run)', summary['csv-ours-fix'], summary['csv-ours']),
  ];
  const report = `# Import benchmarks

Generated by \`make bench\` (\`bench/import.bench.mjs\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},
against the local emulator (release build, in-memory SQLite) on this machine. Medians of ${RUNS} runs, the variants
alternating; each measurement in its own Node process, so its peak RSS is its own. ${USERS.toLocaleString('en')} valid
generated users (\`bench/generate-users.mjs\`); every run ends with all of them stored, checked against the emulator.

${table.join('\n')}

The plain loop sends pre-chunked batches with \`JSON.stringify\` and \`fetch\` and nothing else. \`importUsers\` also
validates every row (checksums included), checks repeats across the whole input, matches every answer back to its
rows, keeps a report of every row and calls \`onProgress\`. \`parseUsersCsv\` maps headers, builds user objects and
validates every row; papaparse only splits the text into string-valued objects. With \`fix: true\` only rows whose
issues carry a fix do more work (the generated users have none, so the row shows what the option itself costs). The emulator shares
the machine's 2 cores with the client (it takes about 1.4 of them during an import), so the time ratio moves by up
to ±0.1 from one \`make bench\` to the next; client CPU (the Node process's user and system time, the emulator's not
counted) moves less and shows what the client itself adds.

${pairedLine}

${phaseTable.join('\n')}

Both sides of that comparison send unpaced (\`requestsPerMinute: Infinity\`) against the emulator with its rate
limit off: it measures what the client costs, not the API's limit. At the API's default limit (150 bulk requests a
minute per IP, 50 users each) 100 000 users take at least 13 min 20 s whatever the client; \`importUsers\` paces
itself to that by default. How close it comes to such a minimum, at a raised limit ${PACED_RUNS} times:

${pacedTable.join('\n')}

The minimum is ${pacedRequests} requests started ${intervalMs} ms apart, the first at once. On the network the import took
${(pacedOnNetwork - minimumMs).toFixed(0)} ms more, ${lateMs.toFixed(1)} ms a request: each start waits on a timer, which fires about that late, and the pace
counts from the actual start, so that no two starts are ever closer than the interval (which is what keeps a
sliding-minute limit from ever being met). At the default 150 a minute (400 ms apart) that costs ${((lateMs / 400) * 100).toFixed(1)} %. The rest is
reading the input before the first request and the report after the last answer. In so short a run the emulator's
sliding minute would admit all ${pacedRequests} requests even unpaced: this measures what pacing costs; the spacing itself is
checked by tests/js/import.test.mjs.

Requests out and answers in are read from Node's \`undici\` diagnostics channels. With four requests in flight
both take about as long on the network: the client's own work per batch hides behind the API's. What
\`importUsers\` adds is before its first request (it reads the whole array into wasm, \`JSON.stringify\` slices
of about 40 000 characters and \`TextEncoder.encodeInto\`, splits it into rows and checks the first ones) and after its last answer
(the report of every row). Sending the first batches before the rest of the array was read was tried twice
(2026-11-25, 2026-11-26, before the memory fixes below) and made imports slower: V8 then ran 46–57 full garbage
collections during the import instead of 3. V8 counts each growth of a large wasm memory as new external memory,
and a second growth soon after the first ran a full collection on the spot (22 ms with 100 000 users live), so
\`importUsers\` grows wasm memory once, for the text and the import's working memory together, before the first
request, and it copies answers in as their chunks arrive (\`arrayBuffer()\` joined them into one more buffer
for V8 to count). At 150 000 users (\`USERS=150000 node bench/import.bench.mjs\`, three runs on
2026-11-26) it takes 1.08–1.13 times the plain loop (client CPU 3.2–3.6 s against 2.6–2.9) with 8–12 full
collections against 2–3; before these fixes 40–70 collections and 1.1–1.3 times. What is left: near the
end of such a long import, the wasm memory and the answers' buffers reach V8's external-memory limit, one full
collection follows, and from then on V8 keeps the heap limit just above the caller's live users (the page
allocates little JavaScript of its own) and marks again every ~200 ms.
`;
  console.log(table.join('\n'));
  console.log(`\n${pairedLine}\n\n${phaseTable.join('\n')}\n\n${pacedTable.join('\n')}`);
  if (USERS === DEFAULT_USERS) {
    fs.writeFileSync(new URL('./IMPORT-RESULTS.md', import.meta.url), report);
    console.log('\nwritten to bench/IMPORT-RESULTS.md');
  }
}

if (process.argv[2] === '--child') {
  await child(...process.argv.slice(3));
} else {
  await main();
}
