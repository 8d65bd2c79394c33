#!/usr/bin/env bash
# Build the deployable site into dist/ (installing what is missing first): a folder of static files with
# relative URLs that works from any path of any static host — the root of a domain, a course page, a
# project page such as https://example.org/initscope/. Copy dist/ there; nothing else is needed.
# Usage: scripts/build.sh [--dist DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh serve
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --release --offline "$@"
echo "built: $(du -sh "${DIST:-dist}" | cut -f1) in dist/ — serve it from any path, e.g. python3 -m http.server -d dist"
