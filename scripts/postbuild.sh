#!/usr/bin/env bash
# Trunk's post-build hook (hooks of one stage run concurrently, so the order is kept here): first the worker
# loader's initializer call (worker_loader.py) and the fetch preloads' ignored integrity (preload_integrity.py),
# then the Content-Security-Policy (csp.py rewrites index.html),
# then the service worker (service_worker.py lists and hashes the final files).
set -euo pipefail
dir="$(dirname "$0")"
python3 "$dir/worker_loader.py" "$@"
python3 "$dir/preload_integrity.py" "$@"
python3 "$dir/csp.py" "$@"
python3 "$dir/service_worker.py" "$@"
