#!/usr/bin/env node
// Serves the demo dashboard: www/ at /, the built package pkg/ at /pkg/, and a generated
// /config.json with the connection defaults (API URL, token, environment id), so the token
// never has to travel in a URL. node:http only; binds 127.0.0.1.
//
//   node scripts/serve-www.mjs [--port 8080] [--api-url URL] [--environment ID]
//
// The token comes from DYNAMIC_USERS_TOKEN (preferred: flags show up in `ps`) or --token.
// API URL and environment also read DYNAMIC_USERS_API_URL / DYNAMIC_USERS_ENVIRONMENT.
// Prints one line, `serving http://127.0.0.1:PORT/`, once it listens. --port 0 picks a free port.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'api-url': { type: 'string' },
    token: { type: 'string' },
    environment: { type: 'string' },
  },
});

const config = {
  baseUrl: flags['api-url'] ?? process.env.DYNAMIC_USERS_API_URL ?? 'http://127.0.0.1:8787/api/v0',
  token: flags.token ?? process.env.DYNAMIC_USERS_TOKEN ?? '',
  environmentId: flags.environment ?? process.env.DYNAMIC_USERS_ENVIRONMENT ?? '',
};

// URL prefix → folder on disk. Longest prefix first.
const mounts = [
  ['/pkg/', path.join(root, 'pkg')],
  ['/', path.join(root, 'www')],
];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/** Maps a URL path to a file inside one of the mounts, or null when it would leave it. */
function resolve(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0')) return null;
  for (const [prefix, dir] of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    let rel = decoded.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(dir, rel);
    // path.resolve collapses `..`; anything not strictly inside `dir` is refused.
    return file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/config.json') return send(res, 200, JSON.stringify(config), types['.json']);
  const file = resolve(pathname);
  if (!file) return send(res, 403, 'forbidden\n');
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) return send(res, 404, 'not found\n');
    res.writeHead(200, {
      'content-type': types[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  });
});

server.on('error', (error) => {
  console.error(`serve-www: ${error.message}`); // e.g. EADDRINUSE: demo.sh then tries a free port
  process.exit(1);
});
server.listen(Number(flags.port), '127.0.0.1', () => {
  console.log(`serving http://127.0.0.1:${server.address().port}/`);
});

// Exit promptly on Ctrl-C / SIGTERM (demo.sh and the tests stop us this way).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
