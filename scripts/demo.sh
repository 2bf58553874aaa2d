#!/usr/bin/env bash
# The demo: the local API emulator with demo users, and the dashboard (www/) served with the
# built package. Prints one URL to open; Ctrl-C (or SIGTERM) stops both.
# Needs pkg/ and the emulator binary (`make demo` builds them first).
set -euo pipefail
cd "$(dirname "$0")/.."

emulator=target/release/dynamic-users-emulator
[ -f pkg/index.js ] || { echo "demo: pkg/ is missing: run 'make pkg' first" >&2; exit 1; }
[ -x "$emulator" ] || { echo "demo: $emulator is missing: run 'make emulator-bin' first" >&2; exit 1; }

tmp=$(mktemp -d)
mkdir -p target
pids=()
cleanup() {
  trap - EXIT INT TERM
  # Children get SIGTERM (both exit 0 on it) and are waited for: no orphans.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo; echo "demo: stopping"; exit 130' INT
trap 'exit 143' TERM

# launch NAME LOG CMD…: starts CMD in the background and waits for the first line it prints on
# stdout (both programs print where they listen). Fails if CMD exits first (port taken, …).
launch() {
  local name=$1 log=$2
  shift 2
  : >"$tmp/$name.out" # exists before the loop reads it
  "$@" >>"$tmp/$name.out" 2>"$log" &
  local pid=$!
  for _ in $(seq 200); do
    if [ "$(wc -l <"$tmp/$name.out")" -ge 1 ]; then
      pids+=("$pid")
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.05
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 1
}

emulator_log=target/demo-emulator.log
# No --bulk-requests-per-minute: the demo keeps the API's 150 a minute per IP, as a dashboard
# import meets it for real (the test launchers turn it off).
launch emulator "$emulator_log" "$emulator" --port 8787 --seed-demo ||
  launch emulator "$emulator_log" "$emulator" --port 0 --seed-demo ||
  { echo "demo: the emulator did not start:" >&2; cat "$emulator_log" >&2; exit 1; }
info=$(head -n 1 "$tmp/emulator.out")
. scripts/emulator-field.sh

# The connection defaults reach the page through serve-www's /config.json, never a URL; the
# token goes through the environment, not argv (argv shows in `ps`).
export DYNAMIC_USERS_API_URL DYNAMIC_USERS_TOKEN DYNAMIC_USERS_ENVIRONMENT
DYNAMIC_USERS_API_URL=$(emulator_field "$info" url)
DYNAMIC_USERS_TOKEN=$(emulator_field "$info" token)
DYNAMIC_USERS_ENVIRONMENT=$(emulator_field "$info" environmentIds.0)

server_log=target/demo-www.log
launch www "$server_log" node scripts/serve-www.mjs --port 8080 ||
  launch www "$server_log" node scripts/serve-www.mjs --port 0 ||
  { echo "demo: the web server did not start:" >&2; cat "$server_log" >&2; exit 1; }
url=$(sed -n '1s/^serving //p' "$tmp/www.out")

echo "API emulator: $DYNAMIC_USERS_API_URL (3 demo users; log: $emulator_log)"
echo
echo "  Open $url"
echo
echo "Ctrl-C stops the demo."

# Waits until either child exits (or a signal arrives: the traps above then clean up).
while kill -0 "${pids[0]}" 2>/dev/null && kill -0 "${pids[1]}" 2>/dev/null; do
  wait -n "${pids[@]}" 2>/dev/null || true
done
echo "demo: a server stopped unexpectedly; see $emulator_log and $server_log" >&2
exit 1
