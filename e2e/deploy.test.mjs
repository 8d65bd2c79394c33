// Deploy anywhere, work offline: the release build served under a sub-path (as a project page or a course
// site would serve it), then reloaded with the network cut, then replaced by a "new build".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, cli, tableRows } from './harness.mjs';

const cleanup = [];
after(async () => { for (const c of cleanup.reverse()) await c(); });

const Q = 'init=he-normal&activation=relu&depth=9&width=32&batch=8&seed=5';
const ARGS = ['simulate', '--init', 'he-normal', '--activation', 'relu', '--depth', '9', '--width', '32',
  '--batch', '8', '--seed', '5'];

async function labReady(page, rows) {
  await page.waitForFunction((n) => document.querySelectorAll('#layer-stats tbody tr').length === n, rows);
  await page.waitForSelector('#verdict[data-kind]');
}

async function samePreVarAsCli(page) {
  const json = cli(ARGS);
  const rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => Number(r.pre_var)), json.layers.map((l) => l.pre_var), 'page = CLI');
}

test('the site runs from a sub-path: every asset, the worker and the Lab resolve relative to it', async () => {
  const server = await serveDist({ prefix: '/courses/initscope/' });
  const browser = await launch();
  cleanup.push(() => server.close(), () => browser.close());
  assert.match(server.url, /\/courses\/initscope\/$/);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}?${Q}`);
  await labReady(page, 9);
  await samePreVarAsCli(page);
  assert.deepEqual(failed, [], 'no request outside the sub-path, none missing');
  assert.deepEqual(errors, []);
  // The build's own URLs are relative: nothing in index.html starts at the domain's root.
  const html = await (await fetch(server.url)).text();
  assert.doesNotMatch(html, /(src|href)="\/(?!\/)/, 'no root-absolute asset URL');
});

test('after one visit the app loads and runs with the network gone; a new build replaces the cache', async () => {
  let generation = 'A';
  const server = await serveDist({
    prefix: '/initscope/',
    transform: (path, body) => (path === '/sw.js'
      ? Buffer.from(String(body).replace(/const CACHE = "initscope-([0-9a-f]+)"/, `const CACHE = "initscope-$1${generation}"`))
      : body),
  });
  const browser = await launch();
  cleanup.push(() => server.close(), () => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${server.url}?${Q}`);
  await labReady(page, 9);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cachesA = await page.evaluate(() => caches.keys());
  assert.equal(cachesA.filter((k) => k.startsWith('initscope-')).length, 1, `one cache: ${cachesA}`);
  // Visiting other settings keeps one copy of the page, not one per query.
  const entries = () => page.evaluate(async () => (await (await caches.open((await caches.keys())[0])).keys()).map((r) => r.url));
  const before = await entries();
  for (const q of ['depth=10', 'depth=11', 'init=zero']) {
    await page.goto(`${server.url}?${q}`);
    await page.waitForFunction(() => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0);
  }
  await page.waitForTimeout(300);
  const after = await entries();
  assert.ok(!after.some((u) => u.includes('?')), `no entry per query: ${after.filter((u) => u.includes('?'))}`);
  assert.ok(after.length <= before.length + 1, `${before.length} entries, then ${after.length}`);

  // Offline: reload, and a different configuration still computes (the worker and its .wasm come from the cache).
  await context.setOffline(true);
  await page.goto(`${server.url}?${Q}`);
  await labReady(page, 9);
  await samePreVarAsCli(page);
  await page.goto(`${server.url}?init=xavier-normal&activation=tanh&depth=6&width=16&batch=4`);
  await labReady(page, 6);
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /default-src 'self'/, 'the cached page keeps its CSP');
  await context.setOffline(false);

  // A new build (a different cache name in sw.js): it installs, activates and deletes the old cache.
  generation = 'B';
  await page.evaluate(async () => { const r = await navigator.serviceWorker.getRegistration(); await r.update(); });
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    return keys.length === 1 && keys[0].endsWith('B');
  }, null, { timeout: 15000 });
});

test('from a sub-path, the embed code points there, and the embed and its "Open in Initscope" stay there', async () => {
  const server = await serveDist({ prefix: '/courses/initscope/' });
  const browser = await launch();
  cleanup.push(() => server.close(), () => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // A plain-http course page may not use the clipboard: the snippet is shown selected instead.
  await page.addInitScript(() => { delete Navigator.prototype.clipboard; });
  await page.goto(`${server.url}?${Q}#lab`);
  await labReady(page, 9);
  await page.click('#copy-embed');
  await page.waitForFunction(() => document.querySelector('#embed-snippet')?.value.startsWith('<iframe'));
  const src = await page.$eval('#embed-snippet', (t) =>
    new DOMParser().parseFromString(t.value, 'text/html').querySelector('iframe').getAttribute('src'));
  assert.ok(src.startsWith(server.url), `${src} is under ${server.url}`);
  // The snippet in a host page on another origin (an iframe, as a course page would have it).
  const host = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await host.setContent(`<h1>Week 3</h1>${await page.$eval('#embed-snippet', (t) => t.value)}`);
  const frame = await (await host.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('#verdict[data-kind]', { timeout: 60_000 });
  await frame.waitForSelector('#layer-stats', { state: 'detached' });
  const href = await frame.$eval('#open-in-initscope', (a) => a.href);
  assert.ok(href.startsWith(server.url) && href.endsWith('#lab'), href);
  const params = new URL(href).searchParams;
  assert.equal(params.get('depth'), '9');
  assert.equal(params.get('embed'), null, 'the full app, not another embed');
  await host.close();
  await page.close();
});
