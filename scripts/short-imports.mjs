// Gives a wasm module's imports one-letter names, in the module and in the glue that supplies them,
// and its exports too where the glue reaches them (`wasm.name`).
// wasm-bindgen names each import after its function and a hash (`__wbg_get_2080c49015e35254`, from
// module "./dynamic_users_bg.js"), and both the wasm and each glue file carry every name: the
// hashes are what gzip cannot squeeze (as in the exports of closures' shims, 300 characters each).
// Nothing outside the glue sees these names: the package's exports are the glue's functions.
//   node scripts/short-imports.mjs IN.wasm OUT.wasm GLUE.js...
// Each glue file must hold each import as one `name: function` key and each module as one
// `"module": importN` key, as wasm-bindgen writes them; anything else fails the build.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, ...glues] = process.argv.slice(2);
if (!input || !output || glues.length === 0) throw new Error('usage: short-imports.mjs IN.wasm OUT.wasm GLUE.js...');

const bytes = readFileSync(input);
let at = 8;
const leb = () => {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
};
const encode = (value) => {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
};
const name = () => {
  const length = leb();
  const text = bytes.toString('utf8', at, at + length);
  at += length;
  return text;
};
const string = (text) => Buffer.concat([encode(Buffer.byteLength(text)), Buffer.from(text)]);
// a … z, A … Z, then two letters: never `__proto__` or another key of the import objects.
const short = (i) => {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let text = '';
  do {
    text = letters[i % 52] + text;
    i = Math.floor(i / 52) - 1;
  } while (i >= 0);
  return text;
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const texts = glues.map((glue) => readFileSync(glue, 'utf8'));
const uses = (field) => new RegExp(`\\bwasm\\.${escape(field)}(?![\\w$])`, 'g');
// An export every glue file reaches, and only as `wasm.name`.
const reached = (field) => texts.every((js) => uses(field).test(js));
const parts = [bytes.subarray(0, 8)];
const exports = new Map();
const kept = new Set();
const modules = new Map();
const fields = new Map();
while (at < bytes.length) {
  const sectionStart = at;
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  if (id === 7) {
    // Exports: renamed where the glue reaches them, as `wasm.name`; kept otherwise.
    const count = leb();
    const payload = [encode(count)];
    for (let i = 0; i < count; i++) {
      const field = name();
      const start = at;
      at++;
      leb();
      // `memory` keeps its name: short already, and what a caller measuring the module reads.
      const to = field !== 'memory' && reached(field) ? short(exports.size) : field;
      if (to !== field) exports.set(field, to);
      if (kept.has(to)) throw new Error(`short-imports: two exports named ${to}`);
      kept.add(to);
      payload.push(string(to), bytes.subarray(start, at));
    }
    if (at !== end) throw new Error('short-imports: the export section did not read to its end');
    const section = Buffer.concat(payload);
    parts.push(Buffer.from([7]), encode(section.length), section);
    continue;
  }
  if (id !== 2) {
    parts.push(bytes.subarray(sectionStart, end));
    at = end;
    continue;
  }
  const count = leb();
  const payload = [encode(count)];
  for (let i = 0; i < count; i++) {
    const module = name();
    const field = name();
    if (!modules.has(module)) modules.set(module, short(modules.size));
    if (fields.has(field)) throw new Error(`short-imports: ${field} is imported twice`);
    fields.set(field, short(fields.size));
    // The import's description, copied as it is: its kind and what follows it.
    const start = at;
    const kind = bytes[at++];
    if (kind === 0 || kind === 4) {
      if (kind === 4) at++;
      leb();
    } else if (kind === 1 || kind === 2) {
      if (kind === 1) at++;
      const flags = leb();
      leb();
      if (flags & 1) leb();
    } else if (kind === 3) {
      at += 2;
    } else {
      throw new Error(`short-imports: an import of unknown kind ${kind}`);
    }
    payload.push(string(modules.get(module)), string(fields.get(field)), bytes.subarray(start, at));
  }
  if (at !== end) throw new Error('short-imports: the import section did not read to its end');
  const section = Buffer.concat(payload);
  parts.push(Buffer.from([2]), encode(section.length), section);
}
writeFileSync(output, Buffer.concat(parts));

glues.forEach((glue, i) => {
  let js = texts[i];
  const rename = (pattern, replacement, what) => {
    const found = js.match(new RegExp(pattern, 'g'))?.length ?? 0;
    if (found !== 1) throw new Error(`short-imports: ${glue} holds ${what} ${found} times, not once`);
    js = js.replace(new RegExp(pattern), replacement);
  };
  for (const [field, to] of fields) rename(`(?<=[\\s{,])${escape(field)}(?=: function\\b)`, to, field);
  for (const [module, to] of modules) rename(`"${escape(module)}"(?=: import\\d+,)`, to, `"${module}"`);
  for (const [field, to] of exports) js = js.replace(uses(field), `wasm.${to}`);
  writeFileSync(glue, js);
});
console.log(
  `short-imports: ${fields.size} imports of ${modules.size} module(s) and ${exports.size} exports renamed in ${output} and ${glues.length} glue file(s)`,
);
