// Demo dashboard of the dynamic-users package: plain ES module, no bundler, no framework.
// The package is imported exactly as an app would import it in a browser: its entry instantiates
// the wasm with top-level await, so every export is ready once this import resolves.
import { DynamicUsersClient, isDynamicUsersError, parseUsersCsv, validateField } from '/pkg/index.js';

const $ = (id) => document.getElementById(id);

/** Makes an element; `props` are assigned (textContent, className, …), children appended. */
function h(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children.filter((c) => c !== null && c !== undefined));
  return el;
}

// ISO 3166-1 alpha-2, officially assigned: copied from src/validate/country.rs (COUNTRY_CODES).
const COUNTRY_CODES = `
  AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
  BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI
  FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN
  IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
  MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF
  PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
  SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE
  YT ZA ZM ZW`.trim().split(/\s+/);

// ---------------------------------------------------------------------------------------------
// Connection: the client is rebuilt whenever base URL, token or environment change. The token
// lives only in this variable and the password input (never in storage or a URL).

let client = null;
const conn = { baseUrl: '', token: '', environmentId: '' };

function connect() {
  conn.baseUrl = $('conn-base-url').value.trim();
  conn.token = $('conn-token').value;
  conn.environmentId = $('conn-env').value.trim();
  try {
    // No free() of the previous client: an import may still be using it; wasm-bindgen's
    // FinalizationRegistry releases it once unreachable.
    client = new DynamicUsersClient({ token: conn.token, baseUrl: conn.baseUrl || undefined });
    $('conn-status').textContent = `Client ready for ${client.baseUrl}.`;
    $('conn-status').className = 'status ok';
  } catch (error) {
    client = null;
    $('conn-status').textContent = `No client: ${error.message}`;
    $('conn-status').className = 'status bad';
  }
  updateSubmitState();
  updateImportState();
  loadUserIds();
}

