#!/usr/bin/env bash
# Builds the npm package into pkg/ from the release wasm and pkg-template/.
# One size-optimised .wasm serves both glue files: wasm-bindgen's Node (CommonJS) and web (ESM)
# targets emit byte-identical modules, so the package ships it once.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

cargo build --release --target wasm32-unknown-unknown --lib
wasm=target/wasm32-unknown-unknown/release/dynamic_users.wasm
out=target/bindgen
rm -rf "$out" pkg
mkdir -p "$out" pkg
wasm-bindgen --target nodejs --out-dir "$out/node" "$wasm"
wasm-bindgen --target web --out-dir "$out/web" "$wasm"
cmp -s "$out/node/dynamic_users_bg.wasm" "$out/web/dynamic_users_bg.wasm" ||
  { echo "build-pkg: the node and web targets emitted different wasm; ship both" >&2; exit 1; }

# Features rustc enables by default for wasm32; Debian's binaryen is too old, hence the npm one.
# -O3, not -Oz: 3 % faster `validateBulkUsers` in wasm for 2 KB more (0.6 %).
wasm-opt -O3 --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue \
  -o pkg/dynamic_users_bg.wasm "$out/web/dynamic_users_bg.wasm"

cp "$out/node/dynamic_users.js" pkg/dynamic_users.cjs
cp "$out/web/dynamic_users.js" pkg/dynamic_users.js
# JavaScript the Rust code imports (src/wasm/*.js) is ES modules, which the web glue imports as
# they are; the Node glue require()s them, which Node before 20.19 cannot do with an ES module,
# so each also ships as CommonJS.
cp -r "$out/web/snippets" pkg/
for snippet in $(cd pkg && find snippets -name '*.js'); do
  names=$(sed -n 's/^export function \([A-Za-z_$][A-Za-z0-9_$]*\).*/\1/p' "pkg/$snippet" | paste -sd, -)
  [ -n "$names" ] && ! grep -q '^ *\(import\|export\) ' <(sed 's/^export function /function /' "pkg/$snippet") ||
    { echo "build-pkg: $snippet must export only functions ('export function name')" >&2; exit 1; }
  { sed 's/^export function /function /' "pkg/$snippet"; echo "module.exports = { $names };"; } > "pkg/${snippet%.js}.cjs"
  # wasm-bindgen writes require(String.raw`…`) for named imports and require("…") for namespace ones.
  sed -i -e "s#require(String.raw\`./$snippet\`)#require(String.raw\`./${snippet%.js}.cjs\`)#" \
    -e "s#require(\"./$snippet\")#require(\"./${snippet%.js}.cjs\")#" pkg/dynamic_users.cjs
done
! grep -qE "require\((String\.raw\`|\")\./snippets/[^\`\"]*\.js(\`|\")\)" pkg/dynamic_users.cjs ||
  { echo "build-pkg: the Node glue still requires an ES module snippet" >&2; exit 1; }
# wasm-bindgen declares `[Symbol.dispose]()` on classes, which only compiles with lib esnext:
# drop the declaration (the method is still there at run time) so the types work under any lib.
for dts in pkg/index.d.ts pkg/index.d.cts pkg/dynamic_users.d.ts; do
  src="$out/node/dynamic_users.d.ts"
  [ "$dts" = pkg/dynamic_users.d.ts ] && src="$out/web/dynamic_users.d.ts"
  grep -v '^ *\[Symbol\.dispose\]()' "$src" > "$dts"
done

# The entry files re-export exactly what the module exports, so they never drift from it.
exports=$(sed -n 's/^exports\.\([A-Za-z_$][A-Za-z0-9_$]*\) = .*/\1/p' pkg/dynamic_users.cjs | sort | paste -sd, - | sed 's/,/, /g')
[ -n "$exports" ] || { echo "build-pkg: found no exports in the Node glue" >&2; exit 1; }
for entry in index.js index.mjs; do
  sed "s/__EXPORTS__/$exports/" "pkg-template/$entry" > "pkg/$entry"
done

version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sed "s/__VERSION__/$version/" pkg-template/package.json > pkg/package.json
# The npm README is the template's intro plus the repository README's usage sections.
{ cat pkg-template/README.md; sed -n '/<!-- npm:start/,/<!-- npm:end/p' README.md | sed '1d;$d'; } > pkg/README.md
cp LICENSE THIRD-PARTY-LICENSES.md pkg/
echo "build-pkg: pkg/ holds dynamic-users $version ($(wc -c < pkg/dynamic_users_bg.wasm) bytes of wasm)"
