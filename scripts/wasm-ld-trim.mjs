#!/usr/bin/env node
// The package's linker (scripts/build-pkg.sh: `-Clinker=`): rust-lld, then rust-lld again without
// the exports nothing needs, so their code never reaches the module.
//
// Every `#[wasm_bindgen] extern` import of every crate linked in (js-sys declares thousands) comes
// with an exported `__wbindgen_describe___wbg_…` function that the wasm-bindgen CLI runs to learn the
// import's types, and rustc exports them all. The CLI deletes them afterwards, but what they pointed
// at stays: a describe of an import that takes a closure (`Int8Array::for_each`, …) takes its invoke
// shim's address, so the linker puts the shim in the function table, where neither the CLI nor
// wasm-opt can tell it is never called. Likewise js-sys's `__wbg_jspi_task_poll` keeps the JSPI
// task's waker vtable in the table; the CLI deletes the export when no export is
// `#[wasm_bindgen(jspi)]` (none is here), but not what it held. So: link once, read which `__wbg_…`
// functions the module imports (the ones the code calls), and link again exporting only their
// describes, and no `__wbg_jspi_task_poll` unless the code reaches JSPI's spawn imports otherwise.
// The CLI still finds a describe for every import, and the validate module loses 45 closure shims,
// the JSPI waker and what they call.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let args = process.argv.slice(2).flatMap((arg) =>
  // rustc passes a response file when the command line is too long: one argument a line, `\`-escaped.
  arg.startsWith('@')
    ? readFileSync(arg.slice(1), 'utf8').split('\n').filter(Boolean).map((line) => line.replace(/\\(.)/g, '$1'))
    : [arg],
);
if (args[0] === '-flavor') args = args.slice(2);
// rustc's own rust-lld. Without cargo's jobserver variables: its descriptors are not passed on.
const { CARGO_MAKEFLAGS, MAKEFLAGS, MFLAGS, ...env } = process.env;
const rustc = (...flags) => execFileSync('rustc', flags, { encoding: 'utf8', env });
const sysroot = rustc('--print', 'sysroot').trim();
const host = rustc('-vV').match(/^host: (.*)$/m)[1];
const lld = join(sysroot, 'lib', 'rustlib', host, 'bin', 'rust-lld');
const link = (list) => execFileSync(lld, ['-flavor', 'wasm', ...list], { stdio: 'inherit' });

link(args);
const out = args[args.indexOf('-o') + 1];
const imported = importNames(readFileSync(out));

// `--export NAME` or `--export=NAME`: kept unless it is a describe of a function not imported, or
// (with `dropPoll`) the JSPI poll.
const DESCRIBE = '__wbindgen_describe_';
const without = (dropPoll) => {
  const needed = (name) =>
    !(dropPoll && name === '__wbg_jspi_task_poll') &&
    !(name.startsWith(DESCRIBE + '__wbg_') && !imported.has(name.slice(DESCRIBE.length)));
  const kept = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--export' && i + 1 < args.length) {
      if (needed(args[i + 1])) kept.push(args[i], args[i + 1]);
      i++;
    } else if (args[i].startsWith('--export=')) {
      if (needed(args[i].slice('--export='.length))) kept.push(args[i]);
    } else {
      kept.push(args[i]);
    }
  }
  return kept;
};
link(without(true));
// The CLI stubs the JSPI spawn imports only where it finds the poll export: a module whose other
// code still reaches them (`spawn_local`, the main module) keeps it.
if ([...importNames(readFileSync(out))].some((name) => name.includes('__wbindgen_jspi_spawn_'))) link(without(false));

// The names of the functions a wasm module imports (its import section, id 2).
function importNames(bytes) {
  let at = 8;
  const u32 = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const name = () => {
    const length = u32();
    return bytes.toString('utf8', at, (at += length));
  };
  const names = new Set();
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 2) {
      for (let count = u32(); count > 0; count--) {
        name();
        const field = name();
        const kind = bytes[at++];
        if (kind === 0) {
          names.add(field);
          u32();
        } else {
          throw new Error(`wasm-ld-trim: ${out} imports a non-function (${field}); teach importNames its kind ${kind}`);
        }
      }
    }
    at = end;
  }
  return names;
}
