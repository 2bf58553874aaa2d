// Runs bench/validate.page.mjs in headless Chromium (Debian's, as the tests use) and returns its rows.
// The page is served cross-origin isolated, so that `performance.now()` is precise to microseconds.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVED = ['/bench/', '/pkg/', '/node_modules/'];
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.cjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Measures `sizes` users (`data[n]`: their JSON text) in the page; `runs[n]` runs each. */
export async function measureInChromium({ data, countries, sizes, runs }) {
  const generated = {
    '/index.html': '<!doctype html><script type="module" src="/bench/validate.page.mjs"></script>',
    '/data/plan.json': JSON.stringify({ sizes, runs }),
    '/data/countries.json': JSON.stringify(countries),
    ...Object.fromEntries(sizes.map((n) => [`/data/users-${n}.json`, data[n]])),
  };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    const type = TYPES[path.extname(url)] ?? 'application/octet-stream';
    if (url in generated) return res.writeHead(200, { ...headers, 'content-type': type }).end(generated[url]);
    const file = path.join(root, url);
    if (!SERVED.some((dir) => url.startsWith(dir)) || !file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return res.writeHead(404, headers).end();
    }
    res.writeHead(200, { ...headers, 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage();
    const failed = new Promise((_, reject) => page.on('pageerror', (e) => reject(new Error(`the bench page failed: ${e.message}`))));
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    const result = await Promise.race([
      page.waitForFunction(() => window.benchResult, null, { timeout: 600_000, polling: 500 }).then((h) => h.jsonValue()),
      failed,
    ]);
    if (!result.crossOriginIsolated) throw new Error('the bench page is not cross-origin isolated: its timer would be coarse');
    return { rows: result.rows, version: browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}
