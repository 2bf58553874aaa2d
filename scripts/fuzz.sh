#!/usr/bin/env bash
# Fuzzes every target in fuzz/ for SECONDS each (default 60; `make test` uses a short budget,
# `make fuzz` a longer one). libFuzzer through cargo-fuzz, on the nightly toolchain the machine
# has. A crash fails the run; its input stays in fuzz/artifacts/<target>/ to become a regression
# test. Seed corpora (small, committed) are in fuzz/corpus/<target>/; what a run learns goes to
# target/fuzz-corpus/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-60}
targets=(validate json address csv answers import)

rustup toolchain list | grep -q '^nightly' || { echo "fuzz: the nightly toolchain is missing (rustup toolchain install nightly)" >&2; exit 1; }
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --version 0.13.2

summary=()
for target in "${targets[@]}"; do
  mkdir -p "target/fuzz-corpus/$target"
  log="target/fuzz-$target.log"
  if ! cargo +nightly fuzz run --fuzz-dir fuzz "$target" "target/fuzz-corpus/$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target crashed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  summary+=("$target: ${runs:-?} runs, 0 crashes")
done
printf 'fuzz: %s\n' "${summary[@]}"
