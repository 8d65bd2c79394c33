#!/usr/bin/env bash
# Serve Initscope locally at http://127.0.0.1:8080 (installing what is missing first). Opens no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh serve
export PATH="$HOME/.cargo/bin:$PATH"
exec trunk serve --offline "$@"
