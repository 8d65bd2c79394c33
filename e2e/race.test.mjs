// The training race end to end: start from a URL, let it run, check the curves and the verdicts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, inkFraction } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function runRace(hash, steps) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${server.url}${hash}`);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  await page.selectOption('#race-speed', '16');
  await page.click('#race-play');
  await page.waitForFunction((n) => Number(document.querySelector('#race-step-count').dataset.step) >= n
    || [...document.querySelectorAll('.racer')].every((r) => r.dataset.divergedAt), steps, { timeout: 90000 });
  await page.click('#race-play');
  await page.waitForTimeout(300);
  return page;
}

test('He learns the spirals while zero init stays at chance', async () => {
  const page = await runRace('#race?inits=he-normal,zero&depth=6&width=32&seed=3', 400);
  const accs = await page.$$eval('.racer', (rs) => rs.map((r) => Number(r.dataset.testAcc)));
  assert.ok(accs[0] >= 0.85, `He + ReLU: ${accs[0]}`);
  assert.ok(Math.abs(accs[1] - 0.5) <= 0.06, `zero: ${accs[1]}`);
  assert.match(await page.textContent('.racer[data-racer="1"] .racer-verdict'), /stuck at chance/);
  assert.match(await page.textContent('.racer[data-racer="0"] .racer-verdict'), /reached 90 % at step \d+/);
  assert.ok(await inkFraction(page, '#race-curves') > 0.01);
  assert.match(page.url(), /#race\?inits=he-normal,zero&.*depth=6/);
  const longest = Math.max(0, ...(await page.evaluate(() => window.__long)));
  console.log(`# race: longest main-thread task while training ${longest.toFixed(0)} ms`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a diverging run is reported as diverged at step k, not drawn as a flat line', async () => {
  const page = await runRace('#race?inits=he-normal&optimizer=sgd&lr=10&depth=4', 200);
  const k = await page.getAttribute('.racer[data-racer="0"]', 'data-diverged-at');
  assert.ok(Number(k) > 0, `diverged at ${k}`);
  assert.match(await page.textContent('.racer[data-racer="0"] .racer-verdict'), new RegExp(`diverged at step ${k}`));
  await page.close();
});

test('bad race parameters are named and the race still runs', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}#race?inits=he-normal,bogus&depth=99&dataset=moons&steps=40`);
  await page.waitForSelector('#race-notice');
  const text = await page.textContent('#race-notice');
  for (const p of ['inits', 'depth', 'dataset', 'steps']) assert.ok(text.includes(`${p}=`), text);
  assert.match(text, /steps=40.*initscope train/, 'steps is named as the CLI\'s, not dropped');
  assert.equal(await page.$$eval('.racer', (r) => r.length), 4, 'defaults used');
  await page.close();
});
