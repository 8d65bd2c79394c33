// The Lab answers while the slider moves: the worker answers each request stage by stage
// (theory, forward, complete), in order; a drag redraws the chart many times before the hand stops, with
// no worker terminated; a superseded request never replaces a newer one; stale curves are marked; and the
// table at rest still equals the CLI bit for bit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, cli, tableRows } from './harness.mjs';

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

/** A page whose workers are watched: every Result reply (tag 103: [id, stage, ms, …]) is logged with its
 * time, and worker starts and terminations are counted. */
async function watched(url, viewport = { width: 1366, height: 1000 }) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.addInitScript(() => {
    window.__results = [];
    window.__workers = 0;
    window.__terminated = 0;
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        window.__workers += 1;
        this.addEventListener('message', (e) => {
          const d = e.data;
          if (Array.isArray(d) && d[0] === 103) {
            window.__results.push({ id: d[2][0], stage: d[2][1], t: performance.now() });
          }
        });
      }
      terminate() {
        window.__terminated += 1;
        super.terminate();
      }
    };
  });
  await page.goto(url);
  await page.waitForSelector('#layer-stats tbody tr', { state: 'attached' });
  return page;
}

const atRest = (page) => page.waitForFunction(() => {
  const fig = document.querySelector('figure.chart-card');
  return fig?.dataset.stage === 'complete' && fig?.dataset.chartStale === 'false'
    && document.querySelector('.results')?.dataset.stale === 'false'
    && document.querySelector('.results')?.dataset.busy === 'false'
    && document.querySelectorAll('#layer-stats tbody tr').length > 0;
}, null, { timeout: 60000 });

