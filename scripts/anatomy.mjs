// Where each module's bytes go (README, "Where the bytes go"): twiggy's size of every item of the two
// modules as wasm-bindgen leaves them (target/bindgen/<name>/web/<name>_bg.wasm, names kept, before
// wasm-opt; run `make pkg` first), grouped into parts by the name rules below, and the data segment
// split by what its bytes are and by which functions read them. Rewrites the README's table between
// <!-- anatomy:start … --> and <!-- anatomy:end --> and prints it (`--print`: print only).
//   node scripts/anatomy.mjs [--print] [--data]   (or `make anatomy`, which installs twiggy if missing)
// --data also lists each module's 40 largest pieces of data and the functions that read them.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fail = (message) => {
  throw new Error(message);
};

export const MODULES = [
  { entry: 'dynamic-users/validate', name: 'dynamic_users_validate' },
  { entry: 'dynamic-users', name: 'dynamic_users' },
];

// std's code (and the allocator's, serde's, the compiler's built-ins), by the path the name starts with.
const isStd = (n) =>
  /^<*(&mut |&)*(core|alloc|std|talc|compiler_builtins|__rustc|serde_core)::/.test(n) ||
  /^<*(&mut |&)*(\[[a-z0-9]+\]|str|char|bool|[iuf](8|16|32|64|128|size))( as [^>]*| as [^<>]*<[^<>]*>)?>::/.test(n) ||
  /^(memcmp|memcpy|memmove|memset|__multi3|__[a-z]+[sd]f[23i]?\d?|__ashlti3|__lshrti3|__udivti3|__umodti3)$/.test(n);

// The parts, in the order their rules are tried: the first whose test matches an item's name takes
// it. A name is tested whole, so std's generic code made for our types (drop glue, a Vec's growth,
// an iterator adapter) counts with the part whose types it carries, and a part listed earlier wins
// over one listed later (`deserialize_any::<validate::reader::ObjectSeed>` on the JSON reader is
// validation; `drop_glue::<wasm::import::…>` is the import engine, not the boundary).
// `data` parts take no names: the data segment is split by its bytes (splitData below).
export const PARTS = [
  {
    part: 'module structure',
    what: 'types, imports and exports, the function table, section headers',
    test: (n) => /^(import|export) |^(type|elem|global|table|memory)\[|section headers$|^wasm magic bytes$|^custom section /.test(n),
  },
  {
    part: "the environment's custom fields",
    what: '`customFields`: shapes, rules, repeats, the nested-quantifier check; CSV columns and import checks in the main one',
    test: (n) => /custom_fields/.test(n),
  },
  {
    part: 'fixes',
    what: '`fixUsers`, `fix: true`',
    test: (n) => /dynamic_users::validate::fixes|dynamic_users::wasm::csv::fix_users/.test(n),
  },
  {
    part: 'CSV',
    what: '`parseUsersCsv`, CSV imports: the reader, its tape and shared cells, column mapping, row fixes',
    test: (n) => /dynamic_users::(wasm::)?csv\b/.test(n),
  },
  {
    part: 'import engine',
    what: '`importUsers`: batching, pacing, answer matching, the report; its timers',
    test: (n) => /dynamic_users::(wasm::)?import\b|dynamic_users::wasm::timer/.test(n),
  },
  {
    part: 'HTTP client',
    what: '`DynamicUsersClient`: requests, retries, answers, errors, the API token kept out of messages',
    test: (n) => /dynamic_users::(client|redact)\b|dynamic_users::wasm::(client|transport)|^(__wbg_)?dynamicusersclient_|AbortController/.test(n),
  },
  {
    part: 'async runtime',
    what: 'futures as promises and promises as futures: our executor (`src/wasm/task.rs`)',
    test: (n) => /js_sys::futures|wasm_bindgen_futures|dynamic_users::wasm::task/.test(n),
  },
  {
    part: 'address codecs, SHA-256, Keccak',
    what: 'wallet checks: Base58Check, bech32, CashAddr, EIP-55, Kaspa',
    test: (n) => /dynamic_users::address\b|^<?(keccak|sha2|bs58|bech32)\b/.test(n),
  },
  {
    part: 'validation',
    what: 'the rules and their streaming reader (serde seeds over our JSON reader), repeats, reports, messages',
    test: (n) => /dynamic_users::(validate|model|text)\b/.test(n),
  },
  {
    part: 'JSON reader and writer',
    what: 'our own reader (serde `Deserializer`) and writer (`json::Writer`)',
    test: (n) => /dynamic_users::(json|scan)\b|serde_core::de::ignored_any/.test(n),
  },
  {
    part: 'JavaScript boundary',
    what: 'exports, reading inputs, errors, wasm-bindgen and js-sys',
    // `exported` (set per module below): the exports wasm-bindgen writes, named as the export is.
    test: (n, exported) =>
      /dynamic_users::wasm\b|wasm_bindgen|js_sys|web_sys|^__wbindgen_|^__wbg_/.test(n) ||
      exported.has(n.replace(/ multivalue shim$/, '')),
  },
  {
    part: 'std',
    what: 'allocator (talc), strings, collections, sorting, formatting, compiler built-ins',
    test: (n) => isStd(n),
  },
  {
    part: 'unsorted',
    what: 'names no rule here takes (scripts/anatomy.mjs prints them): add a rule',
    test: () => true,
  },
  {
    part: 'data: message text',
    what: 'the sentences of issues and errors, field and code names, hints',
    data: 'text',
  },
  {
    part: 'data: country names',
    what: 'the names that turn "United Kingdom" into `GB`, and what only `validate::country` reads: its sentences, the table of assigned codes',
    data: 'country',
  },
  {
    part: 'data: the `\\p{L}\\p{N}` table',
    what: 'which characters are letters or numbers (`validate::letters`)',
    data: 'letters',
  },
  {
    part: 'data: other tables',
    what: 'lookup tables, hash constants, lists of names, vtables',
    data: 'tables',
  },
];

// The name section (twiggy lists its subsections), the producers and target_features sections:
// build-pkg.sh's wasm-opt strips them (`--strip-debug --strip-producers --strip-target-features`).
const isCustom = (n) => /^"[^"]*" subsection|^custom section '(name|producers|target_features)'/.test(n);

