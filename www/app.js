// Demo dashboard of the dynamic-users package: plain ES module, no bundler, no framework.
// The package is loaded as the README advises for pages: with a dynamic import(), started at once.
// Its browser entry instantiates the wasm with top-level await, so a static import would hold this
// whole script, and the form it builds, until the wasm had downloaded and compiled. This way the
// page paints and takes input at once; what needs the package starts when the import resolves
// (`ready`), and fields typed into before then are validated at that point.
let DynamicUsersClient, isDynamicUsersError, parseUsersCsv, validateField;
const ready = import('/pkg/index.js').then((du) => {
  ({ DynamicUsersClient, isDynamicUsersError, parseUsersCsv, validateField } = du);
});

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
  loadCustomFields();
}

// ---------------------------------------------------------------------------------------------
// Custom fields (KYC) of the environment: getCustomFields, rendered in the edit form by type and
// validated as typed (validateField('metadata.<name>', value, { customFields })); the CSV preview
// and the import take them too (csvOptions). Their values go into the body's metadata.

let customFields = [];

async function loadCustomFields() {
  const env = conn.environmentId;
  customFields = [];
  if (client && env.length === 36) {
    try {
      customFields = await client.getCustomFields(env);
      $('custom-status').textContent = customFields.length ? '' : 'This environment has no custom fields.';
    } catch (error) {
      $('custom-status').textContent = `Custom fields could not be loaded: ${error.message}`;
    }
  } else {
    $('custom-status').textContent = '';
  }
  if (env !== conn.environmentId) return; // the environment changed meanwhile: its own load renders
  renderCustomFields();
  if (csv.header) reparse();
}

const customId = (f) => `cf-${f.name}`;
const CUSTOM = (name) => `metadata.${name}`;

function renderCustomFields() {
  const grid = $('custom-fields');
  for (const key of [...state.touched]) if (key.startsWith('metadata.')) state.touched.delete(key);
  for (const key of [...state.issues.keys()]) if (key.startsWith('metadata.')) state.issues.delete(key);
  const fields = customFields.filter((f) => f.enabled);
  grid.replaceChildren(...fields.map((f) => {
    const id = customId(f);
    const rules = f.validationRules ?? {};
    let input;
    let hint = f.required ? 'Required.' : '';
    if (f.fieldType === 'select') {
      input = h('select', {}, h('option', { value: '', textContent: '(choose)' }),
        ...(rules.validOptions ?? []).map((o) => h('option', { value: o.label, textContent: o.label })));
    } else if (f.fieldType === 'checkbox') {
      input = h('input', { type: 'checkbox' });
    } else {
      input = h('input', { type: 'text', spellcheck: false, autocomplete: 'off' });
      // Shown, not set as the input's own pattern: HTML anchors it and compiles it with the v flag.
      if (rules.regex) hint = `${hint} Pattern: ${rules.regex}`.trim();
    }
    input.id = id;
    input.name = CUSTOM(f.name);
    input.dataset.custom = f.name;
    input.setAttribute('aria-describedby', `${id}-hint ${id}-issues`);
    input.addEventListener(input.tagName === 'SELECT' || input.type === 'checkbox' ? 'change' : 'input', () => {
      state.touched.add(CUSTOM(f.name));
      showBody();
      schedule(CUSTOM(f.name));
    });
    const label = h('label', { htmlFor: id, textContent: f.label ?? f.name });
    const box = f.fieldType === 'checkbox'
      ? h('div', { className: 'check' }, input, h('label', { htmlFor: id, textContent: rules.checkboxText ?? f.name }))
      : input;
    return h('div', { className: 'field' }, label, box,
      h('p', { id: `${id}-hint`, className: 'hint', textContent: hint }),
      h('ul', { id: `${id}-issues`, className: 'issues' }));
  }));
  $('custom-box').hidden = fields.length === 0;
  showBody();
  updateSubmitState();
}

/** A custom field's value, or undefined when left out (an untouched field, an empty text or select). */
function customValue(f) {
  const input = $(customId(f));
  if (!input || !state.touched.has(CUSTOM(f.name))) return undefined;
  if (f.fieldType === 'checkbox') return input.checked;
  return input.value === '' ? undefined : input.value;
}

