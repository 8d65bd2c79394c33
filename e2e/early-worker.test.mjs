// The engine's worker starts from index.html's inline script, before the page's .wasm loads; the page's first
// WorkerLink adopts it (web/src/worker/link.rs) with the events it sent meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from './harness.mjs';

const atRest = (page) => page.waitForFunction(() => {
  const fig = document.querySelector('figure.chart-card');
  return fig?.dataset.stage === 'complete' && fig?.dataset.chartStale === 'false'
    && document.querySelector('.results')?.dataset.busy === 'false';
}, null, { timeout: 60000 });

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the Lab adopts the worker index.html started: one engine worker (and its helper), not two', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  await page.goto(`${server.url}#lab`);
  await atRest(page);
  assert.equal(await page.evaluate(() => 'initscopeEarlyWorker' in window), false, 'taken by the first link');
  // Its Ready reached the page (the run above completed); a second run goes to the same worker.
  await page.focus('#depth-slider');
  await page.keyboard.press('ArrowRight');
  await atRest(page);
  const engines = page.workers().filter((w) => w.url().endsWith('initscope-worker_loader.js'));
  assert.ok(engines.length >= 1 && engines.length <= 2, `${engines.length} engine workers: the early one and its helper at most`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('when the early worker\'s script cannot load, the page says so (its error event is replayed)', async () => {
  const page = await browser.newPage();
  await page.route('**/initscope-worker_loader.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${server.url}?depth=8#lab`);
  const alert = page.locator('#worker-missing[role="alert"]');
  await alert.waitFor({ timeout: 15000 });
  assert.match(await alert.innerText(), /could not start its web worker/);
  assert.equal(await page.locator('#panic-panel').count(), 0);
  await page.close();
});
