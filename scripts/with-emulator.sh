#!/usr/bin/env bash
# Runs a command with the local Dynamic API emulator up: starts it on a free port, exports
# DYNAMIC_USERS_EMULATOR_URL, _TOKEN and _ENVIRONMENT, runs the command, stops the emulator.
# Extra emulator flags go in EMULATOR_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/dynamic-users-emulator
[ -x "$bin" ] || cargo build --release -p dynamic-users-emulator

info=$(mktemp)
log=target/emulator.log
# shellcheck disable=SC2086
"$bin" --port 0 ${EMULATOR_ARGS:-} >"$info" 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$info"' EXIT
for _ in $(seq 200); do
  [ -s "$info" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "with-emulator: the emulator did not start:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.05
done
line=$(head -n 1 "$info")
field() { node -e 'const v = JSON.parse(process.argv[1]); const p = process.argv[2].split("."); let x = v; for (const k of p) x = x[k]; console.log(x)' "$line" "$1"; }
export DYNAMIC_USERS_EMULATOR_URL DYNAMIC_USERS_EMULATOR_TOKEN DYNAMIC_USERS_EMULATOR_ENVIRONMENT
DYNAMIC_USERS_EMULATOR_URL=$(field url)
DYNAMIC_USERS_EMULATOR_TOKEN=$(field token)
DYNAMIC_USERS_EMULATOR_ENVIRONMENT=$(field environmentIds.0)
"$@"
