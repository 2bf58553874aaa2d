// The README's "Where the bytes go" tables come from scripts/anatomy.mjs (`make anatomy`, which
// needs twiggy, so it is not part of the tests). What can go wrong without twiggy: the README's
// rows no longer being the script's parts, a reordering of the name rules sending code to another
// part, and the data recognisers missing a table the build changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { END, MODULES, PARTS, START, classify, readModule, splitData, unhash } from '../../scripts/anatomy.mjs';

const root = new URL('../../', import.meta.url);

test("every row of the README's anatomy table is one of the script's parts, as it describes it", () => {
  const readme = fs.readFileSync(new URL('README.md', root), 'utf8');
  const start = readme.indexOf(START), end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, `README.md has no ${START} … ${END}`);
  const rows = readme.slice(start, end).split('\n\n')[0].split('\n').filter((l) => l.startsWith('| ')).slice(2);
  assert.ok(rows.length >= 10, 'the anatomy table has too few rows');
  for (const row of rows) {
    const [part, what] = row.split(' | ').map((c) => c.replace(/^\| /, ''));
    const known = PARTS.find((p) => p.part === part);
    assert.ok(known, `README row "${part}" is not a part of scripts/anatomy.mjs: run make anatomy`);
    assert.ok(what.startsWith(known.what.replace(/\|/g, '\\|')), `README row "${part}" describes it otherwise than the script: run make anatomy`);
  }
});

test("rustc's crate hashes leave the names, whatever their length; indices stay", () => {
  // rustc drops a hash's leading zeros: a 15-digit one sent a whole module to "unsorted".
  assert.equal(unhash('<dynamic_users[7fa0342cb2694c5]::validate::reader::ValueSeed>::string'), '<dynamic_users::validate::reader::ValueSeed>::string');
  assert.equal(unhash('keccak[784f66dcf1007e2c]::keccak_p::<u64>'), 'keccak::keccak_p::<u64>');
  assert.equal(classify(unhash('elem[0]')), 'module structure');
  assert.equal(classify(unhash('type[12]: (i32) -> nil')), 'module structure');
});

test('the name rules put generic and exported code with the part that uses it', () => {
  const exported = new Set(['validateBulkUsers']);
  const cases = [
    ['core::ptr::drop_glue::<dynamic_users::wasm::import::run_import::{closure#0}>', 'import engine'],
    ['<&mut dynamic_users::json::reader::Reader as serde_core::de::Deserializer>::deserialize_any::<dynamic_users::validate::reader::ObjectSeed>', 'validation'],
    ['<dynamic_users::json::reader::Reader>::tree_value', 'JSON reader and writer'],
    ['<alloc::raw_vec::RawVec<dynamic_users::csv::CsvRow>>::grow_one', 'CSV'],
    ['dynamic_users::wasm::csv::fix_users', 'fixes'],
    ['<dynamic_users::validate::custom_fields::CustomFields>::from_json', "the environment's custom fields"],
    ['dynamic_users::wasm::transport::send::{closure#0}', 'HTTP client'],
    ['<js_sys::futures::queue::Queue>::new', 'async runtime'],
    ['keccak::keccak_p::<u64>', 'address codecs, SHA-256, Keccak'],
    ['dynamic_users::wasm::input::read_json', 'JavaScript boundary'],
    ['validateBulkUsers multivalue shim', 'JavaScript boundary'],
    ['<talc::base::Talc<talc::wasm::WasmGrowAndExtend, talc::wasm::WasmBinning>>::allocate', 'std'],
    ['<str>::trim_matches::<<char>::is_whitespace>', 'std'],
    ['import ./dynamic_users_bg.js::__wbg_call_f0592c01b4d356b7', 'module structure'],
  ];
  for (const [name, part] of cases) assert.equal(classify(name, exported), part, name);
});

for (const { entry, name } of MODULES) {
  test(`${entry}: the data's country names and letters table are recognised`, () => {
    const module = readModule(fs.readFileSync(new URL(`target/bindgen/${name}/web/${name}_bg.wasm`, root)));
    const pieces = splitData(module);
    const bytes = (kind) => pieces.filter((p) => p.kind === kind).reduce((sum, p) => sum + p.bytes.length, 0);
    assert.equal(
      pieces.reduce((sum, p) => sum + p.bytes.length, 0),
      module.segments.reduce((sum, s) => sum + s.bytes.length, 0),
      'the pieces do not add up to the data segments',
    );
    // src/validate/letters.rs: two [u16; 770] and a [u32; 64]; src/validate/country_names.rs: 4 KiB of names.
    assert.ok(bytes('letters') >= 2 * 1540 + 250, `only ${bytes('letters')} bytes of the letters table found`);
    assert.ok(bytes('letters') < 4096, `${bytes('letters')} bytes taken for the letters table`);
    assert.ok(bytes('country') >= 4000, `only ${bytes('country')} bytes of country names found`);
  });
}
