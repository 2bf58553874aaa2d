// Keeps in a wasm-bindgen .d.ts only the declarations its exports reach: the validate entry's
// module is built from the same crate as the full one, and the types the crate derives (responses,
// import reports, client errors) are declared in every build. Usage:
//   node scripts/prune-dts.mjs FILE [ALSO_KEEP...]   (rewrites FILE)
// Exported functions, classes and constants (and wasm-bindgen's init declarations) are the roots; ALSO_KEEP
// names more roots (request types a form page types its values with). A reference is any
// capitalised identifier outside comments and strings that names a declaration of the file.
import fs from 'node:fs';

const [file, ...alsoKeep] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n');

// Top-level items start at column 0 with `/**` (a doc comment) or `export`; everything up to
// the next start belongs to the item (wasm-bindgen indents the bodies).
const header = [];
const items = [];
let current = null;
let inDoc = false;
for (const line of lines) {
  const startsDoc = line.startsWith('/**');
  const startsExport = line.startsWith('export ') || line.startsWith('declare ');
  if (!inDoc && (startsDoc || (startsExport && !(current && current.docOnly)))) {
    current = { lines: [], docOnly: startsDoc };
    items.push(current);
  }
  if (current) current.lines.push(line);
  else header.push(line);
  if (startsDoc && !line.includes('*/')) inDoc = true;
  else if (inDoc && line.includes('*/')) inDoc = false;
  if (current && startsExport) current.docOnly = false;
}

const strip = (source) => source
  .replace(/\/\*[\s\S]*?\*\//g, ' ')
  .replace(/\/\/[^\n]*/g, ' ')
  .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
for (const item of items) {
  const code = strip(item.lines.join('\n'));
  const m = code.match(/^\s*export\s+(?:declare\s+)?(?:default\s+)?(interface|type|function|class|const|enum)\s+([A-Za-z_$][\w$]*)/m);
  item.kind = m?.[1];
  item.name = m?.[2];
  item.refs = new Set(code.match(/\b[A-Z][\w$]*\b/g) ?? []);
}
// A name may have two declarations (a type and a `declare const` of one name: a class written as both).
const byName = new Map();
for (const item of items.filter((i) => i.name)) byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
const missing = alsoKeep.filter((name) => !byName.has(name));
if (missing.length) throw new Error(`prune-dts: ${file} declares no ${missing.join(', ')}`);

const keep = new Set();
const visit = (item) => {
  if (keep.has(item)) return;
  keep.add(item);
  for (const ref of item.refs) for (const named of byName.get(ref) ?? []) visit(named);
};
for (const item of items) if (!item.name || ['function', 'class', 'const'].includes(item.kind)) visit(item);
for (const name of alsoKeep) byName.get(name).forEach(visit);

const kept = items.filter((i) => keep.has(i));
fs.writeFileSync(file, [...header, ...kept.flatMap((i) => i.lines)].join('\n'));
const dropped = items.filter((i) => !keep.has(i)).map((i) => i.name);
console.log(`prune-dts: ${file}: kept ${kept.length} declarations, dropped ${dropped.length} (${dropped.join(', ')})`);
