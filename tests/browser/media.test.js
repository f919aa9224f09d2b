'use strict';
// The media library in Chromium: an image uploaded by the plain form, its
// alt text written per locale, used in a story (typed in the editor's text
// mode as `media:KEY`), published, and served on the public page as a
// responsive image (`srcset`, `sizes`, the library's alt text). axe finds
// nothing on the library page in English, French and Arabic.

const { test } = require('node:test');
const assert = require('node:assert');
const { useDataDir } = require('./lib/consent');
const { useStaff } = require('./lib/staff');
const { useSite } = require('./lib/setup');
const { runAxe, expectNone } = require('./lib/checks');
const { png } = require('./lib/images');

const DATA = useDataDir();
const env = useSite({ crawl: false });
const EMAIL = 'mira@halcyon.example';
const STORY = 'stories/accessible-flood-maps';

const { portico, signedIn } = useStaff(env, DATA, EMAIL, 'publisher');

test('an uploaded image with alt text is used in a story and served with srcset once published', async () => {
  const { context, page } = await signedIn();
  try {
    await page.goto(`${env.origin}/admin/media`);
    await page.setInputFiles('#file', { name: 'harbour.png', mimeType: 'image/png', buffer: png(1200, 800) });
    await page.fill('#upload-alt', 'A blue harbour above a band of sand');
    await Promise.all([page.waitForURL(/done=uploaded/), page.click('form[action="/admin/media"] button[type=submit]')]);
    const ref = await page.inputValue('.media-ref');
    assert.match(ref, /^media:[0-9a-f]{64}$/);
    const key = ref.slice('media:'.length);
    const file = `#m-${key}`;
    assert.match(await page.inputValue(`${file} #alt-en-${key}`), /blue harbour/);
    await page.fill(`${file} #alt-fr-${key}`, 'Un port bleu au-dessus d’une bande de sable');
    await page.fill(`${file} #alt-ar-${key}`, 'ميناء أزرق فوق شريط من الرمل');
    await page.fill(`${file} #fx-${key}`, '0.4');
    await Promise.all([page.waitForURL(/done=saved/), page.click(`${file} form.media-describe button[type=submit]`)]);
    assert.strictEqual(await page.inputValue(`${file} #alt-fr-${key}`), 'Un port bleu au-dessus d’une bande de sable');

    // The story's lead image, typed in the text mode.
    await page.goto(`${env.origin}/admin/content/item?locale=en&key=${encodeURIComponent(STORY)}&mode=text`);
    const text = await page.inputValue('#text');
    const changed = text.replace(/^image = .*$/m, `image = { src = "${ref}" }`);
    assert.notStrictEqual(changed, text, 'the story has a lead image to replace');
    await page.fill('#text', changed);
    await Promise.all([page.waitForURL(/done=saved/), page.click('.admin-editor button[type=submit]')]);
    // Reviewed and published through the content API, as the same person.
    const token = portico('token', 'create', EMAIL, '--name', 'media test').trim().split('\n').pop().trim();
    const api = `${env.origin}/api/content/v1/items/en/${STORY}`;
    const headers = { Authorization: `Bearer ${token}` };
    const item = await (await page.request.get(api, { headers })).json();
    assert.match(item.text, /media:/, 'the saved draft uses the image');
    for (const [step, body] of [['submit', {}], ['approve', { revision: item.revision }], ['publish', { revision: item.revision }]]) {
      const r = await page.request.post(`${api}/${step}`, { headers, data: body });
      assert.strictEqual(r.status(), 200, `${step}: ${await r.text()}`);
    }

    // Usage is shown, and deleting is not offered while in use.
    await page.goto(`${env.origin}/admin/media`);
    assert.match(await page.textContent(file), /stories\/accessible-flood-maps/);
    assert.strictEqual(await page.locator(`${file} form[action="/admin/media/delete"]`).count(), 0);

    const publicPage = await context.newPage();
    let img = null;
    for (let i = 0; i < 60 && !img; i++) {
      await publicPage.goto(`${env.origin}/en/stories/accessible-flood-maps/`);
      const found = publicPage.locator(`img[srcset*="/media/${key}/320."]`);
      if ((await found.count()) > 0) img = found.first();
      else await publicPage.waitForTimeout(500);
    }
    assert.ok(img, 'the published story shows the library image');
    assert.strictEqual(await img.getAttribute('alt'), 'A blue harbour above a band of sand');
    assert.match(await img.getAttribute('srcset'), /320w, .*640w, .*960w, .*1200w$/);
    assert.ok(await img.getAttribute('sizes'));
    assert.match(await img.getAttribute('class'), /focal-40-50/);
    await img.scrollIntoViewIfNeeded();
    await publicPage.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    const res = await publicPage.request.get(`${env.origin}/media/${key}/320.jpg`);
    assert.strictEqual(res.status(), 200);
    assert.match(res.headers()['cache-control'], /immutable/);
  } finally {
    await context.close();
  }
});

test('the library page is axe-clean in en, fr and ar', async () => {
  const problems = [];
  for (const locale of ['en', 'fr', 'ar']) {
    const { context, page } = await signedIn({ extraHTTPHeaders: { 'Accept-Language': locale } });
    try {
      const res = await page.goto(`${env.origin}/admin/media`);
      assert.strictEqual(res.status(), 200);
      assert.strictEqual(await page.getAttribute('html', 'lang'), locale);
      problems.push(...(await runAxe(page)).problems);
      // With the error list: an upload without a file.
      await page.evaluate(() => document.querySelector('#file').removeAttribute('required'));
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/admin/media"] button[type=submit]')]);
      assert.ok(await page.isVisible('.admin-errors'), 'the error list');
      problems.push(...(await runAxe(page)).problems);
    } finally {
      await context.close();
    }
  }
  expectNone(problems, 'axe on the media library');
});
