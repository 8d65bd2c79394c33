// Accessibility: an axe-core audit of every view, in light and dark colour schemes, with zero serious or
// critical violations; keyboard-only use of the Lab's controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serveDist, launch } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const VIEWS = [
  ['lab', '?init=xavier-normal&activation=relu&depth=30&bogus=1', async (p) => {
    await p.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind);
    await p.click('#pin');
    await p.click('.table-card summary');
  }],
  ['learn', '#learn', async (p) => p.waitForSelector('#calc-result')],
  ['interview', '#interview', async (p) => p.waitForSelector('.questions')],
  ['flashcards', '#interview', async (p) => { await p.click('#mode-cards'); await p.click('#card-reveal'); }],
    ['race', '#race?depth=4&width=16', async (p) => { await p.click('#race-step'); await p.waitForTimeout(200); }],
  ['presentation', '?depth=20#present', async (p) => p.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind)],
  // A browser that cannot start the worker: the banner that says so, over the Lab.
  ['no-worker', '#lab', async (p) => p.waitForSelector('#worker-missing'),
    () => { window.Worker = function Worker() { throw new Error('Workers are disabled'); }; }],
];

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no serious or critical violation (${scheme})`, async () => {
    const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme, reducedMotion: 'reduce' });
    const summary = [];
    for (const [name, path, prepare, init] of VIEWS) {
      const page = await context.newPage();
      if (init) await page.addInitScript(init);
      await page.goto(server.url + path);
      await prepare(page);
      await page.evaluate(AXE);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      summary.push(`${name}: ${result.violations.length} violation(s), ${bad.length} serious/critical`);
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), [], `${name} (${scheme})`);
      await page.close();
    }
    console.log(`# axe (${scheme}): ${summary.join('; ')}`);
    await context.close();
  });
}

test('every Lab control is reachable and usable with the keyboard alone', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}?depth=8&width=16&batch=4`);
  await page.waitForFunction(() => document.querySelectorAll('#layer-stats tbody tr').length === 8);
  const seen = new Set();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    seen.add(id);
  }
  for (const id of ['init', 'gain', 'activation', 'depth-slider', 'depth', 'width-slider', 'batch', 'seed', 'new-seed',
    'gradient-view', 'spread', 'pin', 'copy-link', 'export-png', 'export-csv']) {
    assert.ok(seen.has(id), `Tab reaches #${id}`);
  }
  // Focus is visible: the focused control draws an outline.
  await page.focus('#activation');
  const outline = await page.$eval('#activation', (e) => getComputedStyle(e).outlineStyle);
  assert.notEqual(outline, 'none');
  // Operate a select and a slider from the keyboard.
  await page.focus('#depth-slider');
  await page.keyboard.press('End');
  await page.waitForFunction(() => location.search.includes('depth=200'));
  await page.close();
});
