// The classroom items: presentation mode fits a projector, the Lab's chart, legend and depth slider
// fit a laptop, phones get a settings drawer and the chart near the top, charts follow dark mode, bad numbers
// are named in their messages, and the race's chart sits by its Play button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serveDist, launch } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A page in its own context (viewport, colour scheme), with the variance chart drawn at least once. */
async function open(path, { width = 1366, height = 768, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, reducedMotion: 'reduce', bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(server.url + path);
  if (!path.includes('#race')) {
    await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind);
    await page.waitForFunction(() => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0);
  }
  page.done = () => context.close();
  return page;
}

/** The element's box, and whether it lies wholly inside the viewport. */
async function inView(page, selector) {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5;
    return { inside, top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), vh: innerHeight };
  });
}

async function assertInView(page, selectors, label) {
  for (const s of selectors) {
    const box = await inView(page, s);
    assert.ok(box.inside, `${label}: ${s} inside the viewport (${JSON.stringify(box)})`);
  }
}

/** Serious or critical axe violations of the page as it is. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const [width, height] of [[1280, 720], [1024, 768]]) {
  test(`presentation mode at ${width}×${height}: Try pills, verdict, the chart with its x axis and its legend fit; settings behind one button`, async () => {
    const page = await open('?depth=30&pins=-#present', { width, height });
    await page.waitForFunction(() => document.querySelectorAll('.pinned-list li').length === 1);
    await assertInView(page, ['.quick-demos', '#verdict', '#variance-chart', '.legend', '#settings-toggle'], `present ${width}×${height}`);
    assert.equal(await page.getAttribute('#settings-toggle', 'aria-expanded'), 'false');
    assert.equal(await page.isVisible('#init'), false, 'settings collapsed');
    await page.click('#settings-toggle');
    assert.equal(await page.isVisible('#init'), true, 'settings open');
    assert.equal(await page.getAttribute('#settings-toggle', 'aria-expanded'), 'true');
    await page.selectOption('#activation', 'tanh');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('activation') === 'tanh');
    assert.match(await page.evaluate(() => location.search), /pins=/, 'pins kept');
    assert.deepEqual(page.errors, []);
    await page.done();
  });
}

test('Escape leaves presentation mode, after first closing its settings drawer', async () => {
  const page = await open('?depth=12#present', { width: 1280, height: 720 });
  await page.click('#settings-toggle');
  await page.focus('#init');
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#init'), false, 'the drawer closed');
  assert.equal(await page.evaluate(() => location.hash), '#present', 'still presenting');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => location.hash === '#lab');
  await page.waitForSelector('#present-toggle[href="#present"]');
  assert.match(await page.evaluate(() => location.search), /depth=12/, 'the setting kept');
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('the Lab at 1366×768: chart, legend and depth slider in view together', async () => {
  const page = await open('?init=xavier-normal&activation=relu&depth=30');
  await page.$eval('.chart-card', (e) => e.scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(100);
  await assertInView(page, ['#variance-chart', '.legend', '#depth-slider'], 'lab 1366×768');
  await page.done();
});

test('phone 390×844: the chart starts near the top, the settings drawer opens and closes by keyboard', async () => {
  const page = await open('?depth=20', { width: 390, height: 844 });
  const chart = await inView(page, '#variance-chart');
  assert.ok(chart.top <= 450, `chart top at ${chart.top} px`);
  // Every Try pill is on the screen: wrapped, not in a row that scrolls sideways.
  const pills = await page.$$eval('.quick-demo', (ps) => ps.map((p) => p.getBoundingClientRect().right));
  assert.ok(pills.length >= 5 && pills.every((r) => r <= 390), `pills end at ${pills.join(', ')} px`);
  assert.equal(await page.$eval('.quick-demos', (n) => n.scrollWidth - n.clientWidth), 0, 'the row does not scroll');
  assert.equal(await page.isVisible('#init'), false, 'drawer closed by default');
  await page.focus('#settings-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#settings-toggle', 'aria-expanded'), 'true');
  assert.equal(await page.isVisible('#init'), true, 'drawer open');
  await page.focus('#init');
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#init'), false, 'Escape closes it');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'settings-toggle', 'focus back on the button');
  await page.keyboard.press('Space');
  assert.equal(await page.isVisible('#init'), true, 'Space opens it again');
  await page.keyboard.press('Space');
  assert.equal(await page.isVisible('#init'), false, 'and closes it');
  assert.deepEqual(await axeViolations(page), [], 'axe on the phone Lab');
  await page.done();
});

test('phone 390×844: presentation mode keeps the chart the screen\'s width, every view\'s tab is in sight, the race\'s planes are square', async () => {
  const page = await open('?depth=20#present', { width: 390, height: 844 });
  const chart = await page.$eval('#variance-chart', (c) => c.getBoundingClientRect().width);
  assert.ok(chart >= 300, `the presented chart is ${Math.round(chart)} px wide`);
  await page.click('#settings-toggle');
  const [c2, init] = await Promise.all(['#variance-chart', '#init'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect())));
  assert.ok(c2.width >= 300 && init.right <= 390, 'settings open: above the chart, inside the screen');
  await page.click('#settings-toggle');
  await page.goto(page.url().replace('#present', '#interview'));
  await page.waitForSelector('#nav-interview[aria-current="page"]');
  for (const id of ['lab', 'phase', 'race', 'learn', 'interview']) {
    const r = await page.$eval(`#nav-${id}`, (e) => e.getBoundingClientRect());
    assert.ok(r.left >= 0 && r.right <= 390, `the ${id} tab is on screen (${Math.round(r.left)}–${Math.round(r.right)} px)`);
  }
  await page.goto(page.url().replace('#interview', '#race?inits=he-normal,zero&depth=3&width=8'));
  await page.waitForSelector('.racer canvas.mini.square');
  await page.waitForFunction(() => [...document.querySelectorAll('.racer canvas.mini.square')].every((c) => Number(c.dataset.draws) > 0));
  const planes = await page.$$eval('.racer canvas.mini.square', (cs) => cs.map((c) => {
    const r = c.getBoundingClientRect();
    return [r.width, r.height, c.width / c.height];
  }));
  assert.ok(planes.length >= 2);
  for (const [w, h, backing] of planes) {
    assert.ok(Math.abs(w - h) <= 1 && Math.abs(backing - 1) < 0.02, `a square plane, not ${w}×${h} (backing ${backing})`);
  }
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('phone 390×844: with the settings open, their button stays in sight and says what a change did', async () => {
  const page = await open('?depth=20', { width: 390, height: 844 });
  await page.click('#settings-toggle');
  assert.match(await page.textContent('#settings-toggle'), /Stable/);
  await page.selectOption('#init', 'xavier-normal');
  await page.locator('#seed').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /Vanishing|drift/.test(document.querySelector('#settings-toggle')?.textContent ?? ''));
  const r = await page.$eval('#settings-toggle', (e) => e.getBoundingClientRect());
  assert.ok(r.top >= 0 && r.bottom <= 844, `the button is in sight at ${Math.round(r.top)} px, the seed field in view`);
  assert.equal(await page.isVisible('#seed'), true);
  await page.done();
});

/** The canvas's backing-store pixel near its top-left corner, and its relative luminance. */
async function cornerPixel(page) {
  return page.$eval('#variance-chart', (c) => {
    const [r, g, b] = c.getContext('2d').getImageData(3, 3, 1, 1).data;
    const lin = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return { r, g, b, lum: 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) };
  });
}

