// Gives a module's imports short names, in the wasm and in each glue file (scripts/build-pkg.sh):
//   node scripts/short-imports.mjs MODULE.wasm GLUE.js...
// wasm-bindgen names each import after its function and a 16-digit hash
// (`__wbg_stringify_0a0fbf2ef722380a`) and puts them all under the module "./<name>_bg.js": the
// names are in the wasm's import section and again as the keys of the glue's import object, and
// the hashes do not compress. Renamed to `a`, `b`, … under a module named `a`. Nothing else reads
// these names: the glue hands its import object to `WebAssembly.instantiate` and that is all.
// Each glue file must hold each old name exactly once as a key (`name:`) and the module's name once
// as `"module": import0`, or the build stops.
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmFile, ...glueFiles] = process.argv.slice(2);
if (!wasmFile || glueFiles.length === 0) throw new Error('usage: node scripts/short-imports.mjs MODULE.wasm GLUE.js...');
const fail = (message) => {
  throw new Error(`short-imports: ${message}`);
};

const bytes = readFileSync(wasmFile);
let at = 8;
const u32 = () => {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return value;
  }
};
const leb = (value) => {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
};
const name = () => {
  const length = u32();
  return bytes.toString('utf8', at, (at += length));
};
const encodeName = (text) => Buffer.concat([leb(Buffer.byteLength(text)), Buffer.from(text)]);
// a … z, A … Z, then two letters: JavaScript identifiers, so the glue's keys need no quotes.
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (i) => (i < LETTERS.length ? LETTERS[i] : shortName(Math.floor(i / LETTERS.length) - 1) + LETTERS[i % LETTERS.length]);

const parts = [bytes.subarray(0, 8)];
const renamed = new Map();
let moduleName = null;
while (at < bytes.length) {
  const start = at;
  const id = bytes[at++];
  const size = u32();
  const end = at + size;
  if (id !== 2) {
    parts.push(bytes.subarray(start, end));
    at = end;
    continue;
  }
  const entries = [];
  const count = u32();
  for (let i = 0; i < count; i++) {
    const module = name();
    const field = name();
    const descStart = at;
    const kind = bytes[at++];
    if (kind === 0) u32(); // a function: its type
    else fail(`${wasmFile} imports a non-function (${module} ${field}); only functions are renamed`);
    if (moduleName !== null && module !== moduleName) fail(`${wasmFile} imports from two modules (${moduleName}, ${module})`);
    moduleName = module;
    if (renamed.has(field)) fail(`${wasmFile} imports ${field} twice`);
    renamed.set(field, shortName(renamed.size));
    entries.push(Buffer.concat([encodeName('a'), encodeName(renamed.get(field)), bytes.subarray(descStart, at)]));
  }
  if (at !== end) fail(`${wasmFile}: the import section did not end where its size said`);
  const body = Buffer.concat([leb(count), ...entries]);
  parts.push(Buffer.concat([Buffer.from([2]), leb(body.length), body]));
}
if (moduleName === null) fail(`${wasmFile} has no imports`);
writeFileSync(wasmFile, Buffer.concat(parts));

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
for (const file of glueFiles) {
  let glue = readFileSync(file, 'utf8');
  for (const [from, to] of renamed) {
    const key = new RegExp(`(?<![\\w$])${escape(from)}:`, 'g');
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) fail(`${file} holds the import ${from} as a key ${found} times, not once`);
    glue = glue.replace(key, `${to}:`);
  }
  const moduleKey = `${JSON.stringify(moduleName)}: import0`;
  if (glue.split(moduleKey).length !== 2) fail(`${file} does not hold ${moduleKey} once`);
  writeFileSync(file, glue.replace(moduleKey, 'a: import0'));
}
