// Every view of the release build loads without a console error or warning: the Lab (a dense and a
// convolutional run), Learn with its live figures, Interview prep, the race, the phase map and the embed.
// (The worker loader calls wasm-bindgen's initializer with an object, scripts/worker_loader.py, and the .wasm
// preload carries no ignored integrity attribute, scripts/preload_integrity.py.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const VIEWS = [
  ['the Lab', '#lab', '#layer-stats tbody tr'],
  ['a convolutional run', '?arch=conv&init=he-normal&activation=relu#lab', '#layer-stats tbody tr'],
  ['Learn', '#learn', '#conv-claims'],
  ['Interview prep', '#interview', 'main h2'],
  ['the race', '#race', '#race-play, button'],
  ['the phase map', '#phase', 'canvas'],
  ['the embed', '?embed=1&init=xavier-normal', '#variance-chart'],
];

for (const [name, query, ready] of VIEWS) {
  test(`${name} logs no error or warning`, async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const said = [];
    page.on('pageerror', (e) => said.push(`pageerror: ${e}`));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') said.push(`${m.type()}: ${m.text()}`); });
    await page.goto(`${server.url}${query}`);
    await page.waitForSelector(ready, { state: 'attached', timeout: 30000 });
    // Let the worker answer and the charts draw.
    await page.waitForTimeout(1500);
    assert.deepEqual(said, []);
    await page.close();
  });
}