test('each request is answered stage by stage, in order: theory, forward, complete', async () => {
  const page = await watched(`${server.url}?depth=20&width=128#lab`);
  await atRest(page);
  await page.focus('#depth-slider');
  await page.keyboard.press('ArrowRight');
  await atRest(page);
  const results = await page.evaluate(() => window.__results);
  const ids = [...new Set(results.map((r) => r.id))];
  assert.ok(ids.length >= 2, `two requests answered: ${JSON.stringify(results)}`);
  for (const id of ids) {
    const stages = results.filter((r) => r.id === id).map((r) => r.stage);
    assert.deepEqual(stages, [0, 1, 2], `request ${id}: theory, forward, complete`);
  }
  assert.equal(await page.$$eval('#layer-stats tbody tr', (r) => r.length), 21);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a drag of the depth slider redraws the chart before the hand stops, and no worker is terminated', async () => {
  const page = await watched(`${server.url}#lab`);
  await atRest(page);
  const workers = await page.evaluate(() => window.__workers);
  const slider = await page.$('#depth-slider');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const [min, max, value] = await slider.evaluate((s) => [Number(s.min), Number(s.max), Number(s.value)]);
  const xOf = (v) => box.x + 8 + ((v - min) / (max - min)) * (box.width - 16);
  const draws = () => page.$eval('#variance-chart', (c) => Number(c.dataset.draws));
  const draws0 = await draws();
  const t0 = await page.evaluate(() => performance.now());
  await page.mouse.move(xOf(value), box.y + box.height / 2);
  await page.mouse.down();
  // About 3 s of motion, from the default depth towards the top of the range.
  const steps = 60;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(xOf(value + ((Math.min(max, value + 40) - value) * i) / steps), box.y + box.height / 2);
    await page.waitForTimeout(50);
  }
  const duringDraws = (await draws()) - draws0;
  const t1 = await page.evaluate(() => performance.now());
  await page.mouse.up();
  const final = await slider.evaluate((s) => Number(s.value));
  assert.ok(final > value, 'the drag moved the slider');
  const during = (await page.evaluate(() => window.__results)).filter((r) => r.t > t0 && r.t < t1);
  const complete = new Set(during.filter((r) => r.stage === 2).map((r) => r.id));
  const theory = during.filter((r) => r.stage === 0).length;
  assert.ok(duringDraws >= 6, `the chart redrew ${duringDraws} times during the drag`);
  assert.ok(theory >= 6, `${theory} theory answers during the drag`);
  assert.ok(complete.size >= 2, `${complete.size} complete runs during the drag (measured curves moved too)`);
  await atRest(page);
  assert.equal(await page.$$eval('#layer-stats tbody tr', (r) => r.length), final, 'the table is the final depth');
  assert.equal(await page.evaluate(() => window.__terminated), 0, 'no worker was terminated to cancel a run');
  assert.equal(await page.evaluate(() => window.__workers), workers, 'no worker was started again');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a superseded request never replaces a newer one; at rest the table equals the CLI bit for bit', async () => {
  const page = await watched(`${server.url}?init=xavier-normal&activation=tanh&width=384&batch=192&depth=24#lab`);
  await atRest(page);
  // Record every run id the chart shows from now on.
  await page.evaluate(() => {
    const fig = document.querySelector('figure.chart-card');
    window.__shown = [Number(fig.dataset.runId)];
    new MutationObserver(() => window.__shown.push(Number(fig.dataset.runId)))
      .observe(fig, { attributes: true, attributeFilter: ['data-run-id'] });
  });
  await page.focus('#depth-slider');
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(15 + 10 * (i % 3));
  }
  await atRest(page);
  const shown = await page.evaluate(() => window.__shown);
  for (let i = 1; i < shown.length; i++) {
    assert.ok(shown[i] >= shown[i - 1], `the chart went back from run ${shown[i - 1]} to ${shown[i]}: ${shown}`);
  }
  const json = cli(['simulate', '--init', 'xavier-normal', '--activation', 'tanh', '--width', '384', '--batch', '192',
    '--depth', '32', '--format', 'json']);
  const rows = await tableRows(page);
  assert.equal(rows.length, 32);
  for (const [i, l] of json.layers.entries()) {
    assert.equal(Number(rows[i].pre_var), l.pre_var, `layer ${i + 1} Var(h)`);
    assert.equal(Number(rows[i].grad_var), l.grad_var, `layer ${i + 1} gradient`);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('while a heavy run is computed, the last run is shown under the new theory and marked stale', async () => {
  const page = await watched(`${server.url}?width=1024&batch=512&depth=40#lab`);
  await atRest(page);
  await page.evaluate(() => {
    const fig = document.querySelector('figure.chart-card');
    window.__states = [];
    new MutationObserver(() => window.__states.push(`${fig.dataset.stage}/${fig.dataset.chartStale}`))
      .observe(fig, { attributes: true });
  });
  await page.focus('#depth-slider');
  await page.keyboard.press('ArrowRight');
  await atRest(page);
  const states = await page.evaluate(() => window.__states);
  assert.ok(states.includes('theory/true'), `the old curves were marked stale under the new theory: ${states}`);
  assert.ok(states.includes('forward/false'), `the forward stage was shown on its own: ${states}`);
  assert.equal(await page.$$eval('#layer-stats tbody tr', (r) => r.length), 41);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the Lab still answers after it is left and opened again (request ids only grow)', async () => {
  const page = await watched(`${server.url}?depth=12&width=64#lab`);
  await atRest(page);
  for (let round = 0; round < 2; round++) {
    await page.click('#nav-learn');
    await page.waitForSelector('.demo-link');
    await page.click('#nav-lab');
    await page.waitForSelector('#depth-slider');
    await page.focus('#depth-slider');
    await page.keyboard.press('ArrowRight');
    await atRest(page);
    assert.equal(await page.$$eval('#layer-stats tbody tr', (r) => r.length), 13 + round, `round ${round + 1}`);
  }
  await page.click('#nav-learn');
  await page.click('.demo-link >> nth=0');
  await page.waitForFunction(() => location.hash === '#lab');
  await atRest(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('without web workers the page computes nothing, says why in an alert, and stays usable', async () => {
  // The page's .wasm holds no engine run: with no Worker it explains instead of freezing.
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    window.Worker = function Worker() { throw new Error('Workers are disabled for this test'); };
  });
  await page.goto(`${server.url}?depth=8#lab`);
  const alert = page.locator('#worker-missing[role="alert"]');
  await alert.waitFor({ timeout: 15000 });
  const text = await alert.innerText();
  assert.match(text, /could not start its web worker/);
  assert.match(text, /Workers are disabled for this test/, 'the browser\'s own reason is quoted');
  assert.match(text, /http\(s\)/, 'it says what to try');
  assert.match(await page.locator('#verdict').innerText(), /Not computed \(no web worker\)/, 'not "Computing…" forever');
  // Usable: the controls answer (the URL follows the depth box), the views open, and nothing panicked.
  await page.fill('#depth', '12');
  await page.press('#depth', 'Enter');
  await page.waitForFunction(() => location.search.includes('depth=12'));
  await page.click('#nav-learn');
  await page.waitForFunction(() => location.hash.startsWith('#learn'));
  assert.equal(await page.locator('#worker-missing').count(), 1, 'the banner stays above every view');
  assert.equal(await page.locator('#panic-panel').count(), 0, 'no panic panel');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Var(∂L/∂W) is computed only while the table is open; opening it leaves the chart as it is', async () => {
  const page = await watched(`${server.url}?depth=12&width=64&batch=16#lab`);
  await atRest(page);
  const table = () => page.evaluate(() => ({
    grads: document.querySelector('#layer-stats').dataset.weightGrads,
    cells: [...document.querySelectorAll('#layer-stats td[data-field="weight_grad_var"]')].map((td) => td.dataset.value),
  }));
  let t = await table();
  assert.equal(t.grads, 'false', 'the table is closed: ∂L/∂W is left out');
  assert.ok(t.cells.length === 12 && t.cells.every((v) => v === ''));
  await page.evaluate(() => {
    const fig = document.querySelector('figure.chart-card');
    window.__states = [];
    new MutationObserver(() => window.__states.push(`${fig.dataset.stage}/${fig.dataset.chartStale}`))
      .observe(fig, { attributes: true });
  });
  const before = await page.evaluate(() => window.__results.length);
  await page.click('details.table-card > summary');
  await page.waitForFunction(() => document.querySelector('#layer-stats').dataset.weightGrads === 'true');
  await atRest(page);
  assert.ok(await page.evaluate((n) => window.__results.length > n, before), 'opening the table asked the worker again');
  const states = await page.evaluate(() => window.__states);
  assert.ok(states.every((s) => s === 'complete/false'), `the chart stayed complete and current: ${states}`);
  const json = cli(['simulate', '--init', 'he-normal', '--activation', 'relu', '--depth', '12', '--width', '64', '--batch', '16', '--format', 'json']);
  t = await table();
  assert.deepEqual(t.cells.map(Number), json.layers.map((l) => l.weight_grad_var), 'equal to the CLI, bit for bit');
  // Closing it asks for nothing (the shown run has more than is needed); a new setting leaves ∂L/∂W out again.
  const asked = await page.evaluate(() => window.__results.length);
  await page.click('details.table-card > summary');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__results.length), asked, 'closing the table reran nothing');
  await page.fill('#depth', '10');
  await page.press('#depth', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 10);
  await atRest(page);
  assert.equal((await table()).grads, 'false');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('stepping σ rescales kept unit draws, and the table still equals the CLI bit for bit', async () => {
  // The first step draws N(0, 1) units and keeps them, the next ones multiply them by the new σ (src/engine/kept.rs).
  const page = await watched(`${server.url}?init=normal&scale=0.1&activation=tanh&width=96&batch=24&depth=12#lab`);
  await atRest(page);
  await page.focus('#scale');
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('ArrowUp');
    await atRest(page);
  }
  const scale = await page.$eval('#scale', (e) => e.value);
  assert.notEqual(Number(scale), 0.1, 'σ moved');
  const json = cli(['simulate', '--init', 'normal', '--scale', scale, '--activation', 'tanh', '--width', '96',
    '--batch', '24', '--depth', '12', '--format', 'json']);
  const rows = await tableRows(page);
  assert.equal(rows.length, 12);
  for (const [i, l] of json.layers.entries()) {
    for (const f of ['pre_var', 'post_var', 'grad_var', 'weight_var', 'weight_grad_var']) {
      assert.equal(Number(rows[i][f]), l[f], `layer ${i + 1} ${f} at σ = ${scale}`);
    }
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the gain slider steps the gain (He\'s √2 to 1.44) and the table equals the CLI at that gain', async () => {
  const page = await watched(`${server.url}?depth=12&width=96&batch=24#lab`);
  await atRest(page);
  assert.equal(Number(await page.$eval('#gain-slider', (e) => e.value)), 1.41, 'at He\'s √2, to the slider\'s step');
  await page.focus('#gain-slider');
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('ArrowRight');
    await atRest(page);
  }
  const gain = await page.$eval('#gain', (e) => e.value);
  assert.equal(gain, '1.44');
  assert.equal(new URL(page.url()).searchParams.get('gain'), '1.44', 'the URL says so');
  const json = cli(['simulate', '--init', 'he-normal', '--activation', 'relu', '--gain', gain, '--width', '96',
    '--batch', '24', '--depth', '12', '--format', 'json']);
  const rows = await tableRows(page);
  for (const [i, l] of json.layers.entries()) {
    assert.equal(Number(rows[i].weight_var), l.weight_var, `layer ${i + 1} Var(W) at gain ${gain}`);
    assert.equal(Number(rows[i].pre_var), l.pre_var, `layer ${i + 1} Var(h) at gain ${gain}`);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});
