'use strict';
// What axe cannot see: the Tab order, focus indicators, traps, the mega-menu
// keyboard behaviour, and the size of every target.

const { test } = require('node:test');
const { useSite } = require('./lib/setup');
const { mapLimit } = require('./lib/browser');
const { representativePages } = require('./lib/pages');
const { keyboardWalk, checkDisclosures, checkTargetSize, expectNone, settle } = require('./lib/checks');

const env = useSite();

const pick = (locale, kind) => representativePages(env.crawled, { locales: [locale] })
  .find((p) => p.kind === kind && !p.fallback);

async function withPage(viewport, fn) {
  const context = await env.browser.newContext({ viewport });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

for (const [locale, kind] of [['en', 'home'], ['ar', 'home'], ['en', 'story'], ['fr', 'location']]) {
  test(`Tab walks the whole ${locale} ${kind} page: skip link first, every header control, footer; no trap; visible focus; Shift+Tab retraces`, async () => {
    const path = kind === 'home' ? `/${locale}/` : pick(locale, kind).path;
    await withPage({ width: 1280, height: 900 }, async (page) => {
      await page.goto(env.origin + path);
      const { stops, problems } = await keyboardWalk(page);
      const names = stops.map((s) => `${s.region}: ${s.name}`);
      // This theme's order: skip link, header (logo, search field and button, menu triggers), …, footer.
      const lastHeader = stops.map((s) => s.region).lastIndexOf('header');
      const firstFooter = stops.findIndex((s) => s.region === 'footer');
      if (firstFooter !== -1 && firstFooter < lastHeader) problems.push(`footer reached before leaving the header (stop ${firstFooter + 1} < ${lastHeader + 1})`);
      for (const [what, re] of [['the search field', /^input#site-search/], ['the search button', /^button/], ['a menu trigger', /^summary\.nav-trigger/]]) {
        const i = stops.findIndex((s) => s.region === 'header' && re.test(s.name));
        if (i === -1) problems.push(`Tab never reached ${what} in the header`);
      }
      const triggers = await page.locator('header summary:visible').count();
      const reached = stops.filter((s) => /^summary/.test(s.name)).length;
      if (reached !== triggers) problems.push(`Tab reached ${reached} of ${triggers} menu triggers`);
      expectNone(problems, `keyboard problems on ${decodeURI(path)}`, `Tab order (${stops.length} stops):\n  ${names.join('\n  ')}`);
    });
  });
}

test('the skip link moves focus to the main content (en, ar)', async () => {
  const problems = [];
  await withPage({ width: 1280, height: 900 }, async (page) => {
    for (const locale of ['en', 'ar']) {
      await page.goto(`${env.origin}/${locale}/`);
      await page.keyboard.press('Tab');
      const visible = await page.evaluate(() => {
        const r = document.activeElement.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
      });
      if (!visible) problems.push(`/${locale}/: the focused skip link is not on screen`);
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => document.activeElement.id);
      if (focused !== 'main') problems.push(`/${locale}/: after Enter on the skip link focus is on "${focused}", not #main`);
    }
  });
  expectNone(problems, 'skip link problems');
});

test('each mega-menu opens with Enter and Space, Tab enters it, Escape closes it and returns focus (en, ar; 1280 and 375 px)', async () => {
  const problems = [];
  for (const width of [1280, 375]) {
    await withPage({ width, height: 900 }, async (page) => {
      for (const locale of ['en', 'ar']) {
        await page.goto(`${env.origin}/${locale}/`);
        const { triggers, problems: found } = await checkDisclosures(page);
        problems.push(...found.map((f) => `@${width}px ${f}`));
        const expected = width === 1280 ? 5 : 1;
        if (triggers.length !== expected) problems.push(`/${locale}/ @${width}px: ${triggers.length} visible menu triggers, expected ${expected}`);
      }
    });
  }
  expectNone(problems, 'mega-menu keyboard problems');
});

test('every target in header, main and footer is at least 24×24 px (every page type in en and ar; 1280 and 375 px; menus open)', async () => {
  const pages = representativePages(env.crawled, { locales: ['en', 'ar'] });
  const problems = [];
  let checked = 0;
  for (const width of [1280, 375]) {
    // Reduced motion: panels open at once (sizes do not depend on it), so nothing is measured mid-animation.
    const context = await env.browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
    try {
      const found = await mapLimit(pages, 3, async (p) => {
        const page = await context.newPage();
        try {
          await page.goto(env.origin + p.path);
          const r = await checkTargetSize(page);
          checked += r.checked;
          const out = [...r.problems];
          if (p.label.endsWith('home')) {
            // The links inside each menu panel, opened one at a time.
            const summaries = page.locator('header details > summary');
            for (let i = 0; i < (await summaries.count()); i++) {
              if (!(await summaries.nth(i).isVisible())) continue;
              await summaries.nth(i).click();
              await settle(page);
              out.push(...(await checkTargetSize(page)).problems.map((x) => `(menu ${i + 1} open) ${x}`));
              await summaries.nth(i).click();
            }
          }
          return out;
        } finally {
          await page.close();
        }
      });
      problems.push(...found.flat());
    } finally {
      await context.close();
    }
  }
  expectNone([...new Set(problems)], 'targets smaller than 24×24 px', `${checked} targets checked on ${pages.length} pages`);
  if (checked < 500) throw new Error(`only ${checked} targets were checked: the check found nothing to measure`);
});
