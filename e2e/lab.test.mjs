// The Lab page end to end, on the release build, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openPage, cli, cliText, tableRows, inkFraction, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const FIELDS = ['pre_mean', 'pre_var', 'post_mean', 'post_var', 'grad_var', 'weight_grad_var', 'weight_var',
  'dead_frac', 'saturated_frac', 'distinct_units'];

function compareWithCli(rows, json, label) {
  assert.equal(rows.length, json.layers.length, `${label}: one row per layer`);
  for (const [i, row] of rows.entries()) {
    const want = json.layers[i];
    assert.equal(row.layer, want.layer);
    for (const f of FIELDS) {
      const got = row[f] === '' ? null : Number(row[f]);
      assert.equal(got, want[f], `${label}: layer ${want.layer} ${f}: page ${row[f]} vs CLI ${want[f]}`);
    }
    const t = json.theory[i];
    if (t) for (const f of ['pre_var', 'post_var', 'grad_var']) {
      const cell = row[`theory_${f}`];
      assert.equal(cell === '' ? null : Number(cell), t[f], `${label}: layer ${t.layer} theory ${f}`);
    }
  }
}

test('a URL reproduces the CLI run bit for bit, and the canvas is drawn', async () => {
  const q = 'init=xavier-uniform&activation=tanh&depth=12&width=64&batch=32&seed=7&gain=1.6666666666666667';
  const page = await openPage(browser, `${server.url}?${q}`);
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 12);
  const json = cli(['simulate', '--init', 'xavier-uniform', '--activation', 'tanh', '--depth', '12', '--width', '64',
    '--batch', '32', '--seed', '7', '--gain', '1.6666666666666667']);
  compareWithCli(await tableRows(page), json, 'xavier-uniform+tanh');
  assert.equal(await page.getAttribute('#verdict', 'data-kind'), json.verdict.kind);
  await page.waitForFunction(() => Number(document.querySelector('#variance-chart').dataset.draws) > 0);
  assert.ok(await inkFraction(page, '#variance-chart') > 0.02, 'the variance chart has ink');
  assert.ok(await inkFraction(page, '#histogram-chart') > 0.02, 'the histograms have ink');
  assert.ok(Number(await page.getAttribute('#status', 'data-compute-ms')) >= 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('overflow and orthogonal runs match the CLI too', async () => {
  for (const args of [
    ['--init', 'uniform', '--activation', 'relu', '--depth', '80', '--width', '128', '--batch', '16'],
    ['--init', 'orthogonal', '--activation', 'selu', '--depth', '9', '--width', '48', '--batch', '8', '--input-width', '20', '--bias-std', '0.1'],
    ['--init', 'he-normal', '--activation', 'leaky-relu', '--slope', '0.2', '--keras', '--mode', 'fan-out', '--depth', '6', '--width', '40', '--batch', '5'],
  ]) {
    const q = [];
    for (let i = 0; i < args.length; i++) {
      const k = args[i].slice(2);
      if (k === 'keras') q.push('keras=1'); else q.push(`${k}=${args[++i]}`);
    }
    const json = cli(['simulate', ...args]);
    const page = await openPage(browser, `${server.url}?${q.join('&')}`);
    await page.waitForFunction((n) => document.querySelectorAll('#layer-stats tbody tr').length === n, json.layers.length);
    compareWithCli(await tableRows(page), json, args.join(' '));
    await page.close();
  }
});

test('changing a control updates the URL and the table', async () => {
  const page = await openPage(browser, server.url);
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 50);
  await page.fill('#depth', '20');
  await page.press('#depth', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 20);
  assert.match(page.url(), /[?&]depth=20\b/);
  await page.selectOption('#init', 'xavier-normal');
  await page.waitForFunction(() => location.search.includes('init=xavier-normal'));
  await page.waitForFunction(() => document.querySelector('#verdict').dataset.kind === 'vanishing');
  // Keyboard: the depth slider follows the arrow keys (WAI-ARIA slider pattern, native range input).
  await page.focus('#depth-slider');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.search.includes('depth=21'));
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 1);
  await page.close();
});

