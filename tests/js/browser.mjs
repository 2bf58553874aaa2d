// What the browser tests share: a static file server over a folder, as a page without a bundler
// loads the package, and headless Chromium started with the flags this machine's closed network needs.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Serves the files under `root` on 127.0.0.1 (404 outside it); resolves to the server and its origin. */
export async function serveFiles(root) {
  const server = http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root) || !fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Debian's Chromium, headless, without the background traffic a closed network refuses. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Opens `url` in a new page and waits for the `window.result` its script sets; with the page's uncaught errors. */
export async function pageResult(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  const result = await page.waitForFunction(() => window.result, null, { timeout: 10_000 }).then((h) => h.jsonValue());
  return { errors, result };
}
