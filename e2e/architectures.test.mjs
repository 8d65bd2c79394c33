// Architectures in the Lab end to end, on the release build: residual blocks (the stream, the α presets),
// the RNN, page == CLI for both, the correlation chart, the phase in the status line, and the Jacobian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, cli, tableRows, inkFraction } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Every measured field the CLI writes, and every theory field the table shows, equal the page's. */
function compareWithCli(rows, json, label) {
  assert.equal(rows.length, json.layers.length, `${label}: one row per layer`);
  for (const [i, row] of rows.entries()) {
    const want = json.layers[i];
    for (const [f, v] of Object.entries(want)) {
      if (f === 'layer') { assert.equal(row.layer, v); continue; }
      assert.ok(f in row, `${label}: the table has ${f}`);
      const got = row[f] === '' ? null : Number(row[f]);
      assert.equal(got, v, `${label}: layer ${want.layer} ${f}: page ${row[f]} vs CLI ${v}`);
    }
    const t = json.theory[i];
    if (t) for (const [f, v] of Object.entries(t)) {
      if (f === 'layer' || f === 'post_mean') continue;
      const cell = row[`theory_${f}`];
      assert.ok(cell !== undefined, `${label}: the table has theory_${f}`);
      assert.equal(cell === '' ? null : Number(cell), v, `${label}: layer ${t.layer} theory ${f}`);
    }
  }
}

const rowsReady = (page, n) => page.waitForFunction((k) => document.querySelectorAll('#layer-stats tbody tr').length === k, n);

