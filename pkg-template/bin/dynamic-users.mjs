#!/usr/bin/env node
// The package's command line: `dynamic-users validate FILE` and `dynamic-users import FILE`.
// Node >= 18, no dependencies: only the package's public entry and Node's own modules.
// Exit codes: 0 = all good, 1 = some rows have errors / were not imported, 2 = usage or config.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamicUsersClient, fixUsers, parseUsersCsv, validateBulkUsers } from '../index.mjs';

const USAGE = `Usage:
  dynamic-users validate FILE [--json] [--fix] [--columns FILE.json]
  dynamic-users import FILE --environment ID [--base-url URL] [--upsert] [--fix]
                            [--columns FILE.json] [--batch-size N] [--requests-per-minute N]
                            [--dry-run] [--out DIR]

FILE is CSV, or a JSON array of users (by its .json extension or a leading "[").
import reads the API token from the DYNAMIC_API_TOKEN environment variable only.
import writes DIR/report.json, and DIR/remaining.csv (or remaining.json for JSON input)
with the rows to retry; DIR defaults to ./dynamic-users-import-<timestamp>.
Exit status: 0 = no errors / every row created or updated, 1 = some rows not, 2 = usage or config.`;

class UsageError extends Error {}

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line = '') => process.stderr.write(`${line}\n`);

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    out(pkg.version);
    return 0;
  }
  if (command === 'validate') return validateCommand(rest);
  if (command === 'import') return importCommand(rest);
  throw new UsageError(`unknown command "${command}" (validate or import)`);
}

function parse(args, options) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

function oneFile(positionals) {
  if (positionals.length === 0) throw new UsageError('missing FILE');
  if (positionals.length > 1) throw new UsageError(`one FILE only, got: ${positionals.join(' ')}`);
  return positionals[0];
}

function readText(file, what = 'FILE') {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const why = { ENOENT: 'no such file', EISDIR: 'it is a directory', EACCES: 'permission denied' }[e.code] ?? e.message;
    throw new UsageError(`cannot read ${what} ${file}: ${why}`);
  }
}

/** The input: CSV text, or the rows of a JSON array. */
function readInput(file) {
  const text = readText(file);
  const json = /\.json$/i.test(file) || /^\uFEFF?\s*\[/.test(text);
  if (!json) return { format: 'csv', text };
  let rows;
  try {
    rows = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${e.message}`);
  }
  if (!Array.isArray(rows)) throw new UsageError(`${file} must hold a JSON array of users`);
  return { format: 'json', rows };
}

function readColumns(file) {
  if (file === undefined) return undefined;
  let columns;
  try {
    columns = JSON.parse(readText(file, '--columns'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--columns ${file} is not valid JSON: ${e.message}`);
  }
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
    throw new UsageError(`--columns ${file} must hold a JSON object: { "Header": "field" | "metadata.key" | null }`);
  }
  return columns;
}

/** Validates the input locally: the issues, and how many rows pass. */
function check(input, { fix, columns }) {
  if (input.format === 'csv') {
    const parsed = parseUsersCsv(input.text, { fix, columns });
    return { issues: parsed.issues, fixes: parsed.fixes, valid: parsed.users.length };
  }
  const fixed = fix ? fixUsers(input.rows) : { users: input.rows, fixes: [] };
  const report = validateBulkUsers(fixed.users);
  const bad = new Set(report.issues.filter((i) => i.severity === 'error').map((i) => rowOf(i)).filter((r) => r !== ''));
  const whole = report.issues.some((i) => i.severity === 'error' && rowOf(i) === '');
  return { issues: report.issues, fixes: fixed.fixes, valid: whole ? 0 : input.rows.length - bad.size };
}

/** "row 13: email" → 13 (CSV line), "[12].email" → 12 (JSON index); '' for the whole file. */
function rowOf(issue) {
  if (issue.line !== undefined) return issue.line;
  const m = /^\[(\d+)\]/.exec(issue.path);
  return m ? Number(m[1]) : '';
}
function fieldOf(issue) {
  return issue.path.replace(/^row \d+(: )?/, '').replace(/^\[\d+\]\.?/, '');
}

