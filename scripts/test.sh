#!/usr/bin/env bash
# Run every test Initscope has, installing what is missing first (scripts/setup.sh test):
# rustfmt and leptosfmt (the view! macros), no import cycle between files (scripts/acyclic.py), clippy
# (native and wasm32, warnings denied), native unit and integration tests, component tests in headless
# Chromium (wasm-bindgen-test), the release build of the site, and the end-to-end tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step() { printf '\n\033[1;34m== %s\033[0m\n' "$1"; shift; "$@"; }

step "rustfmt" cargo fmt --all -- --check
step "leptosfmt" leptosfmt --check web/src
step "no import cycle between files" python3 scripts/acyclic.py
step "the engine crate has no web dependencies" bash -c \
  "! cargo tree --locked -p initscope -e normal --target all | grep -E 'leptos|web-sys|wasm-bindgen|js-sys'"
step "clippy (native)" cargo clippy --locked --workspace --all-targets -- -D warnings
step "clippy (wasm32)" cargo clippy --locked --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings
step "native tests" bash -o pipefail -c "cargo test --locked --workspace 2>&1 | tee -a '$log'"
step "component tests in headless Chromium" bash -o pipefail -c "cargo test --locked -p initscope-web --target wasm32-unknown-unknown --test web 2>&1 | tee -a '$log'"
step "release build (site and CLI)" bash -o pipefail -c "trunk build --release --offline && cargo build --locked --release --bin initscope"
step "end-to-end tests in headless Chromium" bash -o pipefail -c "cd e2e && node --test --test-concurrency=1 . 2>&1 | tee -a '$log'"

passed=$(grep -hoE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -hoE '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
e2e_pass=$(grep -hoE '^# pass [0-9]+' "$log" | awk '{s += $3} END {print s + 0}')
e2e_fail=$(grep -hoE '^# fail [0-9]+' "$log" | awk '{s += $3} END {print s + 0}')
printf '\nsuites: %d passed, %d failed\n' $((passed + e2e_pass)) $((failed + e2e_fail))
