// The tutorial, end to end on the release build in headless Chromium: embed mode (chart and verdict
// only, "Open in Initscope" with the same config, the copied snippet reproduces the config) and the live
// figures in Learn (computed by the worker, redrawn when their control moves, "Open in the Lab" sets the
// Lab's config and the reader's place in Learn survives the round trip). Screenshots go to $SHOTS (default /tmp/initscope-shots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { serveDist, launch } from './harness.mjs';

const SHOTS = process.env.SHOTS ?? '/tmp/initscope-shots';
mkdirSync(SHOTS, { recursive: true });

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open(url, viewport = { width: 1366, height: 768 }, colorScheme = 'light') {
  const page = await browser.newPage({ viewport, colorScheme });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(url);
  return page;
}

/** The settings of a query, without page-level flags, sorted. */
function settings(query) {
  const p = new URLSearchParams(query);
  for (const k of ['embed', 'controls', 'tour']) p.delete(k);
  return [...p.entries()].sort().map(([k, v]) => `${k}=${v}`).join('&');
}

const CONFIG = 'init=xavier-normal&depth=30'; // ReLU is the default activation

test('an embed shows only the chart and the verdict, and links back with the same config', async () => {
  const page = await open(`${server.url}?${CONFIG}&embed=1`, { width: 640, height: 480 });
  await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  await page.waitForFunction(() => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0);
  assert.equal(await page.locator('nav.site-nav').count(), 0, 'no nav');
  assert.equal(await page.locator('header.site-header').count(), 0, 'no header');
  assert.equal(await page.locator('footer').count(), 0, 'no footer');
  assert.equal(await page.locator('.controls-panel, #layer-stats').count(), 0, 'no Lab panels');
  // What the chart is of, in sight (the verdict does not say which setting it judges).
  assert.ok(await page.locator('#embed-title').isVisible());
  assert.equal(await page.textContent('#embed-title'), 'Xavier/Glorot normal + ReLU, 30 layers');
  const link = page.locator('#open-in-initscope');
  assert.equal(await link.getAttribute('target'), '_blank');
  const href = new URL(await link.getAttribute('href'), page.url());
  assert.equal(settings(href.search), settings(CONFIG));
  assert.equal(href.hash, '#lab');
  // The page fits the iframe: nothing scrolls sideways.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 640));
  await page.screenshot({ path: join(SHOTS, 'embed-640x480.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an embed whose link has a bad setting says so, as the Lab does, and draws the rest', async () => {
  const page = await open(`${server.url}?init=xavier-normal&depth=abc&embed=1`, { width: 640, height: 480 });
  await page.waitForSelector('#notice li[data-param="depth"]');
  assert.match(await page.textContent('#notice'), /depth=abc/);
  await page.waitForFunction(() => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0);
  assert.equal(await page.textContent('#embed-title'), 'Xavier/Glorot normal + ReLU, 50 layers');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('embed controls= shows the chosen Lab fields, and they move the chart', async () => {
  const page = await open(`${server.url}?${CONFIG}&embed=1&controls=depth,init`, { width: 640, height: 480 });
  await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  assert.equal(await page.locator('#embed #depth').count(), 1);
  assert.equal(await page.locator('#embed select#init').count(), 1);
  await page.selectOption('#embed select#init', 'he-uniform');
  await page.waitForSelector('#verdict[data-kind="stable"]', { timeout: 60_000 });
  // The URL keeps the embed flags and now carries the new config.
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('embed'), '1');
  assert.equal(url.searchParams.get('init'), 'he-uniform');
  await page.screenshot({ path: join(SHOTS, 'embed-controls-640x480.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the copied embed snippet reproduces the config', async () => {
  // A page-level flag in a Lab link is no unknown setting: no notice.
  const page = await open(`${server.url}?${CONFIG}&controls=depth#lab`);
  await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  assert.equal(await page.locator('#notice').count(), 0);
  await page.click('#copy-embed');
  await page.waitForFunction(() => document.querySelector('#embed-snippet')?.value.startsWith('<iframe'));
  const snippet = await page.$eval('#embed-snippet', (t) => t.value);
  assert.match(snippet, /width="640" height="480"/);
  assert.match(snippet, /loading="lazy"/);
  assert.match(snippet, /title="Initscope: [^"]+"/);
  const src = await page.evaluate((s) => {
    const d = new DOMParser().parseFromString(s, 'text/html');
    return d.querySelector('iframe').getAttribute('src');
  }, snippet);
  const u = new URL(src);
  assert.equal(u.searchParams.get('embed'), '1');
  assert.equal(settings(u.search), settings(CONFIG));
  // Loading it gives the same verdict and the same config.
  const embed = await open(src, { width: 640, height: 480 });
  await embed.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  assert.equal(settings(new URL(embed.url()).search), settings(CONFIG));
  await embed.close();
  await page.close();
});

test('a live figure computes, redraws when its control moves, and opens the Lab in place', async () => {
  const page = await open(`${server.url}#learn`);
  const fig = page.locator('#fig-normal-tanh');
  await fig.scrollIntoViewIfNeeded();
  await page.waitForSelector('#fig-normal-tanh li[data-kind="exploding"]', { timeout: 60_000 });
  const chart = page.locator('#fig-normal-tanh-chart');
  await page.waitForFunction(() => Number(document.querySelector('#fig-normal-tanh-chart').dataset.draws) > 0);
  const draws = Number(await chart.getAttribute('data-draws'));
  // σ from 1 down to 0.01: the signal vanishes.
  await page.locator('#fig-normal-tanh-control').fill('0.01');
  await page.waitForSelector('#fig-normal-tanh li[data-kind="vanishing"]', { timeout: 30_000 });
  assert.ok(Number(await chart.getAttribute('data-draws')) > draws, 'redrawn');
  // A two-panel figure and a toggle figure compute too.
  await page.waitForSelector('#fig-xavier-he-relu li[data-kind="vanishing"]', { timeout: 30_000 });
  await page.waitForSelector('#fig-xavier-he-relu li[data-kind="stable"]', { timeout: 30_000 });
  await page.click('#fig-zero-collapse-control button[data-value="xavier-normal"]');
  // Xavier + tanh at 10 layers and width 64: the symmetry is broken, the signal drifts slowly.
  await page.waitForSelector('#fig-zero-collapse li[data-kind="drift"]', { timeout: 30_000 });
  await page.screenshot({ path: join(SHOTS, 'learn-figures-1366x768.png') });

  // Open in the Lab: the Lab shows that config — at the Lab's own size, which the figure says — in place (no
  // reload); back in Learn, the reader is where they were.
  assert.match(await fig.locator('.fig-size').textContent(), /width 64.*Open in the Lab.*full size/);
  await page.locator('#fig-normal-tanh').scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 100);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('#fig-normal-tanh .fig-open');
  await page.waitForFunction(() => location.hash === '#lab');
  await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  const q = new URL(page.url()).searchParams;
  assert.equal(q.get('init'), 'normal');
  assert.equal(q.get('scale'), '0.01');
  assert.equal(q.get('activation'), 'tanh');
  assert.equal(q.get('depth'), '10');
  // The Lab's size, not the figure's: width 256 and batch 128 are the defaults, so absent from the URL.
  assert.equal(q.get('width'), null, 'the Lab opens at its own width');
  assert.equal(q.get('batch'), null, 'the Lab opens at its own batch');
  assert.equal(await page.inputValue('#width'), '256');
  assert.ok(await page.evaluate(() => window.__sameDocument), 'no reload');
  await page.click('#nav-learn');
  await page.waitForSelector('#fig-normal-tanh');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 40, y, { timeout: 5_000 });
  assert.deepEqual(page.errors, []);
  await page.close();

  // The browser's Back button brings the reader back to the same place too (a fresh page: the Lab mounts once).
  const back = await open(`${server.url}#learn`);
  await back.locator('#fig-xavier-he-relu').scrollIntoViewIfNeeded();
  await back.waitForSelector('#fig-xavier-he-relu li[data-kind="stable"]', { timeout: 60_000 });
  await back.evaluate(() => { window.__sameDocument = true; });
  await back.click('#fig-xavier-he-relu .fig-open >> nth=1');
  await back.waitForFunction(() => location.hash === '#lab');
  await back.waitForSelector('#verdict[data-kind="stable"]', { timeout: 60_000 });
  assert.equal(new URL(back.url()).searchParams.get('depth'), '20');
  await back.goBack();
  await back.waitForFunction(() => location.hash === '#learn');
  await back.waitForSelector('#fig-xavier-he-relu');
  await back.waitForFunction(() => {
    const r = document.querySelector('#fig-xavier-he-relu').getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }, null, { timeout: 5_000 });
  assert.ok(await back.evaluate(() => window.__sameDocument), 'no reload');
  assert.deepEqual(back.errors, []);
  await back.close();
});

/** The box of a selector, and whether it lies within the viewport (vertically and horizontally). */
async function inView(page, selector) {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height,
      inside: r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth };
  });
}

test('an embed fits a 640×480 iframe: verdict, chart and "Open in Initscope" all in view, nothing scrolls', async () => {
  for (const extra of ['', '&controls=depth,init']) {
    const page = await open(`${server.url}?${CONFIG}&embed=1${extra}`, { width: 640, height: 480 });
    await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0);
    await page.waitForTimeout(200);
    for (const sel of ['#verdict', '#variance-chart', '#open-in-initscope']) {
      const b = await inView(page, sel);
      assert.ok(b.inside, `${sel} in view at 640×480${extra}: ${JSON.stringify(b)}`);
    }
    assert.ok((await inView(page, '#variance-chart')).height >= 150, 'a chart one can read');
    const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    assert.ok(scroll[0] <= 640 && scroll[1] <= 480, `nothing scrolls: ${scroll}`);
    await page.screenshot({ path: join(SHOTS, `embed-fit-640x480${extra ? '-controls' : ''}.png`) });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
  // 400×300 degrades gracefully: no sideways scroll, the verdict and a chart of some height in view, the
  // link to the app reachable below.
  const small = await open(`${server.url}?${CONFIG}&embed=1`, { width: 400, height: 300 });
  await small.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  await small.waitForFunction(() => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0);
  await small.waitForTimeout(200);
  assert.ok(await small.evaluate(() => document.documentElement.scrollWidth <= 400));
  assert.ok((await inView(small, '#verdict')).inside);
  assert.ok((await inView(small, '#variance-chart')).height >= 90);
  await small.locator('#open-in-initscope').scrollIntoViewIfNeeded();
  assert.ok((await inView(small, '#open-in-initscope')).inside);
  await small.screenshot({ path: join(SHOTS, 'embed-400x300.png') });
  assert.deepEqual(small.errors, []);
  await small.close();
});

test("an embed never applies a fix its host did not choose: the fix is named beside 'Open in Initscope'", async () => {
  // Xavier + ReLU vanishes; the fix (He normal) changes the initializer, which the host did not list.
  for (const extra of ['', '&controls=depth']) {
    const page = await open(`${server.url}?${CONFIG}&embed=1${extra}`, { width: 640, height: 480 });
    await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
    await page.waitForSelector('#embed-fix');
    assert.equal(await page.locator('#apply-recommendation').isVisible(), false, `no Apply${extra}`);
    assert.match(await page.textContent('#embed-fix'), /Apply He\/Kaiming normal/);
    assert.ok(await page.locator('#embed-fix').isVisible());
    const href = new URL(await page.getAttribute('#open-in-initscope', 'href'), page.url());
    assert.equal(settings(href.search), settings(CONFIG), 'the full app on the same configuration');
    assert.ok(!(await page.getAttribute('#embed', 'class')).includes('can-apply'));
    await page.close();
  }
  // The host listed the initializer: the embed may apply the fix itself, and stays an embed.
  const page = await open(`${server.url}?${CONFIG}&embed=1&controls=init,depth`, { width: 640, height: 480 });
  await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  await page.waitForSelector('#apply-recommendation', { state: 'visible' });
  assert.equal(await page.locator('#embed-fix').count(), 0, 'no need to leave for the fix');
  assert.ok((await inView(page, '#apply-recommendation')).inside);
  await page.click('#apply-recommendation');
  await page.waitForSelector('#verdict[data-kind="stable"]', { timeout: 60_000 });
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('embed'), '1');
  assert.equal(url.searchParams.get('init') ?? 'he-normal', 'he-normal', 'He normal: the default, left out');
  assert.equal(url.searchParams.get('depth'), '30', 'the rest as the host set it');
  assert.equal(await page.inputValue('#embed select#init'), 'he-normal');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('copy embed code without a clipboard: the snippet is selected in a text box with a Ctrl+C hint', async () => {
  const cases = {
    // A plain-http page: no navigator.clipboard at all.
    missing: () => { delete Navigator.prototype.clipboard; },
    // A clipboard that refuses (permission denied).
    denied: () => {
      Object.defineProperty(Navigator.prototype, 'clipboard', {
        configurable: true,
        get: () => ({ writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }),
      });
    },
  };
  for (const [name, script] of Object.entries(cases)) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.addInitScript(script);
    await page.goto(`${server.url}?${CONFIG}#lab`);
    await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
    assert.equal(await page.evaluate(() => !!navigator.clipboard), name === 'denied');
    await page.click('#copy-embed');
    await page.waitForSelector('#embed-snippet', { state: 'visible' });
    await page.waitForFunction(() => {
      const t = document.querySelector('#embed-snippet');
      return document.activeElement === t && t.value.startsWith('<iframe') && t.selectionStart === 0 &&
        t.selectionEnd === t.value.length;
    }, null, { timeout: 5_000 });
    assert.match(await page.textContent('#copy-status'), /selected below.*Ctrl\+C/, name);
    assert.ok(await page.locator('#copy-status').isVisible());
    const src = await page.$eval('#embed-snippet', (t) => new DOMParser().parseFromString(t.value, 'text/html').querySelector('iframe').getAttribute('src'));
    assert.equal(settings(new URL(src).search), settings(CONFIG));
    await page.locator('#embed-snippet').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, `embed-code-fallback-${name}.png`) });
    assert.deepEqual(page.errors, [], name);
    await page.close();
  }
});

test('screenshots: Learn figures and the embed code at other sizes, and dark', async () => {
  for (const [w, h, scheme] of [[1280, 720, 'light'], [390, 844, 'light'], [1366, 768, 'dark']]) {
    const page = await open(`${server.url}#learn`, { width: w, height: h }, scheme);
    await page.locator('#fig-xavier-he-relu').scrollIntoViewIfNeeded();
    await page.waitForSelector('#fig-xavier-he-relu li[data-kind="stable"]', { timeout: 60_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `learn-figure-${w}x${h}-${scheme}.png`) });
    await page.close();
    const emb = await open(`${server.url}?${CONFIG}&embed=1&controls=depth`, { width: w, height: h }, scheme);
    await emb.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
    await emb.waitForTimeout(300);
    await emb.screenshot({ path: join(SHOTS, `embed-${w}x${h}-${scheme}.png`) });
    await emb.close();
  }
});