// Crate disambiguators as rustc prints them (`crate[hash]::`): hex without leading zeros, so 16 digits or fewer.
export const unhash = (name) => name.replace(/\[[0-9a-f]{1,16}\](?=::)/g, "");

// ---- the module's own bytes: function names, exports, data segments, and where code points into data

export function readModule(bytes) {
  let p = 8;
  const u32 = () => {
    let r = 0, s = 0, x;
    do { x = bytes[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  const s64 = () => {
    let r = 0n, s = 0n, x;
    do { x = bytes[p++]; r |= BigInt(x & 0x7f) << s; s += 7n; } while (x & 0x80);
    if (x & 0x40) r -= 1n << s;
    return r;
  };
  const str = () => { const n = u32(); const t = bytes.toString('utf8', p, p + n); p += n; return t; };
  const limits = () => { const f = u32(); u32(); if (f & 1) u32(); };
  let imported = 0;
  const bodies = [], segments = [], names = new Map(), exported = new Set();
  if (bytes.readUInt32LE(0) !== 0x6d736100) fail('not a wasm module');
  while (p < bytes.length) {
    const id = bytes[p++], size = u32(), end = p + size;
    if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        str(); str();
        const kind = bytes[p++];
        if (kind === 0) { u32(); imported++; } else if (kind === 1) { p++; limits(); } else if (kind === 2) limits(); else if (kind === 3) p += 2;
        else fail(`import kind ${kind}`);
      }
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) { const name = str(); if (bytes[p++] === 0) exported.add(name); u32(); }
    } else if (id === 10) {
      for (let n = u32(); n > 0; n--) { const s = u32(); bodies.push([p, p + s]); p += s; }
    } else if (id === 11) {
      for (let n = u32(); n > 0; n--) {
        const flags = u32();
        let at = null;
        if (flags === 2) u32();
        if (flags !== 1) {
          if (bytes[p++] !== 0x41) fail('a data segment whose offset is not an i32.const');
          at = Number(s64());
          if (bytes[p++] !== 0x0b) fail('a data segment offset of more than one instruction');
        }
        const len = u32();
        segments.push({ at, bytes: bytes.subarray(p, p + len) });
        p += len;
      }
    } else if (id === 0 && str() === 'name') {
      while (p < end) {
        const sub = bytes[p++], subEnd = u32() + p;
        // Without the crates' hashes (`dynamic_users[14c1…]::`), as the rules read names.
        if (sub === 1) for (let n = u32(); n > 0; n--) { const i = u32(); names.set(i, unhash(str())); }
        p = subEnd;
      }
    }
    p = end;
  }

  // Every address a function names: i32.const operands and load/store offsets (LLVM folds a
  // static's address into the offset of an indexed load). Decoding each instruction is what finds
  // them (MVP, sign extension, saturating truncation, bulk memory, multivalue: what build-pkg.sh enables).
  const reads = new Map(); // address -> Set of function names
  const note = (address, fn) => {
    if (!reads.has(address)) reads.set(address, new Set());
    reads.get(address).add(fn);
  };
  bodies.forEach(([start, end], i) => {
    const fn = names.get(imported + i) ?? `function ${imported + i}`;
    p = start;
    for (let n = u32(); n > 0; n--) { u32(); p++; }
    while (p < end) {
      const op = bytes[p++];
      if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4)) continue;
      if (op >= 0x02 && op <= 0x04) { const t = bytes[p]; if (t === 0x40 || (t >= 0x6f && t <= 0x7f)) p++; else s64(); continue; }
      if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0x12 || (op >= 0x20 && op <= 0x26) || op === 0xd2) { u32(); continue; }
      if (op === 0x0e) { for (let n = u32(); n >= 0; n--) u32(); continue; }
      if (op === 0x11 || op === 0x13) { u32(); u32(); continue; }
      if (op === 0x1c) { p += u32(); continue; }
      if (op >= 0x28 && op <= 0x3e) { if (u32() & 0x40) u32(); note(u32(), fn); continue; }
      if (op === 0x3f || op === 0x40 || op === 0xd0) { p++; continue; }
      if (op === 0x41) { note(Number(s64()), fn); continue; }
      if (op === 0x42) { s64(); continue; }
      if (op === 0x43) { p += 4; continue; }
      if (op === 0x44) { p += 8; continue; }
      if (op === 0xfc) {
        const sub = u32();
        if (sub <= 7) continue;
        if (sub === 8) { u32(); p++; continue; }
        if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) { u32(); continue; }
        if (sub === 10) { p += 2; continue; }
        if (sub === 11) { p++; continue; }
        if (sub === 12 || sub === 14) { u32(); u32(); continue; }
      }
      // An instruction this does not know: the rest of the function's addresses are lost (its data
      // may land in another row), so say so rather than stop.
      console.warn(`anatomy: opcode 0x${op.toString(16)} in ${fn}: teach readModule its immediates`);
      break;
    }
  });
  return { segments, reads, names: new Set(names.values()), exported };
}

