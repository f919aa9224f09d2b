'use strict';
// axe-core on one page of every type in every locale, at desktop and phone widths,
// with every mega-menu panel open; fallback content marked with its language.

const { test } = require('node:test');
const { useSite } = require('./lib/setup');
const { mapLimit } = require('./lib/browser');
const { LOCALES } = require('./lib/site');
const { representativePages } = require('./lib/pages');
const { runAxe, expectNone, settle } = require('./lib/checks');

const env = useSite();

/** Visits each page in a fresh tab of `context` and collects what `check` finds. */
async function visitAll(context, pages, check) {
  const found = await mapLimit(pages, 3, async (p) => {
    const page = await context.newPage();
    try {
      const res = await page.goto(env.origin + p.path, { waitUntil: 'load' });
      const problems = [];
      if (!res || res.status() !== p.status) problems.push(`${decodeURI(p.path)}: status ${res && res.status()}, expected ${p.status}`);
      problems.push(...(await check(page, p)));
      return problems;
    } finally {
      await page.close();
    }
  });
  return found.flat();
}

/** Records every request to an origin other than the server's. */
function watchOrigins(context) {
  const foreign = [];
  context.on('request', (r) => {
    if (new URL(r.url()).origin === env.origin) return;
    let from = '?';
    try { from = r.frame().url(); } catch { /* a request with no frame (e.g. a worker's) */ }
    foreign.push(`${r.url()} (from ${from})`);
  });
  return foreign;
}

for (const locale of LOCALES) {
  test(`axe finds no WCAG 2.2 A/AA violation on any page type in ${locale}`, async () => {
    const pages = representativePages(env.crawled, { locales: [locale] });
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const foreign = watchOrigins(context);
    try {
      const problems = await visitAll(context, pages, async (page, p) => {
        const found = (await runAxe(page)).problems;
        // Fallback content is marked with the language it is written in.
        if (p.fallback) {
          const lang = await page.evaluate(() => {
            const h1 = document.querySelector('main h1');
            const marked = h1 && h1.closest('[lang]');
            const canonical = document.querySelector('link[rel="canonical"]').href;
            return { marked: marked && marked.getAttribute('lang'), shown: new URL(canonical).pathname.split('/')[1] };
          });
          if (lang.marked !== lang.shown) {
            found.push(`${decodeURI(p.path)}: fallback content in ${lang.shown} sits in lang="${lang.marked}"`);
          }
        }
        return found;
      });
      const checked = pages.map((p) => `${p.label}: ${decodeURI(p.path)}`).join('\n  ');
      expectNone(problems, `axe violations in ${locale}`, `pages checked:\n  ${checked}`);
      expectNone(foreign, 'requests to other origins');
    } finally {
      await context.close();
    }
  });
}

test('axe finds no violation at 375 px wide (home, story, location; en and ar)', async () => {
  const pick = (locale, kind) => representativePages(env.crawled, { locales: [locale] }).find((p) => p.kind === kind && !p.fallback && (kind !== 'page' || p.label.endsWith('home')));
  const pages = ['en', 'ar'].flatMap((l) => [pick(l, 'page'), pick(l, 'story'), pick(l, 'location')]);
  const context = await env.browser.newContext({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
  try {
    const problems = await visitAll(context, pages, async (page) => (await runAxe(page)).problems);
    expectNone(problems, 'axe violations at 375 px');
  } finally {
    await context.close();
  }
});

test('axe finds no violation inside each open mega-menu panel (en and ar, 1280 and 375 px)', async () => {
  const problems = [];
  for (const width of [1280, 375]) {
    const context = await env.browser.newContext({ viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      for (const locale of ['en', 'ar']) {
        await page.goto(`${env.origin}/${locale}/`);
        const count = await page.locator('header details > summary').count();
        let opened = 0;
        for (let i = 0; i < count; i++) {
          const summary = page.locator('header details > summary').nth(i);
          if (!(await summary.isVisible())) continue;
          const label = (await summary.innerText()).trim();
          await summary.click();
          await settle(page);
          opened++;
          const found = (await runAxe(page, { include: '.site-header' })).problems;
          problems.push(...found.map((f) => `@${width}px, panel "${label}" open: ${f}`));
          await summary.click();
        }
        if (!opened) problems.push(`/${locale}/ @${width}px: no visible menu trigger to open`);
      }
    } finally {
      await context.close();
    }
  }
  expectNone(problems, 'axe violations in open menu panels');
});
