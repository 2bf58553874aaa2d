// src/wasm/input.rs holds src/wasm/utf8.wat assembled (UTF8_WASM): this holds the two together, so
// that the bytes shipped are the commented source's. binaryen's wasm-as and wasm-opt (the npm
// package the build uses) assemble it again; Node 20 cannot run the module (no wasm GC), Chromium
// runs it in validateBulkUsers (tests/wasm.rs and bench/ab.mjs compare its reports).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

test('UTF8_WASM in src/wasm/input.rs is src/wasm/utf8.wat assembled', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'utf8-wat-'));
  const features = ['--enable-gc', '--enable-reference-types'];
  execFileSync(bin('wasm-as'), [...features, path.join(root, 'src/wasm/utf8.wat'), '-o', path.join(dir, 'a.wasm')]);
  execFileSync(bin('wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', ...features, path.join(dir, 'a.wasm'), '-o', path.join(dir, 'b.wasm')]);
  const assembled = [...fs.readFileSync(path.join(dir, 'b.wasm'))];
  fs.rmSync(dir, { recursive: true });
  const source = fs.readFileSync(path.join(root, 'src/wasm/input.rs'), 'utf8');
  const array = source.match(/const UTF8_WASM: &\[u8\] = &\[([^\]]*)\];/);
  assert.ok(array, 'UTF8_WASM not found in src/wasm/input.rs');
  const held = array[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  assert.deepEqual(held, assembled);
});
