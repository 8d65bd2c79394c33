// The race keeps its place: a playing race survives a visit to another view and goes on from
// where it was; racers are named by display labels; the fourth racer is visible in dark mode; the Pause
// glyph is an SVG (no emoji font needed); on a phone the chart sits right under the Play button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const step = (page) => page.$eval('#race-step-count', (e) => Number(e.dataset.step));
const waitStep = (page, n) => page.waitForFunction((k) => Number(document.querySelector('#race-step-count')?.dataset.step) >= k, n, { timeout: 90000 });

async function open(hash, opts = {}) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, ...opts });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector('#race-play');
  return page;
}

test('a playing race keeps playing while the user visits Learn, and resumes at its step', async () => {
  const page = await open('#race?inits=he-normal,xavier-normal&depth=4&width=16&seed=2');
  await page.selectOption('#race-speed', '4');
  await page.click('#race-play');
  await waitStep(page, 60);
  const before = await step(page);
  await page.click('#nav-learn');
  await page.waitForSelector('#race-play', { state: 'detached' });
  await page.waitForTimeout(800);
  await page.click('#nav-race');
  await page.waitForSelector('#race-play');
  const back = await step(page);
  assert.ok(back >= before, `step ${back} after coming back ≥ ${before} before leaving`);
  assert.match(await page.textContent('#race-play'), /Pause/, 'still playing');
  assert.match(page.url(), /inits=he-normal,xavier-normal/, 'the same race');
  await waitStep(page, back + 40);
  // Paused, it stays paused at its step across a visit.
  await page.click('#race-play');
  await page.waitForTimeout(400);
  const paused = await step(page);
  await page.click('#nav-interview');
  await page.waitForSelector('#race-play', { state: 'detached' });
  await page.click('#nav-race');
  await page.waitForSelector('#race-play');
  assert.equal(await step(page), paused);
  assert.match(await page.textContent('#race-play'), /Play/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('racers are named by display labels; the Pause glyph is an SVG', async () => {
  const page = await open('#race?inits=he-normal,zero&depth=3&width=8');
  const names = await page.$$eval('.racer h3', (hs) => hs.map((h) => h.textContent.trim()));
  assert.deepEqual(names, ['He/Kaiming normal', 'Zero']);
  await page.click('#race-play');
  assert.equal(await page.$eval('#race-play', (b) => b.textContent.trim()), 'Pause');
  assert.ok(await page.$('#race-play svg.glyph'), 'the glyph is drawn, not an emoji');
  await page.click('#race-play');
  await page.close();
});

test('dark mode: the fourth ("zero") racer is visible', async () => {
  const page = await open('#race?inits=he-normal,xavier-normal,normal,zero&depth=3&width=8', { colorScheme: 'dark' });
  await page.waitForSelector('.race-swatch >> nth=3');
  const contrast = await page.evaluate(() => {
    const lum = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).map(Number).map((c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const swatch = document.querySelectorAll('.race-swatch')[3];
    const card = swatch.closest('.racer');
    const a = lum(getComputedStyle(swatch.querySelector('line')).stroke);
    const b = lum(getComputedStyle(card).backgroundColor);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
  assert.ok(contrast >= 3, `zero racer's swatch contrast ${contrast.toFixed(2)} on the dark card`);
  // Each card's swatch is its racer's line as the loss chart draws it: four racers, four dash patterns.
  const dashes = await page.$$eval('.race-swatch line', (ls) => ls.map((l) => l.getAttribute('stroke-dasharray') ?? 'solid'));
  assert.equal(new Set(dashes).size, 4, `distinct dashes: ${dashes}`);
  await page.close();
});

test('phone: the race chart is right under the Play button', async () => {
  const page = await open('#race?inits=he-normal,zero&depth=3&width=8', { viewport: { width: 390, height: 844 } });
  const [play, chart] = await Promise.all(['#race-play', '#race-curves'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().top + scrollY)));
  assert.ok(chart > play, 'the chart follows the buttons');
  assert.ok(chart - play < 300, `chart ${Math.round(chart - play)} px below Play`);
  await page.close();
});
