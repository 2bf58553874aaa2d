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

/** Serves the repository's bench/, pkg/ and node_modules/ and `generated` (path → text),
 * cross-origin isolated; returns the server, listening on a free port. */
async function serve(generated) {
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
  return server;
}

const launch = () => chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--js-flags=--expose-gc'],
});

/**
 * How long each browser entry takes to load in a fresh page. `importMs`: from a dynamic `import()`
 * of the entry to its resolving with every export ready (the glue and wasm fetched from a local
 * server, compiled and instantiated), in a page that has loaded nothing else. `instantiateMs`: the
 * module's compile and instantiation alone, `await init({ module_or_path: bytes })` of the web
 * glue with the wasm bytes already in memory (what a page pays after the download). Each load is a
 * new browser context, so no cache (HTTP or compiled code) carries over. `entries` maps a label to
 * `{ entry, glue, wasm }` URL paths; returns medians, min and max of `runs` loads of each, taking turns.
 */
export async function measureInitInChromium({ entries, runs }) {
  const generated = {
    '/init.html': `<!doctype html><script type="module">
      const q = new URLSearchParams(location.search);
      let result;
      if (q.get('mode') === 'import') {
        const start = performance.now();
        const du = await import(q.get('entry'));
        const ms = performance.now() - start;
        result = { ms, answered: du.validateNewUser({ email: 'a@b.co' }).valid };
      } else {
        const glue = await import(q.get('glue'));
        const bytes = await (await fetch(q.get('wasm'))).arrayBuffer();
        const start = performance.now();
        await glue.default({ module_or_path: bytes });
        const ms = performance.now() - start;
        result = { ms, answered: glue.validateNewUser({ email: 'a@b.co' }).valid };
      }
      window.initResult = { ...result, crossOriginIsolated };
    </script>`,
  };
  const server = await serve(generated);
  const browser = await launch();
  try {
    const times = Object.fromEntries(Object.keys(entries).map((label) => [label, { import: [], instantiate: [] }]));
    // One load first, not counted: the browser's first page starts its renderer and network process.
    const load = async (query) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const failed = new Promise((_, reject) => page.on('pageerror', (e) => reject(new Error(`the init page failed: ${e.message}`))));
      await page.goto(`http://127.0.0.1:${server.address().port}/init.html?${new URLSearchParams(query)}`);
      const result = await Promise.race([
        page.waitForFunction(() => window.initResult, null, { timeout: 60_000 }).then((h) => h.jsonValue()),
        failed,
      ]);
      await context.close();
      if (!result.crossOriginIsolated || !result.answered) throw new Error(`the init page did not answer: ${JSON.stringify(query)}`);
      return result.ms;
    };
    await load({ mode: 'import', ...Object.values(entries)[0] });
    for (let run = 0; run < runs; run++) {
      for (const [label, urls] of Object.entries(entries)) {
        for (const mode of ['import', 'instantiate']) times[label][mode].push(await load({ mode, ...urls }));
      }
    }
    const stats = (xs) => ({ median: [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], min: Math.min(...xs), max: Math.max(...xs) });
    return {
      version: browser.version(),
      rows: Object.entries(times).map(([label, t]) => ({ label, runs, importMs: stats(t.import), instantiateMs: stats(t.instantiate) })),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** Measures `sizes` users (`data[n]`: their JSON text) in the page; `runs[n]` runs each; then the validate
 * entry against the main one on the largest size, `entryRounds` turns each. */
export async function measureInChromium({ data, countries, sizes, runs, entryRounds }) {
  const generated = {
    '/index.html': '<!doctype html><script type="module" src="/bench/validate.page.mjs"></script>',
    '/data/plan.json': JSON.stringify({ sizes, runs, entryRounds }),
    '/data/countries.json': JSON.stringify(countries),
    ...Object.fromEntries(sizes.map((n) => [`/data/users-${n}.json`, data[n]])),
  };
  const server = await serve(generated);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const failed = new Promise((_, reject) => page.on('pageerror', (e) => reject(new Error(`the bench page failed: ${e.message}`))));
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    const result = await Promise.race([
      page.waitForFunction(() => window.benchResult, null, { timeout: 600_000, polling: 500 }).then((h) => h.jsonValue()),
      failed,
    ]);
    if (!result.crossOriginIsolated) throw new Error('the bench page is not cross-origin isolated: its timer would be coarse');
    return { rows: result.rows, entries: result.entries, version: browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}
