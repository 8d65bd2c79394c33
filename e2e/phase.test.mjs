// The Phase view end to end, on the release build, in headless Chromium: the map fills in from the worker
// (timed), a click moves the Lab's config (URL and controls) to the point, the Lab's changes move the marker,
// and the keyboard cursor reads q*, χ₁, c*, ξ_c out — in words where q* collapses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Open the Phase view and wait until its map is complete; returns the page and the fill time. */
async function openPhase(query, viewport = { width: 1366, height: 1000 }) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  });
  const t0 = Date.now();
  await page.goto(`${server.url}?${query}#phase`);
  await page.waitForSelector('#phase-chart[data-plot]', { timeout: 60_000 });
  const firstDraw = Date.now() - t0;
  await page.waitForFunction(() => {
    const m = document.querySelector('.phase-map.interactive');
    return m && m.dataset.rowsDone === m.dataset.rows;
  }, null, { timeout: 120_000 });
  const fillMs = Number(await page.getAttribute('.phase-map.interactive', 'data-fill-ms'));
  return { page, firstDraw, fillMs };
}

/** The page pixel of a point of the plane, from the plot's geometry on the canvas. */
async function pixelOf(page, sw2, sb2) {
  const [x0, x1, y0, y1, sw2Max, sb2Max] = (await page.getAttribute('#phase-chart', 'data-plot')).split(',').map(Number);
  const box = await page.locator('#phase-chart').boundingBox();
  return { x: box.x + x0 + (sw2 / sw2Max) * (x1 - x0), y: box.y + y1 - (sb2 / sb2Max) * (y1 - y0) };
}

async function marker(page) {
  return {
    sw2: Number(await page.getAttribute('#phase-lab', 'data-sw2')),
    sb2: Number(await page.getAttribute('#phase-lab', 'data-sb2')),
  };
}

