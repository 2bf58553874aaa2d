// A/B of `importUsers` between two built packages (copies of pkg/ made after `make pkg`), in one Node process
// against the local emulator (make test builds it): the client CPU time (this process's user + system time)
// of importing N generated users, the two alternating (which goes first alternating), JSON and CSV input
// (KINDS=json or KINDS=csv for one); prints medians and B/A. Run it in both orders: runs of 8 to 14 rounds
// scatter ±2 %. Not part of `make bench`.
// usage: node --expose-gc bench/ab-import.mjs PKG_A PKG_B [users=20000] [rounds=8]
import path from 'node:path';
import { startEmulator } from '../tests/js/emulator.mjs';
import { generateUsers, usersToCsv } from './generate-users.mjs';
const [A, B, N = '20000', R = '8'] = process.argv.slice(2);
const emu = await startEmulator(['--quiet', '--bulk-requests-per-minute', '0']);
const client = async (dir) => new (await import(path.resolve(dir, 'index.mjs'))).DynamicUsersClient({ token: emu.token, baseUrl: emu.url });
const clients = { a: await client(A), b: await client(B) };
const users = generateUsers(+N, 7, 0);
const inputs = { json: users, csv: usersToCsv(users) };
const t = {};
const KINDS = (process.env.KINDS ?? 'json,csv').split(',');
const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
for (let round = -1; round < +R; round++) {
  for (const k of round % 2 ? ['a', 'b'] : ['b', 'a']) {
    for (const kind of KINDS) {
      await emu.clear();
      globalThis.gc?.();
      const c = process.cpuUsage();
      const report = await clients[k].importUsers(emu.environmentId, inputs[kind], { requestsPerMinute: Infinity });
      const d = process.cpuUsage(c);
      if (report.created.length !== +N) throw new Error(`${k} ${kind}: created ${report.created.length}`);
      if (round >= 0) (t[`${kind} ${k}`] ??= []).push((d.user + d.system) / 1000);
    }
  }
}
await emu.stop();
for (const kind of KINDS) {
  const [a, b] = [med(t[`${kind} a`]), med(t[`${kind} b`])];
  console.log(`importUsers ${kind} ${N} (client CPU): median A ${a.toFixed(0)} ms, B ${b.toFixed(0)} ms, B/A ${(b / a).toFixed(3)}`);
}
