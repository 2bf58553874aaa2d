// A/B of `validateBulkUsers` between two built packages (copies of pkg/ made after `make pkg`), alternating in
// one headless Chromium page (its main-thread CPU time, CDP Performance.ThreadTime) and then one Node process
// (CPU time), after checking both give the same reports; prints medians, minima and the ratios B/A. CPU time
// rather than wall time, so that other work on the machine counts less. Not part of `make bench`.
// usage: node --expose-gc bench/ab.mjs PKG_A PKG_B [users=100000] [rounds=15] [entry=index.js|validate/index.js] [entry of B=entry]
// (two entries of one package, e.g. `pkg pkg 100000 31 index.js validate/index.js`, compare the entries)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { generateUsers } from './generate-users.mjs';
const [a, b, N = '100000', R = '15', EA = 'index.js', EB = EA] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: node --expose-gc bench/ab.mjs PKG_A PKG_B [users] [rounds] [entry] [entry of B]');
const [A, B] = [path.resolve(a), path.resolve(b)];
const n = +N, rounds = +R;
const users = generateUsers(n, 42);
const data = JSON.stringify(users);
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const PAGE = `
const users = await (await fetch('/data.json')).json();
const a = (await import('/a/${EA}')).validateBulkUsers, b = (await import('/b/${EB}')).validateBulkUsers;
const ra = JSON.stringify(a(users)), rb = JSON.stringify(b(users));
if (ra !== rb) throw new Error('reports differ');
for (let i = 0; i < 3; i++) { a(users); b(users); }
window.run = (k) => { (k === 'a' ? a : b)(users); };
window.ready = true;`;
const server = http.createServer((req, res) => {
  const h = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (req.url === '/data.json') return res.writeHead(200, { ...h, 'content-type': 'application/json' }).end(data);
  const m = req.url.match(/^\/([ab])\/(.*)$/);
  if (m) { const f = path.join(m[1] === 'a' ? A : B, m[2]); if (!fs.existsSync(f)) return res.writeHead(404).end(); const t = f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript'; return res.writeHead(200, { ...h, 'content-type': t }).end(fs.readFileSync(f)); }
  res.writeHead(200, { ...h, 'content-type': 'text/html' }).end(`<!doctype html><script type="module">${PAGE}</script>`);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--js-flags=--expose-gc'] });
const p = await browser.newPage();
let err; p.on('pageerror', (e) => { err = e; });
await p.goto(`http://127.0.0.1:${server.address().port}/`);
await p.waitForFunction(() => window.ready || 0, null, { timeout: 900000, polling: 200 }).catch((e) => { throw err ?? e; });
// The page's main-thread CPU time (CDP Performance.ThreadTime), so that other work on the machine counts less.
const cdp = await p.context().newCDPSession(p);
await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
const s = { a: [], b: [] };
for (let i = 0; i < rounds; i++) for (const k of (i % 2 ? ['a', 'b'] : ['b', 'a'])) {
  await p.evaluate(() => gc());
  const t0 = await threadTime();
  await p.evaluate((k) => window.run(k), k);
  s[k].push((await threadTime()) - t0);
}
await browser.close(); server.close();
if (err) throw err;
const mn = (xs) => Math.min(...xs);
console.log(`chromium ${n} (main-thread CPU): median A ${med(s.a).toFixed(1)} ms, B ${med(s.b).toFixed(1)} ms, B/A ${(med(s.b) / med(s.a)).toFixed(3)}; min A ${mn(s.a).toFixed(1)}, B ${mn(s.b).toFixed(1)}, B/A ${(mn(s.b) / mn(s.a)).toFixed(3)}`);
// Node: the CommonJS/ESM entries of each package, alternating.
const na = (await import(path.join(A, EA.replace(/\.js$/, '.mjs')))).validateBulkUsers;
const nb = (await import(path.join(B, EB.replace(/\.js$/, '.mjs')))).validateBulkUsers;
if (JSON.stringify(na(users)) !== JSON.stringify(nb(users))) throw new Error('reports differ in Node');
const t = { a: [], b: [] };
for (let i = 0; i < 3; i++) { na(users); nb(users); }
for (let i = 0; i < rounds; i++) for (const [k, f] of (i % 2 ? [['a', na], ['b', nb]] : [['b', nb], ['a', na]])) { globalThis.gc?.(); const c = process.cpuUsage(); f(users); const d = process.cpuUsage(c); t[k].push((d.user + d.system) / 1000); }
console.log(`node ${n} (CPU): median A ${med(t.a).toFixed(1)} ms, B ${med(t.b).toFixed(1)} ms, B/A ${(med(t.b) / med(t.a)).toFixed(3)}; min B/A ${(Math.min(...t.b) / Math.min(...t.a)).toFixed(3)}`);
