"""Trunk post-build step: drop the `integrity` attribute from index.html's `<link rel="preload" as="fetch">`.

Chromium ignores subresource integrity on fetch preloads and says so on the console at every load ("The
`integrity` attribute is currently ignored for preload destinations that do not support subresource
integrity"); the .wasm it preloads is then fetched and instantiated by the module script, which is itself
checked. Runs on the staging directory (TRUNK_STAGING_DIR, or the path given).
"""

import os
import pathlib
import re
import sys

staging = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"])
index = staging / "index.html"
html = index.read_text()
PRELOAD = re.compile(r'<link rel="preload"[^>]*>')
INTEGRITY = re.compile(r'\s+integrity="[^"]*"')
html, n = PRELOAD.subn(lambda m: INTEGRITY.sub("", m.group(0)) if 'as="fetch"' in m.group(0) else m.group(0), html)
index.write_text(html)
print(f"preload_integrity.py: {n} preload link(s) checked")