test('a malformed URL shows a notice, escapes it, and still renders', async () => {
  const evil = encodeURIComponent('<img src=x onerror=alert(1)><script>alert(2)</script>');
  const page = await openPage(browser, `${server.url}?depth=abc&init=${evil}&width=99999&bogus=1&activation=tanh`);
  await page.waitForSelector('#notice');
  const text = await page.textContent('#notice');
  for (const p of ['depth', 'init', 'width', 'bogus']) assert.ok(text.includes(`${p}=`), `notice names ${p}: ${text}`);
  assert.ok(text.includes('<script>'), 'the payload is shown as text');
  assert.equal(await page.$$eval('#notice img, #notice script', (e) => e.length), 0, 'no element was created from the payload');
  assert.deepEqual(page.dialogs, [], 'no injected script ran');
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 50);
  assert.equal(await page.inputValue('#activation'), 'tanh', 'the valid parameter is kept');
  await page.close();
});

test('the four classic demonstrations give their verdicts', async () => {
  const cases = [
    ['init=xavier-normal&activation=relu', 'vanishing', /vanishes/],
    ['init=he-normal&activation=relu', 'stable', /factor 10\b/],
    ['init=normal&scale=1&activation=tanh&depth=10', 'exploding', /flat ends of Tanh/],
    ['init=uniform&scale=1&activation=relu&depth=100', 'overflow', /overflows/],
  ];
  for (const [q, kind, words] of cases) {
    const page = await openPage(browser, `${server.url}?${q}`);
    await page.waitForFunction((k) => document.querySelector('#verdict')?.dataset.kind === k, kind);
    assert.match(await page.textContent('#verdict'), words, q);
    if (kind === 'overflow') assert.match(await page.textContent('#verdict'), /layer \d+/);
    await page.close();
  }
});

test('a stable run is offered no fix: sigmoid at its critical scale keeps its gradient, and Xavier would not', async () => {
  // σ_w² = 0.634² · 256 ≈ 103, the sigmoid's critical point: the usual choice (Xavier) vanishes over 50 layers.
  const page = await openPage(browser, `${server.url}?init=normal&scale=0.634&activation=sigmoid&depth=50`);
  await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind === 'stable');
  assert.match(await page.textContent('#verdict'), /The usual choice for Sigmoid is Xavier\/Glorot normal; this setting holds too\./);
  assert.equal(await page.locator('#apply-recommendation').count(), 0, 'no Apply button');
  await page.close();
});

test('an overflow names the histogram layers it left without values', async () => {
  const page = await openPage(browser, `${server.url}?init=uniform&scale=1&activation=relu&depth=100`);
  await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind === 'overflow');
  const json = cli(['simulate', '--init', 'uniform', '--scale', '1', '--activation', 'relu', '--depth', '100']);
  await page.waitForFunction(() => /No histogram/.test(document.querySelector('#hist-missing')?.textContent ?? ''));
  assert.equal(await page.textContent('#hist-missing'),
    `No histogram for layer 50 and 100: the signal overflowed f32 at layer ${json.overflow_layer}, so there are no values to bin.`);
  // Without an overflow, nothing is said.
  await page.selectOption('#init', 'he-normal');
  await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind !== 'overflow');
  await page.waitForFunction(() => (document.querySelector('#hist-missing')?.textContent ?? 'x') === '');
  await page.close();
});

test('apply the recommendation, pin, compare, and export', async () => {
  const page = await openPage(browser, `${server.url}?init=xavier-normal&activation=relu&depth=30&width=64`);
  await page.click('#pin');
  await page.click('#apply-recommendation');
  await page.waitForFunction(() => location.search.includes('init=he-normal') || !location.search.includes('init='));
  await page.waitForFunction(() => document.querySelector('#verdict').dataset.kind === 'stable');
  await page.click('#pin');
  assert.equal(await page.$$eval('.pinned-list li', (l) => l.length), 2);
  assert.ok((await page.textContent('.legend')).includes('#2 Var(h)'));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  // The names carry the settings (He normal after the fix is the default: only depth and width differ).
  assert.equal(csv.suggestedFilename(), 'initscope_depth-30_width-64_layers.csv');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
  assert.equal(png.suggestedFilename(), 'initscope_depth-30_width-64_variance.png');
  await page.check('#spread');
  await page.waitForFunction(() => Number(document.querySelector('#variance-chart').dataset.draws) > 3);
  await page.close();
});