function table(issues, format) {
  const head = [format === 'csv' ? 'LINE' : 'ROW', 'SEVERITY', 'PATH', 'CODE', 'MESSAGE'];
  const rows = issues.map((i) => [String(rowOf(i)), i.severity, fieldOf(i), i.code,
    i.message + (i.fix !== undefined ? ` (fix: ${JSON.stringify(i.fix)})` : '')]);
  const widths = head.slice(0, 4).map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]) : cell)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : /(s|ch|sh|x)$/.test(word) ? 'es' : 's'}`;

function validateCommand(args) {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean' }, fix: { type: 'boolean' }, columns: { type: 'string' },
  });
  if (values.help) return out(USAGE), 0;
  const file = oneFile(positionals);
  const input = readInput(file);
  const columns = readColumns(values.columns);
  if (columns && input.format !== 'csv') throw new UsageError('--columns applies to CSV input only');
  const rawCsv = input.format === 'csv' ? splitCsv(input.text) : undefined;
  const { issues, fixes, valid } = check(input, { fix: values.fix, columns: withReason(rawCsv, columns) });
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (values.json) {
    out(JSON.stringify({ file, format: input.format, valid: errors === 0, errors, warnings: issues.length - errors, validRows: valid, issues, fixes }, null, 2));
  } else {
    if (issues.length) out(table(issues, input.format));
    out(`${file}: ${plural(errors, 'error')}, ${plural(issues.length - errors, 'warning')}; ${plural(valid, 'row')} ready to import${fixes.length ? `; ${plural(fixes.length, 'value')} fixed` : ''}`);
  }
  return errors === 0 ? 0 : 1;
}

/** A remaining.csv written by an earlier import ends with a `reason` column: ignore it (no warning). */
function withReason(rawCsv, columns) {
  if (rawCsv && rawCsv.header.at(-1) === 'reason' && !(columns && 'reason' in columns)) return { ...columns, reason: null };
  return columns;
}

function positiveNumber(name, text, { integer = false } = {}) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"`);
  return n;
}

function duration(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function timestamp() {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').replace('T', '-');
}

async function importCommand(args) {
  const { values, positionals } = parse(args, {
    environment: { type: 'string' }, 'base-url': { type: 'string' }, upsert: { type: 'boolean' }, fix: { type: 'boolean' },
    columns: { type: 'string' }, 'batch-size': { type: 'string' }, 'requests-per-minute': { type: 'string' },
    'dry-run': { type: 'boolean' }, out: { type: 'string' },
  });
  if (values.help) return out(USAGE), 0;
  const file = oneFile(positionals);
  const batchSize = positiveNumber('batch-size', values['batch-size'], { integer: true });
  if (batchSize > 50) throw new UsageError('--batch-size must be 1 to 50 (the most the API takes in one request)');
  const requestsPerMinute = positiveNumber('requests-per-minute', values['requests-per-minute']);
  const token = process.env.DYNAMIC_API_TOKEN;
  if (!values['dry-run']) {
    if (!token) throw new UsageError('set DYNAMIC_API_TOKEN to your API token (from the Dynamic dashboard); it is never taken as a flag');
    if (!values.environment) throw new UsageError('missing --environment ID');
  }
  const input = readInput(file);
  const columns = readColumns(values.columns);
  if (columns && input.format !== 'csv') throw new UsageError('--columns applies to CSV input only');
  const rawCsv = input.format === 'csv' ? splitCsv(input.text) : undefined;
  const options = { upsert: values.upsert, fix: values.fix, columns: withReason(rawCsv, columns), batchSize, requestsPerMinute };

  if (values['dry-run']) return dryRun(file, input, options);

  let client;
  try {
    client = new DynamicUsersClient({ token, ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}) });
  } catch (e) {
    throw new UsageError(e.message);
  }

  const dir = values.out ?? `dynamic-users-import-${timestamp()}`;
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create --out ${dir}: ${e.message}`);
  }

  const controller = new AbortController();
  let interrupts = 0;
  let firstInterrupt = 0;
  const onSigint = () => {
    // A wrapper that forwards the terminal's SIGINT (which already reached this process, in the
    // same process group) delivers it twice at once: that is one Ctrl-C, not two.
    if (interrupts === 1 && Date.now() - firstInterrupt < 500) return;
    interrupts += 1;
    if (interrupts === 1) {
      firstInterrupt = Date.now();
      controller.abort();
      progress.clear();
      err('Stopping: no new batches; waiting for the ones in flight, then writing the report (Ctrl-C again to quit at once).');
    } else {
      progress.clear();
      err('Quit without writing a report.');
      process.exit(130);
    }
  };
  const progress = progressReporter(process.stderr);
  // Kept to the end of the process, not only the import: the second of a doubled Ctrl-C may
  // arrive after the import stopped, and must not kill the process before it writes its report.
  process.on('SIGINT', onSigint);
  let report;
  try {
    report = await client.importUsers(values.environment, input.format === 'csv' ? input.text : input.rows,
      { ...options, signal: controller.signal, onProgress: (p) => progress.update(p) });
  } catch (e) {
    progress.clear();
    if (e && e.kind === 'validation' && Array.isArray(e.issues) && e.issues.length) {
      err(`${file} cannot be imported; nothing was sent:`);
      err(table(e.issues, input.format));
      return 2;
    }
    throw new UsageError(e && e.message ? e.message : String(e));
  }
  progress.done();

  fs.writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const { written, held } = writeRemaining(dir, input, rawCsv, report);
  const ok = report.created.length + report.updated.length;
  out(`${report.aborted ? 'Stopped' : 'Done'}: ${report.created.length} created, ${report.updated.length} updated, ${report.failed.length} failed, ` +
    `${report.rejected.length} rejected, ${report.notSent.length} not sent, ${report.ambiguous.length} ambiguous (of ${report.total}).`);
  out(`Report: ${path.join(dir, 'report.json')}`);
  if (written) {
    out(`Rows to retry: ${written.file} (${plural(written.count, 'row')}, each with its reason; ${report.rejected.length ? 'fix the rejected ones, then ' : ''}` +
      `dynamic-users import ${written.file} --environment ${values.environment} --upsert)`);
  }
  if (held.length) err(`${plural(held.length, 'row')} may already exist and cannot be recognised (no id, email or username): check for them before importing them again (${input.format === 'csv' ? 'lines' : 'rows'} ${held.join(', ')}).`);
  if (report.ambiguous.length) out(`${plural(report.ambiguous.length, 'row')} exist on the server, but this import cannot tell whether it created them (report.json, "ambiguous"); not listed to retry.`);
  return ok === report.total ? 0 : 1;
}

function dryRun(file, input, options) {
  const { issues, valid } = check(input, options);
  const batchSize = options.batchSize ?? 50;
  const rpm = options.requestsPerMinute ?? 150;
  const batches = Math.ceil(valid / batchSize);
  const total = input.format === 'csv' ? valid + new Set(issues.filter((i) => i.severity === 'error' && i.line !== undefined).map((i) => i.line)).size : input.rows.length;
  if (issues.length) out(table(issues, input.format));
  const eta = batches > 1 && Number.isFinite(rpm) ? ((batches - 1) * 60) / rpm : 0;
  out(`Dry run, nothing sent: ${file} has ${plural(total, 'row')}; ${valid} would be sent in ${plural(batches, 'batch')} of up to ${batchSize}` +
    `${options.upsert ? ' (upsert)' : ''}, ${total - valid} rejected; at ${rpm} requests a minute that takes about ${duration(eta)} plus the API's answers.`);
  return valid === total ? 0 : 1;
}

