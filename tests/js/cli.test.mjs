// The command line as a user gets it: `npm pack` pkg/, install the tarball into a scratch project,
// run it as `npx dynamic-users …` and as the installed bin (node_modules/.bin) against
// the local emulator: validate (table, --json, exit codes), import (report.json, remaining.csv),
// Ctrl-C midway, a resume from remaining.csv without duplicates, and the README's commands. The
// token never shows.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './emulator.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = path.join(root, 'tests/js/.scratch/cli');
const app = path.join(scratch, 'app');
const bin = path.join(app, 'node_modules/.bin/dynamic-users');
const TOKEN = 'cli-test-token-7f3a9c';

let emu;
const outputs = [];

before(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch, path.join(root, 'pkg')], root));
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-cli', private: true, version: '0.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', path.join(scratch, packed.filename)], app);
  emu = await startEmulator(['--quiet', '--token', TOKEN]);
});
after(async () => {
  assert.equal(await emu.stop(), 0);
  for (const { stdout, stderr } of outputs) {
    assert.ok(!stdout.includes(TOKEN) && !stderr.includes(TOKEN), 'the token never shows');
  }
});
beforeEach(async () => emu.clear());

const write = (name, text) => {
  fs.writeFileSync(path.join(app, name), text);
  return name;
};
const read = (name) => fs.readFileSync(path.join(app, name), 'utf8');

/** Runs the installed bin (through `npx dynamic-users` with `npx`); resolves to { code, stdout, stderr }. */
function cli(args, { token = TOKEN, npx = false, onSpawn } = {}) {
  const env = { ...process.env };
  delete env.DYNAMIC_API_TOKEN;
  if (token !== null) env.DYNAMIC_API_TOKEN = token;
  const child = npx
    ? spawn('npx', ['--no', 'dynamic-users', ...args], { cwd: app, env })
    : spawn(bin, args, { cwd: app, env });
  const stdout = [];
  const stderr = [];
  child.stdout.on('data', (c) => stdout.push(c));
  child.stderr.on('data', (c) => stderr.push(c));
  onSpawn?.(child);
  return new Promise((resolve) => child.on('close', (code) => {
    const result = { code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
    outputs.push(result);
    resolve(result);
  }));
}
const importArgs = (file, out, ...more) => ['import', file, '--environment', emu.environmentId, '--base-url', emu.url, '--out', out, ...more];

const people = (n) => Array.from({ length: n }, (_, i) => `person${i}@example.com,P${i}`);

test('validate CSV: a table of issues by line, exit 1 on errors, 0 with only warnings', async () => {
  const bad = write('bad.csv', 'email,First Name,country\na@x.io,Ann,United Kingdom\nbad,Bob,US\nc@x.io,"C, D",US\n');
  const r = await cli(['validate', bad], { npx: true });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^LINE\s+SEVERITY\s+PATH\s+CODE\s+MESSAGE$/);
  assert.match(lines[1], /^2\s+error\s+country\s+invalid_country\s+.*\(fix: "GB"\)$/);
  assert.match(lines[2], /^3\s+error\s+email\s+invalid_email\s+/);
  assert.match(lines.at(-1), /2 errors, 0 warnings; 1 row ready to import/);

  const warned = write('warned.csv', 'email,Work Phone Extension\na@x.io,12\n');
  const w = await cli(['validate', warned]);
  assert.equal(w.code, 0, w.stdout);
  assert.match(w.stdout, /unknown_column/);

  const json = await cli(['validate', bad, '--json']);
  assert.equal(json.code, 1);
  const report = JSON.parse(json.stdout);
  assert.equal(report.valid, false);
  assert.deepEqual(report.issues.map((i) => [i.line, i.code]), [[2, 'invalid_country'], [3, 'invalid_email']]);
  const fixed = JSON.parse((await cli(['validate', bad, '--json', '--fix'])).stdout);
  assert.deepEqual(fixed.issues.map((i) => i.code), ['invalid_email']);
});

test('validate JSON: issues by row index; exit 0 when valid', async () => {
  const bad = write('bad.json', JSON.stringify([{ email: 'a@x.io' }, { email: 'nope' }]));
  const r = await cli(['validate', bad]);
  assert.equal(r.code, 1);
  assert.match(r.stdout.split('\n')[0], /^ROW\s+SEVERITY/);
  assert.match(r.stdout.split('\n')[1], /^1\s+error\s+email\s+invalid_email/);
  const good = write('good.json', JSON.stringify([{ email: 'a@x.io' }]));
  const ok = await cli(['validate', good, '--json']);
  assert.equal(ok.code, 0);
  assert.deepEqual(JSON.parse(ok.stdout).issues, []);
});

