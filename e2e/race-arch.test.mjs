// The training race's architectures end to end: the preset races (batch norm rescues a bad init; 20 layers
// plain vs residual) run from one click, draw every racer's curve, and show what they claim; the architecture
// settings live in the #race? URL and the form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, inkFraction } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open(hash = '#race') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector('#race-step-count');
  await page.selectOption('#race-speed', '64');
  return page;
}

/** Click a preset's race (it starts playing), wait until `steps` steps, pause; the racers' test accuracies. */
async function runPreset(page, id, steps) {
  await page.click(`#race-preset-${id}`);
  assert.equal(await page.getAttribute(`#race-preset-${id}`, 'aria-pressed'), 'true');
  assert.match(await page.textContent('#race-play'), /Pause/, 'a preset starts the race');
  await page.waitForFunction((n) => Number(document.querySelector('#race-step-count').dataset.step) >= n,
    steps, { timeout: 120000 });
  await page.click('#race-play');
  await page.waitForTimeout(400);
  return page.$$eval('.racer', (rs) => rs.map((r) => Number(r.dataset.testAcc)));
}

/** Pixels of the curves chart within a small distance of each racer's swatch colour. */
async function curvePixels(page) {
  return page.evaluate(() => {
    const c = document.querySelector('#race-curves');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    return [...document.querySelectorAll('.race-swatch')].map((s) => {
      const [r, g, b] = getComputedStyle(s.querySelector('line')).stroke.match(/\d+/g).map(Number);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) n++;
      }
      return n;
    });
  });
}

test('20 layers: the residual preset trains both racers, the plain one leaves them at chance', async () => {
  const page = await open();
  const residual = await runPreset(page, 'residual-0', 300);
  assert.equal(residual.length, 2, 'two racers');
  assert.match(page.url(), /inits=pytorch-default,xavier-normal&.*depth=20.*&arch=residual&branch-scale=0.158/);
  assert.equal(await page.inputValue('#race-arch'), 'residual');
  assert.equal(await page.inputValue('#race-branch-scale'), '0.158');
  assert.ok(residual.every((a) => a >= 0.85), `residual: ${residual}`);
  const pixels = await curvePixels(page);
  assert.ok(pixels.length === 2 && pixels.every((n) => n > 50), `both racers' curves drawn: ${pixels}`);
  assert.ok(await inkFraction(page, '.racer[data-racer="1"] canvas') > 0.05, 'a decision boundary');

  const plain = await runPreset(page, 'residual-1', 300);
  assert.equal(await page.getAttribute('#race-preset-residual-0', 'aria-pressed'), 'false');
  assert.doesNotMatch(page.url(), /arch=/, 'plain is the default architecture');
  assert.equal(await page.$$eval('#race-branch-scale', (e) => e.length), 0, 'no branch scale for a plain stack');
  assert.ok(plain.every((a) => a <= 0.65), `plain: ${plain}`);
  assert.ok((await curvePixels(page)).every((n) => n > 50), 'both curves drawn again');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('batch norm rescues N(0, 1) weights; zero init stays at chance', async () => {
  const page = await open();
  const accs = await runPreset(page, 'batchnorm-0', 300);
  assert.equal(accs.length, 3);
  assert.match(page.url(), /inits=normal,he-normal,zero&.*norm=batch/);
  assert.equal(await page.inputValue('#race-norm'), 'batch');
  assert.ok(accs[0] >= 0.85, `N(0,1) with batch norm: ${accs[0]}`);
  assert.ok(Math.abs(accs[2] - 0.5) <= 0.06, `zero: ${accs[2]}`);
  assert.match(await page.textContent('.racer[data-racer="2"] .racer-verdict'), /stuck at chance/);
  assert.ok((await curvePixels(page)).every((n) => n > 50), 'every racer has a curve');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the architecture settings come from the URL and the form', async () => {
  const page = await open('#race?inits=he-normal&arch=residual&norm=layer&depth=3&zero-init-last=1&arch=rnn');
  await page.waitForSelector('#race-notice');
  assert.match(await page.textContent('#race-notice'), /arch=rnn.*not an architecture the race trains/);
  assert.equal(await page.inputValue('#race-norm'), 'layer');
  assert.ok(await page.isChecked('#race-zero-init-last'));
  await page.selectOption('#race-arch', 'mlp');
  await page.waitForFunction(() => !location.hash.includes('arch='));
  assert.equal(await page.$$eval('#race-zero-init-last', (e) => e.length), 0, 'residual settings hidden');
  await page.selectOption('#race-norm', 'batch');
  await page.waitForFunction(() => location.hash.includes('norm=batch'));
  assert.deepEqual(page.errors, []);
  await page.close();
});
