// Learn and Interview prep end to end: every "try it" / "Show me" link loads its configuration and produces
// the claimed verdict; the formula calculator agrees with the CLI; flashcards work from the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, cli } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function demosOn(hash) {
  const page = await browser.newPage();
  await page.goto(`${server.url}#${hash}`);
  await page.waitForSelector('a.demo-link');
  const demos = await page.$$eval('a.demo-link', (as) => as.map((a) => ({ href: a.getAttribute('href'), expect: a.dataset.expect })));
  await page.close();
  return demos;
}

test('every demonstration link gives the verdict it promises', async () => {
  const all = [...await demosOn('learn'), ...await demosOn('interview')];
  assert.ok(all.length >= 30, `only ${all.length} demo links`);
  const unique = [...new Map(all.map((d) => [d.href, d])).values()];
  for (const d of unique) {
    assert.match(d.href, /^\?[^#]+#lab$/, d.href);
    const page = await openPage(browser, server.url + d.href);
    await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind, null, { timeout: 30000 });
    const kind = await page.getAttribute('#verdict', 'data-kind');
    assert.equal(kind, d.expect, `${d.href}: ${await page.textContent('#verdict')}`);
    assert.equal(await page.$('#notice'), null, `${d.href} has no ignored parameter`);
    await page.close();
  }
});

test('the formula calculator matches initscope formula', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}#learn`);
  // An initializer and its fans, each committed as a reader would (Enter).
  const calc = async (init, fanIn, fanOut) => {
    await page.selectOption('#calc-init', init);
    for (const [id, v] of [['#calc-fan-in', fanIn], ['#calc-fan-out', fanOut]]) {
      await page.fill(id, v);
      await page.press(id, 'Enter');
    }
  };
  await calc('he-uniform', '784', '100');
  const want = cli(['formula', '--init', 'he-uniform', '--fan-in', '784', '--fan-out', '100', '--format', 'json']);
  await page.waitForFunction((v) => Number(document.querySelector('#calc-result [data-field="variance"]').dataset.value) === v, want.variance);
  assert.equal(await page.textContent('#calc-result [data-field="distribution"]'), 'uniform');
  assert.ok((await page.textContent('#calc-result [data-field="bound"]')).startsWith(want.bound.toFixed(6)));
  // Identity's mean is not 0: gain·min(fan_in, fan_out)/(fan_in·fan_out), as the CLI says.
  await calc('identity', '20', '20');
  const id = cli(['formula', '--init', 'identity', '--fan-in', '20', '--fan-out', '20', '--format', 'json']);
  await page.waitForFunction((v) => Number(document.querySelector('#calc-result [data-field="mean"]')?.dataset.value) === v, id.mean);
  assert.equal(id.mean, 0.05);
  // MathML is rendered natively (no script library).
  assert.ok(await page.$$eval('table.init-table math', (m) => m.length) >= 11);
  await page.close();
});

test('flashcards: reveal, tally, move, and the tally survives a reload', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}#interview`);
  await page.evaluate(() => localStorage.clear());
  await page.click('#mode-cards');
  await page.focus('#flashcard');
  assert.match(await page.textContent('#card-progress'), /Card 1 of \d+ · knew it: 0/);
  assert.equal(await page.$('#flashcard .answer'), null, 'question first');
  await page.keyboard.press('Space');
  await page.waitForSelector('#flashcard .answer');
  await page.keyboard.press('k');
  await page.waitForFunction(() => /Card 2 of .* knew it: 1/.test(document.querySelector('#card-progress').textContent));
  await page.keyboard.press('Enter');
  await page.keyboard.press('r');
  await page.waitForFunction(() => /Card 3 .* review again: 1/.test(document.querySelector('#card-progress').textContent));
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => /Card 2 /.test(document.querySelector('#card-progress').textContent));
  await page.reload();
  await page.click('#mode-cards');
  assert.match(await page.textContent('#card-progress'), /knew it: 1 · review again: 1/);
  await page.click('#card-shuffle');
  assert.match(await page.textContent('#card-progress'), /Card 1 of/);
  await page.close();
});

test('the views are reachable from the nav, by keyboard', async () => {
  const page = await openPage(browser, server.url);
  await page.focus('#nav-learn');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#learn');
  await page.focus('#nav-interview');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#interview');
  assert.equal(await page.getAttribute('#nav-interview', 'aria-current'), 'page');
  await page.close();
});

test("every live figure's 'Open in the Lab' gives the Lab, at its own size, the verdict the figure shows", async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${server.url}#learn`);
  await page.waitForSelector('.live-figure');
  const figs = await page.$$eval('.live-figure', (fs) => fs.map((f) => f.id));
  assert.ok(figs.length >= 6, `${figs.length} figures`);
  const panels = [];
  for (const id of figs) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await page.waitForFunction((id) => [...document.querySelectorAll(`#${id} .fig-readout li`)].every((li) => li.dataset.kind),
      id, { timeout: 60_000 });
    panels.push(...await page.$$eval(`#${id} .fig-readout li`, (lis) => lis.map((li) => ({
      kind: li.dataset.kind, href: li.querySelector('a.fig-open').getAttribute('href') }))));
  }
  await page.close();
  for (const p of panels) {
    assert.match(p.href, /^\?[^#]+#lab$/, p.href);
    const q = new URLSearchParams(p.href.slice(1, p.href.indexOf('#')));
    assert.equal(q.get('width'), null, `${p.href} opens at the Lab's width`);
    const lab = await openPage(browser, server.url + p.href);
    await lab.waitForFunction(() => document.querySelector('#verdict')?.dataset.kind, null, { timeout: 30000 });
    assert.equal(await lab.getAttribute('#verdict', 'data-kind'), p.kind, p.href);
    await lab.close();
  }
});

test('on a phone (390×844) the initializer table is a stack of cards and nothing scrolls sideways', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme });
    await page.goto(`${server.url}#learn`);
    await page.waitForSelector('table.init-table tbody tr');
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('table.init-table tbody tr')];
      return {
        scrollWidth: document.documentElement.scrollWidth,
        displays: [...new Set(rows.map((r) => getComputedStyle(r).display))],
        widest: Math.max(...rows.map((r) => r.getBoundingClientRect().right)),
        header: document.querySelector('table.init-table thead').getBoundingClientRect().height,
        labels: getComputedStyle(rows[0].querySelector('td[data-label="Suits"]'), '::before').content,
        role: document.querySelector('table.init-table tbody tr td').getAttribute('role'),
      };
    });
    assert.ok(layout.scrollWidth <= 390, `the page scrolls sideways: ${layout.scrollWidth}px`);
    assert.deepEqual(layout.displays, ['block'], 'rows are cards');
    assert.ok(layout.widest <= 390, `a card sticks out: ${layout.widest}`);
    assert.ok(layout.header <= 1, 'the column header row is hidden (each cell carries its label)');
    assert.equal(layout.labels, '"Suits"');
    assert.equal(layout.role, 'cell', 'still a table for screen readers');
    await page.locator('table.init-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/initscope-shots/learn-cards-390x844-${colorScheme}.png` });
    await page.close();
  }
  // At 1366 px it stays a table.
  const wide = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await wide.goto(`${server.url}#learn`);
  await wide.waitForSelector('table.init-table tbody tr');
  assert.equal(await wide.$eval('table.init-table tbody tr', (r) => getComputedStyle(r).display), 'table-row');
  await wide.close();
});
