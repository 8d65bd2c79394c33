#!/usr/bin/env python3
"""Trunk post-build hook: give the built index.html a Content-Security-Policy <meta> that allows only the
page's own origin, WebAssembly compilation, and — by SHA-256 hash — the exact inline scripts Trunk emitted.

Styles allow 'unsafe-inline' because plotters measures text with a span it styles through setAttribute;
inline styles cannot run code. Runs on the staging directory Trunk passes in TRUNK_STAGING_DIR (or the path
given as the first argument).
"""
import base64
import hashlib
import os
import re
import sys

staging = sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"]
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
)
policy = (
    "default-src 'self'; "
    f"script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "worker-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
if '<meta charset="utf-8">' in html:
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n    ' + meta, 1)
else:
    html = html.replace("<head>", "<head>\n    " + meta, 1)
open(path, "w", encoding="utf-8").write(html)
print(f"csp.py: {len(scripts)} inline script(s) allowed by hash")
