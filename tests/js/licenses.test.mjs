// Supply chain: every crate in the wasm has a license we may ship, and the committed list is current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { allowed, crates, render } from '../../scripts/licenses.mjs';

test('every crate in the wasm has an allowed license, and THIRD-PARTY-LICENSES.md lists them', () => {
  const list = crates();
  assert.ok(list.length > 10);
  assert.deepEqual(list.filter((c) => !allowed(c.license)), []);
  assert.equal(fs.readFileSync(new URL('../../THIRD-PARTY-LICENSES.md', import.meta.url), 'utf8'), render(list), 'run node scripts/licenses.mjs');
});

test('the license check can fail', () => {
  assert.equal(allowed('GPL-3.0-only'), false);
  assert.equal(allowed('MIT OR GPL-3.0-only'), true);
  assert.equal(allowed('(MIT OR Apache-2.0) AND Unicode-3.0'), true);
  assert.equal(allowed('MIT AND GPL-2.0'), false);
});

test('the published package has no runtime dependencies', () => {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../pkg-template/package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.dependencies, undefined);
});