// ---- the data segments, split into pieces at every address the code (or a pointer in the data)
// names: a piece runs from one named address to the next, as the linker lays statics end to end.

const isLetterOrNumber = (cp) => /^[\p{L}\p{N}]$/u.test(String.fromCodePoint(cp));

// The letters table's bitmap of the first code points (`validate::letters::LOW`) and its range
// starts (`STARTS_LOW`, the low 16 bits within a plane), checked against JavaScript's own `\p{L}\p{N}`.
function looksLikeLetters(bytes) {
  if (bytes.length >= 64) {
    let agree = 0;
    for (let cp = 0; cp < bytes.length * 8; cp++) if (((bytes[cp >> 3] >> (cp & 7)) & 1) === +isLetterOrNumber(cp)) agree++;
    let ascii = true;
    for (let cp = 0; cp < 128; cp++) if (((bytes[cp >> 3] >> (cp & 7)) & 1) !== +isLetterOrNumber(cp)) ascii = false;
    if (ascii && agree >= 0.97 * bytes.length * 8) return true;
  }
  if (bytes.length >= 256 && bytes.length % 2 === 0) {
    // Starts of ranges, ascending within each plane: a table of zeros (0x10000 starts a range) is not one.
    let starts = 0, ascending = 0;
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const low = bytes.readUInt16LE(i);
      if (i > 0 && low > bytes.readUInt16LE(i - 2)) ascending++;
      for (let plane = 0; plane < 4; plane++) {
        const cp = plane * 0x10000 + low;
        if (isLetterOrNumber(cp) && !isLetterOrNumber(cp - 1)) { starts++; break; }
      }
    }
    if (starts >= 0.9 * (bytes.length / 2) && ascending >= 0.9 * (bytes.length / 2)) return true;
  }
  return false;
}

