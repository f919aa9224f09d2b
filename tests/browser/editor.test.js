'use strict';
// The web editor in Chromium: nothing typed is lost, and two people editing
// one item lose nothing either.
// - Typing is kept on the server a moment later (the status says so);
//   offline, it is kept in the browser; back online, a reload offers it
//   back and a save clears it.
// - Text kept on the server is offered back in another browser.
// - Two contexts on one item: changes on different lines merge on save;
//   changes on the same line come back side by side, resolved by hand.
// axe on the pages with each offer shown.

const { test } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const { useDataDir } = require('./lib/consent');
const { useSite } = require('./lib/setup');
const { porticoBin, REPO } = require('./lib/server');
const { runAxe, expectNone } = require('./lib/checks');

const DATA = useDataDir();
const env = useSite({ crawl: false });
const EMAIL = 'lena@halcyon.example';

function portico(...args) {
  const r = spawnSync(porticoBin(), [...args, '--data', DATA], { cwd: REPO, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `portico ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

let made = false;
/** A browser context signed in as the editor, by way of a fresh link. */
async function signedIn() {
  if (!made) {
    portico('user', 'add', EMAIL, '--role', 'editor', '--base-url', env.origin);
    made = true;
  }
  const link = portico('user', 'link', EMAIL, '--base-url', env.origin).trim().split('\n').pop();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(link);
  await Promise.all([page.waitForURL('**/admin/account'), page.click('main form.admin-form button')]);
  return { context, page };
}

const item = (key) => `/admin/content/item?locale=en&key=${encodeURIComponent(key)}&mode=text`;

test('typing is kept on the server and, offline, in the browser; a reload offers it back', async () => {
  const { context, page } = await signedIn();
  try {
    await page.goto(`${env.origin}${item('careers')}`);
    const original = await page.inputValue('#text');
    await page.fill('#text', `${original}\nKept by the server.\n`);
    await page.waitForFunction(() => /Kept on the server/.test(document.querySelector('[data-autosave-status]').textContent));

    await context.setOffline(true);
    await page.type('#text', 'Typed while offline.');
    await page.waitForFunction(() => /Not connected/.test(document.querySelector('[data-autosave-status]').textContent));
    const typed = await page.inputValue('#text');
    await context.setOffline(false);
    await page.reload();
    assert.strictEqual(await page.inputValue('#text'), original, 'the page shows the saved text');
    assert.ok(await page.isVisible('[data-local-draft]'), 'the browser offers its kept text');
    expectNone((await runAxe(page)).problems, 'axe with the offer');
    await page.click('[data-local-restore]');
    assert.strictEqual(await page.inputValue('#text'), typed, 'every character is back');
    await Promise.all([page.waitForURL(/done=saved/), page.click('.admin-editor button[type=submit]')]);
    assert.strictEqual(await page.inputValue('#text'), typed, 'saved');
    assert.ok(await page.isHidden('[data-local-draft]'), 'nothing left to offer');
    await page.reload();
    assert.ok(await page.isHidden('[data-local-draft]'), 'the kept copy was forgotten after the save');
    assert.ok(await page.isHidden('.admin-kept'), 'and the server copy too');
  } finally {
    await context.close();
  }
});

test('text kept on the server is offered back in another browser', async () => {
  const first = await signedIn();
  try {
    await first.page.goto(`${env.origin}${item('about')}`);
    const original = await first.page.inputValue('#text');
    await first.page.fill('#text', `${original}\nWritten on the laptop.\n`);
    await first.page.waitForFunction(() => /Kept on the server/.test(document.querySelector('[data-autosave-status]').textContent));
  } finally {
    await first.context.close();
  }
  const second = await signedIn();
  try {
    await second.page.goto(`${env.origin}${item('about')}`);
    assert.ok(await second.page.isVisible('section.admin-kept >> nth=0'), 'the server offers the text');
    expectNone((await runAxe(second.page)).problems, 'axe with the server offer');
    await Promise.all([second.page.waitForURL(/kept=1/), second.page.click('text=Put it back in the editor')]);
    assert.match(await second.page.inputValue('#text'), /Written on the laptop\./);
    await Promise.all([second.page.waitForURL(/done=saved/), second.page.click('.admin-editor button[type=submit]')]);
    assert.match(await second.page.inputValue('#text'), /Written on the laptop\./);
  } finally {
    await second.context.close();
  }
});

test('two people on one item: apart, their changes merge; on one line, they are resolved by hand', async () => {
  const a = await signedIn();
  const b = await signedIn();
  try {
    const url = `${env.origin}${item('locations')}`;
    await a.page.goto(url);
    await b.page.goto(url);
    const original = await a.page.inputValue('#text');
    const lines = original.split('\n');
    const title = lines.findIndex((l) => l.startsWith('title = '));
    assert.ok(title > 0, 'the item has a title line');

    // A changes the title; B, on the same revision, adds a paragraph.
    const aText = lines.map((l, i) => (i === title ? 'title = "Where we work"' : l)).join('\n');
    await a.page.fill('#text', aText);
    await Promise.all([a.page.waitForURL(/done=saved/), a.page.click('.admin-editor button[type=submit]')]);
    await b.page.fill('#text', `${original}\nA paragraph from B.\n`);
    await Promise.all([b.page.waitForURL(/done=merged/), b.page.click('.admin-editor button[type=submit]')]);
    const merged = await b.page.inputValue('#text');
    assert.match(merged, /title = "Where we work"/);
    assert.match(merged, /A paragraph from B\./);

    // Both open the merged revision and change the same line, the title:
    // B saves first; A's save comes back side by side.
    await b.page.goto(url);
    await a.page.goto(url);
    const bTitle = merged.replace('title = "Where we work"', 'title = "Our places"');
    const aTitle = merged.replace('title = "Where we work"', 'title = "Offices and labs"');
    await b.page.fill('#text', bTitle);
    await Promise.all([b.page.waitForURL(/done=saved/), b.page.click('.admin-editor button[type=submit]')]);
    await a.page.fill('#text', aTitle);
    await Promise.all([a.page.waitForLoadState('load'), a.page.click('.admin-editor button[type=submit]')]);
    assert.match(await a.page.textContent('.admin-errors'), /saved a newer version/);
    assert.strictEqual(await a.page.inputValue('#text'), aTitle, "A's text is kept");
    assert.match(await a.page.inputValue('#newer-text'), /title = "Our places"/, "B's is beside it");
    expectNone((await runAxe(a.page)).problems, 'axe on the side-by-side page');
    // A resolves by hand, keeping both names.
    await a.page.fill('#text', merged.replace('title = "Where we work"', 'title = "Our places: offices and labs"'));
    await Promise.all([a.page.waitForURL(/done=saved/), a.page.click('.admin-editor button[type=submit]')]);
    assert.match(await a.page.inputValue('#text'), /Our places: offices and labs/);
    assert.match(await a.page.inputValue('#text'), /A paragraph from B\./, 'nothing lost');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
