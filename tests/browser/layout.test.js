'use strict';
// Reflow at 320 px, text-spacing overrides, reduced motion, and screenshots.

const { test } = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
const { useSite } = require('./lib/setup');
const { mapLimit } = require('./lib/browser');
const { representativePages } = require('./lib/pages');
const { checkReflow, checkTextSpacing, checkMotion, expectNone, settle } = require('./lib/checks');

const env = useSite();
const ARTIFACTS = path.join(__dirname, 'artifacts');

/** Home, a story and a location in en, and the same in ar. */
function samplePages(locales = ['en', 'ar']) {
  return locales.flatMap((locale) => {
    const pages = representativePages(env.crawled, { locales: [locale] });
    return [
      pages.find((p) => p.label === `${locale} home`),
      pages.find((p) => p.kind === 'story' && !p.fallback),
      pages.find((p) => p.kind === 'location' && !p.fallback),
    ];
  });
}

/** Runs `fn` on each page, three tabs at a time; panels open without animation unless told otherwise. */
async function eachPage(viewport, pages, fn, contextOptions = {}) {
  const context = await env.browser.newContext({ viewport, reducedMotion: 'reduce', ...contextOptions });
  try {
    const found = await mapLimit(pages, 3, async (p) => {
      const page = await context.newPage();
      try {
        await page.goto(env.origin + p.path);
        return await fn(page, p);
      } finally {
        await page.close();
      }
    });
    return found.flat();
  } finally {
    await context.close();
  }
}

test('reflow: nothing scrolls sideways at 320 px (home, story, location in en and ar; with the menu open)', async () => {
  const problems = await eachPage({ width: 320, height: 640 }, samplePages(), async (page) => {
    const out = (await checkReflow(page)).problems;
    const menu = page.locator('header details > summary:visible').first();
    await menu.click();
    await settle(page);
    out.push(...(await checkReflow(page)).problems.map((p) => `(menu open) ${p}`));
    return out;
  });
  expectNone(problems, 'horizontal scrolling at 320 px');
});

test('text spacing (WCAG 1.4.12): no heading, button or navigation link is clipped (1280 and 375 px)', async () => {
  const problems = [];
  for (const width of [1280, 375]) {
    problems.push(...(await eachPage({ width, height: 900 }, samplePages(), async (page) => {
      const r = await checkTextSpacing(page);
      const out = [...r.problems];
      if (r.checked < 20) out.push(`${page.url()}: only ${r.checked} elements checked`);
      // The menu panels too, with the override still applied.
      const summaries = page.locator('header details > summary');
      for (let i = 0; i < (await summaries.count()); i++) {
        if (!(await summaries.nth(i).isVisible())) continue;
        await summaries.nth(i).click();
        await settle(page);
        const open = await checkTextSpacing(page);
        out.push(...open.problems.map((p) => `(menu ${i + 1} open) ${p}`));
        await summaries.nth(i).click();
      }
      return out;
    })));
  }
  expectNone([...new Set(problems)], 'text clipped under text-spacing overrides');
});

test('reduced motion: opening a menu animates nothing and no transition is longer than 0.01 s', async () => {
  const pages = samplePages().filter((p) => p.label.endsWith('home'));
  const still = await eachPage({ width: 1280, height: 900 }, pages, async (page) => (await checkMotion(page)).problems, { reducedMotion: 'reduce' });
  expectNone(still, 'motion under prefers-reduced-motion: reduce');
  // The same check does see the opening animation when motion is welcome: it is not blind.
  const moving = await eachPage({ width: 1280, height: 900 }, pages, async (page) => (await checkMotion(page)).moving, { reducedMotion: 'no-preference' });
  if (!moving.some((m) => /^running /.test(m))) {
    throw new Error(`without reduced motion the check saw no running animation when a menu opened (saw: ${moving.join('; ') || 'nothing'}); the check may be blind`);
  }
});

test('screenshots: home and a story in en and ar, 1280 and 375 px, full page', async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const pages = samplePages().filter((p) => p.kind !== 'location');
  const written = [];
  for (const width of [1280, 375]) {
    const context = await env.browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
    try {
      // One page at a time, in front: a background tab's full-page capture repeats its first screen.
      const page = await context.newPage();
      for (const p of pages) {
        await page.goto(env.origin + p.path);
        const name = `${p.locale}-${p.label.endsWith('home') ? 'home' : p.kind}-${width}.png`;
        const file = path.join(ARTIFACTS, name);
        await page.screenshot({ path: file, fullPage: true });
        const { size } = fs.statSync(file);
        if (size < 10000) throw new Error(`${name} is only ${size} bytes: the page did not render`);
        written.push(name);
      }
    } finally {
      await context.close();
    }
  }
  if (written.length !== 8) throw new Error(`expected 8 screenshots, wrote ${written.length}: ${written.join(', ')}`);
});
