// The helper worker (web/src/worker/helper.rs): once its first run is complete, the worker starts a second
// one that draws each new run's weights, and computes its Var(∂L/∂W) products, while it computes the rest.
// What the helper gives is used, and the results are the same bits as a worker doing everything itself — in
// the raw protocol and in the Lab's table against the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, cli, tableRows, installWorkerClient, helperUp } from './harness.mjs';

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

/** A run of `query` by a fresh worker of its own, then closed: no helper yet, so every layer drawn and every
 * product computed by the worker itself. Its counters before the run, and the run. */
const loneRun = (page, query) => page.evaluate(async (q) => {
  const c = window.__client('./initscope-worker_loader.js');
  await c.ready();
  const first = await c.counters();
  const run = await c.simulate(q);
  c.close();
  return { first, run };
}, query);

test('the helper draws a new run\'s weights, and the run is the same bits as one that draws its own', async (t) => {
  const page = await browser.newPage();
  const errors = [];
  // (Not the favicon this bare page asks for.)
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  await page.goto(`${server.url}initscope-worker_loader.js`);
  await installWorkerClient(page);
  // A large batch: each layer's products take several times a layer's draw, so the helper is ahead of the
  // run even while V8 has not yet optimized its code (at batch 96 a slow helper once supplied none of 40).
  const query = 'init=he-uniform&activation=gelu&width=192&batch=512&depth=40&seed=31&bias-std=0.05';
  const deeper = query.replace('depth=40', 'depth=50');
  // A fresh worker's first run: no helper yet, every layer drawn by the worker itself.
  const lone = (q) => loneRun(page, q);
  const alone = await lone(query);
  assert.equal(alone.first.helper_ready, 0, 'no helper before the first run');
  assert.equal(alone.first.helper_layers_kept, 0);
  // Another worker: a first run (other seed) starts its helper; the run of `query` then has new weights.
  await page.evaluate(async () => {
    window.__helped = window.__client('./initscope-worker_loader.js');
    await window.__helped.ready();
    await window.__helped.simulate('width=192&batch=96&depth=40&seed=30');
  });
  const up = await helperUp(page, '__helped');
  assert.equal(up.helper_ready, 1, 'the helper is up after the first run');
  // One more run with new weights, so that the helper's own code is optimized (V8 first runs it in its
  // baseline tier, and a cold helper falls behind): then the run of `query`.
  await page.evaluate(() => window.__helped.simulate('width=192&batch=96&depth=40&seed=29'));
  const counted = await page.evaluate(() => window.__helped.counters());
  const [before, before_wg] = [counted.helper_layers_kept, counted.helper_weight_grads];
  const helped = await page.evaluate((q) => window.__helped.simulate(q), query);
  const after = await page.evaluate(() => window.__helped.counters());
  // How many depends on timing (reported below); any at all means the run had layers from the helper. So
  // with its Var(∂L/∂W) products (the worker computes one itself only while it holds too many unanswered).
  assert.ok(after.helper_weight_grads - before_wg >= 1, 'Var(∂L/∂W) computed by the helper');
  assert.ok(after.helper_layers_kept - before >= 1,
    `the helper's layers were kept for the run: ${after.helper_layers_kept - before} of 40`);
  // The same bits, apart from the request id (data[0]) and the timing (data[2]).
  const strip = (d) => d.filter((_, i) => i !== 0 && i !== 2);
  assert.equal(helped.data.length, alone.run.data.length);
  assert.deepEqual(strip(helped.data), strip(alone.run.data));
  // Ten layers deeper: the first 40 are kept, so only layers 41–50 are asked of the helper (positions 40–49
  // of the run's draws, not 0–9 of the request): what it sends must land on those.
  const deep = await page.evaluate((q) => window.__helped.simulate(q), deeper);
  const last = await page.evaluate(() => window.__helped.counters());
  assert.ok(last.helper_layers_kept - after.helper_layers_kept >= 1,
    `the helper's layers 41–50 were kept: ${last.helper_layers_kept - after.helper_layers_kept} of 10`);
  assert.deepEqual(strip(deep.data), strip((await lone(deeper)).run.data));
  t.diagnostic(`layers from the helper: ${after.helper_layers_kept - before} of 40, then `
    + `${last.helper_layers_kept - after.helper_layers_kept} of 10; Var(∂L/∂W) from the helper: `
    + `${after.helper_weight_grads - before_wg} of 40, then ${last.helper_weight_grads - after.helper_weight_grads} of 50`);
  await page.evaluate(() => window.__helped.close());
  assert.deepEqual(errors, []);
  await page.close();
});

