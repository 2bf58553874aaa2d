// Next.js with zero config (issue #21): the App Router app in tests/nextjs, with no next.config,
// installs the packed package and is built with `next build` (Turbopack) and `next build
// --webpack`, then served by `next start`. Each build: the server component validates and calls
// the API, the route handler validates the posted user and creates it in the emulator, the Edge
// route validates, and in headless Chromium the client component validates the field as it is
// typed. Before this, both builds failed (ENOENT on the .wasm beside a bundle that moved).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { startEmulator } from './emulator.mjs';
import { exec, freePort, prepareApp, root, startServer } from './fixture-app.mjs';

const ENV = { NEXT_TELEMETRY_DISABLED: '1' };
let app;
let emu;
let browser;

before(async () => {
  app = prepareApp('nextjs');
  emu = await startEmulator(['--quiet']);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await emu?.stop();
});

test('the fixture has no Next.js config: zero config is what is tested', () => {
  const configs = fs.readdirSync(app).filter((f) => /^next\.config\./.test(f));
  assert.deepEqual(configs, []);
});

test("the README's Next.js snippets are this fixture's files, verbatim", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const file of ['app/email-field.tsx', 'app/api/users/route.ts']) {
    assert.ok(readme.includes(fs.readFileSync(path.join(root, 'tests/nextjs', file), 'utf8')), `README.md shows tests/nextjs/${file}`);
  }
});

for (const bundler of ['turbopack', 'webpack']) {
  test(`next build --${bundler}, then next start: server component, route handler, Edge route and client component`, async () => {
    fs.rmSync(path.join(app, '.next'), { recursive: true, force: true });
    const next = path.join(app, 'node_modules/next/dist/bin/next');
    const build = await exec(process.execPath, [next, 'build', `--${bundler}`], { cwd: app, env: ENV });
    assert.match(build, new RegExp(`Next\\.js [0-9.]+ \\(${bundler === 'turbopack' ? 'Turbopack' : 'webpack'}\\)`), build);
    assert.doesNotMatch(build, /Module not found|ENOENT|Failed to compile/, build);

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const server = await startServer(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: app,
      url: `${origin}/api/edge`,
      env: { ...ENV, DYNAMIC_API_TOKEN: emu.token, DYNAMIC_API_URL: emu.url, DYNAMIC_ENVIRONMENT_ID: emu.environmentId },
    });
    try {
      await emu.clear();
      const text = (html, id) => html.match(new RegExp(`<p id="${id}">([^<]*)</p>`))?.[1].replaceAll('&quot;', '"');

      // Server component: validation and an upsert through the API, on the server.
      const ada = await (await fetch(`${origin}/?email=ada@example.com`)).text();
      assert.equal(text(ada, 'server-report'), 'ada@example.com is valid');
      assert.equal(text(ada, 'server-saved'), '1 created, 0 updated');
      const again = await (await fetch(`${origin}/?email=ada@example.com`)).text();
      assert.equal(text(again, 'server-saved'), '0 created, 1 updated');
      const bad = await (await fetch(`${origin}/?email=not-an-email`)).text();
      assert.equal(text(bad, 'server-report'), '"not-an-email" is not a valid email address.');
      assert.equal(text(bad, 'server-saved'), 'not sent: the record is invalid');

      // Route handler: validation, then the emulator creates the user.
      const post = (body) => fetch(`${origin}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const created = await post({ email: 'grace@example.com', firstName: 'Grace', country: 'GB' });
      assert.equal(created.status, 201);
      const result = await created.json();
      assert.deepEqual([result.created.map((u) => [u.email, u.firstName, u.country]), result.failed], [[['grace@example.com', 'Grace', 'GB']], []]);
      const invalid = await post({ email: 'grace@example.com', country: 'uk' });
      assert.equal(invalid.status, 422);
      assert.deepEqual((await invalid.json()).issues.map((i) => [i.path, i.code]), [['country', 'invalid_country']]);
      assert.deepEqual((await emu.users()).map((u) => u.email).sort(), ['ada@example.com', 'grace@example.com']);

      // The Edge runtime's entry (edge-light).
      const edge = await fetch(`${origin}/api/edge?country=us`);
      assert.deepEqual((await edge.json()).map((i) => [i.code, i.fix]), [['invalid_country', 'US']]);

      // Client component: validates as the user types, in the browser.
      const page = await browser.newPage();
      const errors = [];
      const wasm = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // The browser asks for /favicon.ico, which this app has none of: a 404 that is not the package's.
      page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
      page.on('response', (r) => {
        if (r.url().endsWith('.wasm')) wasm.push(r.status());
        else if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
      const input = page.locator('input[name=email]');
      const output = page.locator('#email-issues');
      // Waits for the message, and on a timeout says what the page showed instead.
      const shows = async (expected) => {
        const deadline = Date.now() + 10_000;
        let shown;
        while ((shown = await output.textContent()) !== expected && Date.now() < deadline) await page.waitForTimeout(100);
        assert.equal(shown, expected, `page errors: ${errors.join('; ')}`);
      };
      await input.pressSequentially('ann', { delay: 20 });
      await shows('"ann" is not a valid email address.');
      await input.pressSequentially('@example.com', { delay: 20 });
      await shows('Looks good.');
      assert.deepEqual([errors, wasm], [[], [200]], 'the page loaded its wasm once, without errors');
      await page.close();
    } finally {
      await server.stop();
    }
    assert.doesNotMatch(server.output(), /⨯|Error:/, server.output());
  });
}
