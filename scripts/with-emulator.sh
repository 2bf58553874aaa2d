#!/usr/bin/env bash
# Runs a command with the local Dynamic API emulator up: starts it on a free port, exports
# DYNAMIC_USERS_EMULATOR_URL, _TOKEN and _ENVIRONMENT, runs the command, stops the emulator.
# Extra emulator flags go in EMULATOR_ARGS. The per-IP bulk limit is off unless EMULATOR_ARGS
# sets --bulk-requests-per-minute (the emulator's default, the API's 150 a minute, would throttle
# test imports).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/dynamic-users-emulator
[ -x "$bin" ] || cargo build --release -p dynamic-users-emulator

info=$(mktemp)
log=target/emulator.log
limit=(--bulk-requests-per-minute 0)
case " ${EMULATOR_ARGS:-} " in *" --bulk-requests-per-minute"[=\ ]*) limit=() ;; esac
# shellcheck disable=SC2086
"$bin" --port 0 "${limit[@]}" ${EMULATOR_ARGS:-} >"$info" 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$info"' EXIT
for _ in $(seq 200); do
  [ -s "$info" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "with-emulator: the emulator did not start:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.05
done
line=$(head -n 1 "$info")
. scripts/emulator-field.sh
export DYNAMIC_USERS_EMULATOR_URL DYNAMIC_USERS_EMULATOR_TOKEN DYNAMIC_USERS_EMULATOR_ENVIRONMENT
DYNAMIC_USERS_EMULATOR_URL=$(emulator_field "$line" url)
DYNAMIC_USERS_EMULATOR_TOKEN=$(emulator_field "$line" token)
DYNAMIC_USERS_EMULATOR_ENVIRONMENT=$(emulator_field "$line" environmentIds.0)
"$@"