// How many of a piece's bytes are text: runs of at least 8 printable characters (UTF-8), half of
// them letters or spaces, and the zeros that pad the last one to the next static (a piece is often
// strings and then a table the code reads at an offset, with no address of its own to split at).
// A long run of digits is a number's constant (f64::MAX in full for the range check), not text.
function textBytes(bytes) {
  let z = bytes.length;
  while (z > 0 && bytes[z - 1] === 0) z--;
  // A short string alone in its piece (`id`, `team`) is text as it is.
  try {
    const whole = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, z));
    if (z > 0 && !/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(whole)) return bytes.length;
  } catch {}
  let text = 0, start = 0, lastEnd = -1;
  const close = (end) => {
    const run = bytes.toString('latin1', start, end).replace(/[0-9]{32,}/g, '');
    if (run.length >= 8 && run.replace(/[^A-Za-z \x80-\xff]/g, '').length * 2 >= run.length) {
      text += run.length;
      lastEnd = end;
    }
  };
  const cont = (i, k) => i + k < z && [...Array(k)].every((_, j) => (bytes[i + 1 + j] & 0xc0) === 0x80);
  for (let i = 0; i < z; ) {
    const c = bytes[i];
    const width = (c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d ? 1
      : c >= 0xc2 && c <= 0xdf && cont(i, 1) ? 2
      : c >= 0xe0 && c <= 0xef && cont(i, 2) ? 3
      : c >= 0xf0 && c <= 0xf4 && cont(i, 3) ? 4
      : 0;
    if (width === 0) {
      close(i);
      start = ++i;
    } else i += width;
  }
  close(z);
  if (lastEnd === z) text += bytes.length - z;
  return text;
}

export function splitData({ segments, reads }) {
  const pieces = [];
  for (const { at, bytes } of segments) {
    if (at === null) { pieces.push({ bytes, readers: new Set() }); continue; }
    const end = at + bytes.length;
    const inside = (a) => a >= at && a < end;
    // Pointers stored in the data (a list of names is (address, length) pairs): the piece they
    // point at is read by whoever reads the piece that holds the pointer.
    const pointedFrom = new Map();
    for (let o = 0; o + 4 <= bytes.length; o += 4) {
      const v = bytes.readUInt32LE(o);
      if (inside(v) && !pointedFrom.has(v)) pointedFrom.set(v, at + o);
    }
    const starts = [...new Set([at, ...[...reads.keys()].filter(inside), ...pointedFrom.keys()])].sort((a, b) => a - b);
    const own = starts.map((s, i) => ({ s, e: starts[i + 1] ?? end }));
    const pieceAt = (a) => own.findLast((x) => x.s <= a);
    const readersOf = (piece, seen = new Set()) => {
      if (piece.readers) return piece.readers;
      if (seen.has(piece)) return new Set();
      seen.add(piece);
      const direct = reads.get(piece.s);
      if (direct) return direct;
      const from = pointedFrom.get(piece.s);
      return from === undefined ? new Set() : readersOf(pieceAt(from), seen);
    };
    for (const piece of own) piece.readers = readersOf(piece);
    for (const { s, e, readers } of own) pieces.push({ bytes: bytes.subarray(s - at, e - at), readers });
  }
  for (const piece of pieces) {
    piece.readersKey = [...piece.readers].sort().join('\n');
    piece.kind =
      piece.readers.size > 0 && [...piece.readers].every((r) => /dynamic_users::validate::country\b/.test(r)) ? 'country'
      : looksLikeLetters(piece.bytes) ? 'letters'
      : 'mixed';
    piece.text = textBytes(piece.bytes);
  }
  // The table's other arrays (`LENGTHS`, `PLANE_FIRST`) are not text, lie next to the recognised
  // ones and are read exactly where they are (the lookup is inlined into its callers).
  const letterReaders = new Set(pieces.filter((x) => x.kind === 'letters').map((x) => x.readersKey));
  const joins = (piece) =>
    piece.kind === 'mixed' && piece.readers.size > 0 && letterReaders.has(piece.readersKey) && piece.text * 2 < piece.bytes.length;
  for (let grew = true; grew; ) {
    grew = false;
    pieces.forEach((piece, i) => {
      if (joins(piece) && (pieces[i - 1]?.kind === 'letters' || pieces[i + 1]?.kind === 'letters')) {
        piece.kind = 'letters';
        grew = true;
      }
    });
  }
  return pieces;
}

