// Convolutional stacks in the Lab end to end, on the release build: choosing the architecture brings its
// sizes and fields, the page's table equals the CLI's JSON bit for bit (He + ReLU, and an overflow), the
// initializer's line names the conv fans, a bad kernel is named and not run, and delta-orthogonal's Jacobian on
// small images is an isometry. Learn's section and the interview's questions link into the Lab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, cli, tableRows } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const rowsReady = (page, n) => page.waitForFunction((k) => document.querySelectorAll('#layer-stats tbody tr').length === k, n);

/** Every measured field and theory column of the CLI's JSON equals the page's table cell. */
function sameAsCli(rows, json, label) {
  assert.equal(rows.length, json.layers.length, `${label}: one row per layer`);
  for (const [i, row] of rows.entries()) {
    for (const [f, v] of Object.entries(json.layers[i])) {
      if (f === 'layer') continue;
      const got = row[f] === '' ? null : Number(row[f]);
      assert.equal(got, v, `${label}: layer ${i + 1} ${f}: page ${row[f]} vs CLI ${v}`);
    }
    const t = json.theory[i];
    if (t) for (const f of ['pre_var', 'post_var', 'grad_var']) {
      const cell = row[`theory_${f}`];
      assert.equal(cell === '' ? null : Number(cell), t[f], `${label}: layer ${i + 1} theory ${f}`);
    }
  }
}

test('conv: the architecture brings its sizes and fields, and the page equals the CLI', async () => {
  const page = await openPage(browser, `${server.url}?init=he-normal&activation=relu`);
  await page.selectOption('#arch', 'conv');
  await page.waitForFunction(() => location.search.includes('arch=conv'));
  assert.equal(await page.inputValue('#depth'), '20');
  assert.equal(await page.inputValue('#width'), '32');
  assert.equal(await page.inputValue('#kernel'), '3');
  assert.equal(await page.inputValue('#image'), '16');
  assert.ok(!/depth=|width=|batch=/.test(new URL(page.url()).search), 'its own defaults stay out of the URL');
  assert.match(await page.textContent('#init-fans'), /fan_in = C_in·k² = 3·9 = 27 at layer 1, 32·9 = 288 after/);
  await rowsReady(page, 20);
  await page.click('.table-card summary');
  await page.waitForFunction(() => document.querySelector('#layer-stats').dataset.weightGrads === 'true');
  const json = cli(['simulate', '--arch', 'conv', '--init', 'he-normal', '--activation', 'relu']);
  sameAsCli(await tableRows(page), json, 'conv he-relu');
  // A 5 × 5 kernel: a new run, still equal to the CLI.
  await page.fill('#kernel', '5');
  await page.press('#kernel', 'Enter');
  await page.waitForFunction(() => location.search.includes('kernel=5'));
  await page.waitForFunction(() => /5·25|3·25 = 75/.test(document.querySelector('#init-fans').textContent));
  const json5 = cli(['simulate', '--arch', 'conv', '--init', 'he-normal', '--activation', 'relu', '--kernel', '5']);
  await page.waitForFunction((v) => Number(document.querySelector('tr[data-layer="1"] td[data-field="pre_var"]')?.dataset.value) === v,
    json5.layers[0].pre_var, { timeout: 30000 });
  sameAsCli(await tableRows(page), json5, 'conv k=5');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('conv: an overflow and a bad kernel in a link', async () => {
  const q = 'arch=conv&init=uniform&scale=1&activation=relu&depth=80&width=16&image=8&batch=4';
  const page = await openPage(browser, `${server.url}?${q}`);
  await rowsReady(page, 80);
  await page.click('.table-card summary');
  await page.waitForFunction(() => document.querySelector('#layer-stats').dataset.weightGrads === 'true');
  const json = cli(['simulate', '--arch', 'conv', '--init', 'uniform', '--scale', '1', '--activation', 'relu',
    '--depth', '80', '--width', '16', '--image', '8', '--batch', '4']);
  assert.ok(json.overflow_layer > 0, 'this setting overflows');
  sameAsCli(await tableRows(page), json, 'conv overflow');
  await page.close();
  const bad = await openPage(browser, `${server.url}?arch=conv&kernel=4&init=he-normal`);
  await bad.waitForSelector('#notice');
  assert.match(await bad.textContent('#notice'), /kernel.*4.*even/);
  assert.equal(await bad.inputValue('#kernel'), '3', 'the kernel falls back to its default');
  assert.deepEqual(bad.errors, []);
  await bad.close();
});

test('conv: delta-orthogonal keeps every singular value of a linear stack at 1', async () => {
  const page = await openPage(browser,
    `${server.url}?arch=conv&init=delta-orthogonal&activation=linear&depth=30&image=4&width=16&input-width=16`);
  await page.check('#jacobian-toggle');
  await page.waitForSelector('#jacobian-chart');
  await page.waitForFunction(() => /singular values/.test(document.querySelector('#jacobian-summary')?.textContent ?? ''));
  assert.match(await page.textContent('#jacobian-summary'),
    /^256 singular values; they span 0\.0 decades \(all within a factor 2 of 1: dynamical isometry\)/);
  // The default images are too large for it: the card says so, naming the limit.
  await page.fill('#image', '16');
  await page.press('#image', 'Enter');
  await page.waitForFunction(() => /at most 1024 entries/.test(document.querySelector('#jacobian-note')?.textContent ?? ''));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Learn and Interview link their convolution claims into the Lab', async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}#learn`);
  await page.waitForSelector('#conv-claims a');
  const links = await page.$$eval('#conv-claims a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length >= 8 && links.every((h) => h.includes('arch=conv')), links.join(' '));
  await page.click('#conv-claims a >> nth=1');
  await page.waitForFunction(() => location.hash === '#lab' && location.search.includes('scale=0.25'));
  await page.waitForFunction(() => /explodes/i.test(document.querySelector('#verdict')?.textContent ?? ''), null, { timeout: 30000 });
  await page.goto(`${server.url}#interview`);
  for (const q of ['What are fan_in and fan_out of a convolutional layer?', 'Why does nn.Conv2d use kaiming_uniform_ with a = √5?',
    'Why use He initialization for a ReLU CNN?', 'What does delta-orthogonal buy over orthogonal for a deep CNN?']) {
    assert.ok((await page.textContent('main')).includes(q), q);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});