test('usage and config problems exit 2 with a clean message, never a stack trace', async () => {
  write('broken.json', '[{"email": ');
  write('object.json', '{"email": "a@x.io"}');
  write('ok.csv', 'email\na@x.io\n');
  fs.mkdirSync(path.join(app, 'adir'), { recursive: true });
  const cases = [
    [['validate', 'missing.csv'], /cannot read FILE missing\.csv: no such file/],
    [['validate', 'adir'], /cannot read FILE adir/],
    [['validate', 'ok.csv', '--bogus'], /Unknown option '--bogus'/],
    [['validate'], /missing FILE/],
    [['validate', 'broken.json'], /not valid JSON/],
    [['validate', 'object.json'], /JSON array/],
    [['frobnicate'], /unknown command/],
    [importArgs('ok.csv', 'o', '--batch-size', '0'), /--batch-size/],
    [importArgs('ok.csv', 'o', '--columns', 'missing.json'), /cannot read --columns/],
    [['import', 'ok.csv', '--base-url', emu.url], /--environment/],
    [importArgs('ok.csv', 'o', '--token', 'x'), /Unknown option '--token'/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const noToken = await cli(importArgs('ok.csv', 'o'), { token: null });
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /DYNAMIC_API_TOKEN/);
  const wrongToken = await cli(importArgs('ok.csv', 'wrong', '--requests-per-minute', 'Infinity'), { token: 'not-the-token' });
  assert.equal(wrongToken.code, 1, 'a 401 settles rows as not imported');
  assert.ok(!wrongToken.stdout.includes('not-the-token') && !wrongToken.stderr.includes('not-the-token'));
  assert.deepEqual(await emu.users(), []);
});

test('import: every row created → exit 0, report.json, no remaining.csv', async () => {
  const file = write('people.csv', `email,First Name\n${people(120).join('\n')}\n`);
  const r = await cli(importArgs(file, 'out-ok', '--batch-size', '25', '--requests-per-minute', 'Infinity'), { npx: true });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const report = JSON.parse(read('out-ok/report.json'));
  assert.equal(report.total, 120);
  assert.equal(report.created.length, 120);
  assert.ok(!fs.existsSync(path.join(app, 'out-ok/remaining.csv')));
  assert.match(r.stdout, /120 created/);
  assert.match(r.stderr, /progress: 120\/120/, 'plain progress lines when not on a terminal');
  assert.equal((await emu.users()).length, 120);
});

test('dry run: validates and says what would be sent, sends nothing', async () => {
  const file = write('dry.csv', `email\n${people(120).map((l) => l.split(',')[0]).join('\n')}\nbad\n`);
  const r = await cli(['import', file, '--dry-run', '--batch-size', '50', '--requests-per-minute', '60'], { token: null });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /121 rows; 120 would be sent in 3 batches of up to 50, 1 rejected; at 60 requests a minute that takes about 2s/);
  assert.deepEqual(await emu.users(), []);
});

test('import with bad rows: exit 1, remaining.csv holds the header and those rows as written, with a reason', async () => {
  await cli(importArgs(write('first.csv', 'email\nperson1@example.com\n'), 'out-first'));
  const file = write('mixed.csv', 'sep=;\nemail;First Name;country;metadata.note\nperson0@example.com;"Ann, A";US;\nperson1@example.com;Bob;US;\nnot-an-email;Cy;US;\nperson3@example.com;Di;Deutschland;"a; ""b""\nc"\n');
  const r = await cli(importArgs(file, 'out-mixed'));
  assert.equal(r.code, 1);
  const report = JSON.parse(read('out-mixed/report.json'));
  assert.deepEqual([report.created, report.failed, report.rejected].map((b) => b.map((x) => x.line)), [[3], [4], [5, 6]]);
  const lines = read('out-mixed/remaining.csv').trimEnd().split('\n');
  assert.equal(lines.length, 6, 'the last row spans two lines');
  assert.deepEqual(lines.slice(0, 2), ['sep=;', 'email;First Name;country;metadata.note;reason']);
  assert.match(lines[2], /^person1@example\.com;Bob;US;;failed: email_already_exists: /);
  assert.match(lines[3], /^not-an-email;Cy;US;;"rejected: email invalid_email: ""not-an-email"" /);
  assert.equal(lines[4], 'person3@example.com;Di;Deutschland;"a; ""b""');
  assert.match(lines[5], /^c";"rejected: country invalid_country: ""Deutschland"" /);
  // The file reads back: its `reason` column is ignored, the fixable row passes with --fix.
  const again = JSON.parse((await cli(['validate', 'out-mixed/remaining.csv', '--json', '--fix'])).stdout);
  assert.deepEqual(again.issues.map((i) => [i.line, i.code]), [[4, 'invalid_email']]);
  assert.equal(again.validRows, 2);
});

test('JSON input: remaining.json holds the rows to retry', async () => {
  const file = write('mixed.json', JSON.stringify([{ email: 'a@x.io' }, { email: 'nope' }]));
  const r = await cli(importArgs(file, 'out-json'));
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(read('out-json/remaining.json')), [{ email: 'nope' }]);
});