// ---- one module

function twiggyPath() {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'twiggy'))) return join(dir, 'twiggy');
  const cargo = join(homedir(), '.cargo', 'bin', 'twiggy');
  if (existsSync(cargo)) return cargo;
  fail('twiggy is not installed: `cargo install twiggy --locked` (or `make anatomy`)');
}

export function classify(name, exported) {
  for (const p of PARTS) if (p.test && p.test(name, exported)) return p.part;
  return null;
}

function anatomy({ entry, name }) {
  const file = join(root, 'target', 'bindgen', name, 'web', `${name}_bg.wasm`);
  if (!existsSync(file)) fail(`${file} is missing: run \`make pkg\` first`);
  const module = readModule(readFileSync(file));
  const items = JSON.parse(execFileSync(twiggyPath(), ['top', '-f', 'json', file], { maxBuffer: 1 << 28, encoding: 'utf8' }));
  const sizes = new Map(PARTS.map((p) => [p.part, 0]));
  const unmatched = [], functions = [], borrowed = new Map();
  let total = 0, dataSegments = 0;
  for (const { name: raw, shallow_size: size } of items) {
    if (isCustom(raw)) continue;
    total += size;
    if (/^data segment /.test(raw)) { dataSegments += size; continue; }
    const n = unhash(raw);
    const part = classify(n, module.exported);
    if (part === 'unsorted') unmatched.push([size, n]);
    if (part !== 'std' && isStd(n)) borrowed.set(part, (borrowed.get(part) ?? 0) + size);
    else sizes.set(part, sizes.get(part) + size);
    // twiggy numbers a name's repeats: `f[1]`.
    if (module.names.has(n.replace(/\[\d+\]$/, ''))) functions.push({ name: n, size });
  }
  // std's code for a part's types counts with that part only where the part has code of its own:
  // LLVM keeps one of identical copies (`RawVec<T>::grow_one` for types of one size) under one
  // type's name, which may be a type of code this module does not have (the CSV's in the validate one).
  for (const [part, size] of borrowed) {
    const owner = sizes.get(part) > 0 ? part : 'std';
    sizes.set(owner, sizes.get(owner) + size);
  }
  if (unmatched.length) {
    unmatched.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
    console.warn(`anatomy: ${entry}: no part's rule takes ${unmatched.length} items (the "unsorted" row), such as:\n${unmatched.slice(0, 10).map(([s, n]) => `  ${s} ${n}`).join('\n')}\nadd a rule to PARTS in scripts/anatomy.mjs`);
  }
  const pieces = splitData(module);
  if (process.argv.includes('--data')) {
    // The data's pieces, largest first, with who reads them: for whoever works on size next.
    console.log(`${entry}: data pieces`);
    for (const x of [...pieces].sort((x, y) => y.bytes.length - x.bytes.length).slice(0, 40)) {
      const peek = x.text * 2 > x.bytes.length ? JSON.stringify(x.bytes.toString('utf8', 0, 40)) : x.bytes.subarray(0, 12).toString('hex');
      console.log(`  ${x.bytes.length} ${x.kind} (text ${x.text}) ${peek} read by ${[...x.readers].map(shortName).join(', ').slice(0, 160) || 'nothing'}`);
    }
  }
  let dataBytes = 0;
  const tables = new Map(); // part -> bytes of the other tables its code reads
  for (const piece of pieces) {
    const add = (kind, bytes) => {
      const part = PARTS.find((p) => p.data === kind).part;
      sizes.set(part, sizes.get(part) + bytes);
    };
    if (piece.kind === 'mixed') {
      add('text', piece.text);
      add('tables', piece.bytes.length - piece.text);
      // Whose tables: the part most of its readers belong to (the first in PARTS on a tie).
      const votes = new Map();
      for (const r of piece.readers) { const part = classify(r, module.exported); votes.set(part, (votes.get(part) ?? 0) + 1); }
      const reader = PARTS.map((p) => p.part).filter((p) => votes.has(p)).sort((x, y) => votes.get(y) - votes.get(x))[0] ?? null;
      if (reader) tables.set(reader, (tables.get(reader) ?? 0) + piece.bytes.length - piece.text);
    } else add(piece.kind, piece.bytes.length);
    dataBytes += piece.bytes.length;
  }
  // What twiggy counts for a segment beyond its bytes: its offset and length.
  if (dataBytes > dataSegments) fail(`${entry}: the data segments hold ${dataBytes} bytes, twiggy counts ${dataSegments}`);
  sizes.set('module structure', sizes.get('module structure') + dataSegments - dataBytes);
  const sum = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (sum !== total) fail(`${entry}: the parts add up to ${sum} bytes, the module has ${total}`);
  functions.sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
  return { entry, total, sizes, tables, functions: functions.slice(0, 10) };
}

