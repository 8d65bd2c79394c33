"""Trunk post-build step: call the worker's wasm-bindgen initializer the current way.

Trunk 0.21's worker loader shim calls `wasm_bindgen("./x_bg.wasm")`, a positional argument that wasm-bindgen
0.2.9x still accepts but reports as deprecated on the console ("using deprecated parameters for the
initialization function; pass a single object instead"). This rewrites each `*_loader.js` in the staging
directory (TRUNK_STAGING_DIR, or the path given) to `wasm_bindgen({ module_or_path: "./x_bg.wasm" })`, and
fails loudly if a loader does not have the expected shape.
"""

import os
import pathlib
import re
import sys

staging = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"])
CALL = re.compile(r'wasm_bindgen\((["\'][^"\']+_bg\.wasm["\'])\)')

loaders = sorted(staging.glob("*_loader.js"))
for path in loaders:
    text = path.read_text()
    fixed, n = CALL.subn(r"wasm_bindgen({ module_or_path: \1 })", text)
    if n != 1 and "module_or_path" not in text:
        sys.exit(f"worker_loader.py: {path.name} does not call wasm_bindgen(\"…_bg.wasm\") once: {text!r}")
    path.write_text(fixed)
print(f"worker_loader.py: {len(loaders)} loader(s) call wasm_bindgen with an object")
