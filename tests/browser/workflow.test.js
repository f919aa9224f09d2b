'use strict';
// The editorial workflow in Chromium, on a server whose clock is pinned to
// the night the clocks go forward in the site's time zone (Los Angeles):
// a story created from its type's form with an uploaded image (alt text
// enforced), submitted, approved and published through the item page, then
// found on the public site and by search; a publication scheduled for a
// local time that daylight saving time skips, shown moved by the gap,
// replaced by another, and done by the server on its own, then the
// revision before it restored as a draft; axe finds
// nothing on the editor's new pages in English, French and Arabic.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { useDataDir } = require('./lib/consent');
const { useStaff } = require('./lib/staff');
const { startPortico } = require('./lib/server');
const { launchBrowser } = require('./lib/browser');
const { runAxe, expectNone } = require('./lib/checks');
const { png } = require('./lib/images');

const DATA = useDataDir();
const EMAIL = 'noor@halcyon.example';
// 01:59:00 in Los Angeles, a minute before the clocks go forward.
const PINNED = '2027-03-14T09:59:00Z';
const env = {};

before(async () => {
  env.server = await startPortico({ env: { PORTICO_CLOCK: PINNED } });
  env.origin = env.server.origin;
  env.browser = await launchBrowser();
});
after(async () => {
  try {
    if (env.browser) await env.browser.close();
  } finally {
    if (env.server) await env.server.stop();
  }
});

const { signedIn } = useStaff(env, DATA, EMAIL, 'admin');

const STEPS = { submitted: 'submit', approved: 'approve', published: 'publish' };

/** Clicks the item page's button for a step and waits for its notice (`done`). */
async function step(page, done) {
  await Promise.all([
    page.waitForURL(new RegExp(`done=${done}`)),
    page.click(`form[action="/admin/content/item/step"]:has(input[name=step][value=${STEPS[done]}]) button`),
  ]);
}

/** Loads `url` until `check(page)` holds (the publisher works in the background). */
async function eventually(page, url, check, tries = 120) {
  for (let i = 0; i < tries; i++) {
    await page.goto(url);
    if (await check(page)) return true;
    await page.waitForTimeout(500);
  }
  return false;
}

test('a story made from its form, with an uploaded image, goes through review to the site and its search', async () => {
  const { context, page } = await signedIn();
  try {
    // An image in the library, without alt text yet.
    await page.goto(`${env.origin}/admin/media`);
    await page.setInputFiles('#file', { name: 'tide-gauge.png', mimeType: 'image/png', buffer: png(960, 640) });
    await Promise.all([page.waitForURL(/done=uploaded/), page.click('form[action="/admin/media"] button[type=submit]')]);
    const ref = await page.inputValue('.media-ref');
    const key = ref.slice('media:'.length);

    // The story's form: type and language, then its declared fields.
    await page.goto(`${env.origin}/admin/content/new`);
    await page.check('#type-story');
    await page.selectOption('#locale', 'en');
    await Promise.all([page.waitForURL(/type=story/), page.click('form[action="/admin/content/new"] button')]);
    await page.selectOption('#folder', 'stories');
    await page.fill('#slug', 'tide-gauges-in-every-harbour');
    await page.fill('#f-title', 'Tide gauges in every harbour of the Wadden coast');
    await page.fill('#f-summary', 'Forty-two solar gauges now report the water level every minute.');
    await page.fill('#f-date', '2027-03-10');
    await page.fill('#f-image-src', ref);
    await page.fill('#body', 'The last gauge went in at Harlingen on a grey Tuesday. Saltmarsh wardens read the quinquagintal tide record there first.\n');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/admin/content/new"] button[type=submit]')]);
    // The library image has no English alt text: refused, beside the image.
    assert.ok(await page.isVisible('#f-image-errors'), 'the alt text problem beside the image field');
    assert.match(await page.textContent('#f-image-errors'), /alt/i);
    assert.strictEqual(await page.inputValue('#f-title'), 'Tide gauges in every harbour of the Wadden coast', 'nothing typed is lost');
    await page.fill('#f-image-alt', 'A white tide gauge on a pole at the end of a wooden jetty');
    await Promise.all([page.waitForURL(/done=created/), page.click('form[action="/admin/content/new"] button[type=submit]')]);

    // Submitted, approved and published from the item page.
    await step(page, 'submitted');
    await step(page, 'approved');
    await step(page, 'published');

    const visitor = await context.newPage();
    const url = `${env.origin}/en/stories/tide-gauges-in-every-harbour/`;
    const online = await eventually(visitor, url, async (p) => (await p.locator(`img[srcset*="/media/${key}/"]`).count()) > 0);
    assert.ok(online, 'the story is on the site with the library image');
    assert.strictEqual(await visitor.textContent('h1'), 'Tide gauges in every harbour of the Wadden coast');
    assert.strictEqual(
      await visitor.getAttribute(`img[srcset*="/media/${key}/"]`, 'alt'),
      'A white tide gauge on a pole at the end of a wooden jetty',
    );
    const found = await eventually(
      visitor,
      `${env.origin}/en/search?q=quinquagintal`,
      async (p) => (await p.locator('a[href="/en/stories/tide-gauges-in-every-harbour/"]').count()) > 0,
    );
    assert.ok(found, 'search finds it by a word of its text');
  } finally {
    await context.close();
  }
});

