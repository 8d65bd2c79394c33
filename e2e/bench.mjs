// The in-browser benchmark and the numpy comparison, in one run: `node e2e/bench.mjs` after a release build
// (`bash scripts/bench.sh` does both). Timed in real time — never under --virtual-time-budget.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDist, launch, ROOT } from './harness.mjs';

const server = await serveDist();
const browser = await launch();
const report = {};
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
  page.on('crash', () => console.error('bench: the page crashed'));
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(server.url);
  // Load: navigation to the first drawn chart (any chart canvas: the landing page's layout may change).
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('canvas[data-draws]')].some((c) => Number(c.dataset.draws) > 0), null, { timeout: 30000 });
    report.first_chart_ms = await page.evaluate(() => performance.now());
  } catch (e) {
    report.first_chart_ms = `not measured: ${String(e.message).split('\n')[0]}`;
  }
  // The engine in the worker build, as the page runs it.
  // The worker protocol (src/protocol): frames [tag, text, Float64Array]; 4 asks for the benchmark, 101 is
  // ready, 106 carries it (names on the text's lines, values in the array).
  report.worker = await page.evaluate(() => new Promise((resolve) => {
    const w = new Worker('./initscope-worker_loader.js');
    w.onmessage = (e) => {
      if (e.data[0] === 101) w.postMessage([4, '', new Float64Array()]);
      if (e.data[0] === 106) {
        const names = e.data[1].split('\n');
        resolve(Object.fromEntries(names.map((n, i) => [n, +Number(e.data[2][i]).toFixed(2)])));
        w.terminate();
      }
    };
  }));
  // Responsiveness: longest main-thread task while dragging the depth slider at width 1024.
  try {
    await page.goto(`${server.url}?width=1024&batch=1024&depth=120`);
    await page.waitForSelector('#depth-slider');
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    await page.focus('#depth-slider');
    for (let i = 0; i < 20; i++) { await page.keyboard.press('ArrowRight'); await page.waitForTimeout(30); }
    await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 140, null, { timeout: 600000 });
    report.longest_main_thread_task_ms = Math.max(0, ...(await page.evaluate(() => window.__long)));
  } catch (e) {
    report.longest_main_thread_task_ms = `not measured: ${String(e.message).split('\n')[0]}`;
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
for (const f of readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.wasm'))) {
  report[`gzip_kb ${f.replace(/-[0-9a-f]{16}/, '')}`] = +(gzipSync(readFileSync(join(ROOT, 'dist', f)), { level: 9 }).length / 1024).toFixed(1);
}
// numpy on one thread, the same job (batch 256), in the same run; the machine's OpenBLAS core-type override
// is lifted for it so numpy uses its best kernel.
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
try {
  Object.assign(report, JSON.parse(execFileSync('python3', [join(ROOT, 'benches', 'numpy_job.py')], { env, encoding: 'utf8' })));
  report.wasm_over_numpy = +(report.worker.numpy_job_ms / report.numpy_ms).toFixed(2);
} catch (e) {
  report.numpy = `not run: ${String(e.message).split('\n')[0]} (pip install numpy threadpoolctl)`;
}
console.log(JSON.stringify(report, null, 2));
