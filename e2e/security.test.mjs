// Security and robustness in the browser: the Content-Security-Policy holds with zero violations, no request
// leaves the page's origin, the page works offline once loaded, injected markup stays text, and a panic
// shows a readable panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function watchedPage(url) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  return { context, page, requests };
}

test('the CSP is in force and nothing violates it, on every view and action', async () => {
  const { context, page, requests } = await watchedPage(server.url);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /'unsafe-eval'|script-src[^;]*unsafe-inline/);
  await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind);
  await page.check('#spread');
  await page.click('#pin');
  await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
  await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  await page.click('#nav-learn');
  await page.waitForSelector('#calc-result');
  await page.click('#nav-interview');
  await page.click('#mode-cards');
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(page.errors, [], 'no console error');
  const foreign = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'no request to another origin');
  await context.close();
});

test('once loaded, the page works with the network cut', async () => {
  const { context, page } = await watchedPage(`${server.url}?depth=10&width=32&batch=8`);
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 10);
  await context.setOffline(true);
  await page.fill('#depth', '14');
  await page.press('#depth', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 14);
  await page.selectOption('#activation', 'tanh');
  await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind && location.search.includes('tanh'));
  await context.close();
});

test('a script payload in every parameter stays text and runs nothing', async () => {
  const payload = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
  const names = ['init', 'activation', 'depth', 'width', 'input-width', 'batch', 'seed', 'scale', 'gain', 'mode',
    'keras', 'slope', 'bias-std', 'arch', 'norm', 'branch-scale', 'zero-init-last', 'input-init', payload];
  const q = names.map((n) => `${encodeURIComponent(n)}=${encodeURIComponent(payload)}`).join('&');
  const { context, page } = await watchedPage(`${server.url}?${q}`);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.waitForSelector('#notice');
  assert.equal(await page.$$eval('#notice li', (l) => l.length), names.length, 'each ignored parameter is listed');
  assert.equal(await page.$$eval('img[src="x"], #notice script', (e) => e.length), 0);
  assert.ok((await page.textContent('#notice')).includes('<script>'));
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 50);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  await context.close();
});

test('a panic replaces the page with a readable panel and a way back', async () => {
  const page = await openPage(browser, `${server.url}?depth=5`);
  await page.evaluate(() => { try { window.wasmBindings.initscope_test_panic(); } catch (e) { /* the trap */ } });
  await page.waitForSelector('#panic-panel');
  assert.match(await page.textContent('#panic-panel'), /internal error/);
  assert.equal(await page.getAttribute('#panic-panel a', 'href'), '?');
  assert.equal(await page.$('#verdict'), null, 'the frozen app is gone');
  await page.close();
});

test('extreme settings show no NaN or infinity, name the overflow, and keep the axes sane', async () => {
  for (const q of [
    'init=uniform&scale=100&activation=selu&depth=200&bias-std=100&width=64&batch=8',
    'init=normal&scale=0.001&activation=linear&depth=200&width=64&batch=8',
    'init=orthogonal&gain=100&activation=tanh&depth=200&width=32&batch=1&input-width=1',
    'init=constant&scale=-100&activation=gelu&depth=200&width=16&batch=2',
  ]) {
    const page = await openPage(browser, `${server.url}?${q}`);
    await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind, null, { timeout: 60000 });
    await page.click('.table-card summary');
    const text = await page.textContent('body');
    assert.doesNotMatch(text, /NaN|Infinity|\binf\b/, q);
    if (await page.getAttribute('#verdict', 'data-kind') === 'overflow') assert.match(await page.textContent('#verdict'), /layer \d+/);
    await page.waitForFunction(() => Number(document.querySelector('#variance-chart').dataset.draws) > 0);
    await page.close();
  }
});