test('Ctrl-C midway stops cleanly with a full report; resuming from remaining.csv creates the rest, once each', async () => {
  const n = 150;
  const file = write('slow.csv', `email,First Name\n${people(n).join('\n')}\n`);
  // 5 rows a request, 120 requests a minute: about 15 s for the whole file.
  let child;
  const running = cli(importArgs(file, 'out-slow', '--batch-size', '5', '--requests-per-minute', '120'), { onSpawn: (c) => { child = c; } });
  for (let i = 0; (await emu.users()).length < 15; i++) {
    assert.ok(i < 200, 'the import makes progress');
    await new Promise((r) => setTimeout(r, 50));
  }
  // Twice at once, as a wrapper that forwards the terminal's Ctrl-C delivers it (npx): still one.
  child.kill('SIGINT');
  child.kill('SIGINT');
  const r = await running;
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /Stopping/);
  const report = JSON.parse(read('out-slow/report.json'));
  assert.equal(report.aborted, true);
  const buckets = ['created', 'updated', 'failed', 'rejected', 'notSent', 'ambiguous'];
  const all = buckets.flatMap((b) => report[b].map((x) => x.index)).sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: n }, (_, i) => i), 'every row accounted for');
  assert.ok(report.created.length >= 15 && report.notSent.length > 0, `${report.created.length} created`);
  const remaining = read('out-slow/remaining.csv').trimEnd().split('\n');
  assert.equal(remaining[0], 'email,First Name,reason');
  const unsent = report.notSent.map((x) => people(n)[x.index]);
  assert.deepEqual(remaining.slice(1).map((l) => l.split(',').slice(0, 2).join(',')), unsent);

  const resumed = await cli(importArgs('out-slow/remaining.csv', 'out-resume', '--upsert', '--requests-per-minute', 'Infinity'));
  assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.ok(!fs.existsSync(path.join(app, 'out-resume/remaining.csv')));
  const stored = (await emu.users()).map((u) => u.email).sort();
  assert.deepEqual(stored, people(n).map((l) => l.split(',')[0]).sort(), 'each email exactly once');
});

test("the README's commands run as written (with --base-url for the emulator)", async () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /## Command line\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)[1];
  const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('npx dynamic-users '));
  assert.equal(commands.length, 5);
  // One row already exists, so the first import leaves it in remaining.csv and the --upsert resume updates it.
  write('users.csv', 'email,First Name,country\nann@example.com,Ann,GB\nbob@example.com,Bob,US\n');
  write('users.json', JSON.stringify([{ email: 'cy@example.com', country: 'United Kingdom' }]));
  fs.rmSync(path.join(app, 'import-1'), { recursive: true, force: true });
  await cli(importArgs(write('bob.csv', 'email\nbob@example.com\n'), 'out-bob'));
  const codes = [];
  for (const command of commands) {
    const args = command.split(/\s+/).slice(2);
    const r = await cli(args[0] === 'import' ? [...args, '--base-url', emu.url] : args, { npx: true });
    codes.push(r.code);
  }
  assert.deepEqual(codes, [0, 0, 0, 1, 0]);
  assert.match(read('import-1/remaining.csv'), /^email,First Name,country,reason\nbob@example\.com,Bob,US,"?failed: email_already_exists/);
  assert.deepEqual((await emu.users()).map((u) => u.email).sort(), ['ann@example.com', 'bob@example.com']);
});

test('on a terminal: a progress bar with counts, percent and ETA', { skip: !fs.existsSync('/usr/bin/script') && 'needs script(1) for a pseudo-terminal' }, async () => {
  const file = write('tty.csv', `email,First Name\n${people(60).join('\n')}\n`);
  const quote = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = [bin, ...importArgs(file, 'out-tty', '--batch-size', '10', '--requests-per-minute', '600')].map(quote).join(' ');
  const r = await new Promise((resolve) => {
    const child = spawn('/usr/bin/script', ['-qec', `stty cols 200; ${command}`, '/dev/null'], { cwd: app, env: { ...process.env, DYNAMIC_API_TOKEN: TOKEN } });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString(), stderr: '' }));
  });
  outputs.push(r);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /\r\x1b\[2K\[#{24}\] 60\/60 100% ETA 0s \| created 60, updated 0, failed 0/);
  assert.doesNotMatch(r.stdout, /progress: /, 'no plain lines on a terminal');
});
