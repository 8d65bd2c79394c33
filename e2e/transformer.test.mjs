// Transformers in the Lab end to end, on the release build: choosing the architecture brings its sizes, its
// initializer and activation and its fields; the page's table equals the CLI's JSON bit for bit (defaults,
// causal post-LN, and a scheme button); the attention panels and the heat map are drawn and the map follows its
// pickers; a bad link is named and the page still runs; the Try pills are the transformer's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, cli, tableRows, inkFraction } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const FIELDS = ['stream_var', 'stream_grad_var', 'logit_var', 'attn_entropy', 'attn_max', 'token_corr', 'ffn_grad_norm'];

/** Every per-block field and theory column of the CLI's JSON equals the page's table cell. */
function sameAsCli(rows, json, label) {
  assert.equal(rows.length, json.layers.length, `${label}: one row per block`);
  for (const [i, row] of rows.entries()) {
    for (const f of FIELDS) {
      const got = row[f] === '' ? null : Number(row[f]);
      assert.equal(got, json.layers[i][f], `${label}: block ${i + 1} ${f}: page ${row[f]} vs CLI ${json.layers[i][f]}`);
    }
    const t = json.theory[i];
    if (t) for (const f of ['logit_var', 'attn_entropy']) {
      const cell = row[`theory_${f}`];
      assert.equal(cell === '' ? null : Number(cell), t[f], `${label}: block ${i + 1} theory ${f}`);
    }
  }
}

/** Wait until the table shows the run of the current URL (its first stream variance is `v`). */
const showing = (page, v) => page.waitForFunction((x) => Number(document.querySelector('tr[data-layer="1"] td[data-field="stream_var"]')?.dataset.value) === x, v, { timeout: 30000 });

test('transformer: the architecture brings its defaults and fields, and the page equals the CLI', async () => {
  const page = await openPage(browser, server.url);
  await page.selectOption('#arch', 'transformer');
  await page.waitForFunction(() => location.search.includes('arch=transformer'));
  for (const [id, v] of [['depth', '12'], ['width', '128'], ['batch', '4'], ['tokens', '32'], ['heads', '4']]) {
    assert.equal(await page.inputValue(`#${id}`), v, id);
  }
  assert.equal(await page.inputValue('#init'), 'xavier-normal');
  assert.equal(await page.inputValue('#activation'), 'gelu');
  assert.equal(await page.inputValue('#ln'), 'pre');
  assert.equal(new URL(page.url()).search, '?arch=transformer', 'its own defaults stay out of the URL');
  assert.match(await page.textContent('#init-fans'), /W_1: 128 → 512; W_2: fan_in = 4d = 512/);
  const json = cli(['simulate', '--arch', 'transformer', '--init', 'xavier-normal', '--activation', 'gelu']);
  await showing(page, json.layers[0].stream_var);
  sameAsCli(await tableRows(page), json, 'defaults');
  // The Try pills are the transformer's.
  assert.match(await page.textContent('.quick-demos'), /no √d_k: attention collapses/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('transformer: causal post-LN from a link, and the GPT-2 button, equal the CLI', async () => {
  const page = await openPage(browser, `${server.url}?arch=transformer&ln=post&causal=1&tokens=16&depth=6`);
  const json = cli(['simulate', '--arch', 'transformer', '--init', 'xavier-normal', '--activation', 'gelu', '--ln', 'post', '--causal', '--tokens', '16', '--depth', '6']);
  await showing(page, json.layers[0].stream_var);
  sameAsCli(await tableRows(page), json, 'causal post-LN');
  await page.click('#preset-gpt2');
  await page.waitForFunction(() => location.search.includes('scale=0.02'));
  const q = new URL(page.url()).searchParams;
  assert.equal(q.get('init'), 'normal');
  assert.equal(Number(q.get('branch-scale')), 1 / Math.sqrt(12), 'α = 1/√(2L) at L = 6');
  assert.equal(q.get('ln'), null, 'pre-LN is the default');
  assert.equal(await page.getAttribute('#preset-gpt2', 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('#preset-deepnorm', 'aria-pressed'), 'false');
  const gpt2 = cli(['simulate', '--arch', 'transformer', '--preset', 'gpt2', '--causal', '--tokens', '16', '--depth', '6']);
  await showing(page, gpt2.layers[0].stream_var);
  sameAsCli(await tableRows(page), gpt2, 'GPT-2 button');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('transformer: the attention panels are drawn and the heat map follows its pickers', async () => {
  const page = await openPage(browser, `${server.url}?arch=transformer&attn-scale=none&depth=6`);
  await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind === 'exploding', null, { timeout: 30000 });
  for (const id of ['#logit-chart', '#entropy-chart', '#token-chart', '#ffn-grad-chart', '#attention-map']) {
    await page.waitForFunction((s) => document.querySelector(s)?.width > 0, id);
    assert.ok(await inkFraction(page, id) > 0.02, `${id} is drawn`);
  }
  assert.deepEqual(await page.$$eval('#attn-block option', (o) => o.map((x) => x.value)), ['1', '2', '3', '4', '5', '6']);
  assert.equal(await page.inputValue('#attn-block'), '6', 'the last block by default');
  assert.equal(await page.$$eval('#attn-head option', (o) => o.length), 4);
  const pixels = () => page.$eval('#attention-map', (c) => c.toDataURL());
  const before = await pixels();
  await page.selectOption('#attn-block', '1');
  await page.waitForFunction((b) => document.querySelector('#attention-map').toDataURL() !== b, before);
  const block1 = await pixels();
  await page.selectOption('#attn-head', '3');
  await page.waitForFunction((b) => document.querySelector('#attention-map').toDataURL() !== b, block1);
  assert.match(await page.textContent('#verdict'), /Attention has collapsed/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('transformer: heads that do not divide the width are named, and the page still runs', async () => {
  const page = await openPage(browser, `${server.url}?arch=transformer&heads=3&depth=3`);
  await page.waitForSelector('#notice');
  assert.match(await page.textContent('#notice'), /heads.*3.*does not divide the width 128/);
  assert.equal(await page.inputValue('#heads'), '4');
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 3);
  assert.deepEqual(page.errors, []);
  await page.close();
});