test('the CSV and JSON downloads equal the CLI byte for byte, ∂L/∂W included, with the table closed', async () => {
  // Var(∂L/∂W) is computed only on demand: an export asks for it, then downloads.
  const page = await openPage(browser, `${server.url}?depth=12&width=64&batch=16&seed=5`);
  await page.waitForFunction(() => document.querySelector('.results')?.dataset.busy === 'false');
  assert.equal(await page.$eval('#layer-stats', (t) => t.dataset.weightGrads), 'false');
  const args = ['simulate', '--init', 'he-normal', '--activation', 'relu', '--depth', '12', '--width', '64',
    '--batch', '16', '--seed', '5'];
  const read = async (d) => readFileSync(await d.path(), 'utf8');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  assert.equal(await read(csv), cliText([...args, '--format', 'csv']));
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  // The page's run has the histograms it draws (first, middle, last layer).
  assert.equal(await read(json), cliText([...args, '--histograms', '1,6,12', '--format', 'json']));
  assert.match(await read(json), /"weight_grad_var": \d/);
  // With the mean-field correlation map the chart draws: ReLU's c₂ = 1/π from independent inputs.
  const theory = JSON.parse(await read(json)).theory;
  assert.equal(theory[0].corr, 0);
  assert.ok(Math.abs(theory[1].corr - 1 / Math.PI) < 1e-15, `c₂ = ${theory[1].corr}`);
  assert.equal(await page.$eval('#export-csv', (b) => b.getAttribute('aria-busy')), 'false');
  await page.close();
});

test('heavy runs stay off the main thread: the page answers while dragging at width 1024', async () => {
  const page = await openPage(browser, `${server.url}?width=1024&batch=256&depth=60`);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  });
  await page.focus('#depth-slider');
  const t0 = Date.now();
  for (let i = 0; i < 15; i++) { await page.keyboard.press('ArrowRight'); await page.waitForTimeout(40); }
  // The page still responds at once: the URL follows every key press although the runs take seconds.
  await page.waitForFunction(() => location.search.includes('depth=75'), null, { timeout: 2000 });
  const answered = Date.now() - t0;
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 75, null, { timeout: 120000 });
  const longest = Math.max(0, ...(await page.evaluate(() => window.__longTasks)));
  console.log(`# responsiveness: 15 key presses answered in ${answered} ms; longest main-thread task ${longest.toFixed(0)} ms`);
  await page.close();
});

test('on a phone-sized screen nothing overflows sideways', async () => {
  const page = await openPage(browser, server.url, { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  await page.close();
});

test('screenshot for the README (when SCREENSHOT_DIR is set)', async () => {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const page = await openPage(browser, `${server.url}?init=xavier-normal&activation=relu`);
  await page.click('#pin');
  await page.click('#apply-recommendation');
  await page.waitForFunction(() => document.querySelector('#verdict').dataset.kind === 'stable');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(dir.startsWith('/') ? dir : join(ROOT, dir), 'lab.png') });
  await page.close();
});

test("the Lab's one-click classics each load and give their verdict", async () => {
  const page = await openPage(browser, server.url);
  const links = await page.$$eval('a.quick-demo', (as) => as.map((a) => ({ text: a.textContent, expect: a.dataset.expect })));
  assert.equal(links.length, 5);
  for (const { text, expect } of links) {
    await page.click(`a.quick-demo:has-text("${text}")`);
    await page.waitForFunction((k) => document.querySelector('#verdict')?.dataset.kind === k, expect, { timeout: 30000 });
  }
  await page.close();
});
