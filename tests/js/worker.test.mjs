// A Cloudflare Worker (issue #21): the worker in tests/worker installs the packed package, and
// `wrangler dev` bundles it (the `workerd` condition: the wasm imported as a module, uploaded
// compiled, as Workers refuse to compile WebAssembly from bytes) and runs it in workerd, offline.
// It validates and creates users in the emulator. And the entries a browser, a worker or an Edge
// runtime loads use no Node API: no `fs`, `__dirname` or `require(`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator } from './emulator.mjs';
import { exec, freePort, prepareApp, root, startServer } from './fixture-app.mjs';

// Wrangler's own telemetry off; it runs offline but for a `Request.cf` lookup it warns about.
const ENV = { WRANGLER_SEND_METRICS: 'false', CI: 'true' };
let app;
let emu;

before(async () => {
  app = prepareApp('worker');
  emu = await startEmulator(['--quiet']);
});
after(async () => {
  await emu?.stop();
});

test('the entries for browsers, workers and Edge runtimes use no Node API', () => {
  const pkg = path.join(app, 'node_modules/dynamic-users');
  const { exports } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  // Every file each such entry imports, followed from the entry.
  const reached = new Set();
  const follow = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/(?:from|import)\s*["'`]([^"'`]+)["'`]/g)) {
      const target = path.resolve(path.dirname(file), spec.replace(/\?module$/, ''));
      if (spec.startsWith('.') && /\.m?js$/.test(target)) follow(target);
    }
  };
  for (const entry of ['.', './validate']) {
    for (const condition of ['browser', 'workerd', 'edge-light', 'default']) follow(path.join(pkg, exports[entry][condition]));
  }
  const files = [...reached].map((f) => path.relative(pkg, f)).sort();
  assert.ok(files.includes('workerd.js') && files.includes('validate/edge.js') && files.some((f) => f.startsWith('snippets/')), files.join(' '));
  for (const file of files) {
    const source = fs.readFileSync(path.join(pkg, file), 'utf8');
    assert.doesNotMatch(source, /\brequire\s*\(|__dirname|__filename|["'`](node:)?fs["'`]|\bprocess\./, file);
  }
});

test("the README's worker is this fixture's, verbatim", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.ok(readme.includes(fs.readFileSync(path.join(root, 'tests/worker/src/index.js'), 'utf8')), 'README.md shows tests/worker/src/index.js');
});

test('wrangler bundles the worker with the workerd entries: both modules are uploaded as wasm, nothing reads files', async () => {
  const dist = path.join(app, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  await exec(process.execPath, [path.join(app, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', dist], { cwd: app, env: ENV });
  const wasm = fs.readdirSync(dist).filter((f) => f.endsWith('.wasm')).map((f) => f.replace(/^[0-9a-f]+-/, '')).sort();
  assert.deepEqual(wasm, ['dynamic_users_bg.wasm', 'dynamic_users_validate_bg.wasm']);
  const bundle = fs.readFileSync(path.join(dist, 'index.js'), 'utf8');
  assert.doesNotMatch(bundle, /readFileSync|__dirname|gunzipSync/);
});

test('wrangler dev runs the worker in workerd: it validates, and creates users through the API', async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const vars = { DYNAMIC_API_TOKEN: emu.token, DYNAMIC_API_URL: emu.url, DYNAMIC_ENVIRONMENT_ID: emu.environmentId };
  const server = await startServer(process.execPath, [
    path.join(app, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--ip', '127.0.0.1', '--port', String(port),
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ], { cwd: app, env: ENV, url: `${origin}/validate-field`, timeoutMs: 90_000 });
  try {
    await emu.clear();
    const field = await (await fetch(`${origin}/validate-field?field=country&value=uk`)).json();
    assert.deepEqual(field.map((i) => [i.path, i.code, i.fix]), [['country', 'invalid_country', 'GB']]);

    const post = (body) => fetch(`${origin}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const invalid = await post({ email: 'not-an-email' });
    assert.equal(invalid.status, 422);
    assert.deepEqual((await invalid.json()).issues.map((i) => i.message), ['"not-an-email" is not a valid email address.']);
    const created = await post({ email: 'ada@example.com', firstName: 'Ada' });
    assert.equal(created.status, 201);
    assert.deepEqual((await created.json()).created.map((u) => [u.email, u.firstName]), [['ada@example.com', 'Ada']]);
    const again = await post({ email: 'ada@example.com', firstName: 'Ada L.' });
    assert.deepEqual((await again.json()).updated.map((u) => u.firstName), ['Ada L.']);
    assert.deepEqual((await emu.users()).map((u) => [u.email, u.firstName]), [['ada@example.com', 'Ada L.']]);
  } finally {
    await server.stop();
  }
  assert.doesNotMatch(server.output(), /✘|\[ERROR\]|Uncaught/, server.output());
});