test('residual: the α presets write the URL, the stream is drawn, and the page equals the CLI', async () => {
  const page = await openPage(browser, `${server.url}?arch=residual&depth=32&width=64&batch=16&seed=3`);
  await rowsReady(page, 32);
  assert.match(await page.textContent('label[for="depth"]'), /blocks/);
  assert.ok((await page.textContent('.legend')).includes('Var(x) residual stream'), 'the stream is in the legend');
  assert.ok((await page.textContent('.legend')).includes('Var(∂L/∂x)'), 'and its gradient');
  // 1/√(2L) at L = 32 is 1/8; 1/√L is 1/√32.
  await page.click('#alpha-gpt2');
  await page.waitForFunction(() => location.search.includes('branch-scale=0.125'));
  assert.equal(await page.getAttribute('#alpha-gpt2', 'aria-pressed'), 'true');
  await page.click('#alpha-sqrt-l');
  await page.waitForFunction(() => location.search.includes(`branch-scale=${1 / Math.sqrt(32)}`));
  await page.click('#alpha-one');
  await page.waitForFunction(() => !location.search.includes('branch-scale'));
  // The presets follow the depth.
  await page.fill('#depth', '8');
  await page.press('#depth', 'Enter');
  await page.waitForFunction(() => document.querySelector('#alpha-gpt2').textContent.includes('0.2500'));
  await page.click('#alpha-gpt2');
  await page.waitForFunction(() => location.search.includes('branch-scale=0.25'));
  await rowsReady(page, 8);
  await page.waitForFunction(() => !document.querySelector('#verdict').getAttribute('aria-busy').includes('true'));
  const json = cli(['simulate', '--init', 'he-normal', '--activation', 'relu', '--arch', 'residual', '--depth', '8', '--width', '64', '--batch', '16', '--seed', '3',
    '--branch-scale', '0.25']);
  await page.waitForFunction(() => document.querySelector('#layer-stats tbody tr td[data-field="stream_var"]'));
  compareWithCli(await tableRows(page), json, 'residual α=0.25');
  assert.ok(await inkFraction(page, '#variance-chart') > 0.02);
  // Fixup: zero-init-last goes into the URL.
  await page.check('#zero-init-last');
  await page.waitForFunction(() => location.search.includes('zero-init-last=1'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('residual with α = 1 against the CLI at depth 20, and GPT-2 scaling keeps the stream bounded', async () => {
  for (const alpha of ['1', '0.15811388300841897']) {
    const args = ['--arch', 'residual', '--depth', '20', '--width', '48', '--batch', '8', '--activation', 'relu',
      '--init', 'he-normal', '--branch-scale', alpha];
    const json = cli(['simulate', ...args]);
    const q = `arch=residual&depth=20&width=48&batch=8&activation=relu&init=he-normal&branch-scale=${alpha}`;
    const page = await openPage(browser, `${server.url}?${q}`);
    await rowsReady(page, 20);
    compareWithCli(await tableRows(page), json, `residual α=${alpha}`);
    const growth = json.layers[19].stream_var / json.layers[0].stream_var;
    if (alpha === '1') assert.ok(growth > 100, `α = 1 grows the stream (×${growth})`);
    else assert.ok(growth < 10, `GPT-2's α keeps it bounded (×${growth})`);
    await page.close();
  }
});

test('rnn: depth counts time steps, no normalization, and the page equals the CLI', async () => {
  const args = ['--arch', 'rnn', '--activation', 'tanh', '--init', 'orthogonal', '--input-init', 'he-normal',
    '--depth', '15', '--width', '40', '--batch', '8', '--seed', '11'];
  const json = cli(['simulate', ...args]);
  const page = await openPage(browser, `${server.url}?arch=rnn&activation=tanh&init=orthogonal&input-init=he-normal&depth=15&width=40&batch=8&seed=11`);
  await rowsReady(page, 15);
  compareWithCli(await tableRows(page), json, 'rnn');
  assert.match(await page.textContent('label[for="depth"]'), /time steps/);
  assert.equal(await page.inputValue('#input-init'), 'he-normal');
  // The settings an rnn does not take are not offered: the fieldset follows the architecture's own list.
  assert.equal(await page.$$eval('#norm', (e) => e.length), 0, 'an rnn takes no normalization');
  assert.equal(await page.$$eval('#branch-scale', (e) => e.length), 0, 'nor a branch scale');
  assert.match(await page.textContent('#phase'), /measured only/);
  assert.match(await page.textContent('#jacobian-note'), /mlp and conv only/);
  await page.selectOption('#input-init', 'lecun-normal');
  await page.waitForFunction(() => location.search.includes('input-init=lecun-normal'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a residual net whose input width differs from its width is refused, with the reason', async () => {
  const page = await openPage(browser, `${server.url}?arch=residual&input-width=100&depth=6&width=32&batch=8`);
  await page.waitForSelector('#notice');
  assert.match(await page.textContent('#notice li[data-param="input-width"]'), /residual block adds its input/);
  await page.fill('#input-width', '20');
  await page.press('#input-width', 'Enter');
  await page.waitForFunction(() => /must be equal/.test(document.querySelector('#input-width-error').textContent));
  assert.ok(!page.url().includes('input-width=20'));
  // Switching an mlp with another input width to residual says what it undid.
  await page.selectOption('#arch', 'mlp');
  await page.fill('#input-width', '20');
  await page.press('#input-width', 'Enter');
  await page.waitForFunction(() => location.search.includes('input-width=20'));
  await page.selectOption('#arch', 'residual');
  await page.waitForFunction(() => /input-width was set back/.test(document.querySelector('#arch-note').textContent));
  await page.close();
});

test('the correlation chart and the phase: ReLU drives inputs together, a chaotic tanh keeps them apart', async () => {
  const page = await openPage(browser, `${server.url}?init=xavier-normal&activation=tanh&depth=30&width=64&batch=16&bias-std=0.05`);
  await rowsReady(page, 30);
  await page.waitForFunction(() => document.querySelector('#phase').dataset.phase === 'ordered');
  assert.match(await page.textContent('#phase'), /χ₁ = 0\.\d+ · ordered: inputs become indistinguishable after ~\d+ layers/);
  await page.waitForFunction(() => Number(document.querySelector('#correlation-chart').dataset.draws) > 0);
  assert.ok(await inkFraction(page, '#correlation-chart') > 0.02, 'the correlation chart has ink');
  assert.ok((await page.textContent('.correlation .legend')).includes('mean-field'));
  await page.fill('#gain', '3');
  await page.press('#gain', 'Enter');
  await page.waitForFunction(() => document.querySelector('#phase').dataset.phase === 'chaotic', null, { timeout: 30000 });
  const corr = (await tableRows(page)).map((r) => Number(r.corr));
  assert.ok(corr[29] < 0.5, `a chaotic stack keeps the examples apart (corr ${corr[29]})`);
  // He + ReLU: the measured correlation climbs towards 1.
  await page.selectOption('#activation', 'relu');
  await page.selectOption('#init', 'he-normal');
  await page.waitForFunction(() => {
    const td = document.querySelector('#layer-stats tr[data-layer="30"] td[data-field="corr"]');
    return td && Number(td.dataset.value) > 0.8;
  }, null, { timeout: 30000 });
  // A normalized net: measured only.
  await page.selectOption('#norm', 'layer');
  await page.waitForFunction(() => /Measured only/.test(document.querySelector('#corr-theory-note').textContent));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the Jacobian spectrum: orthogonal + linear is flat at 1, Xavier-normal spreads', async () => {
  const page = await openPage(browser, `${server.url}?init=orthogonal&activation=linear&depth=20&width=32&batch=8`);
  // Off by default (it costs about as much as the run): the card says how to turn it on.
  await page.waitForFunction(() => /Switched off/.test(document.querySelector('#jacobian-note')?.textContent ?? ''));
  await page.check('#jacobian-toggle');
  await page.waitForSelector('#jacobian-chart');
  await page.waitForFunction(() => Number(document.querySelector('#jacobian-chart').dataset.draws) > 0);
  assert.match(await page.textContent('#jacobian-summary'),
    /^32 singular values; they span 0\.0 decades \(all within a factor 2 of 1: dynamical isometry\)/);
  assert.ok(await inkFraction(page, '#jacobian-chart') > 0.01);
  await page.selectOption('#init', 'xavier-normal');
  await page.waitForFunction(() => {
    const m = /span (\d+\.\d) decades/.exec(document.querySelector('#jacobian-summary')?.textContent ?? '');
    return m && Number(m[1]) >= 1;
  });
  assert.match(await page.textContent('#jacobian-summary'), /\(not dynamical isometry, which would keep every one near 1\)/);
  // Switched off, it is not computed; too wide, it says why.
  await page.uncheck('#jacobian-toggle');
  await page.waitForFunction(() => /Switched off/.test(document.querySelector('#jacobian-note')?.textContent ?? ''));
  await page.check('#jacobian-toggle');
  await page.fill('#width', '1024');
  await page.press('#width', 'Enter');
  await page.waitForFunction(() => /Not computed at width 1024/.test(document.querySelector('#jacobian-note')?.textContent ?? ''), null, { timeout: 60000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('on a phone-sized screen the architecture controls and charts do not overflow', async () => {
  const page = await openPage(browser, `${server.url}?arch=residual&depth=12&width=32`, { width: 390, height: 844 });
  await page.click('#settings-toggle'); // phones keep the settings in a drawer, closed at first
  await page.waitForSelector('#alpha-gpt2');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  await page.close();
});
