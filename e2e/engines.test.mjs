// The page in the engines of the other browsers a class uses: Firefox (Debian's firefox-esr, driven over
// WebDriver BiDi by puppeteer-core) and Safari's engine, WebKit (Debian's WebKitWebDriver driving MiniBrowser
// under Xvfb, over classic WebDriver). In each: the Lab loads, its table equals the CLI's JSON bit for bit for
// a plain, an overflowing, a recurrent, a convolutional and a transformer run; the phase map and the race draw; the embed
// works under a sub-path; and nothing is logged as an error or a warning.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import puppeteer from 'puppeteer-core';
import { serveDist, cli } from './harness.mjs';

// Loaded first by every page these tests open: records the page's console errors and warnings and uncaught
// errors, which classic WebDriver cannot read (a same-origin file, so the page's CSP allows it).
const PROBE = `window.__said = [];
for (const kind of ['error', 'warn']) {
  const original = console[kind].bind(console);
  console[kind] = (...args) => { window.__said.push(kind + ': ' + args.map(String).join(' ')); original(...args); };
}
addEventListener('error', (e) => window.__said.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => window.__said.push('rejection: ' + e.reason));`;
const withProbe = (path, body) => (path.endsWith('.html') || path === '/'
  ? Buffer.from(body.toString().replace('<head>', '<head><script src="./probe.js"></script>'))
  : body);

/** A free loopback port. */
const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});

/** Firefox ESR through puppeteer-core (WebDriver BiDi): { goto, evaluate(fn, ...args), close }. */
async function firefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: { 'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false },
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 1000 });
  return {
    goto: (url) => page.goto(url),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    close: () => browser.close(),
  };
}

/** WebKit's MiniBrowser through WebKitWebDriver under xvfb-run (classic WebDriver over HTTP). */
async function webkit() {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', process.env.WEBKIT_WEBDRIVER ?? 'WebKitWebDriver', `--port=${port}`],
    { stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await r.json();
    if (json.value?.error) throw new Error(`${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  let session;
  for (let i = 0; i < 100 && !session; i++) {
    try {
      session = (await call('POST', '/session', { capabilities: { alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation'] },
      } } })).sessionId;
    } catch { await new Promise((ok) => setTimeout(ok, 100)); }
  }
  assert.ok(session, 'WebKitWebDriver started a MiniBrowser session');
  await call('POST', `/session/${session}/window/rect`, { width: 1366, height: 1000 });
  return {
    goto: (url) => call('POST', `/session/${session}/url`, { url }),
    evaluate: (fn, ...args) => call('POST', `/session/${session}/execute/sync`, { script: `return (${fn})(...arguments);`, args }),
    close: async () => {
      await call('DELETE', `/session/${session}`).catch(() => {});
      try { process.kill(-driver.pid); } catch { /* already gone */ }
    },
  };
}

/** Poll `fn` in the page until it returns a truthy value (at most `ms`). */
async function until(b, fn, what, ms = 60000, ...args) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await b.evaluate(fn, ...args).catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The table's rows once it holds `depth` rows of a run with ∂L/∂W (the table open). */
async function tableOf(b, depth) {
  await until(b, (n) => document.querySelectorAll('#layer-stats tbody tr').length === n, 'the table', 60000, depth);
  await b.evaluate(() => { document.querySelector('details.table-card').open = true; });
  await until(b, () => document.querySelector('#layer-stats')?.dataset.weightGrads === 'true'
    && document.querySelector('.results')?.dataset.busy !== 'true', 'a run with ∂L/∂W', 120000);
  return b.evaluate(() => [...document.querySelectorAll('#layer-stats tbody tr')].map((tr) => {
    const row = { layer: Number(tr.dataset.layer) };
    for (const td of tr.querySelectorAll('td[data-field]')) row[td.dataset.field] = td.dataset.value;
    return row;
  }));
}

const RUNS = [
  ['a plain stack', 'init=he-normal&activation=relu&depth=12&width=64&batch=16'],
  ['an overflow', 'init=uniform&scale=1&activation=relu&depth=100&width=64&batch=8'],
  ['an rnn', 'arch=rnn&activation=tanh&init=orthogonal&input-init=he-normal&depth=15&width=40&batch=8&seed=11'],
  ['a convolution', 'arch=conv&init=he-normal&activation=relu&depth=6&image=8&batch=4'],
  ['a transformer', 'arch=transformer&init=xavier-normal&activation=gelu&depth=4&tokens=8&batch=2&ln=post'],
];
const flags = (q) => [...new URLSearchParams(q)].flatMap(([k, v]) => [`--${k}`, v]);

for (const [engine, open] of [['Firefox', firefox], ['WebKit', webkit]]) {
  describe(engine, () => {
    let server, sub, b;
    before(async () => {
      server = await serveDist({ transform: withProbe, extra: { '/probe.js': PROBE } });
      sub = await serveDist({ prefix: '/initscope/', transform: withProbe, extra: { '/probe.js': PROBE } });
      b = await open();
    });
    after(async () => { await b?.close(); await server?.close(); await sub?.close(); });
    const quiet = async () => assert.deepEqual(await b.evaluate(() => window.__said), []);

    for (const [name, q] of RUNS) {
      test(`the Lab's table equals the CLI for ${name}`, async () => {
        await b.goto(`${server.url}?${q}#lab`);
        const json = cli(['simulate', ...flags(q)]);
        const rows = await tableOf(b, json.layers.length);
        for (const [i, row] of rows.entries()) {
          for (const [f, v] of Object.entries(json.layers[i])) {
            if (f === 'layer') continue;
            const got = row[f] === '' ? null : Number(row[f]);
            assert.equal(got, v, `${name}: layer ${i + 1} ${f}: page ${row[f]} vs CLI ${v}`);
          }
        }
        if (json.overflow_layer) {
          assert.match(await b.evaluate(() => document.querySelector('#verdict').textContent), /overflow/i);
        }
        await quiet();
      });
    }

    test('the phase map and the race draw', async () => {
      await b.goto(`${server.url}#phase`);
      await until(b, () => Number(document.querySelector('#phase-chart')?.dataset.draws) > 0, 'the phase map');
      await b.evaluate(() => { location.hash = 'race'; });
      await until(b, () => !!document.querySelector('#race-play'), 'the race');
      await until(b, () => Number(document.querySelector('#race-curves')?.dataset.draws) > 0, 'the race chart');
      await b.evaluate(() => document.querySelector('#race-play').click());
      await until(b, () => Number(document.querySelector('#race-step-count')?.dataset.step) > 0, 'the race running');
      await b.evaluate(() => document.querySelector('#race-play').click());
      await quiet();
    });

    test('the embed works under a sub-path', async () => {
      await b.goto(`${sub.url}?embed=1&init=xavier-normal&activation=relu`);
      await until(b, () => Number(document.querySelector('#variance-chart')?.dataset.draws) > 0, 'the embed chart');
      await until(b, () => /vanish/i.test(document.querySelector('#verdict')?.textContent ?? ''), 'the verdict');
      const full = await b.evaluate(() => document.querySelector('#open-in-initscope')?.href ?? '');
      assert.ok(full.startsWith(sub.url) && !full.includes('embed=1'), `"Open in Initscope" stays under the sub-path: ${full}`);
      await quiet();
    });
  });
}
