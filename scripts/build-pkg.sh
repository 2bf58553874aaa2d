#!/usr/bin/env bash
# Builds the npm package into pkg/ from pkg-template/ and two release builds of the crate:
#   dynamic-users           default features: everything (pkg/*)
#   dynamic-users/validate  --no-default-features: the pure validators only (pkg/validate/*)
# wasm-bindgen cannot link two modules, so each entry ships its own module (README, "The package").
# For each, one size-optimised .wasm serves both glue files: wasm-bindgen's Node (CommonJS) and web
# (ESM) targets emit byte-identical modules, so the package ships it once. Then the README's size
# tables are written from what was built (scripts/sizes.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

out=target/bindgen
rm -rf "$out" pkg
mkdir -p "$out" pkg/validate

# bind NAME DIR RUSTFLAGS CARGO_FLAGS...: builds the crate with CARGO_FLAGS (and RUSTFLAGS added) and writes DIR/NAME_bg.wasm,
# DIR/NAME.js (web glue), DIR/NAME.cjs (Node glue); target/bindgen/NAME keeps the wasm with names
# (for twiggy) and wasm-bindgen's outputs.
bind() {
  local name=$1 dir=$2 flags=$3
  shift 3
  # Nightly, to rebuild std for size (README, "Where the bytes go"): `optimize_for_size` picks std's
  # small variants of formatting, sorting and memchr, and `panic=immediate-abort` drops panic
  # messages and locations (a panic in wasm poisons the instance either way). Measured on the
  # validate module: 86.0 -> 77.4 KB gzip, `validateBulkUsers` at the same speed. Its own target
  # directory, so it never replaces the stable build's artifacts that the wasm tests use.
  # `size_opt` compiles the code that only runs for bad input for size (src/lib.rs).
  # Without reference types, exports return handles (u32) the glue resolves, never an externref:
  # Node 20's V8 crashes ("Fatal error … unreachable code" in DoComputeBuiltinContinuation) when
  # it lazily deoptimizes a function that inlined a JS-to-wasm call returning an externref, which
  # tests/js/hostile.test.mjs hit in 1 of 3 to 9 runs under load. 0.5 KB gzip smaller, too.
  # The linker is rust-lld run twice (scripts/wasm-ld-trim.mjs), the second time without the
  # exported describes of imports the code never calls, which kept js-sys's closure shims and JSPI
  # waker in the function table: 0.5 KB gzip off the validate entry, 0.2 KB off the main one.
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Ctarget-feature=-reference-types --cfg size_opt -Clinker=$PWD/scripts/wasm-ld-trim.mjs $flags" cargo +nightly build --release \
    --target wasm32-unknown-unknown --target-dir target/nightly \
    -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size --lib "$@"
  mkdir -p "$out/$name"
  # wasm-bindgen names its outputs after the input file.
  cp target/nightly/wasm32-unknown-unknown/release/dynamic_users.wasm "$out/$name/$name.wasm"
  wasm-bindgen --target nodejs --out-dir "$out/$name/node" "$out/$name/$name.wasm"
  wasm-bindgen --target web --out-dir "$out/$name/web" "$out/$name/$name.wasm"
  cmp -s "$out/$name/node/${name}_bg.wasm" "$out/$name/web/${name}_bg.wasm" ||
    { echo "build-pkg: the node and web targets emitted different wasm for $name; ship both" >&2; exit 1; }
  # The errors the wasm throws are instances of `DynamicUsersError`, a class src/wasm/host.js
  # defines (src/wasm/error.rs): both glue files export it, and so the entries re-export it. A
  # module without snippets (the validate one) gets the class's lines of host.js, for parse….
  local host="" class
  [ ! -d "$out/$name/web/snippets" ] || host=$(cd "$out/$name/web" && find snippets -path '*/src/wasm/host.js' | head -1)
  if [ -n "$host" ]; then
    echo "import { DynamicUsersError } from './$host'; export { DynamicUsersError };" >> "$out/$name/web/$name.js"
    printf 'const { DynamicUsersError } = require("./%s");\nexports.DynamicUsersError = DynamicUsersError;\n' "$host" >> "$out/$name/node/$name.js"
  else
    class=$(sed -n '/^export function DynamicUsersError/,/^\/\/ end of DynamicUsersError/p' src/wasm/host.js)
    [ -n "$class" ] || { echo "build-pkg: found no DynamicUsersError class in src/wasm/host.js" >&2; exit 1; }
    echo "$class" >> "$out/$name/web/$name.js"
    { echo "$class" | sed 's/^export function /function /'; echo 'exports.DynamicUsersError = DynamicUsersError;'; } >> "$out/$name/node/$name.js"
  fi
  # Typed validation (parse…, is…, Standard Schema objects): JavaScript over the validators.
  local typed
  typed=$(sed -n 's/^export const \([A-Za-z_$][A-Za-z0-9_$]*\) = .*/\1/p' pkg-template/typed.js)
  cat pkg-template/typed.js >> "$out/$name/web/$name.js"
  { sed 's/^export const /const /' pkg-template/typed.js; for n in $typed; do echo "exports.$n = $n;"; done; } >> "$out/$name/node/$name.js"
  # Imports renamed to letters in the module and in copies of both glue files: wasm-bindgen's
  # names carry a hash each (`__wbg_get_2080c49015e35254`), in the wasm and again in the glue
  # (scripts/short-imports.mjs). target/bindgen keeps the names, for twiggy and profiles.
  cp "$out/$name/web/$name.js" "$out/$name/short.js"
  cp "$out/$name/node/$name.js" "$out/$name/short.cjs"
  node scripts/short-imports.mjs "$out/$name/web/${name}_bg.wasm" "$out/$name/short.wasm" "$out/$name/short.js" "$out/$name/short.cjs"
  # Features rustc enables by default for wasm32; Debian's binaryen is too old, hence the npm one.
  # -O3, not -Oz: 3 % faster `validateBulkUsers` in wasm for 2 KB more (0.6 %). $wasm_opt_extra:
  # more flags for this module (below). The target_features section is only for linkers (0.1 KB
  # gzip): engines ignore it.
  wasm-opt -O3 ${wasm_opt_extra:-} --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-multivalue \
    -o "$dir/${name}_bg.wasm" "$out/$name/short.wasm"
  cp "$out/$name/short.cjs" "$dir/$name.cjs"
  # The module inlined for server.mjs (the entry for Node when a bundler builds the server, as
  # Next.js does: the bundle does not carry the .wasm file along), gzip -9 and base64: 176 KB of
  # text for the main entry instead of 405 KB, and gunzipSync takes about 2 ms.
  node -e 'const [file] = process.argv.slice(1), zlib = require("zlib");
    const bytes = zlib.gzipSync(require("fs").readFileSync(file), { level: 9 }).toString("base64");
    process.stdout.write(`// ${require("path").basename(file)}, gzip -9, base64: the module server.mjs instantiates.\nexport default "${bytes}";\n`);' \
    "$dir/${name}_bg.wasm" > "$dir/${name}_bg.wasm.gz.mjs"
  # The browser glue is what a page downloads as it is (an ESM CDN, a page without a bundler):
  # minified, 3.3 -> 2.1 KB gzip for the validate entry, 8.3 -> 5.0 KB for the main one. The Node
  # glue stays readable.
  terser "$out/$name/short.js" --module --compress --mangle --comments false -o "$dir/$name.js"
}

