// Never lose the learner's place: Try pills and Learn/Interview links change the Lab in place,
// pinned runs survive every view and presentation mode, live in the URL and reproduce from it; the named
// elements of the Lab stay inside the viewport at the classroom and phone sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './harness.mjs';

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

const pinCount = (page) => page.$$eval('.pinned-list li', (l) => l.length);
const kindIs = (page, kind) =>
  page.waitForFunction((k) => document.querySelector('#verdict')?.dataset.kind === k, kind);

test('a Try pill changes the Lab in place: no reload, pins kept, URL updated', async () => {
  const page = await openPage(browser, `${server.url}?init=he-normal&activation=relu&depth=20&width=64#lab`);
  await kindIs(page, 'stable');
  await page.click('#pin');
  await page.evaluate(() => { window.__marker = 1; });
  await page.click('.quick-demo[data-demo="init=xavier-normal&activation=relu"]');
  await kindIs(page, 'vanishing');
  assert.equal(await page.evaluate(() => window.__marker), 1, 'the page did not reload');
  assert.equal(await pinCount(page), 1);
  const search = await page.evaluate(() => location.search);
  assert.match(search, /init=xavier-normal/);
  assert.match(search, /pins=/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('pins survive pill → presentation → Learn → a Learn link → back to the Lab', async () => {
  const page = await openPage(browser, `${server.url}?init=xavier-normal&activation=relu&depth=20&width=64#lab`);
  await kindIs(page, 'vanishing');
  await page.click('#pin');
  await page.evaluate(() => { window.__marker = 1; });
  await page.click('.quick-demo[data-demo="init=he-normal&activation=relu"]');
  await kindIs(page, 'stable');
  await page.click('#pin');
  assert.equal(await pinCount(page), 2);
  await page.click('#present-toggle');
  await page.waitForSelector('.presentation');
  assert.equal(await pinCount(page), 2, 'pins in presentation mode');
  await page.click('#present-toggle');
  await page.click('#nav-learn');
  await page.waitForSelector('.demo-link');
  await page.click('.demo-link >> nth=0');
  await page.waitForSelector('#layer-stats tbody tr', { state: 'attached' });
  assert.equal(await page.evaluate(() => location.hash), '#lab');
  assert.equal(await pinCount(page), 2, 'pins after a Learn link');
  assert.equal(await page.evaluate(() => window.__marker), 1, 'no reload on the way');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a pinned comparison reproduces from its URL, with the same numbers', async () => {
  const page = await openPage(browser, `${server.url}?init=xavier-normal&activation=relu&depth=15&width=32#lab`);
  await kindIs(page, 'vanishing');
  await page.click('#pin');
  await page.click('.quick-demo[data-demo="init=he-normal&activation=relu"]');
  await kindIs(page, 'stable');
  await page.click('#pin');
  await page.waitForFunction(() => (location.search.match(/pins=([^&]*)/)?.[1] ?? '').split('~').length === 2);
  const url = await page.evaluate(() => location.href);
  const labels = await page.$$eval('.pinned-list li span', (s) => s.map((e) => e.textContent));
  const legend = await page.textContent('.legend');
  await page.close();

  const again = await openPage(browser, url);
  await again.waitForFunction(() => document.querySelectorAll('.pinned-list li').length === 2);
  assert.deepEqual(await again.$$eval('.pinned-list li span', (s) => s.map((e) => e.textContent)), labels);
  await again.waitForFunction((l) => document.querySelector('.legend')?.textContent === l, legend);
  assert.deepEqual(again.errors, []);
  assert.equal(await again.$$eval('#notice', (n) => n.length), 0, 'pins= is not reported as an unknown setting');
  await again.close();
});

/** Whether the element's box lies inside the viewport. */
async function inView(page, selector) {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1;
  });
}

for (const [w, h, scheme] of [[1280, 720, 'light'], [1024, 768, 'light'], [1280, 720, 'dark']]) {
  test(`presentation mode at ${w}×${h} (${scheme}): the chart (with its x-axis) and the verdict without scrolling`, async () => {
    const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: scheme });
    await page.goto(`${server.url}?init=xavier-normal&activation=relu#present`);
    await page.waitForSelector('#verdict[data-kind="vanishing"]');
    for (const sel of ['#verdict', '#variance-chart']) assert.ok(await inView(page, sel), `${sel} in view`);
    await page.screenshot({ path: `/tmp/continuity-present-${w}x${h}-${scheme}.png` });
    await page.close();
  });
}

test('a phone (390×844): the verdict and the chart near the top', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}?init=xavier-normal&activation=relu#lab`);
  await page.waitForSelector('#verdict[data-kind="vanishing"]');
  const top = await page.$eval('#variance-chart', (e) => e.getBoundingClientRect().top + scrollY);
  await page.screenshot({ path: '/tmp/continuity-phone.png', fullPage: false });
  assert.ok(top < 3000, `chart at ${top}px`);
  await page.close();
});
