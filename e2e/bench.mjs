// The in-browser benchmark and the numpy comparison, in one run: `node e2e/bench.mjs` after a release build
// (`bash scripts/bench.sh` does both). Timed in real time — never under --virtual-time-budget. Prints every
// figure as JSON and rewrites the performance table in docs/PERFORMANCE.md (between its bench markers) from
// this run.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { installWorkerClient, serveDist, launch, ROOT } from './harness.mjs';

const DIST = process.env.INITSCOPE_DIST ?? join(ROOT, 'dist');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] : NaN; };
const round = (x, d = 1) => (Number.isFinite(x) ? +x.toFixed(d) : x);

/** Resolves once the Lab is at rest: the newest request complete and nothing shown stale. */
const atRest = (page, timeout = 60000) => page.waitForFunction(() => {
  const fig = document.querySelector('figure.chart-card');
  return fig?.dataset.stage === 'complete' && fig?.dataset.chartStale === 'false'
    && document.querySelector('.results')?.dataset.stale === 'false'
    && document.querySelector('.results')?.dataset.busy === 'false'
    && document.querySelectorAll('#layer-stats tbody tr').length > 0;
}, null, { timeout });

const server = await serveDist();
const browser = await launch();
const report = { chromium: browser.version(), cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}` };
const attempt = async (name, f) => {
  try { await f(); } catch (e) { report[name] = `not measured: ${String(e.message).split('\n')[0]}`; }
};
try {
  // Load: navigation to the first drawn chart, and to the first complete one (measured curves of both passes),
  // each time in a fresh profile (a new browser context), at each architecture's defaults.
  for (const [prefix, query] of [['', ''], ['conv_', '?arch=conv'], ['tf_', '?arch=transformer']]) await attempt(`${prefix}first_chart_ms`, async () => {
    const times = [];
    const complete = [];
    for (let i = 0; i < 9; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await ctx.newPage();
      await page.goto(`${server.url}${query}#lab`);
      await page.waitForFunction(() => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0, null, { timeout: 30000 });
      times.push(await page.evaluate(() => performance.now()));
      await page.waitForFunction(() => document.querySelector('figure.chart-card')?.dataset.stage === 'complete'
        && document.querySelector('figure.chart-card')?.dataset.chartStale === 'false', null, { timeout: 30000, polling: 5 });
      complete.push(await page.evaluate(() => performance.now()));
      await ctx.close();
    }
    report[`${prefix}first_chart_ms`] = round(median(times));
    report[`${prefix}first_chart_ms_all`] = times.map((t) => round(t));
    report[`${prefix}first_complete_chart_ms`] = round(median(complete));
    report[`${prefix}first_complete_chart_ms_all`] = complete.map((t) => round(t));
  });

  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  // A same-origin page that runs nothing itself (not the Lab, whose own worker would compete for the cores).
  await page.goto(`${server.url}initscope-worker_loader.js`);
  // The engine in a fresh worker, as the page runs it. The protocol (src/protocol): frames [tag, text,
  // Float64Array]; 4 asks for the benchmark ([1] only a fresh worker's first runs, [0] everything), 101 is
  // ready, 106 carries it (names on the text's lines). The cold run is the first after Ready (the worker warms
  // its hot loops up before saying Ready). A first run can be timed once per worker, and it varies from
  // worker to worker: four more fresh workers time only their first runs, and the table gives the medians.
  const freshWorker = (on, firstRunsOnly) => on.evaluate((scope) => new Promise((resolve) => {
    const t0 = performance.now();
    let ready = NaN;
    const w = new Worker('./initscope-worker_loader.js');
    w.onmessage = (e) => {
      if (e.data[0] === 101) {
        ready = performance.now() - t0;
        w.postMessage([4, '', new Float64Array([scope])]);
      }
      if (e.data[0] === 106) {
        const names = e.data[1].split('\n');
        const values = Object.fromEntries(names.map((n, i) => [n, +Number(e.data[2][i]).toFixed(2)]));
        resolve({ worker_ready_ms: +ready.toFixed(1), ...values });
        w.terminate();
      }
    };
  }), firstRunsOnly ? 1 : 0);
  // Each of them in a fresh profile (a new browser context, its own renderer): V8 would otherwise reuse the
  // module it compiled, and the optimized code, for the next worker of the same page.
  const firsts = [];
  for (let i = 0; i < 4; i++) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${server.url}initscope-worker_loader.js`);
    firsts.push(await freshWorker(p, true));
    await ctx.close();
  }
  report.worker = await freshWorker(page, false);
  firsts.push(report.worker);
  for (const k of ['worker_ready_ms', 'default_run_cold_ms', 'default_run_second_ms']) {
    report[`${k}_all`] = firsts.map((f) => f[k]);
    report.worker[k] = median(firsts.map((f) => f[k]));
  }
  report.cold_over_warm = round(report.worker.default_run_cold_ms / report.worker.default_run_ms, 2);
  report.cold_over_new_weights = round(report.worker.default_run_cold_ms / report.worker.default_run_new_weights_ms, 2);
  // The first run as the Lab asks for it (the Lab's own frame: progressive, no ∂L/∂W, histograms of layers 1,
  // 25, 50), a request to a fresh worker right after its Ready, in a fresh profile: post → its first reply
  // (the theory) and → its complete result. Medians of 5.
  const asked = [];
  for (let i = 0; i < 5; i++) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${server.url}initscope-worker_loader.js`);
    asked.push(await p.evaluate(() => new Promise((resolve) => {
      const w = new Worker('./initscope-worker_loader.js');
      let t0;
      let first;
      w.onmessage = (e) => {
        const [tag, , data] = e.data;
        if (tag === 101) {
          t0 = performance.now();
          w.postMessage([1, '', new Float64Array([1, 0, 0, 1, 0, 1, 25, 50])]);
        }
        if (tag === 103) {
          first ??= performance.now() - t0;
          if (data[1] === 2) {
            resolve({ first, complete: performance.now() - t0 });
            w.terminate();
          }
        }
      };
    })));
    await ctx.close();
  }
  report.cold_request_first_reply_ms = round(median(asked.map((a) => a.first)));
  report.cold_request_ms = round(median(asked.map((a) => a.complete)));
  report.cold_request_ms_all = asked.map((a) => round(a.complete));

  // Runs as the page asks for them: a request to a fresh worker, timed from posting it to its complete
  // result, with the worker's helper (started after its first run; waited for here) drawing the weights of
  // each new run. Medians of 7, after two warm-ups; a new seed each time, so nothing kept is reused.
  await installWorkerClient(page);
  Object.assign(report.worker, await page.evaluate(async () => {
    const c = window.__client('./initscope-worker_loader.js');
    await c.ready();
    await c.simulate('');
    let counters = await c.counters();
    for (let i = 0; i < 100 && counters.helper_ready !== 1; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      counters = await c.counters();
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const time = async (queries, weightGrads) => {
      const ms = [];
      for (const q of queries) {
        const t0 = performance.now();
        await c.simulate(q, weightGrads);
        ms.push(performance.now() - t0);
      }
      return median(ms.slice(2));
    };
    const seeds = (from, query) => Array.from({ length: 9 }, (_, i) => `${query}seed=${from + i}`);
    const numpy = await time(seeds(2000, 'batch=256&'), true);
    const fresh = await time(seeds(3000, ''), false);
    // The default run again and again (its weights kept), as the same request.
    const again = await time(Array(9).fill(''), false);
    const after = await c.counters();
    c.close();
    return {
      numpy_job_ms: +numpy.toFixed(1),
      default_run_new_weights_helped_ms: +fresh.toFixed(1),
      default_run_request_ms: +again.toFixed(1),
      helper_ready: counters.helper_ready,
      helper_layers_kept: after.helper_layers_kept,
      helper_weight_grads: after.helper_weight_grads,
    };
  }));

  // Dragging the depth slider for 3 s at the defaults: chart redraws, theory latency, complete runs.
  // For each architecture's defaults (`prefix` names its figures): the dense stack's, a convolution's and a
  // transformer's.
  for (const [prefix, query, from] of [['', '', 50], ['conv_', '?arch=conv', 20], ['tf_', '?arch=transformer', 12]]) await attempt(`${prefix}drag`, async () => {
    await page.goto(`${server.url}${query}#lab`);
    await atRest(page);
    await page.evaluate(() => {
      window.__inputs = [];
      window.__draws = [];
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      document.querySelector('#depth-slider').addEventListener('input', () => window.__inputs.push(performance.now()));
      const c = document.querySelector('#variance-chart');
      const fig = document.querySelector('figure.chart-card');
      new MutationObserver(() => window.__draws.push({ t: performance.now(), stage: fig.dataset.stage, stale: fig.dataset.chartStale }))
        .observe(c, { attributes: true, attributeFilter: ['data-draws'] });
    });
    const slider = await page.$('#depth-slider');
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    const [min, max] = await slider.evaluate((s) => [Number(s.min), Number(s.max)]);
    const xOf = (v) => box.x + 8 + ((v - min) / (max - min)) * (box.width - 16);
    const y = box.y + box.height / 2;
    await page.mouse.move(xOf(from), y);
    await page.mouse.down();
    const t0 = await page.evaluate(() => performance.now());
    // from → from + 40 → from (50 → 90 → 50 for the dense stack) over 3 s of wall-clock time: a hand moving back and forth (each move also waits for the
    // browser, so the steps are timed, not counted).
    const start = Date.now();
    for (let f = 0; f < 1; f = (Date.now() - start) / 3000) {
      await page.mouse.move(xOf(from + 40 * Math.sin(Math.PI * f)), y);
      await page.waitForTimeout(30);
    }
    const t1 = await page.evaluate(() => performance.now());
    await page.mouse.up();
    const { inputs, draws, long } = await page.evaluate(() => ({ inputs: window.__inputs, draws: window.__draws, long: window.__long }));
    report[`${prefix}drag_long_tasks`] = long.length;
    report[`${prefix}drag_longest_task_ms`] = Math.max(0, ...long);
    const during = draws.filter((d) => d.t >= t0 && d.t <= t1);
    const secs = (t1 - t0) / 1000;
    // Input → the first chart draw after it (the theory of that value, or a newer one).
    const latency = inputs.filter((t) => t >= t0 && t <= t1).map((t) => (draws.find((d) => d.t >= t)?.t ?? NaN) - t)
      .filter(Number.isFinite);
    report[`${prefix}drag_seconds`] = round(secs, 2);
    report[`${prefix}drag_input_events`] = inputs.length;
    report[`${prefix}drag_redraws_per_s`] = round(during.length / secs);
    report[`${prefix}drag_fresh_measured_redraws_per_s`] = round(during.filter((d) => d.stale === 'false').length / secs);
    report[`${prefix}drag_input_to_draw_ms_median`] = round(median(latency));
    report[`${prefix}drag_input_to_draw_ms_p95`] = round(p95(latency));
    await atRest(page);
  });

  // One slider step at the defaults: key press → complete chart (every stage), median of 9. The depth slider
  // keeps the weights; the gain slider rescales them (its first step keeps their unit draws, the next ones
  // multiply those: src/engine/kept.rs).
  // (Depth goes back and forth; the gain only up, so that every step is a gain not seen before.)
  for (const [name, slider, back, query] of [['step', '#depth-slider', true, ''], ['gain_step', '#gain-slider', false, ''],
    ['conv_step', '#depth-slider', true, '?arch=conv'], ['tf_step', '#depth-slider', true, '?arch=transformer']]) {
    await attempt(`${name}_ms_median`, async () => {
      await page.goto(`${server.url}${query}#lab`);
      await atRest(page);
      await page.focus(slider);
      const times = [];
      for (let i = 0; i < 9; i++) {
        const t0 = await page.evaluate(() => performance.now());
        await page.keyboard.press(back && i % 2 ? 'ArrowLeft' : 'ArrowRight');
        await atRest(page);
        // The rest state is seen a poll later than it happened: take the last draw's time instead.
        times.push(await page.evaluate((t) => performance.now() - t, t0));
        await page.waitForTimeout(200);
      }
      report[`${name}_ms_median`] = round(median(times));
      report[`${name}_ms_all`] = times.map((t) => round(t));
    });
  }

  // Responsiveness: longest main-thread task while stepping the depth slider at width 1024, batch 1024.
  await attempt('longest_main_thread_task_ms', async () => {
    await page.goto(`${server.url}?width=1024&batch=1024&depth=120#lab`);
    await page.waitForSelector('#depth-slider');
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    await page.focus('#depth-slider');
    for (let i = 0; i < 20; i++) { await page.keyboard.press('ArrowRight'); await page.waitForTimeout(30); }
    await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 140, null, { timeout: 600000 });
    report.longest_main_thread_task_ms = Math.max(0, ...(await page.evaluate(() => window.__long)));
  });
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
for (const f of readdirSync(DIST).filter((f) => f.endsWith('.wasm'))) {
  report[`gzip_kb ${f.replace(/-[0-9a-f]{8,}(?=_bg)/, '')}`] = +(gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length / 1024).toFixed(1);
}
// numpy on one thread, the same job (batch 256), in the same run; the machine's OpenBLAS core-type override
// is lifted for it so numpy uses its best kernel.
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
try {
  Object.assign(report, JSON.parse(execFileSync('python3', [join(ROOT, 'benches', 'numpy_job.py')], { env, encoding: 'utf8' })));
  report.wasm_over_numpy = round(report.worker.numpy_job_ms / report.numpy_ms, 2);
  report.alone_over_numpy = round(report.worker.numpy_job_alone_ms / report.numpy_ms, 2);
} catch (e) {
  report.numpy = `not run: ${String(e.message).split('\n')[0]} (pip install numpy threadpoolctl)`;
}
console.log(JSON.stringify(report, null, 2));
if (process.env.INITSCOPE_BENCH_WRITE !== '0') writeTable(report);

