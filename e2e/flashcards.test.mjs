// Flashcards: focus on open so Space works at once; one-line answer, then the full one; a
// "review again only" deck from the R answers; mode, deck and card remembered across a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const progress = (page) => page.textContent('#card-progress');

test('focus, Space reveals one line then the full answer, review deck, place kept across a reload', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}#interview`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.click('#mode-cards');
  await page.waitForFunction(() => document.activeElement?.id === 'flashcard');
  assert.equal((await page.textContent('#card-reveal')).trim(), 'Reveal');
  // Space at once, without clicking the card.
  await page.keyboard.press('Space');
  await page.waitForSelector('#flashcard .short-answer');
  assert.equal(await page.$$eval('#flashcard .answer > p', (ps) => ps.length), 2, 'one line (and a hint) first');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelectorAll('#flashcard .answer > p').length > 2);
  assert.ok(await page.$('#flashcard .short-answer'), 'the full answer opens with the one-line answer');
  assert.equal(await page.$eval('#card-reveal', (b) => b.disabled), true, 'nothing more to reveal');
  // Card 1: review again; card 2: knew it; card 3: review again.
  await page.keyboard.press('r');
  await page.keyboard.press('Enter');
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  await page.keyboard.press('r');
  await page.waitForFunction(() => /Card 4 .*knew it: 1 · review again: 2/.test(document.querySelector('#card-progress').textContent));
  const all = await page.$$eval('.flashcard', (c) => c.map((x) => x.dataset.question));
  assert.equal(all.length, 1);
  await page.click('#card-deck');
  assert.match(await progress(page), /Review deck · Card 1 of 2/);
  const first = await page.getAttribute('#flashcard', 'data-question');
  await page.click('#card-next');
  const second = await page.getAttribute('#flashcard', 'data-question');
  assert.notEqual(first, second);
  await page.click('#card-next');
  assert.equal(await page.getAttribute('#flashcard', 'data-question'), first, 'the deck has the two R cards only');
  await page.click('#card-next');
  // Reload: flashcard mode, the review deck and the card come back.
  await page.reload();
  await page.waitForSelector('#flashcard');
  assert.equal(await page.getAttribute('#mode-cards', 'aria-pressed'), 'true');
  assert.match(await progress(page), /Review deck · Card 2 of 2/);
  assert.equal(await page.getAttribute('#flashcard', 'data-question'), second);
  // Back to all cards, staying on the same card.
  await page.click('#card-deck');
  assert.match(await progress(page), /^Card 3 of \d+/);
  assert.equal(await page.getAttribute('#flashcard', 'data-question'), second);
  // The list view shows each one-line answer first too.
  await page.click('#mode-list');
  const shorts = await page.$$eval('.question .answer > p:first-child.short-answer', (ps) => ps.length);
  assert.equal(shorts, await page.$$eval('.question', (q) => q.length));
  await page.reload();
  assert.equal(await page.getAttribute('#mode-list', 'aria-pressed'), 'true', 'the list mode is remembered too');
  assert.deepEqual(errors, []);
  await page.close();
});
