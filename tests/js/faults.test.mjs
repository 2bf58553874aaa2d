// The import under failure, against the emulator: a 20 000-user import through 5xx, 429 storms,
// dropped connections and the emulator killed and restarted midway; timeouts shorter than the
// server's latency. Each ends with the emulator holding the input's valid rows exactly once.
// Pacing is off (and the emulator's rate limit with it): these are about faults, and stay fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamicUsersClient } from '../../pkg/index.mjs';
import { startEmulator } from './emulator.mjs';

const people = (n, tag) => Array.from({ length: n }, (_, i) => ({ email: `${tag}${i}@example.com`, username: `${tag}_${i}` }));
const sorted = (xs) => [...xs].sort();
const FAST = { requestsPerMinute: Infinity };
const NO_LIMIT = ['--bulk-requests-per-minute', '0'];
const buckets = (r) => r.created.length + r.updated.length + r.failed.length + r.rejected.length + r.notSent.length + r.ambiguous.length;

test('20 000 users through faults and an emulator killed and restarted midway: stored exactly once each', async () => {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'du-faults-')), 'users.sqlite');
  const faults = ['--fail-rate', '0.05', '--rate-limit', '0.05', '--retry-after-secs', '1', '--drop-after-commit-rate', '0.03', '--quiet', '--db', db, ...NO_LIMIT];
  let emu = await startEmulator(['--seed', '3', ...faults]);
  const port = new URL(emu.url).port;
  const client = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, maxRetries: 8 });
  const input = people(20_000, 'kill');
  let restarted = false;
  const running = client.importUsers(emu.environmentId, input, {
    ...FAST,
    upsert: true,
    onProgress: (p) => {
      if (!restarted && p.created + p.updated >= 5000) {
        restarted = true;
        // Killed without warning (no graceful shutdown), back on the same port and database.
        emu.stop('SIGKILL').then(async () => {
          emu = await startEmulator(['--port', port, '--seed', '4', ...faults]);
        });
      }
    },
  });
  const report = await running;
  assert.ok(restarted, 'the emulator was restarted during the import');
  assert.equal(buckets(report), 20_000);
  assert.equal(report.created.length + report.updated.length, 20_000, JSON.stringify(report.notSent.slice(0, 1)));
  const stored = (await emu.users()).map((u) => u.email);
  assert.equal(stored.length, 20_000, 'nothing lost, nothing duplicated');
  assert.deepEqual(sorted(stored), sorted(input.map((u) => u.email)));
  await emu.stop();
});

test('a 429 storm: the import waits as told and still stores every row once', async () => {
  const emu = await startEmulator(['--quiet', '--rate-limit', '0.5', '--retry-after-secs', '1', '--seed', '9', ...NO_LIMIT]);
  const client = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, maxRetries: 10 });
  const input = people(500, 'storm');
  const started = performance.now();
  const report = await client.importUsers(emu.environmentId, input, { ...FAST, concurrency: 4 });
  const elapsed = performance.now() - started;
  const stats = await emu.stats();
  assert.equal(report.created.length, 500);
  assert.ok(stats.faults_injected.rate_limit >= 5, `429s answered: ${stats.faults_injected.rate_limit}`);
  // Each 429 costs its batch a full second: with four lanes, at least this long.
  assert.ok(elapsed >= (stats.faults_injected.rate_limit / 4) * 1000 * 0.9, `${elapsed} ms for ${stats.faults_injected.rate_limit} 429s`);
  assert.equal((await emu.users()).length, 500);
  await emu.stop();
});

test('timeouts shorter than the server’s latency: every row accounted for, and a resume finishes', async () => {
  const emu = await startEmulator(['--quiet', '--latency-ms', '400', ...NO_LIMIT]);
  const hasty = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, timeoutMs: 150, maxRetries: 1 });
  const input = people(300, 'slow');
  const report = await hasty.importUsers(emu.environmentId, input, { ...FAST, upsert: true });
  assert.equal(buckets(report), 300);
  assert.equal(report.notSent.length, 300);
  assert.ok(report.notSent.every((r) => r.maybeSent && /did not answer within 150 ms/.test(r.reason)));
  const patient = new DynamicUsersClient({ token: emu.token, baseUrl: emu.url, timeoutMs: 5000 });
  const resumed = await patient.importUsers(emu.environmentId, report.remaining.map((i) => input[i]), { ...FAST, upsert: true });
  assert.equal(resumed.created.length + resumed.updated.length, 300);
  assert.deepEqual(sorted((await emu.users()).map((u) => u.email)), sorted(input.map((u) => u.email)));
  await emu.stop();
});