const query = (page) => new URL(page.url()).searchParams;
const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('the map fills from the worker; a click moves the Lab to the point', async () => {
  const { page, firstDraw, fillMs } = await openPhase('init=he-normal&activation=tanh');
  const long = await page.evaluate(() => window.__long);
  console.log(`phase map (tanh, 32×11): first draw after ${firstDraw} ms, complete in ${fillMs} ms; ` +
    `long tasks on the page: ${long.length ? Math.max(...long).toFixed(0) + ' ms max' : 'none'}`);
  assert.ok(fillMs > 0);
  // He normal: σ_w² = 2, σ_b² = 0.
  let m = await marker(page);
  assert.ok(close(m.sw2, 2, 1e-12) && m.sb2 === 0, JSON.stringify(m));

  // A cell: column 8 (σ_w² = 1.0625), row 2 (σ_b² = 0.1).
  const p = await pixelOf(page, 1.0625, 0.1);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => Number(document.querySelector('#phase-lab').dataset.sb2) > 0);
  const q = query(page);
  assert.ok(close(Number(q.get('gain')), Math.sqrt(1.0625)), q.toString());
  assert.ok(close(Number(q.get('bias-std')), Math.sqrt(0.1)), q.toString());
  assert.equal(q.get('init') ?? 'he-normal', 'he-normal', 'the initializer is kept');
  m = await marker(page);
  assert.ok(close(m.sw2, 1.0625, 1e-12) && close(m.sb2, 0.1, 1e-12), JSON.stringify(m));
  // The boxes show numbers rounded for people (5 significant digits); the config and the URL keep every digit.
  assert.equal(await page.inputValue('#phase-gain'), '1.0308');
  assert.equal(await page.inputValue('#phase-bias-std'), '0.31623');
  assert.ok(close(Number(await page.getAttribute('#phase-gain', 'data-value')), Math.sqrt(1.0625)));
  assert.ok(close(Number(await page.getAttribute('#phase-bias-std', 'data-value')), Math.sqrt(0.1)));
  assert.equal(await page.getAttribute('.phase-map.interactive', 'data-cursor'), '8,2');

  // A named point snaps exactly: He at (2, 0).
  const he = await pixelOf(page, 2, 0);
  await page.mouse.click(he.x + 3, he.y - 2);
  await page.waitForFunction(() => Number(document.querySelector('#phase-lab').dataset.sb2) === 0);
  m = await marker(page);
  assert.ok(close(m.sw2, 2, 1e-12), JSON.stringify(m));
  assert.ok(close(Number(query(page).get('gain')), Math.SQRT2));
  assert.equal(await page.inputValue('#phase-gain'), '1.4142', 'not 1.4142135623730951');

  // "Run it": the Lab runs the finite-width net at that point.
  const href = await page.getAttribute('#phase-run', 'href');
  assert.ok(href.endsWith('#lab') && href.includes('gain=1.4142135623730951'), href);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('changing the Lab moves the marker, here and through the Lab view', async () => {
  const { page } = await openPhase('init=xavier-normal&activation=tanh');
  let m = await marker(page);
  assert.ok(close(m.sw2, 1, 1e-12), JSON.stringify(m));
  // The settings beside the map are the Lab's: gain 1.5 → σ_w² = 2.25.
  await page.fill('#phase-gain', '1.5');
  await page.press('#phase-gain', 'Enter');
  await page.locator('#phase-gain').blur();
  await page.waitForFunction(() => Math.abs(Number(document.querySelector('#phase-lab').dataset.sw2) - 2.25) < 1e-9);
  assert.equal(query(page).get('gain'), '1.5');
  // The Lab view itself: set the bias std there, come back, the marker has moved.
  await page.click('#nav-lab');
  await page.waitForSelector('#layer-stats tbody tr', { state: 'attached', timeout: 60_000 });
  await page.fill('#bias-std', '0.5');
  await page.press('#bias-std', 'Enter');
  await page.locator('#bias-std').blur();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('bias-std') === '0.5');
  await page.click('#nav-phase');
  await page.waitForSelector('#phase-lab[data-sb2]');
  m = await marker(page);
  assert.ok(close(m.sw2, 2.25, 1e-12) && close(m.sb2, 0.25, 1e-12), JSON.stringify(m));
  // The activation decides the map: switching to ReLU fills a new one (cached per activation).
  await page.selectOption('#phase-activation', 'relu');
  await page.waitForFunction(() => document.querySelector('#phase-title').textContent.includes('ReLU'));
  await page.waitForFunction(() => {
    const el = document.querySelector('.phase-map.interactive');
    return el.dataset.rowsDone === el.dataset.rows;
  }, null, { timeout: 60_000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the keyboard moves a cursor with a live readout; Enter applies it', async () => {
  const { page } = await openPhase('init=xavier-normal&activation=tanh');
  const map = page.locator('.phase-map.interactive');
  await map.focus();
  await page.keyboard.press('ArrowRight');
  const field = (k) => page.locator(`#phase-readout dd[data-field="${k}"]`).textContent();
  assert.match(await field('χ₁'), /\d/);
  // The bottom-left cell: σ_w² = 0.0625, σ_b² = 0 — tanh's q* collapses; say so in words.
  await page.keyboard.press('Home');
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await map.getAttribute('data-cursor'), '0,0');
  assert.match(await field('q*'), /collapses/);
  assert.match(await field('ξ_c'), /undefined/);
  assert.match(await field('χ₁'), /limit as q → 0/);
  assert.equal(await page.getAttribute('#phase-readout', 'aria-live'), 'polite');
  // Up three rows, right to column 20 (σ_w² = 2.5625, σ_b² = 0.15): finite q*, chaotic, a ξ_c in layers.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await map.getAttribute('data-cursor'), '20,3');
  assert.match(await field('q*'), /^\d/);
  assert.match(await field('χ₁'), /chaotic/);
  assert.match(await field('ξ_c'), /layers/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Math.abs(Number(document.querySelector('#phase-lab').dataset.sw2) - 2.5625) < 1e-9);
  const q = query(page);
  assert.ok(close(Number(q.get('gain')), Math.sqrt(2.5625)), q.toString());
  assert.ok(close(Number(q.get('bias-std')), Math.sqrt(0.15)), q.toString());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the links of the Phase view and to it open in place, without reloading the page', async () => {
  const { page } = await openPhase('init=he-normal&activation=tanh');
  await page.evaluate(() => { window.__sameDocument = true; });
  // A point of the map, then "Run it in the Lab": the Lab on that point, same document.
  const p = await pixelOf(page, 1.0625, 0.1);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => Number(document.querySelector('#phase-lab').dataset.sb2) > 0);
  await page.click('#phase-run');
  await page.waitForFunction(() => location.hash === '#lab');
  await page.waitForSelector('#layer-stats tbody tr', { state: 'attached', timeout: 60_000 });
  assert.ok(await page.evaluate(() => window.__sameDocument), 'no reload');
  assert.ok(close(Number(query(page).get('gain')), Math.sqrt(1.0625)), query(page).toString());
  assert.equal(await page.inputValue('#gain'), '1.0308');

  // Learn's "Explore it in the Phase map" sets the Lab's config and shows the map, same document.
  await page.click('#nav-learn');
  await page.click('#learn-explore-phase');
  await page.waitForFunction(() => location.hash === '#phase');
  await page.waitForSelector('#phase-lab[data-sw2]');
  assert.ok(await page.evaluate(() => window.__sameDocument), 'no reload');
  assert.equal(query(page).get('init'), 'xavier-normal');
  assert.equal(query(page).get('activation'), 'tanh');
  const m = await marker(page);
  assert.ok(close(m.sw2, 1, 1e-12) && m.sb2 === 0, JSON.stringify(m));

  // An interview answer's "See it on the phase map", same document.
  await page.click('#nav-interview');
  const link = page.locator('a.phase-link').first();
  await link.scrollIntoViewIfNeeded();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForFunction(() => location.hash === '#phase');
  assert.ok(await page.evaluate(() => window.__sameDocument), 'no reload');
  // The same settings as loading the link afresh (the URL is canonical: defaults are left out).
  const fresh = await browser.newPage();
  await fresh.goto(`${server.url}${href}`);
  await fresh.waitForSelector('#phase-lab[data-sw2]');
  await fresh.waitForTimeout(300);
  assert.equal(query(page).toString(), query(fresh).toString());
  await fresh.close();
  await page.screenshot({ path: '/tmp/initscope-shots/phase-1366x1000.png' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('on a projector (1280×720) the map, its readout and its legend share the first screen', async () => {
  const { page } = await openPhase('activation=tanh', { width: 1280, height: 720 });
  await page.locator('.phase-map.interactive').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#phase-readout dd');
  for (const s of ['#phase-chart', '#phase-readout', '.phase-legend']) {
    const r = await page.$eval(s, (el) => { const b = el.getBoundingClientRect(); return { top: b.top, bottom: b.bottom }; });
    assert.ok(r.top >= 0 && r.bottom <= 720, `${s} within the first screen: ${JSON.stringify(r)}`);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});
