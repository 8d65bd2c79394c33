// The race in the page computes what `initscope train` computes, to the bit: plain, residual and normalized
// networks, several racers at once (each racer is the CLI's run of its initializer with the same settings).
// The page plays until paused: the test pauses it past step 40 and asks the CLI for as many steps as the
// page's last record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, cli } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const RACES = [
  'inits=he-normal,xavier-normal&depth=4&width=16&seed=3',
  'inits=pytorch-default,he-normal&arch=residual&depth=6&width=16&branch-scale=0.5&zero-init-last=1&seed=4',
  'inits=normal,he-normal,zero&norm=batch&depth=4&width=16',
  'inits=xavier-uniform,lecun-normal&norm=layer&activation=tanh&depth=5&width=12&optimizer=sgd&lr=0.1',
  'inits=he-uniform&arch=residual&norm=layer&depth=5&width=16&dataset=circles',
];

for (const query of RACES) {
  test(`race ${query}: every racer's last loss and accuracy equal the CLI's`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}#race?${query}`);
    await page.waitForSelector('#race-play');
    await page.selectOption('#race-speed', '64');
    await page.click('#race-play');
    await page.waitForFunction(() => [...document.querySelectorAll('.racer')].every((r) => Number(r.dataset.recordedStep) >= 40),
      null, { timeout: 120000 });
    await page.click('#race-play');
    await page.waitForFunction(() => /Play/.test(document.querySelector('#race-play').textContent));
    await page.waitForTimeout(300);
    const racers = await page.$$eval('.racer', (rs) => rs.map((r) => ({ step: Number(r.dataset.recordedStep), loss: r.dataset.loss, acc: r.dataset.testAcc })));
    const steps = racers[0].step;
    assert.ok(racers.every((r) => r.step === steps), 'one step for all');
    const params = new URLSearchParams(query);
    const inits = params.get('inits').split(',');
    params.delete('inits');
    assert.equal(racers.length, inits.length);
    // A flag set in the URL (=1) is a bare flag in the CLI.
    const flags = [...params].flatMap(([k, v]) => (k === 'zero-init-last' ? [`--${k}`] : [`--${k}`, v]));
    for (const [i, init] of inits.entries()) {
      const run = cli(['train', '--init', init, ...(params.has('activation') ? [] : ['--activation', 'relu']), ...flags,
        '--steps', String(steps)]);
      const last = run.steps.find((s) => s.step === steps);
      assert.ok(last, `the CLI records step ${steps}`);
      assert.equal(Number(racers[i].loss), last.loss, `${init}: loss`);
      assert.equal(Number(racers[i].acc), last.test_acc, `${init}: test accuracy`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
