// What each entry of the package weighs, gzip -9, as a browser downloads it; and the budgets
// tests/js/size.test.mjs holds them to. `node scripts/sizes.mjs --readme` (run by build-pkg.sh)
// writes the tables into README.md between `<!-- sizes:start` and `<!-- sizes:end -->`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PKG = path.join(root, 'pkg');

/** KB here is 1000 bytes. The size test asserts `limit`: the target once the entry meets it (so that
 * it does not grow back), else the ceiling, or where the entry is not under its ceiling yet, `guard`:
 * the size measured when the guard was set plus 2 %, which stops growth until the core is shrunk
 * (issue #20). Drop a guard as soon as its entry meets the ceiling. */
const budget = (target, ceiling, { guard, met = false } = {}) => ({ target, ceiling, guard, limit: guard ?? (met ? target : ceiling) });
export const BUDGETS = {
  // Under its ceiling since 2026-12-05 (58 703 bytes), not under its target.
  'dynamic-users/validate': budget(40_000, 60_000),
  // Under its ceiling since 2026-12-05 (137 622 bytes), under its target since the day's last session (118 374).
  'dynamic-users': budget(120_000, 140_000, { met: true }),
};

/** The files a browser downloads for each entry (its browser entry, web glue, snippets, wasm),
 * and the Node files, which replace the browser ones there. */
export function entries(pkg = PKG) {
  const snippets = (ext) => (fs.existsSync(path.join(pkg, 'snippets'))
    ? fs.readdirSync(path.join(pkg, 'snippets'), { recursive: true }).filter((f) => f.endsWith(ext)).map((f) => `snippets/${f}`).sort()
    : []);
  return [
    {
      name: 'dynamic-users/validate',
      browser: ['validate/index.js', 'validate/dynamic_users_validate.js', 'validate/dynamic_users_validate_bg.wasm'],
      node: ['validate/index.mjs', 'validate/dynamic_users_validate.cjs'],
    },
    {
      name: 'dynamic-users',
      browser: ['index.js', 'dynamic_users.js', ...snippets('.js'), 'dynamic_users_bg.wasm'],
      node: ['index.mjs', 'dynamic_users.cjs', ...snippets('.cjs')],
    },
  ];
}

const gzip = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;

/** Each entry with its files' raw and gzip -9 sizes and `browserGzip`, the sum a browser downloads
 * (each file compressed on its own, as a server sends them). */
export function measure(pkg = PKG) {
  return entries(pkg).map((entry) => {
    const size = (file) => {
      const buf = fs.readFileSync(path.join(pkg, file));
      return { file, raw: buf.length, gzip: gzip(buf) };
    };
    const browser = entry.browser.map(size);
    const node = entry.node.map(size);
    const sum = (files, key) => files.reduce((total, f) => total + f[key], 0);
    return { ...entry, browser, node, browserGzip: sum(browser, 'gzip'), browserRaw: sum(browser, 'raw'), budget: BUDGETS[entry.name] };
  });
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
// wasm-bindgen names the folder of the JavaScript the Rust code imports by a hash.
const shown = (file) => file.replace(/^snippets\/[^/]+\//, 'snippets/…/');

/** The README's tables, in markdown. */
export function tables(measured = measure()) {
  return [
    '| entry | a browser downloads (wasm + JS, gzip -9) | of which wasm | target | ceiling | limit held by the tests |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...measured.map((e) => {
      const wasm = e.browser.find((f) => f.file.endsWith('.wasm'));
      const { target, ceiling, guard, limit: held } = e.budget;
      const limit = guard !== undefined ? `${kb(guard)}: over the ceiling, a guard (size when set + 2 %)` : held === target ? 'the target' : 'the ceiling';
      return `| \`${e.name}\` | ${kb(e.browserGzip)} | ${kb(wasm.gzip)} | ${kb(target)} | ${kb(ceiling)} | ${limit} |`;
    }),
    '',
    '| entry | file | raw | gzip -9 |',
    '| --- | --- | ---: | ---: |',
    ...measured.flatMap((e) => [...e.browser, ...e.node].map((f) => `| \`${e.name}\` | \`${shown(f.file)}\` | ${kb(f.raw)} | ${kb(f.gzip)} |`)),
  ].join('\n');
}

export const README = path.join(root, 'README.md');
const BLOCK = /(<!-- sizes:start[^>]*-->)[\s\S]*?<!-- sizes:end -->/;

/** README.md's text with the size block replaced by `table`. */
export function withTables(readme, table) {
  if (!BLOCK.test(readme)) throw new Error('README.md has no sizes block');
  return readme.replace(BLOCK, (_, start) => `${start}\n${table}\n<!-- sizes:end -->`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const measured = measure();
  if (process.argv.includes('--readme')) {
    fs.writeFileSync(README, withTables(fs.readFileSync(README, 'utf8'), tables(measured)));
  }
  for (const e of measured) console.log(`sizes: ${e.name}: ${e.browserGzip} bytes gzip -9 (wasm + browser JS)`);
}