test('the helper draws a residual run\'s matrices too, and the run is the same bits', async (t) => {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  await page.goto(`${server.url}initscope-worker_loader.js`);
  await installWorkerClient(page);
  // Two matrices a block, 60 in all; a large batch keeps the run ahead of the helper's first draws.
  const query = 'arch=residual&init=he-normal&activation=relu&width=192&batch=512&depth=30&seed=51';
  const lone = (await loneRun(page, query)).run;
  await page.evaluate(async () => {
    window.__res = window.__client('./initscope-worker_loader.js');
    await window.__res.ready();
    await window.__res.simulate('arch=residual&width=192&batch=96&depth=30&seed=50');
  });
  assert.equal((await helperUp(page, '__res')).helper_ready, 1);
  // One more new run first, so that the helper's code is optimized (see the first test).
  await page.evaluate(() => window.__res.simulate('arch=residual&width=192&batch=96&depth=30&seed=49'));
  const before = (await page.evaluate(() => window.__res.counters())).helper_layers_kept;
  const helped = await page.evaluate((q) => window.__res.simulate(q), query);
  const kept = (await page.evaluate(() => window.__res.counters())).helper_layers_kept - before;
  assert.ok(kept >= 1, `the helper's matrices were kept for the run: ${kept} of 60`);
  const strip = (d) => d.filter((_, i) => i !== 0 && i !== 2);
  assert.deepEqual(strip(helped.data), strip(lone.data));
  t.diagnostic(`a residual run: ${kept} of 60 matrices from the helper`);
  await page.evaluate(() => window.__res.close());
  assert.deepEqual(errors, []);
  await page.close();
});

