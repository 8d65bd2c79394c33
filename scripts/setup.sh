#!/usr/bin/env bash
# Install what building (and, with `test`, testing) Initscope needs — each step skipped when already done.
# Only package registries are used: rustup's target, crates.io (trunk, wasm-bindgen-cli; leptosfmt for
# `test`), npm (binaryen's wasm-opt; playwright-core and puppeteer-core, which download no browser) and Debian
# (chromium, chromium-driver, firefox-esr, webkit2gtk-driver, xvfb).
# Usage: scripts/setup.sh [serve|test]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-serve}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
LEPTOSFMT_VERSION=0.1.33
# wasm-bindgen-cli must match the wasm-bindgen crate that Cargo.lock pins, exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! command -v rustfmt >/dev/null || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION\$"; then
  say "installing wasm-bindgen-cli $WBG_VERSION (about 2 minutes)"
  # Not --locked: its own lockfile names a crate version the registry may lack.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
  npm install --global --no-fund --no-audit "binaryen@$BINARYEN_VERSION"
fi

say "fetching crates"
cargo fetch --locked >/dev/null

if [ "$what" = test ]; then
  if ! leptosfmt --version 2>/dev/null | grep -q " $LEPTOSFMT_VERSION\$"; then
    say "installing leptosfmt $LEPTOSFMT_VERSION (about 3 minutes)"
    cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked --force
  fi
  # Chromium for most end-to-end tests; Firefox ESR (driven over WebDriver BiDi) and WebKit's MiniBrowser
  # (WebKitWebDriver, under Xvfb) for the cross-engine suite, e2e/engines.test.mjs.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! command -v firefox-esr >/dev/null || ! command -v WebKitWebDriver >/dev/null \
    || ! command -v xvfb-run >/dev/null; then
    say "installing Chromium, chromedriver, Firefox ESR, WebKitWebDriver and Xvfb from Debian"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver firefox-esr \
      webkit2gtk-driver xvfb xauth >/dev/null
  fi
  if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/puppeteer-core ] \
    || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
    say "installing the end-to-end test's npm packages"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-fund --no-audit)
  fi
fi
say "ready ($what)"
