// Size budgets of the package's two entries (issue #20): what a browser downloads for each, wasm and
// JavaScript, gzip -9, measured on pkg/ as `make pkg` built it. Sizes are deterministic for a
// given toolchain, so a budget is a test. The budgets are in scripts/sizes.mjs, which also writes
// the README's size tables: this test checks that the README shows this build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BUDGETS, README, measure, tables, withTables } from '../../scripts/sizes.mjs';

const measured = measure();

for (const entry of measured) {
  test(`${entry.name}: a browser downloads at most ${entry.budget.limit} bytes (gzip -9)`, (t) => {
    const { limit, ceiling, guard } = BUDGETS[entry.name];
    // A guard is only for an entry over its ceiling: one under it is held to the ceiling.
    if (guard !== undefined) {
      assert.ok(guard > ceiling, `${entry.name}'s guard is under its ceiling: assert the ceiling`);
      if (entry.browserGzip <= ceiling) t.diagnostic(`${entry.name} now meets its ceiling (${entry.browserGzip} <= ${ceiling}): drop its guard in scripts/sizes.mjs`);
    }
    const files = entry.browser.map((f) => `${f.file} ${f.gzip}`).join(', ');
    assert.ok(entry.browserGzip <= limit, `${entry.name} is ${entry.browserGzip} bytes gzip -9 (${files}); its limit is ${limit}`);
  });
}

test('the validate entry is the smaller one', () => {
  const [validate, full] = measured;
  assert.ok(validate.browserGzip < full.browserGzip);
});

test("the README's size tables are this build's (written by make pkg)", () => {
  const readme = fs.readFileSync(README, 'utf8');
  assert.equal(readme, withTables(readme, tables(measured)), 'README.md is stale: run make pkg');
});