function validateCustom(name) {
  const f = customFields.find((x) => CUSTOM(x.name) === name);
  if (!f || !validateField) return;
  // Left untouched, a field is not sent and not judged; once touched, required fields must be filled.
  const issues = state.touched.has(name) ? validateField(name, customValue(f), { customFields }) : [];
  renderIssues(customId(f), $(`${customId(f)}-issues`), issues);
  state.issues.set(name, issues);
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
  if (!validateField) return; // the package is still loading: main() validates every field once it is there
  if (name.startsWith('metadata.')) return validateCustom(name);
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
  for (const f of customFields) validateCustom(CUSTOM(f.name));
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
  // Custom fields live in metadata, beside whatever the metadata box holds.
  for (const f of customFields) {
    const value = customValue(f);
    if (value === undefined) continue;
    if (typeof body.metadata !== 'object' || body.metadata === null || Array.isArray(body.metadata)) body.metadata = {};
    body.metadata[f.name] = value;
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
// into records with their first line and raw text, so the mapping step can show example values,
// the summary can name rows, and the "rows still to do" download can re-emit the original lines.

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter of a file: Excel's `sep=X` line, else the one of , ; tab | most used outside quotes on the header line. */
function detectDelimiter(text) {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = /^sep=(.)(?:\r\n|\n|\r|$)/i.exec(body);
  if (sep && DELIMITERS.includes(sep[1])) return sep[1];
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of body) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d) > counts.get(best)) best = d;
  return best;
}