test('the guided tour sets the Lab step by step, its progress in the URL, also in presentation mode', async () => {
  const page = await open(`${server.url}#lab`);
  await page.waitForSelector('#verdict[data-kind]:not([data-kind=""])', { timeout: 60_000 });
  await page.click('#tour-start');
  await page.waitForSelector('#tour[data-step="1"]');
  await page.waitForSelector('#verdict[data-kind="collapsed"]', { timeout: 60_000 });
  assert.equal(new URL(page.url()).searchParams.get('tour'), '1');
  await page.click('#tour-next');
  await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  let q = new URL(page.url()).searchParams;
  assert.equal(q.get('tour'), '2');
  assert.equal(q.get('scale'), '0.01');
  await page.click('#tour-back');
  await page.waitForSelector('#tour[data-step="1"]');
  await page.waitForSelector('#verdict[data-kind="collapsed"]', { timeout: 60_000 });
  // Each step taken is a history entry: the browser's Back goes one step back, config and all, and Forward
  // returns; Back from the first step leaves the tour for the page it started on.
  await page.goBack();
  await page.waitForSelector('#tour[data-step="2"]');
  await page.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
  assert.equal(new URL(page.url()).searchParams.get('scale'), '0.01');
  await page.goBack();
  await page.waitForSelector('#tour[data-step="1"]');
  await page.waitForSelector('#verdict[data-kind="collapsed"]', { timeout: 60_000 });
  await page.goForward();
  await page.waitForSelector('#tour[data-step="2"]');
  await page.goBack();
  await page.goBack();
  await page.waitForSelector('#tour-start');
  assert.equal(new URL(page.url()).searchParams.get('tour'), null);
  await page.click('#tour-start');
  await page.waitForSelector('#tour[data-step="1"]');
  await page.waitForSelector('#verdict[data-kind="collapsed"]', { timeout: 60_000 });
  // By keyboard to the last step and back: the focus never falls onto <body> when a button is disabled.
  const steps = await page.evaluate(() => Number(/of (\d+)/.exec(document.querySelector('#tour').textContent)?.[1] ?? 7));
  await page.focus('#tour-next');
  for (let i = 1; i < steps; i++) await page.keyboard.press('Enter');
  await page.waitForSelector(`#tour[data-step="${steps}"]`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tour-back', 'at the last step, focus on Back');
  for (let i = 1; i < steps; i++) await page.keyboard.press('Enter');
  await page.waitForSelector('#tour[data-step="1"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tour-next', 'at the first step, focus on Next');
  await page.click('#tour-end');
  await page.waitForSelector('#tour-start');
  assert.equal(new URL(page.url()).searchParams.get('tour'), null);
  await page.close();

  // A link to a step opens it (with its config) in presentation mode.
  const pres = await open(`${server.url}?tour=6#present`, { width: 1280, height: 720 });
  await pres.waitForSelector('#tour[data-step="6"]');
  await pres.waitForSelector('#verdict[data-kind="stable"]', { timeout: 60_000 });
  q = new URL(pres.url()).searchParams;
  assert.equal(q.get('init'), null, 'He normal + ReLU: the defaults');
  assert.equal(q.get('tour'), '6');
  await pres.screenshot({ path: join(SHOTS, 'tour-present-1280x720.png') });
  assert.deepEqual(pres.errors, []);
  await pres.close();
});

test('axe-core: the embed (fix named, and with controls), Learn\'s phone cards and the copy fallback, light and dark', async () => {
  const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const views = [
    [`?${CONFIG}&embed=1`, { width: 640, height: 480 }, (p) => p.waitForSelector('#embed-fix')],
    [`?${CONFIG}&embed=1&controls=init,depth`, { width: 640, height: 480 }, (p) => p.waitForSelector('#apply-recommendation', { state: 'visible' })],
    ['#learn', { width: 390, height: 844 }, (p) => p.waitForSelector('table.init-table tbody tr')],
    [`?${CONFIG}#lab`, { width: 1280, height: 720 }, async (p) => {
      await p.waitForSelector('#verdict[data-kind="vanishing"]', { timeout: 60_000 });
      await p.click('#copy-embed');
      await p.waitForSelector('#embed-snippet', { state: 'visible' });
    }],
  ];
  for (const colorScheme of ['light', 'dark']) {
    for (const [path, viewport, prepare] of views) {
      const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.addInitScript(() => { delete Navigator.prototype.clipboard; });
      await page.goto(server.url + path);
      await prepare(page);
      await page.evaluate(AXE);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), [],
        `${path} ${viewport.width}×${viewport.height} (${colorScheme})`);
      await context.close();
    }
  }
});

test('during the guided tour at 1366×768 every step, its verdict and the whole chart are on screen', async () => {
  const page = await open(`${server.url}#lab`);
  await page.waitForSelector('#verdict[data-kind]:not([data-kind=""])', { timeout: 60_000 });
  await page.click('#tour-start');
  for (const step of [1, 2, 3, 4, 5, 6, 7]) {
    await page.waitForSelector(`#tour[data-step="${step}"]`);
    await page.waitForTimeout(300);
    // Within a pixel (the card is scrolled to the top, at a fractional offset).
    const seen = async (s) => page.$eval(s, (el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, inside: r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1 };
    });
    const [tour, verdict, chart] = [await seen('#tour'), await seen('#verdict'), await seen('#variance-chart')];
    assert.ok(tour.inside, `step ${step}: the step's card on screen ${JSON.stringify(tour)}`);
    assert.ok(verdict.inside, `step ${step}: the verdict on screen ${JSON.stringify(verdict)}`);
    assert.ok(chart.inside, `step ${step}: the whole chart on screen ${JSON.stringify(chart)}`);
    if (step < 7) await page.click('#tour-next');
  }
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'tour-laptop.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});