# LLVM inlines less than -O3's threshold of 250, as the validate entry does: 50 takes 5.0 KB gzip off
# the main entry against 100, with `validateBulkUsers` the same and the wasm part of `parseUsersCsv`
# 2 % slower, which the CSV reader's per-cell helpers marked `#[inline]` and the tape's UTF-16
# counting a word at a time more than make up (30 000 real-shaped rows, builds alternating in one
# Node process; README, "Where the bytes go"). 25 is only 0.3 KB smaller than 50.
# wasm-opt, on top: `--low-memory-unused` folds constant offsets into loads and stores (rustc puts
# the stack first, so the low 1 KB is the stack's far end and no wrapped address is ever valid), and
# `-ocimfs=25` inlines only the small functions of one caller, not every one (binaryen's default,
# which undid `#[inline(never)]`): 1.5 KB gzip off, `parseUsersCsv` and `validateBulkUsers` the same.
# No loop unrolling or unswitching, as the validate module (below): 2.1 KB gzip off, the same speed
# or faster (`validateBulkUsers` 0.976 x and 1.002 x, `parseUsersCsv` 0.960 x and 0.983 x in two
# series; 30 000 rows, builds alternating in one process, both orders).
wasm_opt_extra="--low-memory-unused --one-caller-inline-max-function-size=25" \
  bind dynamic_users pkg "-Cllvm-args=-inline-threshold=50 -Cllvm-args=-unroll-threshold=0 -Cllvm-args=-unroll-runtime=false -Cllvm-args=-unswitch-threshold=0"