/** Rewrite docs/PERFORMANCE.md's table between `<!-- bench:begin -->` and `<!-- bench:end -->` from this run. */
function writeTable(r) {
  const w = r.worker ?? {};
  const kb = (name) => r[`gzip_kb ${name}`];
  const rows = [
    ['dragging the depth slider for 3 s at the defaults: chart redraws per second (of them with fresh measured curves)',
      `${r.drag_redraws_per_s} (${r.drag_fresh_measured_redraws_per_s})`, '≥ 8'],
    ['… at a convolution\'s defaults, depth 20 → 60 → 20', `${r.conv_drag_redraws_per_s} (${r.conv_drag_fresh_measured_redraws_per_s})`, '≥ 8'],
    ['… at a transformer\'s defaults, depth 12 → 52 → 12', `${r.tf_drag_redraws_per_s} (${r.tf_drag_fresh_measured_redraws_per_s})`, '≥ 8'],
    ['input event → next chart draw during the drag, median / 95th percentile', `${r.drag_input_to_draw_ms_median} / ${r.drag_input_to_draw_ms_p95} ms`, '≤ 50 ms'],
    ['main-thread tasks ≥ 50 ms during that drag (longest)', `${r.drag_long_tasks} (${r.drag_longest_task_ms} ms)`, '—'],
    ['one slider step at the defaults → complete chart (all stages), median of 9', `${r.step_ms_median} ms`, '≤ 150 ms'],
    ['… at a convolution\'s defaults (`?arch=conv`: 20 layers, 32 channels, 16 × 16 images, batch 8, k = 3)', `${r.conv_step_ms_median} ms`, '≤ 150 ms'],
    ['… at a transformer\'s defaults (`?arch=transformer`: 12 blocks, width 128, 4 heads, 4 sequences of 32 tokens)', `${r.tf_step_ms_median} ms`, '≤ 150 ms'],
    ['… a step of the gain slider instead (new weights: the kept unit draws times the new gain)', `${r.gain_step_ms_median} ms`, '—'],
    ['default run (depth 50, width 256, batch 128), warm, in the worker, as the Lab asks for it (its table closed: no ∂L/∂W)', `${w.default_run_ms} ms`, '≤ 60 ms'],
    ['… with ∂L/∂W (the table open; the CLI)', `${w.default_run_weight_grads_ms} ms`, '—'],
    ['the same, cold: the first run in a fresh worker (ready after its warm-up), median of 5 workers / warm', `${w.default_run_cold_ms} ms (${r.cold_over_warm}×; ${r.cold_over_new_weights}× a warm run that also draws new weights)`, '—'],
    ['… the same first run as the Lab asks for it: a request to a fresh worker right after its Ready, post → first reply (the theory) / complete result, median of 5; the same request warm (median of 7)',
      `${r.cold_request_first_reply_ms} / ${r.cold_request_ms} ms; warm ${w.default_run_request_ms} ms (${round(r.cold_request_ms / w.default_run_request_ms, 2)}×)`, '—'],
    ['… the second run (median of 5 workers); a step of a σ drag (N(0, σ²): kept unit draws times the new σ, median of 7); new weights (another seed each: nothing kept to reuse, median of 5)', `${w.default_run_second_ms} ms; ${w.default_run_rescaled_ms} ms; ${w.default_run_new_weights_ms} ms`, '—'],
    ['new weights as a request, the helper worker drawing them (post → complete result, median of 7)', `${w.default_run_new_weights_helped_ms} ms`, '—'],
    ['a fresh worker: start → ready (loading, compiling and warming the engine up), median of 5', `${w.worker_ready_ms} ms`, '—'],
    [`numpy job (batch 256, with ∂L/∂W, new weights each time): a request to the worker, its helper drawing the weights and computing the ∂L/∂W products (post → complete result, median of 7), two workers, vs numpy ${r.numpy ?? ''} on 1 thread; the worker alone (one thread), in one go`, `${w.numpy_job_ms} ms vs ${round(r.numpy_ms)} ms (ratio ${r.wasm_over_numpy}); alone ${w.numpy_job_alone_ms} ms (${r.alone_over_numpy})`, '≤ 1.3'],
    ['first chart after navigation / first complete chart (measured curves of both passes), fresh profile, median of 9',
      `${r.first_chart_ms} / ${r.first_complete_chart_ms} ms`, '— / ≤ 600 ms'],
    ['… at a convolution\'s defaults', `${r.conv_first_chart_ms} / ${r.conv_first_complete_chart_ms} ms`, '— / ≤ 600 ms'],
    ['… at a transformer\'s defaults', `${r.tf_first_chart_ms} / ${r.tf_first_complete_chart_ms} ms`, '— / ≤ 600 ms'],
    ['page .wasm / worker .wasm, gzipped', `${kb('initscope-web_bg.wasm')} KB / ${kb('initscope-worker_bg.wasm')} KB`, '≤ 430 KB (page)'],
    ['longest main-thread task while stepping the depth slider at width 1024, batch 1024', `${r.longest_main_thread_task_ms} ms`, '< 50 ms'],
    ['dense kernel, batch 128 × 256 · 256 × 256, in the worker (simd128)', `${w.kernel_gflops} GFLOP/s`, '—'],
    ['normal draws (the weights\' sampling) in the worker', `${w.normal_draws_per_us} per µs`, '—'],
    ['one layer of the default run in the worker: a·W / ∂L/∂a / ∂L/∂W / the layer\'s forward statistics', `${w.part_forward_ms} / ${w.part_input_grad_ms} / ${w.part_weight_grad_ms} / ${w.part_measure_activation_ms} ms`, '—'],
    ['a convolution\'s defaults in the worker, warm, as the Lab asks for them (no ∂L/∂W); one layer\'s product (2048 pixels × 288 patch values · 288 × 32, half of the inputs zero) / its forward statistics', `${w.conv_run_ms} ms; ${w.part_conv_product_ms} / ${w.part_conv_measure_activation_ms} ms`, '—'],
    ['a transformer\'s defaults in the worker, warm, as the Lab asks for them', `${w.transformer_run_ms} ms`, '—'],
    ['a transformer\'s largest setting (96 blocks, width 512, 8 heads, 2 × 256 tokens) in the worker; WASM memory after it', `${round(w.transformer_largest_run_ms / 1000)} s, ${round(w.transformer_largest_wasm_memory_bytes / 2 ** 20, 0)} MB`, '< 512 MB'],
    ['largest setting (depth 200, width 1024, batch 1024) in the worker', `${round(w.largest_run_ms / 1000)} s, ${round(w.wasm_memory_bytes / 2 ** 20, 0)} MB of WASM memory`, '< 512 MB'],
    ['theory for tanh, depth 50', `${w.theory_tanh_ms} ms`, '—'],
  ];
  const date = new Date().toISOString().slice(0, 10);
  const table = [
    `Written by \`bash scripts/bench.sh\` (e2e/bench.mjs) on ${date}: ${r.cpu}, Chromium ${r.chromium}, release build.`,
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  const path = join(ROOT, 'docs', 'PERFORMANCE.md');
  const doc = readFileSync(path, 'utf8');
  const re = /(<!-- bench:begin -->\n)[\s\S]*?(\n<!-- bench:end -->)/;
  if (!re.test(doc)) { console.error('bench: docs/PERFORMANCE.md has no bench markers; table not written'); return; }
  writeFileSync(path, doc.replace(re, `$1${table}$2`));
  console.error('bench: docs/PERFORMANCE.md performance table rewritten');
}