/** Fills the user-id datalist from the emulator-only `GET …/users`; any failure leaves it empty. */
async function loadUserIds() {
  const list = $('user-ids');
  list.replaceChildren();
  if (!client || conn.environmentId.length !== 36) return;
  try {
    const url = `${client.baseUrl}/environments/${encodeURIComponent(conn.environmentId)}/users`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${conn.token}` } });
    if (!res.ok) return;
    const { users } = await res.json();
    list.replaceChildren(...users.map((u) => h('option', { value: u.id, label: [u.email, u.username].filter(Boolean).join(' · ') })));
  } catch {
    // Not the emulator, or offline: the list is a convenience only.
  }
}

// ---------------------------------------------------------------------------------------------
// Edit form. Every updatable field of SPEC section 2; `kind` says how the input's text becomes
// the JSON value that validateField checks and updateUser sends.
//   text:     string as typed ("" when emptied)       nullable: string, or null when emptied
//   json:     JSON.parse of the textarea (an object)   enum/bool: a <select>; "" = leave out
// Booleans are selects (leave out / true / false), not checkboxes: a checkbox has no honest
// "not set" state, and a tri-state select is plain for keyboards and screen readers.

const FIELDS = [
  { name: 'alias', kind: 'text' },
  { name: 'firstName', kind: 'text', autocomplete: 'given-name' },
  { name: 'lastName', kind: 'text', autocomplete: 'family-name' },
  { name: 'jobTitle', kind: 'text', autocomplete: 'organization-title' },
  { name: 'phoneNumber', kind: 'text', type: 'tel', autocomplete: 'tel' },
  { name: 'tShirtSize', kind: 'text' },
  { name: 'team', kind: 'text' },
  { name: 'username', kind: 'nullable', hint: 'ASCII letters, digits, - and _. Emptied: null.' },
  { name: 'country', kind: 'nullable', list: 'country-codes', hint: 'ISO 3166-1 alpha-2, upper case (GB, US, DE). Emptied: null.' },
  { name: 'mfaBackupCodeAcknowledgement', kind: 'enum', options: ['pending', 'complete', 'null'] },
  { name: 'policiesConsent', kind: 'bool' },
  { name: 'emailNotification', kind: 'bool' },
  { name: 'discordNotification', kind: 'bool' },
  { name: 'newsletterNotification', kind: 'bool' },
  { name: 'btcWallet', kind: 'nullable', wallet: true },
  { name: 'kdaWallet', kind: 'nullable', wallet: true, hint: 'k: followed by 64 hex characters.' },
  { name: 'ltcWallet', kind: 'nullable', wallet: true },
  { name: 'ckbWallet', kind: 'nullable', wallet: true },
  { name: 'kasWallet', kind: 'nullable', wallet: true, hint: 'kaspa: or kaspatest: prefix.' },
  { name: 'dogeWallet', kind: 'nullable', wallet: true },
  { name: 'metadata', kind: 'json', hint: 'A JSON object, e.g. {"plan": "pro"}.' },
];

const state = {
  touched: new Set(), // field names the user changed since the last reset
  issues: new Map(), // field name (or "userId") → ValidationIssue[]
  timers: new Map(), // debounce timers per field
  submitting: false,
};

function buildForm() {
  $('country-codes').append(...COUNTRY_CODES.map((code) => h('option', { value: code })));
  const grid = $('edit-fields');
  for (const f of FIELDS) {
    const id = `f-${f.name}`;
    let input;
    if (f.kind === 'json') {
      input = h('textarea', { rows: 3, spellcheck: false });
    } else if (f.kind === 'enum' || f.kind === 'bool') {
      const values = f.kind === 'bool' ? ['true', 'false'] : f.options;
      input = h('select', {}, h('option', { value: '', textContent: '(leave unchanged)' }),
        ...values.map((v) => h('option', { value: v, textContent: v })));
    } else {
      input = h('input', { type: f.type ?? 'text', spellcheck: false, autocomplete: f.autocomplete ?? 'off' });
      if (f.list) input.setAttribute('list', f.list);
      if (f.wallet) input.classList.add('mono');
    }
    input.id = id;
    input.name = f.name;
    const hintId = f.hint ? `${id}-hint` : null;
    input.setAttribute('aria-describedby', [hintId, `${id}-issues`].filter(Boolean).join(' '));
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
      state.touched.add(f.name);
      showBody(); // the body preview follows every keystroke; validation is debounced
      schedule(f.name);
    });
    grid.append(h('div', { className: f.kind === 'json' ? 'field wide' : 'field' },
      h('label', { htmlFor: id, textContent: f.name }),
      input,
      hintId ? h('p', { id: hintId, className: 'hint', textContent: f.hint }) : null,
      h('ul', { id: `${id}-issues`, className: 'issues' })));
  }
  $('user-id').addEventListener('input', () => schedule('userId'));
  $('edit-form').addEventListener('submit', onSubmit);
  $('edit-reset').addEventListener('click', resetForm);
}

/** The JSON value a field would send, or {skip} when left out, or {issue} for unparseable JSON. */
function fieldValue(f) {
  const raw = $(`f-${f.name}`).value;
  if (f.kind === 'enum') return raw === '' ? { skip: true } : { value: raw === 'null' ? null : raw };
  if (f.kind === 'bool') return raw === '' ? { skip: true } : { value: raw === 'true' };
  if (!state.touched.has(f.name)) return { skip: true };
  if (f.kind === 'nullable') return { value: raw === '' ? null : raw };
  if (f.kind === 'json') {
    if (raw.trim() === '') return { skip: true };
    try {
      return { value: JSON.parse(raw) };
    } catch (e) {
      return { issue: { path: f.name, code: 'invalid_json', severity: 'error', message: `Not valid JSON: ${e.message}` } };
    }
  }
  return { value: raw };
}

/** Debounces validation of one field (~150 ms after the last keystroke). */
function schedule(name) {
  clearTimeout(state.timers.get(name));
  state.timers.set(name, setTimeout(() => {
    state.timers.delete(name);
    validateOne(name);
    updateSubmitState();
  }, 150));
}

function validateOne(name) {
  let issues;
  if (name === 'userId') {
    const id = $('user-id').value.trim();
    issues = id === '' ? [] : validateField('id', id).map((i) => ({ ...i, message: i.message.replace(/^id /, 'The user id ') }));
    renderIssues('user-id', $('user-id-issues'), issues);
  } else {
    const f = FIELDS.find((x) => x.name === name);
    const v = fieldValue(f);
    issues = v.issue ? [v.issue] : v.skip ? [] : validateField(f.name, v.value);
    renderIssues(`f-${name}`, $(`f-${name}-issues`), issues);
  }
  state.issues.set(name, issues);
}

function validateAll() {
  for (const [name, timer] of state.timers) clearTimeout(timer);
  state.timers.clear();
  validateOne('userId');
  for (const f of FIELDS) validateOne(f.name);
}

/** Shows issues under a field: errors and warnings styled apart, and worded apart too. */
function renderIssues(inputId, list, issues) {
  list.replaceChildren(...issues.map((i) => h('li', { className: `issue ${i.severity}` },
    h('span', { className: 'tag', textContent: i.severity === 'error' ? 'Error: ' : 'Warning: ' }),
    i.message)));
  const input = $(inputId);
  const hasError = issues.some((i) => i.severity === 'error');
  if (hasError) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  input.classList.toggle('has-warning', !hasError && issues.length > 0);
}

/** The body updateUser will get: only touched fields (and selects set to a value). */
function buildBody() {
  const body = {};
  for (const f of FIELDS) {
    const v = fieldValue(f);
    if (!v.skip && !v.issue) body[f.name] = v.value;
  }
  return body;
}

function hasErrors() {
  for (const issues of state.issues.values()) if (issues.some((i) => i.severity === 'error')) return true;
  return false;
}

function updateSubmitState() {
  const userId = $('user-id').value.trim();
  const errors = hasErrors();
  $('edit-submit').disabled = state.submitting || errors || !client || userId === '';
  $('edit-state').textContent = errors ? 'Fix the errors above to update.' : userId === '' ? 'Enter a user id.' : '';
  showBody();
}

function showBody() {
  $('edit-body').textContent = JSON.stringify(buildBody(), null, 2);
}

async function onSubmit(event) {
  event.preventDefault();
  validateAll(); // flush pending debounced checks: never send what the form would flag
  updateSubmitState();
  if ($('edit-submit').disabled) return;
  const userId = $('user-id').value.trim();
  const body = buildBody();
  hideBanner($('edit-banner'));
  state.submitting = true;
  updateSubmitState();
  $('edit-state').textContent = 'Sending…';
  let outcome = '';
  try {
    // The environment-scoped path when the environment is known; the API deprecates the other.
    const { user } = await client.updateUser(userId, body, { environmentId: conn.environmentId || undefined });
    $('edit-result').textContent = JSON.stringify(user, null, 2);
    $('edit-result-box').hidden = false;
    outcome = 'Updated.';
    loadUserIds();
  } catch (error) {
    $('edit-result-box').hidden = true;
    showBanner($('edit-banner'), error);
  } finally {
    state.submitting = false;
    updateSubmitState();
    // After the form's own state, which would otherwise wipe it at once.
    if (outcome) $('edit-state').textContent = outcome;
  }
}

function resetForm() {
  $('edit-form').reset();
  state.touched.clear();
  validateAll();
  updateSubmitState();
  hideBanner($('edit-banner'));
}

// ---------------------------------------------------------------------------------------------
// Error banner: kind, status and code of a DynamicUsersError in words a person can read.

function showBanner(el, error) {
  el.replaceChildren();
  if (isDynamicUsersError(error)) {
    const facts = [`kind: ${error.kind}`];
    if (error.status !== undefined) facts.push(`status: ${error.status}`);
    if (error.code) facts.push(`code: ${error.code}`);
    if (error.attempts !== undefined) facts.push(`attempts: ${error.attempts}`);
    el.append(h('strong', { textContent: 'The request failed. ' }), h('span', { className: 'facts', textContent: facts.join(' · ') }),
      h('p', { textContent: error.message }));
    if (error.issues?.length) {
      el.append(h('ul', {}, ...error.issues.map((i) => h('li', { textContent: `${i.path || '(body)'}: ${i.message}` }))));
    }
  } else if (typeof error === 'string') {
    el.append(h('p', { textContent: error }));
  } else {
    el.append(h('strong', { textContent: 'Unexpected error. ' }), String(error?.message ?? error));
  }
  el.hidden = false;
}

function hideBanner(el) {
  el.hidden = true;
  el.replaceChildren();
}

// ---------------------------------------------------------------------------------------------
// CSV: the package parses and validates (parseUsersCsv); this small reader only splits the file
// into records with their first line and raw text, so the preview can show cells and the
// "rows still to do" download can re-emit the original lines untouched.

/** RFC 4180 records: { line (1-based, where it starts), start, end (offsets of its raw text), cells }. */
function splitCsv(text) {
  // The package's rules (src/csv/reader.rs): a quote opens a cell only at its start, and after it
  // closes the rest is text; CRLF, LF and a lone CR end a line; a row of empty cells is blank.
  const lineEnd = (at) => (text[at] === '\r' ? (text[at + 1] === '\n' ? 2 : 1) : text[at] === '\n' ? 1 : 0);
  const records = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const rec = { line, start: i, end: i, cells: [] };
    let cell = '';
    let quoted = false;
    let atStart = true;
    for (;;) {
      const c = text[i];
      if (quoted) {
        if (c === undefined) break; // unterminated quote: parseUsersCsv reports it
        if (c === '"') {
          if (text[i + 1] === '"') { cell += '"'; i += 2; } else { quoted = false; i++; }
          continue;
        }
        const n = lineEnd(i);
        if (n) line++;
        cell += text.slice(i, i + Math.max(n, 1));
        i += Math.max(n, 1);
        continue;
      }
      if (c === undefined || lineEnd(i)) break;
      if (c === '"' && atStart) { quoted = true; atStart = false; i++; continue; }
      atStart = false;
      if (c === ',') { rec.cells.push(cell); cell = ''; atStart = true; } else cell += c;
      i++;
    }
    rec.cells.push(cell);
    rec.end = i;
    i += lineEnd(i);
    line++;
    // Blank rows (cells empty or only spaces and tabs) are skipped, as the package does, and so is
    // Excel's "sep=," first line.
    const separatorLine = rec.line === 1 && /^sep=.$/i.test(text.slice(rec.start, rec.end));
    if (!separatorLine && rec.cells.some((c) => /[^ \t]/.test(c))) records.push(rec);
  }
  return records;
}

// Header → key used to match issue paths ("row 13: firstName") to columns, case- and
// separator-insensitively like the package. Wallet paths name the wallet's own keys.
const norm = (s) => s.toLowerCase().replace(/[\s_\-]/g, '');
const WALLET_PATHS = { publicwalletaddress: 'walletaddress', chain: 'walletchain', walletname: 'walletname', walletprovider: 'walletprovider' };
function pathColumnKey(field) {
  const wallet = /^wallets\[\d+\]\.(.+)$/.exec(field);
  return wallet ? WALLET_PATHS[norm(wallet[1])] ?? norm(wallet[1]) : norm(field);
}

const PREVIEW_ROWS = 100;
const csv = { text: '', name: '', header: null, rows: [], byLine: new Map(), parsed: null, broken: false };

function loadCsv(text, name) {
  const records = splitCsv(text);
  csv.text = text;
  csv.name = name;
  csv.header = records[0] ?? null;
  csv.rows = records.slice(1);
  csv.byLine = new Map(csv.rows.map((r) => [r.line, r]));
  csv.parsed = parseUsersCsv(text);
  $('summary').hidden = true;
  hideBanner($('import-banner'));
  setProgress(0, 1, '');
  renderPreview();
  updateImportState();
}

function renderPreview() {
  const { header, rows, parsed } = csv;
  // A file the package cannot read as users (no header, no column it knows, a quote never closed)
  // gives no users and an invalid_csv error: nothing of it can be imported, whatever its rows say.
  csv.broken = parsed.users.length === 0
    && parsed.issues.some((i) => i.code === 'invalid_csv' && i.severity === 'error' && !/^row \d+: /.test(i.path));
  // Issues by line; paths without "row N" (columns, the file) go above the table.
  const byLine = new Map();
  const fileIssues = [];
  for (const issue of parsed.issues) {
    const m = /^row (\d+)(?:: (.*))?$/.exec(issue.path);
    if (!m || (csv.broken && issue.code === 'invalid_csv')) { fileIssues.push(issue); continue; }
    const line = Number(m[1]);
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push({ ...issue, field: m[2] ?? '' });
  }
  const errorLines = [...byLine].filter(([, list]) => list.some((i) => i.severity === 'error')).length;
  const warnLines = [...byLine].filter(([, list]) => list.every((i) => i.severity === 'warning')).length;

  $('preview-name').textContent = csv.name;
  $('preview-counts').textContent = csv.broken
    ? 'This file cannot be read as users, so nothing in it can be imported: fix the problem below.'
    : `${rows.length} data rows: ${parsed.users.length} ready to send`
      + (warnLines ? ` (${warnLines} with warnings only)` : '') + `, ${errorLines} with errors (will be rejected).`;
  $('file-issues').replaceChildren(...fileIssues.map((i) => h('li', { className: `issue ${i.severity}` },
    h('span', { className: 'tag', textContent: `${i.severity === 'error' ? 'Error' : 'Warning'} (${i.path || 'file'}): ` }), i.message)));

  const cols = header ? header.cells : [];
  const colKeys = cols.map(norm);
  $('preview-caption').textContent = rows.length > PREVIEW_ROWS
    ? `First ${PREVIEW_ROWS} of ${rows.length} rows` : `${rows.length} rows`;
  $('preview-table').tHead.replaceChildren(h('tr', {},
    h('th', { scope: 'col', textContent: 'Line' }), h('th', { scope: 'col', textContent: 'Status' }),
    ...cols.map((c) => h('th', { scope: 'col', textContent: c })), h('th', { scope: 'col', textContent: 'Issues' })));
  $('preview-table').tBodies[0].replaceChildren(...rows.slice(0, PREVIEW_ROWS).map((row) => {
    const issues = byLine.get(row.line) ?? [];
    const status = issues.some((i) => i.severity === 'error') ? 'error' : issues.length ? 'warning' : 'ok';
    const tr = h('tr', { className: `row-${status}` });
    tr.dataset.line = row.line;
    tr.append(h('th', { scope: 'row', textContent: String(row.line) }),
      h('td', { className: `status-cell ${status}`, textContent: status === 'ok' ? 'ok' : status }));
    cols.forEach((_, c) => {
      const cellIssues = issues.filter((i) => i.field && pathColumnKey(i.field) === colKeys[c]);
      const td = h('td', { textContent: row.cells[c] ?? '' });
      if (cellIssues.length) {
        const sev = cellIssues.some((i) => i.severity === 'error') ? 'error' : 'warning';
        td.className = `cell-${sev}`;
        td.title = cellIssues.map((i) => i.message).join('\n');
        td.prepend(h('span', { className: 'marker', textContent: sev === 'error' ? '✖ ' : '⚠ ' }));
      }
      tr.append(td);
    });
    tr.append(h('td', { className: 'row-issues' }, ...issues.map((i) =>
      h('div', { className: `issue ${i.severity}`, textContent: `${i.field || 'row'}: ${i.message}` }))));
    return tr;
  }));
  $('preview-table').closest('.table-wrap').hidden = csv.broken;
  $('preview').hidden = false;
}

async function loadFile(file) {
  if (!file) return;
  loadCsv(await file.text(), file.name);
}

async function loadSample() {
  const res = await fetch('sample-users.csv');
  loadCsv(await res.text(), 'sample-users.csv');
}

// ---------------------------------------------------------------------------------------------
// Import: importUsers with a real <progress>, Cancel through an AbortController, and a summary
// that accounts for every row (the buckets add up to the total).

let controller = null;
let report = null;

function updateImportState() {
  const running = controller !== null;
  $('import-start').disabled = running || !client || !csv.text || csv.broken;
  $('import-cancel').disabled = !running;
  $('csv-file').disabled = running;
  $('load-sample').disabled = running;
}

function setProgress(value, max, text) {
  const bar = $('import-progress');
  bar.max = Math.max(max, 1);
  bar.value = value;
  $('import-progress-text').textContent = text;
}

const BUCKETS = ['created', 'updated', 'failed', 'rejected', 'notSent', 'ambiguous'];

async function startImport(event) {
  event.preventDefault();
  if (!client || !csv.text || controller) return;
  const batchSize = Number($('import-batch').value) || 50;
  controller = new AbortController();
  const bar = $('import-progress');
  bar.dataset.calls = '0';
  hideBanner($('import-banner'));
  $('summary').hidden = true;
  updateImportState();
  setProgress(0, 1, 'Starting…');
  try {
    report = await client.importUsers(conn.environmentId, csv.text, {
      upsert: $('import-upsert').checked,
      batchSize,
      signal: controller.signal,
      onProgress: (p) => {
        bar.dataset.calls = String(Number(bar.dataset.calls) + 1);
        const eta = p.etaSeconds === undefined ? '' : ` About ${formatDuration(p.etaSeconds)} left.`;
        setProgress(p.sent, p.total, `Sent ${p.sent} of ${p.total}: `
          + BUCKETS.map((b) => `${p[b]} ${b}`).join(', ') + '.' + eta);
      },
    });
    setProgress(report.total - report.notSent.length, report.total, report.aborted ? 'Cancelled.' : 'Done.');
    // Every row that could go was not sent (a wrong token, an unknown environment): say why up top.
    const sendable = report.total - report.rejected.length;
    if (!report.aborted && sendable > 0 && report.notSent.length === sendable) {
      showBanner($('import-banner'), `Nothing was imported. ${report.notSent[0].reason}`);
      setProgress(0, report.total, 'Nothing was imported.');
    }
    renderSummary();
    loadUserIds();
  } catch (error) {
    // importUsers rejects only for config problems (bad environment id, batch size, …) and for a
    // file that cannot be read as users (kind validation: no header, a quote never closed, …).
    showBanner($('import-banner'), error);
    setProgress(0, 1, '');
  } finally {
    controller = null;
    updateImportState();
  }
}

/** "45 s", "12 min", "2 h 5 min": paced at 150 requests a minute, 10 000 users take 80 s at best, 100 000 over 13 min. */
function formatDuration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function cancelImport() {
  controller?.abort();
  $('import-progress-text').textContent = 'Cancelling: batches in flight settle first…';
}

function detailsOf(bucket, row) {
  switch (bucket) {
    case 'created': case 'updated': return row.userId ? `user ${row.userId}` : '';
    case 'failed': case 'ambiguous': return `${row.code}: ${row.error}`;
    case 'rejected': return row.issues.map((i) => `${i.code}: ${i.message}`).join(' ');
    case 'notSent': return row.reason + (row.maybeSent ? ' (may have reached the server)' : '');
    default: return '';
  }
}

const SUMMARY_ROWS = 1000;

function renderSummary() {
  $('summary-counts').replaceChildren(
    h('div', {}, h('dt', { textContent: 'total' }), h('dd', { id: 'count-total', textContent: String(report.total) })),
    ...BUCKETS.map((b) => h('div', { className: `count-${b}` },
      h('dt', { textContent: b }), h('dd', { id: `count-${b}`, textContent: String(report[b].length) }))));
  $('download-remaining').disabled = report.remaining.length === 0;
  $('download-remaining').textContent = `Download rows still to do (${report.remaining.length})`;
  // notSent rows the report leaves out of `remaining`: they may exist and nothing identifies them.
  const todo = new Set(report.remaining);
  const unsure = report.notSent.filter((r) => r.maybeSent && !todo.has(r.index));
  $('unsure-note').hidden = unsure.length === 0;
  $('unsure-note').textContent = `${unsure.length} row${unsure.length === 1 ? '' : 's'} may already be on the server `
    + 'and have no email, username or id to be recognised by: check the environment before importing '
    + `${unsure.length === 1 ? 'it' : 'them'} again (not in the download; lines ${unsure.slice(0, 10).map((r) => r.line).join(', ')}${unsure.length > 10 ? ', …' : ''}).`;
  renderSummaryRows();
  $('summary').hidden = false;
}

function renderSummaryRows() {
  const filter = $('summary-filter').value;
  const all = BUCKETS.flatMap((b) => (filter === 'all' || filter === b ? report[b].map((row) => ({ b, row })) : []))
    .sort((x, y) => x.row.index - y.row.index);
  $('summary-caption').textContent = all.length > SUMMARY_ROWS
    ? `First ${SUMMARY_ROWS} of ${all.length} rows (${filter})` : `${all.length} rows (${filter})`;
  $('summary-table').tBodies[0].replaceChildren(...all.slice(0, SUMMARY_ROWS).map(({ b, row }) => h('tr', { className: `bucket-${b}` },
    h('td', { textContent: b }), h('td', { textContent: String(row.index) }),
    h('td', { textContent: row.line === undefined ? '' : String(row.line) }), h('td', { textContent: detailsOf(b, row) }))));
}

/** Re-emits the header and the original text of each row in report.remaining, as a CSV file. */
function downloadRemaining() {
  const lineOf = new Map(BUCKETS.flatMap((b) => report[b].map((r) => [r.index, r.line])));
  const parts = [csv.text.slice(csv.header.start, csv.header.end)];
  for (const index of report.remaining) {
    const rec = csv.byLine.get(lineOf.get(index));
    if (rec) parts.push(csv.text.slice(rec.start, rec.end));
  }
  const blob = new Blob([parts.join('\n') + '\n'], { type: 'text/csv' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: csv.name.replace(/\.csv$/i, '') + '-remaining.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function wireImport() {
  $('csv-file').addEventListener('change', (e) => loadFile(e.target.files[0]));
  $('load-sample').addEventListener('click', loadSample);
  $('import-form').addEventListener('submit', startImport);
  $('import-cancel').addEventListener('click', cancelImport);
  $('summary-filter').addEventListener('change', renderSummaryRows);
  $('download-remaining').addEventListener('click', downloadRemaining);
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (!controller) loadFile(e.dataTransfer.files[0]);
  });
}

// ---------------------------------------------------------------------------------------------
// Start: defaults from /config.json (written by scripts/serve-www.mjs), then wire everything.

async function main() {
  let config = {};
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    if (res.ok) config = await res.json();
  } catch {
    // Served some other way: the panel starts empty.
  }
  $('conn-base-url').value = config.baseUrl ?? '';
  $('conn-token').value = config.token ?? '';
  $('conn-env').value = config.environmentId ?? '';
  for (const id of ['conn-base-url', 'conn-token', 'conn-env']) $(id).addEventListener('change', connect);
  $('connection-form').addEventListener('submit', (e) => { e.preventDefault(); connect(); });
  buildForm();
  wireImport();
  connect();
  validateAll();
  updateSubmitState();
  $('loading').hidden = true;
  document.documentElement.dataset.ready = 'true'; // for the end-to-end tests
}

main();