# The validators alone: the same inlining as the main module (threshold 50, -ocimfs=25). 25 and
# -ocimfs=20 were 0.36 KB gzip smaller, but the entry then ran `validateBulkUsers` 1-1.5 % slower than
# the main one (100 000 real-shaped users, both entries and a second copy of each taking turns in one
# page and one Node process, 41-61 rounds, several runs; 2026-12-05), which the issue rules out;
# marking the few hot functions 25 left out of line `#[inline]` closed it only in Chromium.
# No loop unrolling (full or runtime) and no loop unswitching (both copy loop bodies): 1.46 KB
# gzip off, `validateBulkUsers` the same (30 000 real-shaped rows, one Node process, alternating,
# both orders: 0.997 x over 8 runs, 1.006 x over 6 more).
wasm_opt_extra="--low-memory-unused --one-caller-inline-max-function-size=25" \
  bind dynamic_users_validate pkg/validate "-Cllvm-args=-inline-threshold=50 -Cllvm-args=-unroll-threshold=0 -Cllvm-args=-unroll-runtime=false -Cllvm-args=-unswitch-threshold=0" --no-default-features
[ ! -e "$out/dynamic_users_validate/web/snippets" ] ||
  { echo "build-pkg: the validate module imports JavaScript snippets; ship them as pkg/ does" >&2; exit 1; }

# JavaScript the Rust code imports (src/wasm/*.js) is ES modules, which the web glue imports as
# they are; the Node glue require()s them, which Node before 20.19 cannot do with an ES module,
# so each also ships as CommonJS.
cp -r "$out/dynamic_users/web/snippets" pkg/
for snippet in $(cd pkg && find snippets -name '*.js'); do
  names=$(sed -n 's/^export function \([A-Za-z_$][A-Za-z0-9_$]*\).*/\1/p' "pkg/$snippet" | paste -sd, -)
  [ -n "$names" ] && ! grep -q '^ *\(import\|export\) ' <(sed 's/^export function /function /' "pkg/$snippet") ||
    { echo "build-pkg: $snippet must export only functions ('export function name')" >&2; exit 1; }
  { sed 's/^export function /function /' "pkg/$snippet"; echo "module.exports = { $names };"; } > "pkg/${snippet%.js}.cjs"
  # wasm-bindgen writes require(String.raw`…`) for named imports and require("…") for namespace ones.
  sed -i -e "s#require(String.raw\`./$snippet\`)#require(String.raw\`./${snippet%.js}.cjs\`)#" \
    -e "s#require(\"./$snippet\")#require(\"./${snippet%.js}.cjs\")#" pkg/dynamic_users.cjs
  # The browser's copy minified, as the glue is; the CommonJS copy for Node stays readable.
  terser "pkg/$snippet" --module --compress --mangle --comments false -o "pkg/$snippet"
done
! grep -qE "require\((String\.raw\`|\")\./snippets/[^\`\"]*\.js(\`|\")\)" pkg/dynamic_users.cjs ||
  { echo "build-pkg: the Node glue still requires an ES module snippet" >&2; exit 1; }

