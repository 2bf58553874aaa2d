// Starts the local Dynamic API emulator (tests/emulator) for a test file and talks to its
// emulator-only endpoints. `make test` builds the binary first.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EMULATOR_BIN = path.join(root, 'target/release/dynamic-users-emulator');

/**
 * Starts an emulator on a free port; resolves once it printed where it listens. Unless `args`
 * set `--bulk-requests-per-minute`, the per-IP bulk limit is off (the emulator's default is the
 * API's 150 a minute, which would throttle test imports).
 */
export async function startEmulator(args = []) {
  const has = (flag) => args.some((a) => a === flag || a.startsWith(`${flag}=`));
  const port = has('--port') ? [] : ['--port', '0'];
  const limit = has('--bulk-requests-per-minute') ? [] : ['--bulk-requests-per-minute', '0'];
  const child = spawn(EMULATOR_BIN, [...port, ...limit, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const line = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${Buffer.concat(stderr)}`)));
  });
  const info = JSON.parse(line);
  const origin = new URL(info.url).origin;
  const auth = { authorization: `Bearer ${info.token}` };
  const call = async (method, url, body) => {
    const send = () => fetch(url, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    // A kept-alive connection the emulator closed while idle (a long child run in between) fails
    // once with "other side closed"; the control calls are idempotent, so send again on a new one.
    const res = await send().catch((error) => (error?.cause?.code === 'UND_ERR_SOCKET' ? send() : Promise.reject(error)));
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    ...info,
    environmentId: info.environmentIds[0],
    /** Changes fault injection (see tests/emulator/README.md); `resetFaults` goes back to none. */
    faults: (faults) => call('PUT', `${origin}/__emulator/faults`, faults),
    resetFaults: () => call('DELETE', `${origin}/__emulator/faults`),
    stats: () => call('GET', `${origin}/__emulator/stats`),
    /** Sets an environment's custom fields (SPEC section 6); `[]` removes them. */
    customFields: (fields, env = info.environmentIds[0]) => call('PUT', `${origin}/__emulator/environments/${env}/custom-fields`, fields),
    users: async (env = info.environmentIds[0]) => (await call('GET', `${info.url}/environments/${env}/users`)).users,
    clear: (env = info.environmentIds[0]) => call('DELETE', `${info.url}/environments/${env}/users`),
    log: () => Buffer.concat(stderr).toString(),
    stop: (signal = 'SIGTERM') => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    }),
  };
}
