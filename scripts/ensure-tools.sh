#!/usr/bin/env bash
# Installs what the build and tests need, idempotently: quick when everything is already there.
#   rust     the wasm32 target, nightly's rust-src and wasm-bindgen-cli at the exact version Cargo.lock pins
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
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  [ -n "$want" ] || { echo "ensure-tools: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # Not --locked: the CLI's own lock file pins a dependency version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$want"
  fi
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