test('dark mode: the chart is drawn on dark paper, redrawn when the scheme changes; axe stays clean', async () => {
  const page = await open('?init=xavier-normal&activation=relu&depth=30', { colorScheme: 'dark' });
  const dark = await cornerPixel(page);
  assert.ok(dark.lum < 0.05, `dark paper, got ${JSON.stringify(dark)}`);
  assert.deepEqual(await axeViolations(page), [], 'axe on the dark Lab');
  const draws = Number(await page.getAttribute('#variance-chart', 'data-draws'));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction((n) => Number(document.querySelector('#variance-chart').dataset.draws) > n, draws);
  const light = await cornerPixel(page);
  assert.ok(light.lum > 0.9, `white paper in light mode, got ${JSON.stringify(light)}`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => {
    const [r] = document.querySelector('#variance-chart').getContext('2d').getImageData(3, 3, 1, 1).data;
    return r < 80;
  });
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('a bad number is named in its message; numbers are shown rounded for people', async () => {
  const page = await open('?init=xavier-normal&gain=1.4142135623730951&depth=10');
  assert.equal(await page.inputValue('#gain'), '1.4142');
  await page.fill('#gain', 'abc');
  await page.press('#gain', 'Enter');
  await page.waitForFunction(() => document.querySelector('#gain-error')?.textContent.includes('abc'));
  assert.equal(await page.getAttribute('#gain', 'aria-invalid'), 'true');
  assert.match(await page.evaluate(() => location.search), /gain=1\.4142135623730951/, 'the config kept its value');
  await page.fill('#depth', '12');
  await page.press('#depth', 'ArrowUp');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('depth') === '13');
  await page.done();
});

test('a refused entry\'s message goes once the setting changes another way (Reset all, a demo)', async () => {
  const page = await open('?depth=zzz');
  await page.waitForSelector('#notice');
  await page.fill('#width', '0');
  await page.press('#width', 'Enter');
  await page.waitForFunction(() => document.querySelector('#width-error')?.textContent.includes('0'));
  await page.click('#reset');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('depth') === null);
  await page.waitForFunction(() => document.querySelector('#width-error')?.textContent === '');
  assert.equal(await page.getAttribute('#width', 'aria-invalid'), 'false');
  assert.equal(await page.inputValue('#width'), '256');
  assert.equal(await page.$('#notice'), null, 'the link\'s notices went with its settings');
  // A demo that leaves the depth at 50: the box says 50, and nothing says it is not a whole number.
  await page.fill('#depth', 'abc');
  await page.press('#depth', 'Enter');
  await page.waitForFunction(() => document.querySelector('#depth-error')?.textContent.includes('abc'));
  await page.click('a.quick-demo[data-demo="init=xavier-normal&activation=relu"]');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('init') === 'xavier-normal');
  await page.waitForFunction(() => document.querySelector('#depth-error')?.textContent === '');
  assert.equal(await page.inputValue('#depth'), '50');
  await page.done();
});

test('the race at 1280×720: its chart is right under the Play button, above the settings', async () => {
  const page = await open('#race?inits=he-normal,zero&depth=3&width=8', { width: 1280, height: 720 });
  await page.waitForSelector('#race-curves');
  const [play, chart, settings] = await Promise.all(['#race-play', '#race-curves', '.race-settings']
    .map((s) => page.$eval(s, (e) => e.getBoundingClientRect().top)));
  assert.ok(chart > play && chart - play < 120, `chart ${Math.round(chart - play)} px below Play`);
  assert.ok(chart < settings, 'the chart comes before the settings');
  assert.ok(chart < 720, 'the chart starts inside the first screen');
  await page.done();
});