// ---- the README's table

const kib = (bytes) => (bytes === 0 ? '—' : bytes < 0.05 * 1024 ? '< 0.1 KiB' : `${(bytes / 1024).toFixed(1)} KiB`);
const number = (bytes) => (bytes / 1024).toFixed(1);
const list = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const cell = (text) => text.replace(/\|/g, '\\|');

// A function's name as a reader wants it: no crate hashes, no `dynamic_users::`, a trait and the
// types of a generic's parameters without their paths, long ones cut.
export function shortName(name) {
  let n = unhash(name).replace(/dynamic_users::/g, '').replace(/ as (?:[a-z_][a-z0-9_]*::)+/g, ' as ');
  const generic = n.indexOf('::<');
  if (generic >= 0) n = n.slice(0, generic) + n.slice(generic).replace(/(?:[a-z_][a-z0-9_]*::)+(?=[A-Z])/g, '');
  return n.length > 80 ? `${n.slice(0, 79)}…` : n;
}

export function render(modules) {
  const [a, b] = modules;
  // Which parts read the other tables: those with at least 0.5 KiB of them in either module.
  const readers = PARTS.map((p) => p.part)
    .filter((p) => Math.max(a.tables.get(p) ?? 0, b.tables.get(p) ?? 0) >= 512)
    .sort((x, y) => (b.tables.get(y) ?? 0) - (b.tables.get(x) ?? 0));
  const what = (p) => (p.data === 'tables' && readers.length ? `${p.what}; read most by ${list(readers.map((r) => r.split(',')[0]))}` : p.what);
  const rows = PARTS.map((p) => ({ ...p, what: what(p), a: a.sizes.get(p.part), b: b.sizes.get(p.part) }))
    .filter((r) => r.a + r.b > 0)
    // Largest first in the validate module, then the parts only the main one has.
    .sort((x, y) => y.a - x.a || y.b - x.b || (x.part < y.part ? -1 : 1));
  const head = (m) => `\`${m.entry}\` (${(m.total / 1024).toFixed(1)} KiB raw)`;
  const lines = [
    `| part | what is in it | ${head(a)} | ${head(b)} |`,
    '| --- | --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.part} | ${cell(r.what)} | ${kib(r.a)} | ${kib(r.b)} |`),
    '',
    'The ten largest functions of each:',
    '',
    `| # | \`${a.entry}\` | KiB | \`${b.entry}\` | KiB |`,
    '| ---: | --- | ---: | --- | ---: |',
    ...a.functions.map((f, i) => {
      const g = b.functions[i];
      return `| ${i + 1} | \`${cell(shortName(f.name))}\` | ${number(f.size)} | ${g ? `\`${cell(shortName(g.name))}\`` : ''} | ${g ? number(g.size) : ''} |`;
    }),
  ];
  return lines.join('\n');
}

export const START = '<!-- anatomy:start';
export const END = '<!-- anatomy:end -->';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const table = render(MODULES.map(anatomy));
    console.log(table);
    if (!process.argv.includes('--print')) {
      const readme = join(root, 'README.md');
      const text = readFileSync(readme, 'utf8');
      // The start marker may say more before its `-->`.
      const start = text.indexOf('-->', text.indexOf(START)), end = text.indexOf(END);
      if (text.indexOf(START) < 0 || end < start) fail(`README.md has no ${START} … ${END}`);
      writeFileSync(readme, `${text.slice(0, start + 3)}\n${table}\n${text.slice(end)}`);
    }
  } catch (error) {
    console.error(`anatomy: ${error.message}`);
    process.exit(1);
  }
}
