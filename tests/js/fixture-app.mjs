// An app fixture (tests/nextjs, tests/worker) as a user has it: its files copied to a directory
// outside this repository (inside it, tools find the repository's own package-lock.json and take
// it for the workspace root), its pinned dependencies installed from its package-lock.json, and
// the packed package installed from its tarball. The dependencies stay installed between runs and
// are installed again only when the lock file changes, so a warm `make test` does not reinstall.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const run = (cmd, args, cwd, env = {}) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });

/** What the tools write into an app directory: never copied from the fixture, kept in the copy. */
const GENERATED = new Set(['node_modules', '.next', '.wrangler', 'dist', 'next-env.d.ts']);

/**
 * Copies tests/NAME to a directory of its own under the system's temporary directory (one per
 * checkout, so two checkouts never share it), runs `npm ci` there when its package-lock.json
 * changed since the last install, and installs pkg/ packed as a tarball. Returns the directory.
 */
export function prepareApp(name) {
  const source = path.join(root, 'tests', name);
  const checkout = crypto.createHash('sha256').update(root).digest('hex').slice(0, 10);
  const app = path.join(os.tmpdir(), `dynamic-users-${name}-${checkout}`);
  fs.mkdirSync(app, { recursive: true });
  for (const entry of fs.readdirSync(app)) {
    if (!GENERATED.has(entry) && !entry.endsWith('.tsbuildinfo')) fs.rmSync(path.join(app, entry), { recursive: true, force: true });
  }
  fs.cpSync(source, app, { recursive: true, filter: (from) => !GENERATED.has(path.basename(from)) });

  const lock = fs.readFileSync(path.join(app, 'package-lock.json'));
  const stamp = crypto.createHash('sha256').update(lock).update(process.version).digest('hex');
  const marker = path.join(app, 'node_modules/.installed-from-lock');
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== stamp) {
    // A clean clone or a changed lock: everything from the registry, as pinned.
    run('npm', ['ci', '--no-audit', '--no-fund'], app);
    fs.writeFileSync(marker, stamp);
  }
  const packs = path.join(app, 'packs');
  fs.mkdirSync(packs);
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packs, path.join(root, 'pkg')], root));
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', path.join(packs, packed.filename)], app);
  return app;
}

/** Runs a command in `cwd`; resolves with its output, rejects with it (and the exit code) on failure. */
export function exec(cmd, args, { cwd, env = {} }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running server (its own process group, so its children stop with it) and waits
 * until `url` answers. `stop()` ends the group and resolves when the server has exited.
 */
export async function startServer(cmd, args, { cwd, env = {}, url, timeoutMs = 60_000 }) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // The server first, so it stops (and reaps) its own children; then whatever of its group is left.
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'));
    await Promise.race([exited, timer]);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the group is gone */ }
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode} before answering:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { output: () => output, stop };
}
