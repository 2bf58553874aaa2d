#!/usr/bin/env bash
# Installs what the build and tests need, idempotently: quick when everything is already there.
#   rust     the wasm32 target, nightly's rust-src and wasm-bindgen-cli at the exact version Cargo.lock pins
#   runner   wasm-bindgen's test runner with its HTTP server's thread pool fixed (tools/wasm-test-runner)
#   browser  Debian's chromium and chromium-driver (headless tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  # The package's wasm is built by nightly with -Zbuild-std (scripts/build-pkg.sh), which needs
  # std's source; the fuzz targets use the same toolchain.
  if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
  fi
  if ! rustup component list --toolchain nightly --installed | grep -qx rust-src; then
    rustup component add rust-src --toolchain nightly
  fi
  # The CLI must match the wasm-bindgen crate exactly, so read the version from Cargo.lock.
  local want
  want=$(pinned_wasm_bindgen)
  [ -n "$want" ] || { echo "ensure-tools: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # Not --locked: the CLI's own lock file pins a dependency version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# The wasm-bindgen version Cargo.lock pins.
pinned_wasm_bindgen() {
  [ -f Cargo.lock ] || cargo generate-lockfile
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

runner() {
  local want dir=target/tools cargo_home=${CARGO_HOME:-$HOME/.cargo}
  want=$(pinned_wasm_bindgen)
  grep -qx "wasm-bindgen-cli = \"=$want\"" tools/wasm-test-runner/Cargo.toml ||
    { echo "ensure-tools: tools/wasm-test-runner/Cargo.toml must pin wasm-bindgen-cli = \"=$want\", as Cargo.lock does" >&2; exit 1; }
  local src=$dir/tiny_http-0.12.0 pool=$dir/tiny_http-0.12.0/src/util/task_pool.rs
  if [ ! -f "$src/.patched" ]; then
    local crate
    crate=$(ls "$cargo_home"/registry/cache/*/tiny_http-0.12.0.crate 2>/dev/null | head -1 || true)
    if [ -z "$crate" ]; then
      local tmp
      tmp=$(mktemp -d)
      mkdir "$tmp/src" && touch "$tmp/src/lib.rs"
      printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\ntiny_http = "=0.12.0"\n[workspace]\n' > "$tmp/Cargo.toml"
      cargo fetch --manifest-path "$tmp/Cargo.toml"
      rm -rf "$tmp"
      crate=$(ls "$cargo_home"/registry/cache/*/tiny_http-0.12.0.crate | head -1)
    fi
    rm -rf "$src" && mkdir -p "$dir" && tar -xzf "$crate" -C "$dir"
    # A new connection's task is queued when some thread waits for work; but a thread that was
    # already woken for an earlier task still counts as waiting until it takes that one, so a
    # burst of connections (a browser loading a page's modules) could queue tasks no thread
    # would take while the others served kept-alive connections. Queue only while more threads
    # wait than tasks are queued; otherwise start a thread.
    sed -i 's/if self.sharing.waiting_tasks.load(Ordering::Acquire) == 0 {/if self.sharing.waiting_tasks.load(Ordering::Acquire) <= queue.len() {/' "$pool"
    grep -q 'waiting_tasks.load(Ordering::Acquire) <= queue.len()' "$pool" ||
      { echo "ensure-tools: the tiny_http patch did not apply to $pool" >&2; exit 1; }
    touch "$src/.patched"
  fi
  cargo build --release --quiet --manifest-path tools/wasm-test-runner/Cargo.toml --target-dir "$dir/runner"
}

browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
  fi
}

for what in "$@"; do
  "$what"
done
