// Shared set-up for the end-to-end tests: a static server for the built site (dist/), Debian's Chromium
// driven by playwright-core, and the native CLI for reference numbers. Everything stays on 127.0.0.1.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join, extname, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
// INITSCOPE_DIST serves another build folder (e.g. `trunk build --release --offline --dist /tmp/d`).
const DIST = process.env.INITSCOPE_DIST ? resolve(process.env.INITSCOPE_DIST) : join(ROOT, 'dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png' };

/**
 * Serve dist/ on an ephemeral loopback port; resolves to { url, close }. Options: `prefix` serves the site
 * under a sub-path (e.g. '/initscope/', as a project page would be), `transform(path, body, request)` may
 * rewrite a file on its way out (e.g. to stand in for a new build), `extra` adds files by path ('/x.js':
 * text) that only the tests serve.
 */
export async function serveDist({ prefix = '/', transform = null, extra = {} } = {}) {
  const server = createServer(async (req, res) => {
    const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!full.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    const path = '/' + full.slice(prefix.length);
    if (path in extra) { res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/plain' }).end(extra[path]); return; }
    let file = join(DIST, path === '/' ? 'index.html' : path);
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      if (transform) body = transform(path, body, req);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

/** Launch headless Chromium (Debian's package; no browser download). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A new page that records console errors and dialogs (an alert() would mean injected script ran). */
export async function openPage(browser, url, viewport = { width: 1366, height: 1000 }) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.dialogs = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('dialog', async (d) => { page.dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(url);
  await page.waitForSelector('#layer-stats tbody tr', { state: 'attached' });
  return page;
}

/** Run the native CLI (built by the test command): its output as text. */
export function cliText(args) {
  const bin = process.env.INITSCOPE_BIN ?? join(ROOT, 'target', 'release', 'initscope');
  return execFileSync(bin, args, { encoding: 'utf8' });
}

/** Run the native CLI and parse its JSON. */
export function cli(args) {
  return JSON.parse(cliText(args));
}

/** Every row of the layer table as { layer, field: value-string }. */
export async function tableRows(page) {
  // Var(∂L/∂W) is computed only while the table is open: open it, and wait for the run that has it.
  await page.$eval('details.table-card', (d) => { d.open = true; });
  await page.waitForFunction(() => document.querySelector('#layer-stats')?.dataset.weightGrads === 'true'
    && document.querySelector('.results')?.dataset.busy !== 'true', null, { timeout: 60000 });
  return page.$$eval('#layer-stats tbody tr', (rows) => rows.map((tr) => {
    const row = { layer: Number(tr.dataset.layer) };
    for (const td of tr.querySelectorAll('td[data-field]')) row[td.dataset.field] = td.dataset.value;
    return row;
  }));
}

/** Fraction of the canvas's pixels that are not white. */
export async function inkFraction(page, selector) {
  return page.$eval(selector, (c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245) ink++;
    return ink / (data.length / 4);
  });
}

/** Protocol frames (src/protocol): [tag, text, Float64Array]. 1 = Simulate ([id, spread seeds, jacobian,
 * progressive, ∂L/∂W]; progressive, as the Lab sends them, whose worker has the helper); 4 = Bench ([2] = the counters); 101 Ready, 103 Result ([id, stage, ms, …]), 106
 * Bench values (names on the text's lines). Installs `window.__client(url)` in the page: a fresh worker with
 * `ready()`, `simulate(query, weightGrads)` (its complete result), `counters()` and `close()`. */
export async function installWorkerClient(page) {
  await page.evaluate(() => {
    window.__client = (url) => {
      const w = new Worker(url);
      const waiting = [];
      let ready;
      const isReady = new Promise((ok) => { ready = ok; });
      w.onmessage = (e) => {
        const [tag, text, data] = e.data;
        if (tag === 101) ready();
        if (tag === 103 && data[1] === 2) waiting.shift()?.({ data: Array.from(data) });
        if (tag === 106) waiting.shift()?.(Object.fromEntries(text.split('\n').map((n, i) => [n, data[i]])));
        if (tag === 107) waiting.shift()?.({ error: text });
      };
      let id = 0;
      const ask = (msg) => new Promise((ok) => { waiting.push(ok); w.postMessage(msg); });
      return {
        ready: () => isReady,
        simulate: (query, weightGrads = true, progressive = true) => {
          id += 1;
          return ask([1, query, new Float64Array([id, 0, 0, progressive ? 1 : 0, weightGrads ? 1 : 0])]);
        },
        counters: () => ask([4, '', new Float64Array([2])]),
        close: () => w.terminate(),
      };
    };
  });
}

/** Poll the counters until the helper is up (it starts after the first run). */
export async function helperUp(page, name) {
  return page.evaluate(async (name) => {
    for (let i = 0; i < 100; i++) {
      const c = await window[name].counters();
      if (c.helper_ready === 1) return c;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    return window[name].counters();
  }, name);
}