test('a publication scheduled in the site time zone happens on its own, across the change to summer time', async () => {
  const { context, page } = await signedIn();
  try {
    const item = `${env.origin}/admin/content/item?locale=en&key=careers`;
    await page.goto(item);
    const body = await page.inputValue('#body');
    await page.fill('#body', `${body.trimEnd()}\n\nThis paragraph was published on the night the clocks went forward.\n`);
    await Promise.all([page.waitForURL(/done=saved/), page.click('.admin-editor button[type=submit]')]);
    await step(page, 'submitted');
    await step(page, 'approved');

    // 02:30 does not exist that night: it is read as 03:30 PDT.
    await page.fill('#schedule-at', '2027-03-14T02:30');
    await Promise.all([page.waitForURL(/done=scheduled/), page.click('form[action="/admin/content/item/schedule"] button')]);
    const first = page.locator('tr[data-state=pending]');
    assert.strictEqual(await first.count(), 1);
    assert.match(await first.textContent(), /2027-03-14 03:30 PDT/);
    assert.strictEqual(await first.locator('time').getAttribute('datetime'), '2027-03-14T10:30:00Z');

    // A new time replaces it: 03:00 PDT, a minute after the pinned start.
    await page.fill('#schedule-at', '2027-03-14T03:00');
    await Promise.all([page.waitForURL(/done=scheduled/), page.click('form[action="/admin/content/item/schedule"] button')]);
    assert.strictEqual(await page.locator('tr[data-state=cancelled]').count(), 1, 'the first job is cancelled');
    assert.match(await page.textContent('tr[data-state=pending]'), /2027-03-14 03:00 PDT/);

    // The dashboard lists it.
    await page.goto(`${env.origin}/admin/`);
    assert.match(await page.textContent('#scheduled-title + ul'), /en\/careers/);

    const done = await eventually(page, item, async (p) => (await p.locator('tr[data-state=done]').count()) === 1, 200);
    assert.ok(done, 'the job is done');
    assert.strictEqual(await page.locator('tr[data-state=pending]').count(), 0);
    const visitor = await context.newPage();
    const served = await eventually(visitor, `${env.origin}/en/careers/`, async (p) => (await p.content()).includes('the night the clocks went forward'));
    assert.ok(served, 'the scheduled text is on the site');

    // The revision before it, restored as a new draft (the site unchanged).
    await page.goto(item);
    await Promise.all([page.waitForURL(/done=restored/), page.click('form[action="/admin/content/item/restore"] button >> nth=0')]);
    assert.doesNotMatch(await page.inputValue('#body'), /clocks went forward/, 'the old text is the draft');
    assert.match(await page.textContent('.admin-facts'), /Draft/);
  } finally {
    await context.close();
  }
});

test("the editor's pages are axe-clean in en, fr and ar", async () => {
  const problems = [];
  const pages = [
    '/admin/',
    '/admin/content',
    '/admin/content?section=stories',
    '/admin/content/new',
    '/admin/content/new?type=event&locale=fr',
    '/admin/content/item?locale=en&key=careers',
    '/admin/content/item?locale=ar&key=careers&mode=text',
    '/admin/content/trash',
  ];
  for (const locale of ['en', 'fr', 'ar']) {
    const { context, page } = await signedIn({ extraHTTPHeaders: { 'Accept-Language': locale } });
    try {
      for (const path of pages) {
        const res = await page.goto(`${env.origin}${path}`);
        assert.strictEqual(res.status(), 200, `${path} (${locale})`);
        assert.strictEqual(await page.getAttribute('html', 'lang'), locale);
        problems.push(...(await runAxe(page)).problems);
      }
    } finally {
      await context.close();
    }
  }
  expectNone(problems, "axe on the editor's pages");
});