test('in the Lab, a new seed drawn by the helper gives a table equal to the CLI bit for bit', async (t) => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // Keep a handle on the Lab's worker, to read its counters (the Lab ignores replies it did not ask for).
  await page.addInitScript(() => {
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        window.__labWorker = this;
      }
    };
  });
  await page.goto(`${server.url}?init=lecun-normal&activation=selu&width=256&batch=384&depth=40&seed=4#lab`);
  await page.waitForSelector('#layer-stats tbody tr', { state: 'attached' });
  const counters = () => page.evaluate(() => new Promise((ok) => {
    const w = window.__labWorker;
    const on = (e) => {
      if (e.data[0] !== 106) return;
      w.removeEventListener('message', on);
      ok(Object.fromEntries(e.data[1].split('\n').map((n, i) => [n, e.data[2][i]])));
    };
    w.addEventListener('message', on);
    w.postMessage([4, '', new Float64Array([2])]);
  }));
  let c = await counters();
  for (let i = 0; i < 100 && c.helper_ready !== 1; i++) {
    await page.waitForTimeout(50);
    c = await counters();
  }
  assert.equal(c.helper_ready, 1, 'the Lab\'s worker started its helper');
  // One new seed first, so that the helper's own code is optimized (see the test above).
  await page.fill('#seed', '8');
  await page.press('#seed', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('seed') === '8');
  await page.waitForFunction(() => document.querySelector('.results')?.dataset.busy !== 'true');
  await page.waitForTimeout(400);
  c = await counters();
  // A new seed: every layer is new weights (a run long enough for the helper to be ahead: a run shorter than
  // one of the worker's slices draws all its layers before any message from the helper is read).
  await page.fill('#seed', '9');
  await page.press('#seed', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('seed') === '9');
  const rows = await tableRows(page);
  const after = await counters();
  assert.ok(after.helper_layers_kept > c.helper_layers_kept, 'the helper drew some of the new seed\'s layers');
  assert.ok(after.helper_weight_grads > c.helper_weight_grads, 'the table\'s Var(∂L/∂W) came from the helper');
  t.diagnostic(`the Lab's new seed: ${after.helper_layers_kept - c.helper_layers_kept} of 40 layers from the helper`);
  const json = cli(['simulate', '--init', 'lecun-normal', '--activation', 'selu', '--width', '256', '--batch', '384',
    '--depth', '40', '--seed', '9', '--format', 'json']);
  assert.equal(rows.length, 40);
  for (const [i, l] of json.layers.entries()) {
    assert.equal(Number(rows[i].pre_var), l.pre_var, `layer ${i + 1} Var(h)`);
    assert.equal(Number(rows[i].grad_var), l.grad_var, `layer ${i + 1} gradient`);
    assert.equal(Number(rows[i].weight_grad_var), l.weight_grad_var, `layer ${i + 1} Var(∂L/∂W)`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a helper that cannot start leaves every run to the worker, with the same numbers', async () => {
  // The worker's script as the worker itself asks for it (its helper's: the referrer is the worker's script)
  // is a script that throws.
  let refused = 0;
  const broken = await serveDist({
    transform: (path, body, req) => {
      if (path !== '/initscope-worker_loader.js' || !String(req.headers.referer).endsWith(path)) return body;
      refused += 1;
      return Buffer.from('throw new Error("no helper here");');
    },
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
  const errors = [];
  const warnings = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(`${broken.url}?width=256&batch=192&depth=40&seed=4#lab`);
  await page.waitForSelector('#layer-stats tbody tr', { state: 'attached' });
  await page.waitForFunction(() => document.querySelector('.results')?.dataset.busy !== 'true');
  await page.waitForTimeout(300);
  assert.equal(refused, 1, 'the helper was tried, once');
  assert.ok(warnings.some((w) => w.includes('helper worker failed')), `the failure is logged: ${warnings}`);
  await page.fill('#seed', '11');
  await page.press('#seed', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('seed') === '11');
  const rows = await tableRows(page);
  const json = cli(['simulate', '--init', 'he-normal', '--activation', 'relu', '--width', '256', '--batch', '192',
    '--depth', '40', '--seed', '11', '--format', 'json']);
  for (const [i, l] of json.layers.entries()) {
    assert.equal(Number(rows[i].pre_var), l.pre_var, `layer ${i + 1} Var(h)`);
    assert.equal(Number(rows[i].weight_grad_var), l.weight_grad_var, `layer ${i + 1} Var(∂L/∂W)`);
  }
  assert.deepEqual(errors, []);
  await page.close();
  await broken.close();
});

test('a helper that dies holding Var(∂L/∂W) products leaves them to the worker, with the same numbers', async (t) => {
  // The helper's script (the worker's own, as the worker asks for it) first wraps the handler the worker
  // code installs: the third weight product that reaches it throws, an uncaught error that ends the helper
  // while the worker still holds that product and whatever followed it.
  const wrapper = `(() => {
    let products = 0;
    Object.defineProperty(self, 'onmessage', { configurable: true, set(handler) {
      self.addEventListener('message', (e) => {
        if (Array.isArray(e.data) && e.data[0] === 7 && ++products === 3) throw new Error('the helper dies');
        handler.call(self, e);
      });
    } });
  })();\n`;
  const dying = await serveDist({
    transform: (path, body, req) => {
      if (path !== '/initscope-worker_loader.js' || !String(req.headers.referer).endsWith(path)) return body;
      return Buffer.concat([Buffer.from(wrapper), body]);
    },
  });
  const page = await browser.newPage();
  const errors = [];
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${dying.url}initscope-worker_loader.js`);
  await installWorkerClient(page);
  // Batch 256: the products a run holds (≈ 0.4 MB each) stay under the worker's 32 MiB, so every layer is
  // deferred while the helper lives.
  const query = 'init=xavier-normal&activation=tanh&width=192&batch=256&depth=40&seed=41';
  const lone = (await loneRun(page, query)).run;
  await page.evaluate(async () => {
    window.__dying = window.__client('./initscope-worker_loader.js');
    await window.__dying.ready();
    await window.__dying.simulate('width=192&batch=96&depth=40&seed=30', false);
  });
  const up = await helperUp(page, '__dying');
  assert.equal(up.helper_ready, 1, 'the helper is up after the first run');
  const helped = await page.evaluate((q) => window.__dying.simulate(q), query);
  const after = await page.evaluate(() => window.__dying.counters());
  assert.equal(after.helper_ready, 0, 'the helper is gone');
  // Its answers to the first two (in flight when it died: either they arrive, or the worker computes them).
  assert.ok(after.helper_weight_grads <= 2, `the helper answered ${after.helper_weight_grads} products`);
  assert.ok(warnings.some((w) => w.includes('helper worker failed')), `the failure is logged: ${warnings}`);
  const strip = (d) => d.filter((_, i) => i !== 0 && i !== 2);
  assert.deepEqual(strip(helped.data), strip(lone.data), 'the same bits as a worker without a helper');
  // The worker goes on alone: another run, the same bits as its lone counterpart.
  const next = await page.evaluate((q) => window.__dying.simulate(q), query.replace('seed=41', 'seed=42'));
  const loneNext = (await loneRun(page, query.replace('seed=41', 'seed=42'))).run;
  assert.deepEqual(strip(next.data), strip(loneNext.data));
  t.diagnostic(`the helper died after ${after.helper_weight_grads} answers; warnings: ${warnings.length}`);
  await page.evaluate(() => window.__dying.close());
  assert.deepEqual(errors.filter((e) => !e.includes('the helper dies')), []);
  await page.close();
  await dying.close();
});
