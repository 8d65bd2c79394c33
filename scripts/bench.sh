#!/usr/bin/env bash
# Every benchmark: native (cargo bench), in headless Chromium (kernel, default run, largest run, load,
# responsiveness, bundle size) and the numpy comparison. Installs numpy with pip if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
python3 -c "import numpy, threadpoolctl" 2>/dev/null || python3 -m pip install --quiet numpy threadpoolctl
cargo bench --locked --bench engine
trunk build --release --offline
node e2e/bench.mjs