# wasm-bindgen declares `[Symbol.dispose]()` on classes, which only compiles with lib esnext:
# drop the declaration (the method is still there at run time) so the types work under any lib.
# Each also declares what the glue adds (pkg-template/typed.d.ts, and EXTRA).
# types NAME DIR [EXTRA]: DIR/index.d.ts and DIR/index.d.cts (the entries) and DIR/NAME.d.ts (the web glue).
types() {
  local name=$1 dir=$2 extra=${3:-}
  for dts in "$dir/index.d.ts" "$dir/index.d.cts" "$dir/$name.d.ts"; do
    src="$out/$name/node/$name.d.ts"
    [ "$dts" = "$dir/$name.d.ts" ] && src="$out/$name/web/$name.d.ts"
    { grep -v '^ *\[Symbol\.dispose\]()' "$src"; cat $extra pkg-template/typed.d.ts; } > "$dts"
  done
}
types dynamic_users pkg
# The validate module declares no error (its Rust has none), but its parse… functions throw one:
# the declarations of src/wasm/error.rs (ERROR_TS), as the main module has them.
sed -n '/^const ERROR_TS: &str = r#"$/,/^"#;$/p' src/wasm/error.rs | sed '1d;$d' > "$out/error.d.ts"
grep -q 'export declare const DynamicUsersError' "$out/error.d.ts" ||
  { echo "build-pkg: found no ERROR_TS declarations in src/wasm/error.rs" >&2; exit 1; }
types dynamic_users_validate pkg/validate "$out/error.d.ts"
# The validate module is built from the same crate, whose derived types (responses, import
# reports, client errors) are declared in every build: keep only what its exports reach, and the
# request types a form types its values with.
for dts in pkg/validate/index.d.ts pkg/validate/index.d.cts pkg/validate/dynamic_users_validate.d.ts; do
  node scripts/prune-dts.mjs "$dts" UserUpdate NewUser >/dev/null
done

# The entry files re-export exactly what the module exports, so they never drift from it.
# entry NAME DIR TEMPLATE_DIR
entry() {
  local name=$1 dir=$2 template=$3 exports
  exports=$(sed -n 's/^exports\.\([A-Za-z_$][A-Za-z0-9_$]*\) = .*/\1/p' "$dir/$name.cjs" | sort | paste -sd, - | sed 's/,/, /g')
  [ -n "$exports" ] || { echo "build-pkg: found no exports in the Node glue $dir/$name.cjs" >&2; exit 1; }
  for file in index.js index.mjs server.mjs workerd.js edge.js; do
    sed "s/__EXPORTS__/$exports/" "$template/$file" > "$dir/$file"
  done
  # What a browser downloads is minified, as the glue is: its comments were half its bytes (0.2 KB
  # gzip); pkg-template/ keeps them.
  terser "$dir/index.js" --module --compress --mangle --comments false -o "$dir/index.js"
}
entry dynamic_users pkg pkg-template
entry dynamic_users_validate pkg/validate pkg-template/validate
grep -q 'DynamicUsersClient\|parseUsersCsv' pkg/validate/index.mjs &&
  { echo "build-pkg: the validate entry exports more than the validators" >&2; exit 1; }

version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sed "s/__VERSION__/$version/" pkg-template/package.json > pkg/package.json
# The README's size tables come from this build; then the npm README is the template's intro plus
# the repository README's usage sections, with absolute links (scripts/npm-readme.mjs).
node scripts/sizes.mjs --readme
node scripts/npm-readme.mjs pkg-template/README.md README.md pkg/package.json pkg/README.md
cp LICENSE THIRD-PARTY-LICENSES.md CHANGELOG.md pkg/
# The command line (`npx dynamic-users …`): imports the package's own entry, ../index.mjs.
mkdir -p pkg/bin && cp -p pkg-template/bin/dynamic-users.mjs pkg/bin/
echo "build-pkg: pkg/ holds dynamic-users $version ($(wc -c < pkg/dynamic_users_bg.wasm) bytes of wasm; validate: $(wc -c < pkg/validate/dynamic_users_validate_bg.wasm))"