/** RFC 4180 records: { line (1-based, where it starts), start, end (offsets of its raw text), cells }. */
function splitCsv(text, delimiter = ',') {
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
      if (c === delimiter) { rec.cells.push(cell); cell = ''; atStart = true; } else cell += c;
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

/** One CSV cell, quoted when it has to be. */
function csvCell(value, delimiter) {
  const s = String(value ?? '');
  return s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// What a column can fill: the user fields a CSV column may name (SPEC section 2 and the CSV's four
// wallet columns), then `metadata.<key>`, or nothing.
const USER_FIELDS = [
  'email', 'username', 'firstName', 'lastName', 'alias', 'jobTitle', 'phoneNumber', 'country', 'tShirtSize', 'team',
  'id', 'emailVerifiedAt', 'mfaBackupCodeAcknowledgement', 'policiesConsent', 'emailNotification',
  'discordNotification', 'newsletterNotification', 'btcWallet', 'kdaWallet', 'ltcWallet', 'ckbWallet', 'kasWallet',
  'dogeWallet', 'walletAddress', 'walletChain', 'walletName', 'walletProvider',
];
const WALLET_KEYS = { publicWalletAddress: 'walletAddress', chain: 'walletChain', walletName: 'walletName', walletProvider: 'walletProvider' };

/**
 * The column an issue or fix path points at, as a mapping target: "country", "walletChain",
 * "metadata.plan". Paths may come as "row 12: country", "[3].country" or "wallets[0].chain".
 */
function pathTarget(path) {
  const field = String(path ?? '').replace(/^row \d+(?::\s*)?/, '').replace(/^\[\d+\]\.?/, '');
  const wallet = /^wallets\[\d+\]\.(\w+)/.exec(field);
  if (wallet) return WALLET_KEYS[wallet[1]] ?? field;
  const meta = /^metadata\.(.+)$/.exec(field);
  if (meta) return `metadata.${meta[1]}`;
  return field;
}

/** The line of a row issue (`issue.line`, or "row 12: …" in its path), or undefined for a file issue. */
function issueLine(issue) {
  if (typeof issue.line === 'number') return issue.line;
  const m = /^row (\d+)/.exec(issue.path ?? '');
  return m ? Number(m[1]) : undefined;
}

/** True when this build of the package takes CsvOptions (`columns`, `fix`) and returns `fixes`. */
let csvOptionsSupported = false;
function detectCsvOptions() {
  try {
    csvOptionsSupported = Array.isArray(parseUsersCsv('email\nada@example.com\n', { fix: true }).fixes);
  } catch {
    csvOptionsSupported = false;
  }
}

/**
 * What the package makes of each header cell when no `columns` are given: a field, `metadata.<key>`,
 * or null (ignored). Read from the package itself, so the page follows its header rules: the
 * guessed mapping if the parse result carries one, else one probe parse per column with only that
 * cell filled, seeing which key the user gets (or which path its issue names).
 */
function guessColumns(headerCells) {
  const header = headerCells.map((c) => csvCell(c, ',')).join(',');
  const full = parseUsersCsv(`${header}\n`);
  if (full.columns && typeof full.columns === 'object') {
    return headerCells.map((c) => (c in full.columns ? full.columns[c] : null));
  }
  const ignored = new Set(full.issues.filter((i) => i.code === 'unknown_column')
    .map((i) => Number(/^column (\d+)$/.exec(i.path)?.[1]) - 1));
  return headerCells.map((cell, c) => {
    if (ignored.has(c) || cell.trim() === '') return null;
    const row = headerCells.map((_, i) => (i === c ? 'x' : '')).join(',');
    const probe = parseUsersCsv(`${header}\n${row}\n`);
    const user = probe.users[0];
    if (user) {
      const [key] = Object.keys(user);
      if (key === 'metadata') return `metadata.${Object.keys(user.metadata)[0]}`;
      if (key === 'wallets') return WALLET_KEYS[Object.keys(user.wallets[0])[0]] ?? null;
      if (key) return key;
    }
    // A wallet part alone: the other three parts are "required"; the one filled is the one left.
    const wallet = probe.issues.filter((i) => /wallets\[\d+\]\./.test(i.path));
    if (wallet.length) {
      const missing = new Set(wallet.filter((i) => i.code === 'required').map((i) => pathTarget(i.path)));
      const filled = Object.values(WALLET_KEYS).filter((t) => !missing.has(t));
      if (filled.length === 1) return filled[0];
    }
    const named = probe.issues.find((i) => issueLine(i) !== undefined && i.code !== 'required')
      ?? probe.issues.find((i) => issueLine(i) !== undefined);
    return named ? pathTarget(named.path) || null : null;
  });
}

const PREVIEW_ROWS = 100;
const csv = {
  text: '', name: '', delimiter: ',', header: null, rows: [], byLine: new Map(),
  guess: [], choice: [], // per column: the package's guess, and what the user chose (a target or null)
  fix: false, // "Apply fixes" pressed
  parsed: null, fixable: [], broken: false, optionsError: null,
};

/** `columns` for parseUsersCsv / importUsers: only the columns whose choice differs from the guess. */
function columnsOption() {
  const columns = {};
  let any = false;
  csv.header?.cells.forEach((name, c) => {
    if (csv.choice[c] !== csv.guess[c]) { columns[name] = csv.choice[c]; any = true; }
  });
  return any ? columns : undefined;
}

/** The CsvOptions the preview and the import use (empty when the package cannot take them). */
function csvOptions({ fix = csv.fix } = {}) {
  if (!csvOptionsSupported) return {};
  const columns = columnsOption();
  return { ...(columns ? { columns } : {}), ...(fix ? { fix: true } : {}), ...(customFields.length ? { customFields } : {}) };
}

function loadCsv(text, name) {
  csv.text = text;
  csv.name = name;
  csv.delimiter = detectDelimiter(text);
  const records = splitCsv(text, csv.delimiter);
  csv.header = records[0] ?? null;
  csv.rows = records.slice(1);
  csv.byLine = new Map(csv.rows.map((r) => [r.line, r]));
  csv.guess = csv.header ? guessColumns(csv.header.cells) : [];
  csv.choice = [...csv.guess];
  csv.fix = false;
  $('summary').hidden = true;
  hideBanner($('import-banner'));
  setProgress(0, 1, '');
  renderMapping();
  reparse();
}

/** Parses again with the current mapping and fix choice, and redraws the preview. */
function reparse() {
  csv.optionsError = null;
  try {
    csv.parsed = parseUsersCsv(csv.text, csvOptions());
    // What "Apply fixes" would change: the fixes of the same parse with fix: true.
    csv.fixable = csvOptionsSupported ? (csv.fix ? csv.parsed.fixes : parseUsersCsv(csv.text, csvOptions({ fix: true })).fixes) : [];
  } catch (error) {
    // A mapping the package refuses (a config error): say so and fall back to its own guess.
    csv.optionsError = error;
    csv.parsed = parseUsersCsv(csv.text);
    csv.fixable = [];
  }
  renderPreview();
  renderFixes();
  updateImportState();
}

// ---- Mapping step: one select per column, preset to the package's guess.

function targetLabel(target) {
  return target === null ? 'ignore' : target;
}

function renderMapping() {
  const cols = csv.header?.cells ?? [];
  const grid = $('mapping-fields');
  grid.replaceChildren(...cols.map((name, c) => {
    const id = `map-${c}`;
    const example = csv.rows.map((r) => r.cells[c] ?? '').find((v) => v.trim() !== '') ?? '';
    const metaKey = /^metadata\./i.test(name.trim()) ? name.trim().slice(9).trim() : name.trim();
    const metaTargets = [...new Set([csv.guess[c], `metadata.${metaKey}`].filter((t) => t?.startsWith('metadata.') && t.length > 9))];
    const select = h('select', { id, name: id },
      h('option', { value: '', textContent: 'Ignore this column' }),
      h('optgroup', { label: 'User field' }, ...USER_FIELDS.map((f) => h('option', { value: f, textContent: f }))),
      h('optgroup', { label: 'Metadata' }, ...metaTargets.map((t) => h('option', { value: t, textContent: t }))));
    // A guess outside the lists above (a field this page does not know yet) stays selectable.
    const guess = csv.guess[c];
    if (guess && !USER_FIELDS.includes(guess) && !metaTargets.includes(guess)) select.prepend(h('option', { value: guess, textContent: guess }));
    select.value = csv.choice[c] ?? '';
    select.disabled = !csvOptionsSupported;
    select.setAttribute('aria-describedby', `${id}-hint`);
    select.addEventListener('change', () => {
      csv.choice[c] = select.value === '' ? null : select.value;
      markChanged(select, c);
      reparse();
    });
    const hint = h('p', { id: `${id}-hint`, className: 'hint' },
      `Guessed: ${targetLabel(guess)}.`, example ? ` Example: “${example.length > 40 ? `${example.slice(0, 40)}…` : example}”` : ' No value in the file.');
    const field = h('div', { className: 'field' }, h('label', { htmlFor: id, textContent: name.trim() === '' ? `(column ${c + 1}, no name)` : name }), select, hint);
    field.dataset.column = String(c);
    markChanged(select, c);
    return field;
  }));
  $('mapping-note').textContent = csvOptionsSupported
    ? `${cols.length} columns, separated by ${csv.delimiter === '\t' ? 'tabs' : `“${csv.delimiter}”`}. Each starts as the package guessed it from its header; change any, and the preview follows.`
    : 'This build of the package cannot take a column mapping (parseUsersCsv has no columns option): the columns are read as guessed.';
  $('mapping-reset').disabled = !csvOptionsSupported;
  $('mapping').hidden = cols.length === 0;
}

function markChanged(select, c) {
  select.closest('.field')?.classList.toggle('changed', csv.choice[c] !== csv.guess[c]);
}

function resetMapping() {
  csv.choice = [...csv.guess];
  renderMapping();
  reparse();
}

// ---- Preview: status and issues first, then the cells.

function renderPreview() {
  const { header, rows, parsed } = csv;
  // A file the package cannot read as users (no header, no column it knows, a quote never closed)
  // gives no users and an invalid_csv error: nothing of it can be imported, whatever its rows say.
  csv.broken = parsed.users.length === 0
    && parsed.issues.some((i) => i.code === 'invalid_csv' && i.severity === 'error' && (issueLine(i) === undefined || pathTarget(i.path) === ''));
  // Issues by line; issues without a line (columns, the file) go above the table.
  const byLine = new Map();
  const fileIssues = csv.optionsError
    ? [{ severity: 'error', path: 'mapping', message: `${csv.optionsError.message} The preview shows the guessed columns.` }] : [];
  for (const issue of parsed.issues) {
    const line = issueLine(issue);
    if (line === undefined || (csv.broken && issue.code === 'invalid_csv' && pathTarget(issue.path) === '')) { fileIssues.push(issue); continue; }
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push({ ...issue, target: pathTarget(issue.path) });
  }
  csv.issuesByLine = byLine;
  const errorLines = [...byLine].filter(([, list]) => list.some((i) => i.severity === 'error')).length;
  const warnLines = [...byLine].filter(([, list]) => list.every((i) => i.severity === 'warning')).length;
  const fixedAt = new Map(); // line → target → fix, for the fixes applied
  if (csv.fix) for (const f of parsed.fixes ?? []) {
    if (!fixedAt.has(f.line)) fixedAt.set(f.line, new Map());
    fixedAt.get(f.line).set(pathTarget(f.path), f);
  }

  $('preview-name').textContent = csv.name;
  $('preview-counts').textContent = csv.broken
    ? 'This file cannot be read as users, so nothing in it can be imported: fix the problem below.'
    : `${rows.length} data rows: ${parsed.users.length} ready to send`
      + (warnLines ? ` (${warnLines} with warnings only)` : '') + `, ${errorLines} with errors (will be rejected).`;
  $('preview-counts').className = `status ${csv.broken || errorLines ? 'bad' : 'ok'}`;
  $('file-issues').replaceChildren(...fileIssues.map((i) => h('li', { className: `issue ${i.severity}` },
    h('span', { className: 'tag', textContent: `${i.severity === 'error' ? 'Error' : 'Warning'} (${i.path || 'file'}): ` }), i.message)));

  const cols = header ? header.cells : [];
  $('preview-caption').textContent = (rows.length > PREVIEW_ROWS ? `First ${PREVIEW_ROWS} of ${rows.length} rows` : `${rows.length} rows`)
    + (csv.fix ? ', with the fixes applied' : '');
  // Status and issues come first: visible without scrolling the table sideways, at any width.
  $('preview-table').tHead.replaceChildren(h('tr', {},
    h('th', { scope: 'col', textContent: 'Line' }), h('th', { scope: 'col', textContent: 'Status' }),
    h('th', { scope: 'col', textContent: 'Issues' }),
    // A column mapped otherwise than guessed says what it now fills.
    ...cols.map((c, i) => h('th', { scope: 'col', textContent: csv.choice[i] !== csv.guess[i] ? `${c} → ${targetLabel(csv.choice[i])}` : c }))));
  $('preview-table').tBodies[0].replaceChildren(...rows.slice(0, PREVIEW_ROWS).map((row) => {
    const issues = byLine.get(row.line) ?? [];
    const fixed = fixedAt.get(row.line);
    const status = issues.some((i) => i.severity === 'error') ? 'error' : issues.length ? 'warning' : 'ok';
    const tr = h('tr', { className: `row-${status}` });
    tr.dataset.line = row.line;
    tr.append(h('th', { scope: 'row', textContent: String(row.line) }),
      h('td', { className: `status-cell ${status}`, textContent: status === 'ok' ? (fixed ? 'ok (fixed)' : 'ok') : status }),
      h('td', { className: 'row-issues' }, ...issues.map((i) =>
        h('div', { className: `issue ${i.severity}`, textContent: `${i.target || 'row'}: ${i.message}` + (i.fix !== undefined ? ` Fix: “${i.fix}”.` : '') }))));
    cols.forEach((_, c) => {
      const target = csv.choice[c];
      const cellIssues = target ? issues.filter((i) => i.target === target) : [];
      const fix = target ? fixed?.get(target) : undefined;
      const td = h('td', { textContent: fix ? fix.to : row.cells[c] ?? '' });
      if (target === null) td.className = 'cell-ignored';
      if (fix) {
        td.className = 'cell-fixed';
        td.title = `Fixed: “${fix.from}” → “${fix.to}”`;
      }
      if (cellIssues.length) {
        const sev = cellIssues.some((i) => i.severity === 'error') ? 'error' : 'warning';
        td.className = `cell-${sev}`;
        td.title = cellIssues.map((i) => i.message).join('\n');
        td.prepend(h('span', { className: 'marker', textContent: sev === 'error' ? '✖ ' : '⚠ ' }));
      }
      tr.append(td);
    });
    return tr;
  }));
  $('preview-table').closest('.table-wrap').hidden = csv.broken;
  $('preview').hidden = false;
}

// ---- Fixes: what parseUsersCsv(text, { fix: true }) changes, offered before it is applied.

const FIX_ROWS = 200;

function renderFixes() {
  const fixes = csv.fixable;
  const box = $('fixes');
  box.hidden = !csvOptionsSupported || csv.broken || (fixes.length === 0 && !csv.fix);
  const n = fixes.length;
  const plural = n === 1 ? '' : 'es';
  $('fixes-note').textContent = csv.fix
    ? `${n} fix${plural} applied: the preview and the import use the fixed values. The file itself is unchanged.`
    : `${n} value${n === 1 ? '' : 's'} can be fixed mechanically (a country name to its code, stray spaces, a phone number's punctuation…). Nothing changes until you apply them.`;
  $('apply-fixes').textContent = csv.fix ? 'Undo fixes' : `Apply ${n} fix${plural}`;
  $('apply-fixes').setAttribute('aria-pressed', String(csv.fix));
  $('fixes-summary').textContent = `${csv.fix ? 'Applied' : 'Proposed'}: before and after (${n})`;
  $('fixes-caption').textContent = n > FIX_ROWS ? `First ${FIX_ROWS} of ${n} fixes` : `${n} fix${plural}`;
  $('fixes-table').tBodies[0].replaceChildren(...fixes.slice(0, FIX_ROWS).map((f) => {
    const tr = h('tr', {},
      h('td', { textContent: f.line === undefined ? '' : String(f.line) }),
      h('td', { textContent: pathTarget(f.path) }),
      h('td', { className: 'before', textContent: f.from }),
      h('td', { className: 'after', textContent: f.to }),
      h('td', { textContent: f.code }));
    tr.dataset.line = String(f.line ?? '');
    return tr;
  }));
}

function toggleFixes() {
  csv.fix = !csv.fix;
  reparse();
}

async function loadFile(file) {
  if (!file) return;
  const text = await file.text();
  await ready;
  loadCsv(text, file.name);
}

async function loadSample() {
  const res = await fetch('sample-users.csv');
  const text = await res.text();
  await ready;
  loadCsv(text, 'sample-users.csv');
}

// ---------------------------------------------------------------------------------------------
// Import: importUsers with a real <progress>, Cancel through an AbortController, and a summary
// that accounts for every row (the buckets add up to the total).

let controller = null;
let report = null;

function updateImportState() {
  const running = controller !== null;
  $('import-start').disabled = running || !client || !csv.text || csv.broken || csv.optionsError !== null;
  $('import-cancel').disabled = !running;
  $('csv-file').disabled = running;
  $('load-sample').disabled = running;
  for (const el of document.querySelectorAll('#mapping select, #mapping button, #apply-fixes')) {
    el.disabled = running || !csvOptionsSupported;
  }
}

/** The bar shows rows settled (rejected ones count as done: they are decided), with a percentage. */
function setProgress(value, max, text) {
  const bar = $('import-progress');
  bar.max = Math.max(max, 1);
  bar.value = value;
  const percent = max > 0 ? Math.floor((100 * value) / max) : 0;
  $('import-progress-text').textContent = text ? `${percent} % · ${text}` : '';
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
      ...csvOptions(), // the mapping and the fixes of the preview: the import sends what it showed
      upsert: $('import-upsert').checked,
      batchSize,
      signal: controller.signal,
      onProgress: (p) => {
        bar.dataset.calls = String(Number(bar.dataset.calls) + 1);
        const eta = p.etaSeconds === undefined ? '' : ` About ${formatDuration(p.etaSeconds)} left.`;
        const settled = p.created + p.updated + p.failed + p.rejected + p.notSent + p.ambiguous;
        setProgress(settled, p.total, `${settled} of ${p.total} rows done: `
          + BUCKETS.map((b) => `${p[b]} ${b}`).join(', ') + '.' + eta);
      },
    });
    // Done: every row is in a bucket. Rejected and failed rows are settled too (the download holds
    // them); only rows not sent are left, and only when cancelled or out of retries.
    const done = report.total - report.notSent.length;
    setProgress(done, report.total, report.aborted ? `Cancelled: ${done} of ${report.total} rows done.` : `Done: ${done} of ${report.total} rows.`);
    // Every row that could go was not sent (a wrong token, an unknown environment): say why up top.
    const sendable = report.total - report.rejected.length;
    if (!report.aborted && sendable > 0 && report.notSent.length === sendable) {
      showBanner($('import-banner'), `Nothing was imported. ${report.notSent[0].reason}`);
      setProgress(report.rejected.length, report.total, 'Nothing was imported.');
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

/** Why a row is where it is, in one line a person can act on. */
function reasonOf(bucket, row) {
  switch (bucket) {
    case 'created': case 'updated': return row.userId ? `user ${row.userId}` : '';
    case 'failed': case 'ambiguous': return `${row.code}: ${row.error}`;
    case 'rejected': return row.issues.filter((i) => i.severity !== 'warning')
      .map((i) => `${pathTarget(i.path) || 'row'}: ${i.message}`).join(' ');
    case 'notSent': return row.reason + (row.maybeSent ? ' (may have reached the server)' : '');
    default: return '';
  }
}

/** The email, else the username, of a row as the file has it (through the column mapping). */
function whoOf(line) {
  const rec = csv.byLine.get(line);
  if (!rec) return '';
  for (const target of ['email', 'username']) {
    const c = csv.choice.indexOf(target);
    const value = c >= 0 ? (rec.cells[c] ?? '').trim() : '';
    if (value) return value;
  }
  return '';
}

/**
 * The rows the download holds, in file order: what `report.remaining` says is worth sending again
 * (notSent, failed with too_many_requests), and the rows to correct first (rejected, failed).
 */
function rowsToDo() {
  const todo = new Set(report.remaining);
  const rows = [];
  for (const b of BUCKETS) {
    for (const row of report[b]) {
      if (todo.has(row.index) || b === 'rejected' || b === 'failed') rows.push({ b, row });
    }
  }
  return rows.sort((x, y) => x.row.index - y.row.index);
}

const SUMMARY_ROWS = 1000;

function renderSummary() {
  $('summary-counts').replaceChildren(
    h('div', {}, h('dt', { textContent: 'total' }), h('dd', { id: 'count-total', textContent: String(report.total) })),
    ...BUCKETS.map((b) => h('div', { className: `count-${b}` },
      h('dt', { textContent: b }), h('dd', { id: `count-${b}`, textContent: String(report[b].length) }))));
  const todo = rowsToDo();
  $('download-remaining').disabled = todo.length === 0;
  $('download-remaining').textContent = `Download rows still to do (${todo.length})`;
  $('download-hint').textContent = todo.length === 0
    ? 'Nothing left to do: every row is on the server.'
    : `${todo.length} row${todo.length === 1 ? '' : 's'}: the header and each row as the file has it, plus a last column, `
      + `“${WHY_COLUMN}”, saying why it is not imported. Correct the rows, then import the file again `
      + '(that column is ignored). Rows not sent can go again as they are; with upsert, those that did arrive are updated, not repeated.';
  // notSent rows the report leaves out of `remaining`: they may exist and nothing identifies them.
  const remaining = new Set(report.remaining);
  const unsure = report.notSent.filter((r) => r.maybeSent && !remaining.has(r.index));
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
  $('summary-table').tBodies[0].replaceChildren(...all.slice(0, SUMMARY_ROWS).map(({ b, row }) => {
    const tr = h('tr', { className: `bucket-${b}` },
      h('th', { scope: 'row', textContent: row.line === undefined ? '' : String(row.line) }),
      h('td', { textContent: b }),
      h('td', { className: 'who', textContent: whoOf(row.line) || '—' }),
      h('td', { className: 'reason', textContent: reasonOf(b, row) }),
      h('td', { textContent: String(row.index) }));
    tr.dataset.line = String(row.line ?? '');
    return tr;
  }));
}

const WHY_COLUMN = 'Why not imported';

/**
 * Saves the header and the original text of each row still to do, as a CSV file in the file's own
 * delimiter, with a last column saying why each row is not imported.
 */
function downloadRemaining() {
  const d = csv.delimiter;
  const width = csv.header.cells.length;
  const parts = [csv.text.slice(csv.header.start, csv.header.end) + d + csvCell(WHY_COLUMN, d)];
  for (const { b, row } of rowsToDo()) {
    const rec = csv.byLine.get(row.line);
    if (!rec) continue;
    // A short row gets its missing cells, so that the reason lands in the last column.
    const pad = d.repeat(Math.max(0, width - rec.cells.length));
    const why = b === 'notSent' ? `not sent: ${reasonOf(b, row)}` : `${b}: ${reasonOf(b, row)}`;
    parts.push(csv.text.slice(rec.start, rec.end) + pad + d + csvCell(why, d));
  }
  const blob = new Blob([parts.join('\n') + '\n'], { type: 'text/csv' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: csv.name.replace(/\.csv$/i, '') + '-still-to-do.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function wireImport() {
  $('csv-file').addEventListener('change', (e) => loadFile(e.target.files[0]));
  $('load-sample').addEventListener('click', loadSample);
  $('mapping-reset').addEventListener('click', resetMapping);
  $('apply-fixes').addEventListener('click', toggleFixes);
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
  // Everything that does not need the package first: the form paints while the wasm loads.
  buildForm();
  wireImport();
  updateSubmitState();
  try {
    await ready;
  } catch (error) {
    $('loading').textContent = `The package did not load: ${error.message}`;
    $('loading').className = 'note bad';
    return;
  }
  detectCsvOptions();
  connect();
  validateAll();
  updateSubmitState();
  $('loading').hidden = true;
  document.documentElement.dataset.ready = 'true'; // for the end-to-end tests
}

main();