/** A progress bar on a terminal, a plain line every few seconds otherwise. */
function progressReporter(stream) {
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let shown = false;
  let latest;
  let drawn = '';
  const draw = (p) => {
    const done = p.created + p.updated + p.failed + p.rejected + p.notSent + p.ambiguous;
    const eta = p.etaSeconds === undefined ? '' : ` ETA ${duration(p.etaSeconds)}`;
    const counts = `created ${p.created}, updated ${p.updated}, failed ${p.failed}, rejected ${p.rejected}, not sent ${p.notSent}, ambiguous ${p.ambiguous}`;
    let text;
    if (tty) {
      // The ETA before the counts, so that a narrow terminal cuts the counts, not it.
      const width = 24;
      const filled = p.total ? Math.round((done / p.total) * width) : width;
      const percent = p.total ? Math.floor((done / p.total) * 100) : 100;
      text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${p.total} ${percent}%${eta} | ${counts}`.slice(0, Math.max(20, (stream.columns || 120) - 1));
    } else {
      text = `progress: ${done}/${p.total} (${counts})${eta}`;
    }
    if (text === drawn) return;
    drawn = text;
    stream.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
    shown = tty;
  };
  return {
    update(p) {
      latest = p;
      const now = Date.now();
      if (now - last >= (tty ? 100 : 2000)) {
        last = now;
        draw(p);
      }
    },
    clear() {
      if (tty && shown) stream.write('\r\x1b[2K');
      shown = false;
      drawn = '';
    },
    done() {
      if (latest) draw(latest);
      if (tty && shown) stream.write('\n');
      shown = false;
    },
  };
}

/**
 * Splits CSV text into its records as written (quotes kept), with the line each starts on, so
 * that rows can be copied out unchanged. Mirrors parseUsersCsv: a BOM, an Excel `sep=` line,
 * CRLF/LF/CR line ends, blank lines skipped, the delimiter found in the header line.
 */
function splitCsv(text) {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let delimiter;
  let sepLine;
  const sep = /^sep=(.)(\r\n|\n|\r|$)/i.exec(text.slice(i));
  if (sep) {
    delimiter = sep[1];
    sepLine = text.slice(i, i + sep[0].length - sep[2].length);
    i += sep[0].length;
    line += 1;
  }
  if (!delimiter) {
    const first = text.slice(i).split(/\r\n|\n|\r/, 1)[0].replace(/"[^"]*"/g, '');
    const counts = [',', ';', '\t', '|'].map((d) => [d, first.split(d).length - 1]);
    delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  }
  const records = [];
  while (i < text.length) {
    const start = i;
    const startLine = line;
    const fields = [];
    let fieldStart = i;
    let quoted = false;
    let atFieldStart = true;
    for (; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') i++;
          else quoted = false;
        } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        continue;
      }
      if (c === '"' && atFieldStart) { quoted = true; atFieldStart = false; continue; }
      if (c === delimiter) { fields.push(text.slice(fieldStart, i)); fieldStart = i + 1; atFieldStart = true; continue; }
      if (c === '\r' || c === '\n') break;
      atFieldStart = false;
    }
    const end = i;
    fields.push(text.slice(fieldStart, end));
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (i < text.length) i += 1;
    line += 1;
    const raw = text.slice(start, end);
    if (fields.every((f) => /^[ \t]*$/.test(f) || f === '""')) continue; // blank line or only empty cells
    records.push({ line: startLine, raw, fields });
  }
  const [head, ...rows] = records;
  const unquote = (f) => f.trim().replace(/^"(.*)"$/s, '$1').replace(/""/g, '"');
  return { delimiter, sepLine, header: head ? head.fields.map(unquote) : [], head, byLine: new Map(rows.map((r) => [r.line, r])) };
}

const csvCell = (text, delimiter) => (/["\r\n]/.test(text) || text.includes(delimiter) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function reasons(report) {
  const listed = [];
  for (const r of report.rejected) listed.push([r, `rejected: ${r.issues.filter((i) => i.severity === 'error').map((i) => `${fieldOf(i) || 'row'} ${i.code}: ${i.message}`).join('; ')}`]);
  for (const r of report.failed) listed.push([r, `failed: ${r.code}: ${r.error}`]);
  const held = [];
  const retry = new Set(report.remaining);
  for (const r of report.notSent) {
    if (!retry.has(r.index) && r.maybeSent) held.push(r);
    else listed.push([r, `not sent: ${r.reason}${r.maybeSent ? ' (may have reached the server: import again with --upsert)' : ''}`]);
  }
  listed.sort((a, b) => a[0].index - b[0].index);
  return { listed, held };
}

/**
 * Rows to retry: rejected (fix them first), failed (the API's code says why; --upsert updates
 * rows that already exist) and notSent. Not ambiguous rows (they exist on the server) nor notSent
 * rows that may have arrived and cannot be recognised (no id, email or username).
 */
function writeRemaining(dir, input, rawCsv, report) {
  const { listed, held } = reasons(report);
  const heldRefs = held.map((r) => (input.format === 'csv' ? r.line : r.index));
  for (const name of ['remaining.csv', 'remaining.json']) fs.rmSync(path.join(dir, name), { force: true });
  if (listed.length === 0) return { written: undefined, held: heldRefs };
  if (input.format === 'json') {
    const file = path.join(dir, 'remaining.json');
    fs.writeFileSync(file, `${JSON.stringify(listed.map(([r]) => input.rows[r.index]), null, 2)}\n`);
    return { written: { file, count: listed.length }, held: heldRefs };
  }
  const d = rawCsv.delimiter;
  // An input that already ends with a `reason` column (an earlier remaining.csv): replace it.
  const dropReason = rawCsv.header.at(-1) === 'reason';
  const cells = (rec) => (dropReason ? rec.fields.slice(0, -1).join(d) : rec.raw);
  const lines = [];
  const missed = [];
  if (rawCsv.sepLine) lines.push(rawCsv.sepLine);
  lines.push(`${cells(rawCsv.head)}${d}reason`);
  for (const [r, reason] of listed) {
    const rec = rawCsv.byLine.get(r.line);
    if (rec) lines.push(`${cells(rec)}${d}${csvCell(reason, d)}`);
    else missed.push(r.line);
  }
  if (missed.length) err(`Could not copy ${plural(missed.length, 'row')} as written (lines ${missed.join(', ')}); report.json lists them.`);
  const file = path.join(dir, 'remaining.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { written: { file, count: lines.length - 1 - (rawCsv.sepLine ? 1 : 0) }, held: heldRefs };
}

// Output piped into a command that stops reading (`| head`): stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    err(`dynamic-users: ${e.message}`);
    err('Run "dynamic-users --help" for usage.');
    process.exitCode = 2;
  } else {
    err(`dynamic-users: unexpected error: ${e && e.stack ? e.stack : e}`);
    process.exitCode = 2;
  }
}
