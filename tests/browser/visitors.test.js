'use strict';
// What visitors see, measured: the cookie banner's first layer on a phone,
// results before filters, the language of every fragment shown by fallback,
// the locations map, one link per address in each navigation group, one
// current entry in the main navigation, and a second accessibility engine
// (HTML_CodeSniffer, WCAG2AA errors) beside axe on every page type × locale.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useSite } = require('./lib/setup');
const { mapLimit } = require('./lib/browser');
const { LOCALES, describeHtml } = require('./lib/site');
const { representativePages } = require('./lib/pages');
const { runAxe, expectNone } = require('./lib/checks');
const { runHtmlcs } = require('./lib/htmlcs');

const env = useSite();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function withPage(viewport, fn) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  try {
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

test('the banner takes at most a third of a phone screen; Accept, Reject and Manage are the same size', async () => {
  const problems = [];
  for (const viewport of [PHONE, DESKTOP]) {
    for (const locale of LOCALES) {
      await withPage(viewport, async (page) => {
        await page.goto(`${env.origin}/${locale}/`);
        const m = await page.evaluate(() => {
          const banner = document.querySelector('.consent-banner');
          if (!banner) return null;
          const buttons = [...banner.querySelectorAll('.consent-btn')].map((b) => {
            const r = b.getBoundingClientRect();
            return { w: r.width, h: r.height, weight: getComputedStyle(b).fontWeight, bg: getComputedStyle(b).backgroundColor };
          });
          return { height: banner.getBoundingClientRect().height, buttons };
        });
        const where = `${locale} at ${viewport.width}px`;
        if (!m) { problems.push(`${where}: no banner on a first visit`); return; }
        if (viewport === PHONE && m.height > PHONE.height / 3) problems.push(`${where}: the banner is ${Math.round(m.height)} px tall (more than a third of ${PHONE.height})`);
        if (m.buttons.length !== 3) problems.push(`${where}: ${m.buttons.length} banner controls, expected 3`);
        const [first, ...rest] = m.buttons;
        for (const b of rest) {
          if (Math.abs(b.w - first.w) > 1 || Math.abs(b.h - first.h) > 1) problems.push(`${where}: controls differ in size (${JSON.stringify(m.buttons)})`);
          if (b.weight !== first.weight || b.bg !== first.bg) problems.push(`${where}: controls differ in weight or colour`);
        }
      });
    }
  }
  expectNone(problems, 'banner');
});

test('the cookie-choices page does not carry the banner (it is its full form)', async () => {
  for (const locale of ['en', 'fr', 'ar']) {
    await withPage(PHONE, async (page) => {
      await page.goto(`${env.origin}/${locale}/consent/`);
      assert.equal(await page.locator('.consent-banner').count(), 0, `${locale}: banner on the cookie-choices page`);
      assert.ok(await page.locator('form.consent-form').count(), `${locale}: the choices form is there`);
    });
  }
});

test('on a phone the first search result is above the fold, filters in a disclosure that counts them', async () => {
  await withPage(PHONE, async (page) => {
    await page.goto(`${env.origin}/en/search?q=flood`);
    const top = await page.evaluate(() => document.querySelector('.search-results .result').getBoundingClientRect().top);
    assert.ok(top < PHONE.height - 40, `first result starts at ${Math.round(top)} px, below the fold of ${PHONE.height}`);
    const closed = await page.evaluate(() => { const d = document.querySelector('details.filters-box'); return d && !d.open; });
    assert.equal(closed, true, 'the filters sit in a closed disclosure on a phone');
    // A filtered view says how many filters are on.
    const facet = await page.locator('.search-facets a').first().getAttribute('href');
    await page.goto(env.origin + facet);
    assert.match(await page.locator('.filters-summary').innerText(), /1/);
  });
  await withPage(PHONE, async (page) => {
    await page.goto(`${env.origin}/en/careers/jobs/`);
    const m = await page.evaluate(() => ({
      card: document.querySelector('.list .card').getBoundingClientRect().top,
      summary: document.querySelector('.filters-summary').getBoundingClientRect().height,
    }));
    assert.ok(m.summary < 80, `the closed filter disclosure is ${m.summary} px tall`);
  });
  await withPage(DESKTOP, async (page) => {
    await page.goto(`${env.origin}/en/search?q=flood`);
    assert.equal(await page.evaluate(() => document.querySelector('details.filters-box').open), true, 'open on a wide screen');
  });
});

/** The language a page's content is written in (its fallback's, else the URL's). */
async function contentLang(url) {
  const res = await fetch(env.origin + url);
  const d = describeHtml(await res.text());
  return d.contentLang || d.lang;
}

test('every card, list and menu entry in another language than the page carries lang (and dir)', async () => {
  const problems = [];
  const langOf = new Map();
  for (const locale of ['fr', 'ar', 'en-GB']) {
    const paths = [`/${locale}/`, ...env.crawled.pages.filter((p) => p.locale === locale && p.kind === 'section').map((p) => p.path)].slice(0, 12);
    await withPage(DESKTOP, async (page) => {
      for (const path of paths) {
        await page.goto(env.origin + path);
        // Titles shown as link text (a card's, a menu entry's, a footer or legal link's) are
        // written in their page's language; hand-written labels (link lists) are not checked.
        const links = await page.evaluate(() => [...document.querySelectorAll('.card-title a, .site-nav .mega-links a, .footer-col:not(.locale-picker) a, .legal a')]
          .filter((a) => a.getAttribute('href').startsWith('/') && !a.getAttribute('href').includes('/consent/') && !a.getAttribute('href').includes('/sitemap/'))
          .map((a) => {
            const holder = (a.querySelector('[lang]') || a).closest('[lang]');
            const label = a.querySelector('[lang]') || a.querySelector('.mega-label') || a;
            return { href: a.getAttribute('href'), text: label.textContent.trim(), lang: holder.getAttribute('lang'), dir: getComputedStyle(label).direction };
          }));
        for (const l of links) {
          const pathOnly = new URL(l.href, 'http://x').pathname;
          if (!langOf.has(pathOnly)) langOf.set(pathOnly, await contentLang(pathOnly));
          const written = langOf.get(pathOnly);
          if (!written || written === locale && l.lang === locale) continue;
          // A title links to its own page, so it is written in that page's content language.
          if (l.text && l.lang !== written && !/^\d+$/.test(l.text)) problems.push(`${decodeURI(path)}: "${l.text}" (${decodeURI(pathOnly)}) is in ${written} but sits in lang="${l.lang}"`);
          if (written === 'en' && locale === 'ar' && l.dir !== 'ltr') problems.push(`${decodeURI(path)}: "${l.text}" is English but runs ${l.dir}`);
        }
      }
    });
  }
  expectNone(problems, 'fragments without their language');
});

test('the locations map names its places, links them, and no two markers overlap (phone and desktop)', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    await withPage(viewport, async (page) => {
      await page.goto(`${env.origin}/en/locations/`);
      const m = await page.evaluate(() => {
        const points = [...document.querySelectorAll('.map .map-point')];
        const box = (el) => { const r = el.getBoundingClientRect(); return { l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height }; };
        return points.map((p) => ({
          href: p.getAttribute('href'),
          label: (p.querySelector('.map-label') || {}).textContent || '',
          marker: box(p.querySelector('.map-marker')),
          hit: box(p),
        }));
      });
      assert.equal(m.length, 8, 'eight locations');
      for (const p of m) {
        assert.ok(p.label.trim(), `a marker without a written name (${p.href})`);
        assert.ok(p.href && p.href.startsWith('/en/'), `a marker without a link (${p.label})`);
        assert.ok(p.hit.w >= 24 - 0.5 && p.hit.h >= 24 - 0.5, `${p.label}: target ${p.hit.w.toFixed(1)}×${p.hit.h.toFixed(1)} px at ${viewport.width}px`);
      }
      for (let i = 0; i < m.length; i++) {
        for (let j = i + 1; j < m.length; j++) {
          const a = m[i].marker, b = m[j].marker;
          const overlap = a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
          assert.ok(!overlap, `${m[i].label} and ${m[j].label} overlap at ${viewport.width}px`);
        }
      }
    });
  }
});

/** Per navigation group, the addresses linked more than once. */
function duplicateLinks(page) {
  return page.evaluate(() => {
    const groups = [
      // Each section's panel; the "all" panel is one column per section, each its own group.
      ...[...document.querySelectorAll('.site-nav .mega:not(:has(.all-grid))')].map((el, i) => [`menu panel ${i + 1}`, el]),
      ...[...document.querySelectorAll('nav ul:not(:has(ul)), footer ul:not(:has(ul)), .search-help')].map((el, i) => [`list ${i + 1} (${el.className || el.parentElement.className})`, el]),
      ['main content lists', document.querySelector('main')],
    ];
    const out = [];
    for (const [name, el] of groups) {
      if (!el) continue;
      const seen = new Map();
      // In main, a card's title and its "Learn more" are one item: count list items, not links.
      const units = name === 'main content lists'
        ? [...el.querySelectorAll('ul.link-list > li, ul.card-grid > li')]
        : [...el.querySelectorAll('a[href]')];
      for (const u of units) {
        const hrefs = new Set((u.matches('a') ? [u] : [...u.querySelectorAll('a[href]')]).map((a) => { const u = new URL(a.href); return u.origin + u.pathname + u.search; }));
        for (const h of hrefs) seen.set(h, (seen.get(h) || 0) + 1);
      }
      for (const [h, n] of seen) if (n > 1) out.push(`${name}: ${decodeURI(new URL(h).pathname)} linked ${n} times`);
    }
    return out;
  });
}

test('no address is linked twice within one navigation group', async () => {
  const problems = [];
  for (const locale of ['en', 'fr', 'ar']) {
    const pages = [`/${locale}/`, `/${locale}/search?q=zzzqqqxx`, `/${locale}/sitemap/`,
      ...env.crawled.pages.filter((p) => p.locale === locale && p.kind === 'section' && !p.contentLang).map((p) => p.path)];
    await withPage(DESKTOP, async (page) => {
      for (const path of pages) {
        await page.goto(env.origin + path);
        for (const d of await duplicateLinks(page)) problems.push(`${decodeURI(path)}: ${d}`);
      }
    });
  }
  expectNone(problems, 'duplicate links');
});

test('exactly one entry of the main navigation is current on a page it lists', async () => {
  const problems = [];
  for (const locale of ['en', 'ar']) {
    const home = env.crawled.pages.find((p) => p.locale === locale && p.isHome);
    const inMenu = [...new Set([...home.html.matchAll(/<ul class="mega-links">([\s\S]*?)<\/ul>/g)]
      .flatMap((m) => [...m[1].matchAll(/<a href="([^"]+)"/g)].map((a) => a[1])))];
    await withPage(DESKTOP, async (page) => {
      for (const path of inMenu) {
        await page.goto(env.origin + path);
        const n = await page.locator('.site-nav [aria-current]').count();
        if (n !== 1) problems.push(`${decodeURI(path)}: ${n} aria-current in the main navigation`);
      }
    });
  }
  expectNone(problems, 'current entries');
});

test('an ended event offers no calendar; a recurring one with dates to come is upcoming and says so', async () => {
  const events = env.crawled.pages.filter((p) => p.locale === 'en' && p.kind === 'event');
  assert.ok(events.length > 2);
  for (const p of events) {
    const ended = /class="status status-past"/.test(p.html);
    const offers = /\.ics" download=/.test(p.html);
    assert.ok(!(ended && offers), `${p.path}: ended, yet offers "Add to calendar"`);
  }
  const list = env.crawled.pages.find((p) => p.locale === 'en' && p.kind === 'section' && /list-events/.test(p.html));
  const past = (/list-group-past[\s\S]*?<\/ul>/.exec(list.html) || [''])[0];
  assert.ok(!/montreal-open-seminar/.test(past), 'the recurring seminar is not under "Past"');
  assert.match(list.html, /badge badge-upcoming/, 'the recurring seminar has a badge');
  assert.match(list.html, /\(UTC[+−]?/, 'card times say their zone');
});

test('HTML_CodeSniffer (WCAG2AA) and axe find no error on any page type in any locale, banner and Manage state included', async () => {
  const pages = representativePages(env.crawled);
  for (const locale of LOCALES) pages.push({ path: `/${locale}/consent/`, locale, status: 200 });
  const problems = [];
  for (const viewport of [DESKTOP, PHONE]) {
    const context = await env.browser.newContext({ viewport });
    try {
      const found = await mapLimit(viewport === PHONE ? pages.filter((p, i) => i % 3 === 0) : pages, 3, async (p) => {
        const page = await context.newPage();
        try {
          const res = await page.goto(env.origin + p.path, { waitUntil: 'load' });
          const out = [];
          if (!res || res.status() !== p.status) out.push(`${decodeURI(p.path)}: status ${res && res.status()}`);
          out.push(...(await runHtmlcs(page)).problems);
          if (viewport === PHONE) out.push(...(await runAxe(page)).problems);
          return out;
        } finally {
          await page.close();
        }
      });
      problems.push(...found.flat().map((x) => `${viewport.width}px ${x}`));
    } finally {
      await context.close();
    }
  }
  expectNone(problems, 'HTML_CodeSniffer WCAG2AA errors and axe violations');
});

// ---------------------------------------------------------------------------
// Figures, charts, the brand, the block set, the research hub, the map's key,
// the video's play button and search results shown by fallback.

/** The decoded path of the page in `locale` whose HTML matches `re` (crawled). */
function crawledPath(locale, re) {
  const p = env.crawled.pages.find((x) => x.locale === locale && re.test(x.html));
  return p && p.path;
}

test('large figures are written compactly per locale (CLDR), the exact value kept for machines', async () => {
  const expected = { en: /^4\.7\sbillion$/, 'en-GB': /^4\.7\sbillion$/, 'en-CY': /^4\.7\sbillion$/, fr: /^4,7\smilliards$/, ar: /^4[.٫]7\sمليار$/ };
  const problems = [];
  for (const locale of LOCALES) {
    const html = await (await fetch(`${env.origin}/${locale}/`)).text();
    const m = /<span class="fact-value"><data value="(\d+)">([^<]+)<\/data>/.exec(html);
    if (!m) { problems.push(`/${locale}/: no compact figure in "by the numbers"`); continue; }
    if (m[1] !== '4700000000') problems.push(`/${locale}/: <data value="${m[1]}">, expected 4700000000`);
    const shown = m[2].replace(/[\u00a0\u202f]/g, ' ');
    if (!expected[locale].test(shown)) problems.push(`/${locale}/: the figure reads "${m[2]}"`);
    if (/4[,.\s\u202f]?700[,.\s\u202f]?000/.test(html.replace(/<data value="\d+">/g, ''))) problems.push(`/${locale}/: the long form 4,700,000,… is still shown`);
  }
  expectNone(problems, 'compact figures');
});

test('a chart drawn into a story image has its own image per locale, with the locale\'s words', async () => {
  const img = {};
  for (const locale of ['en', 'fr', 'ar']) {
    const path = crawledPath(locale, /story-emissions-2025/);
    assert.ok(path, `no ${locale} page shows the emissions chart`);
    const html = await (await fetch(env.origin + path)).text();
    img[locale] = (/<img src="([^"]*story-emissions-2025[^"]*)"/.exec(html) || [])[1];
    assert.ok(img[locale], `${decodeURI(path)}: no chart image`);
  }
  assert.equal(new Set(Object.values(img)).size, 3, `one chart image per locale: ${JSON.stringify(img)}`);
  const words = { en: '2030 target', fr: 'objectif 2030', ar: 'هدف 2030' };
  for (const [locale, src] of Object.entries(img)) {
    const svg = await (await fetch(env.origin + src)).text();
    assert.ok(svg.includes(words[locale]), `${src}: no "${words[locale]}"`);
    for (const [other, w] of Object.entries(words)) if (other !== locale) assert.ok(!svg.includes(w), `${src} (${locale}) says "${w}"`);
  }
});

test('the brand name is the one site.toml gives for the locale: logo, title, search label', async () => {
  const names = { en: 'Halcyon', 'en-GB': 'Halcyon', 'en-CY': 'Halcyon', fr: 'Halcyon', ar: 'هالسيون' };
  const problems = [];
  await withPage(DESKTOP, async (page) => {
    for (const locale of LOCALES) {
      await page.goto(`${env.origin}/${locale}/`);
      const m = await page.evaluate(() => ({
        logo: document.querySelector('header .brand img').getAttribute('alt'),
        title: document.title,
        search: document.querySelector('header form[role="search"]').getAttribute('aria-label'),
        og: (document.querySelector('meta[property="og:site_name"]') || {}).content,
      }));
      const name = names[locale];
      if (m.logo !== name) problems.push(`/${locale}/: the logo is named "${m.logo}", expected "${name}"`);
      for (const k of ['title', 'search', 'og']) if (!String(m[k]).includes(name)) problems.push(`/${locale}/: the ${k} "${m[k]}" does not say "${name}"`);
      if (locale === 'ar' && /Halcyon/.test(`${m.logo} ${m.title} ${m.search}`)) problems.push('/ar/: the chrome still writes the name in Latin');
    }
  });
  expectNone(problems, 'brand name');
});

test('the feature and timeline blocks render as they are declared and pass axe and HTML_CodeSniffer', async () => {
  const problems = [];
  const timelines = ['en', 'fr', 'ar'].map((l) => [l, crawledPath(l, /class="timeline"/)]);
  const features = ['en', 'fr', 'ar'].map((l) => [l, crawledPath(l, /class="block block-feature"/)]);
  for (const [l, p] of [...timelines, ...features]) if (!p) problems.push(`${l}: no page with the block`);
  for (const viewport of [DESKTOP, PHONE]) {
    await withPage(viewport, async (page) => {
      for (const [locale, path] of [...timelines, ...features].filter(([, p]) => p)) {
        const where = `${decodeURI(path)} @${viewport.width}px`;
        await page.goto(env.origin + path);
        const m = await page.evaluate(() => {
          const tl = document.querySelector('ol.timeline');
          const entries = tl ? [...tl.children].map((li) => ({ li: li.tagName, time: (li.querySelector('time') || {}).dateTime || null, h: !!li.querySelector('h3') })) : null;
          const f = document.querySelector('.block-feature');
          const fr = f && f.querySelector('.feature-media').getBoundingClientRect();
          const cr = f && f.querySelector('.feature-copy').getBoundingClientRect();
          return {
            entries,
            feature: f && { alt: f.querySelector('img').getAttribute('alt'), h2: !!f.querySelector('h2'), link: !!f.querySelector('.feature-copy a[href]'), end: f.querySelector('.feature').classList.contains('feature-end'), media: [fr.left, fr.top], copy: [cr.left, cr.top] },
            dir: document.documentElement.dir || 'ltr',
          };
        });
        if (m.entries) {
          if (m.entries.length < 5) problems.push(`${where}: ${m.entries.length} timeline entries`);
          for (const e of m.entries) if (e.li !== 'LI' || !/^\d{4}$/.test(e.time || '') || !e.h) problems.push(`${where}: a timeline entry without <time datetime="YYYY"> or heading: ${JSON.stringify(e)}`);
        }
        if (m.feature) {
          if (!m.feature.alt || !m.feature.h2 || !m.feature.link) problems.push(`${where}: the feature lacks alt text, a heading or a link: ${JSON.stringify(m.feature)}`);
          // image_side = "end": the picture after the words, on the inline-end side when side by side.
          if (viewport === DESKTOP && m.feature.end) {
            const after = m.dir === 'rtl' ? m.feature.media[0] < m.feature.copy[0] : m.feature.media[0] > m.feature.copy[0];
            if (!after) problems.push(`${where}: the picture is not on the inline-end side`);
          }
        }
        problems.push(...(await runAxe(page)).problems.map((x) => `${where}: ${x}`));
        problems.push(...(await runHtmlcs(page)).problems.map((x) => `${where}: ${x}`));
      }
    });
  }
  expectNone(problems, 'feature and timeline blocks');
});

test('the research hub is a hub: well under 8,000 px on a phone and 4,500 px at 1280 in every locale', async () => {
  const problems = [];
  for (const locale of LOCALES) {
    // The hub: the section page whose hero is the research picture (the shortest such path).
    const path = env.crawled.pages
      .filter((p) => p.locale === locale && p.kind === 'section' && /images\/research-hero/.test(p.html))
      .sort((a, b) => a.path.length - b.path.length)[0];
    if (!path) { problems.push(`${locale}: no research hub found`); continue; }
    for (const [viewport, max] of [[PHONE, 8000], [DESKTOP, 4500]]) {
      await withPage(viewport, async (page) => {
        await page.goto(env.origin + path.path);
        const h = await page.evaluate(() => document.documentElement.scrollHeight);
        if (h > max) problems.push(`${decodeURI(path.path)} @${viewport.width}px: ${h} px tall (at most ${max})`);
      });
    }
  }
  expectNone(problems, 'research hub height');
});

test('the locations map has a key naming each kind of marker it draws', async () => {
  const path = crawledPath('en', /class="map-legend"/);
  assert.ok(path, 'no page with a map key');
  await withPage(DESKTOP, async (page) => {
    await page.goto(env.origin + path);
    const m = await page.evaluate(() => ({
      drawn: [...new Set([...document.querySelectorAll('svg.map .map-point')].map((a) => [...a.classList].find((c) => c !== 'map-point' && c.startsWith('map-'))))].sort(),
      key: [...document.querySelectorAll('.map-legend li')].map((li) => ({ kind: [...li.classList].find((c) => c !== 'map-point' && c.startsWith('map-')), text: li.textContent.trim(), hidden: li.querySelector('svg').getAttribute('aria-hidden') })),
      label: document.querySelector('.map-legend').getAttribute('aria-label'),
    }));
    assert.ok(m.drawn.length >= 2, `kinds drawn: ${m.drawn}`);
    assert.deepEqual(m.key.map((k) => k.kind).sort(), m.drawn, 'one key entry per kind drawn');
    for (const k of m.key) {
      assert.ok(k.text.length > 1, `${k.kind}: the key says nothing`);
      assert.equal(k.hidden, 'true', `${k.kind}: the key's drawing is not hidden from assistive technology`);
    }
    assert.ok(m.label, 'the key is named');
  });
});

test('the video poster is a play button only with the script: pressing it explains and moves to the consent choice', async () => {
  const path = crawledPath('en', /class="embed-placeholder"/);
  assert.ok(path, 'no page with a video behind consent');
  await withPage(DESKTOP, async (page) => {
    await page.goto(env.origin + path);
    const play = page.locator('.embed-placeholder .video-play').first();
    assert.ok(await play.isVisible(), 'no visible play button');
    await play.focus();
    await page.keyboard.press('Enter');
    const m = await page.evaluate(() => ({
      focused: document.activeElement && document.activeElement.matches('.embed-placeholder button[name="action"][value="allow"]'),
      why: document.querySelector('.embed-placeholder .embed-why').textContent.trim(),
      frames: document.querySelectorAll('iframe').length,
    }));
    assert.ok(m.focused, 'focus is not on the "Always allow" choice');
    assert.match(m.why, /allow/i, 'no explanation');
    assert.equal(m.frames, 0, 'the player loaded without consent');
  });
  const context = await env.browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(env.origin + path);
    assert.equal(await page.locator('.embed-placeholder .video-play').isVisible(), false, 'without the script the play button would do nothing, yet it shows');
    assert.ok(await page.locator('.embed-placeholder a[href^="http"]').count(), 'without the script there is no link to the video');
  } finally {
    await context.close();
  }
});

test('search results shown by fallback carry their own lang and dir; a job title finds the person', async () => {
  const html = await (await fetch(`${env.origin}/ar/search?q=microwatt`)).text();
  const titles = [...html.matchAll(/<h2 class="result-title"([^>]*)>/g)].map((m) => m[1]);
  assert.ok(titles.length, 'no results');
  assert.ok(titles.some((a) => / lang="en"/.test(a) && / dir="ltr"/.test(a)), `no English result marked lang="en" dir="ltr": ${titles.join(' | ')}`);
  assert.ok(/<p class="result-snippet" lang="en" dir="ltr">/.test(html), 'the English snippet has no lang/dir');
  const api = await (await fetch(`${env.origin}/api/search?locale=ar&q=microwatt`)).json();
  assert.ok(api.results.hits.some((h) => h.lang && h.lang.code === 'en' && h.lang.dir === 'ltr'), 'the API\'s results shown by fallback have no lang');
  const cto = await (await fetch(`${env.origin}/en/search?q=chief+technology+officer`)).text();
  const first = (/<h2 class="result-title"[^>]*><a href="([^"]+)"/.exec(cto) || [])[1];
  assert.ok(first && /\/about\/leadership\//.test(first), `"chief technology officer" first finds ${first}`);
});

// The widths a srcset offers, and the one the browser chose (from currentSrc).
function chosenWidth(m) {
  const offered = m.srcset.split(',').map((c) => c.trim().split(/\s+/)).map(([url, w]) => ({ url: new URL(url, m.base).pathname, w: parseInt(w, 10) }));
  const chosen = offered.find((c) => c.url === new URL(m.currentSrc).pathname);
  return { offered: offered.map((c) => c.w).sort((a, b) => a - b), chosen: chosen && chosen.w };
}

test('leaders\' portraits are library images cut around the face: they load, at a width no larger than needed, with alt text in the page\'s language', async () => {
  const problems = [];
  const ALT = { en: /^Illustrated portrait of /, 'en-GB': /^Illustrated portrait of /, fr: /^Portrait illustré de /, ar: /^صورة شخصية مرسومة / };
  const leadership = {
    en: '/en/about/leadership/',
    'en-GB': '/en-GB/about/leadership/',
    fr: '/fr/a-propos/direction/',
    ar: `/ar/${encodeURIComponent('من-نحن')}/${encodeURIComponent('فريق-القيادة')}/`,
  };
  for (const viewport of [PHONE, DESKTOP]) {
    for (const locale of ['en', 'en-GB', 'fr', 'ar']) {
      await withPage(viewport, async (page) => {
        // The leadership page (its cards: squares) and one leader's page (a 4:5 portrait).
        const list = leadership[locale];
        const pages = [];
        await page.goto(env.origin + list);
        const person = await page.evaluate(() => { const img = document.querySelector('.card img.crop-1x1'); return img && img.closest('.card').querySelector('.card-title a').getAttribute('href'); });
        if (!person) { problems.push(`${locale} ${list}: no person card with a square crop`); return; }
        pages.push([list, 'img.crop-1x1', 6]);
        pages.push([person, '.portrait img.crop-4x5', 1]);
        for (const [path, selector, count] of pages) {
          await page.goto(env.origin + path);
          // Every image loads now (not when scrolled to), then is measured.
          await page.evaluate(async (sel) => {
            const imgs = [...document.querySelectorAll(sel)];
            for (const i of imgs) i.loading = 'eager';
            await Promise.all(imgs.map((i) => (i.complete ? Promise.resolve() : new Promise((r) => { i.onload = r; i.onerror = r; }))));
          }, selector);
          const found = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((i) => ({
            base: location.href,
            srcset: i.getAttribute('srcset') || '',
            sizes: i.getAttribute('sizes'),
            currentSrc: i.currentSrc,
            natural: i.naturalWidth,
            rendered: i.getBoundingClientRect().width,
            dpr: devicePixelRatio,
            alt: i.getAttribute('alt'),
            lang: (i.closest('[lang]') || document.documentElement).getAttribute('lang'),
            page: document.documentElement.getAttribute('lang'),
          })), selector);
          const where = `${path} at ${viewport.width}px`;
          if (found.length !== count) problems.push(`${where}: ${found.length} images ${selector}, expected ${count}`);
          for (const m of found) {
            if (!(m.natural > 0)) problems.push(`${where}: ${m.currentSrc} did not load`);
            if (!m.sizes) problems.push(`${where}: no sizes`);
            const { offered, chosen } = chosenWidth(m);
            if (offered.length < 2) problems.push(`${where}: only ${offered.join(', ')} offered`);
            const needed = offered.find((w) => w >= m.rendered * m.dpr) || offered[offered.length - 1];
            if (!chosen || chosen > needed) problems.push(`${where}: chose ${chosen}w for a ${Math.round(m.rendered)} px box (${needed}w would do)`);
            if (!m.alt || !ALT[m.page].test(m.alt)) problems.push(`${where}: alt text not in ${m.page}: ${m.alt}`);
            if (m.lang !== m.page) problems.push(`${where}: the portrait sits in lang=${m.lang} on a ${m.page} page`);
          }
        }
      });
    }
  }
  expectNone(problems, 'portraits');
});

test('search suggestions shown by fallback carry their own lang and dir', async () => {
  const api = await (await fetch(`${env.origin}/ar/search/suggest?q=microwatt`)).json();
  assert.ok(api.pages.some((p) => p.lang && p.lang.code === 'en' && p.lang.dir === 'ltr'), `no suggested page marked English: ${JSON.stringify(api.pages)}`);
  await withPage(DESKTOP, async (page) => {
    await page.goto(`${env.origin}/ar/`);
    const field = page.locator('form[data-suggest] input[type="search"]').first();
    await field.click();
    await field.pressSequentially('microwatt', { delay: 20 });
    await page.waitForSelector('[role="listbox"] [role="option"]');
    const options = await page.evaluate(() => [...document.querySelectorAll('[role="listbox"] [role="option"]')].map((o) => {
      const s = o.querySelector('span[lang]');
      return { text: o.textContent, lang: s && s.getAttribute('lang'), dir: s && s.getAttribute('dir'), kindLang: (o.querySelector('.suggest-kind') || o).closest('[lang]').getAttribute('lang') };
    }));
    assert.ok(options.some((o) => o.lang === 'en' && o.dir === 'ltr'), `no option's title marked lang="en" dir="ltr": ${JSON.stringify(options)}`);
    // The type's name is the page's words, in the page's language.
    for (const o of options) if (o.lang) assert.equal(o.kindLang, 'ar', JSON.stringify(o));
  });
});

test('the about page\'s text and its timeline do not overlap (390 and 1280 px, every locale)', async () => {
  const problems = [];
  const about = { en: '/en/about/', 'en-GB': '/en-GB/about/', fr: '/fr/a-propos/', ar: `/ar/${encodeURIComponent('من-نحن')}/` };
  for (const viewport of [PHONE, DESKTOP]) {
    await withPage(viewport, async (page) => {
      for (const [locale, path] of Object.entries(about)) {
        await page.goto(env.origin + path);
        await page.evaluate(() => document.fonts.ready);
        const hits = await page.evaluate(() => {
          const out = [];
          const tl = document.querySelector('.block-timeline');
          if (!tl) return ['no timeline'];
          const boxes = (root) => [...root.querySelectorAll('*')].filter((e) => e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())).flatMap((e) => {
            const r = document.createRange(); r.selectNodeContents(e); return [...r.getClientRects()].map((b) => ({ b, t: e.textContent.trim().slice(0, 30) }));
          });
          const inter = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
          const tlBox = tl.getBoundingClientRect();
          const body = document.querySelector('.block-body');
          for (const { b, t } of boxes(body)) if (inter(b, tlBox)) out.push(`body text "${t}" overlaps the timeline`);
          // Inside the timeline: a year, its dot and line, and its entry's text stay apart.
          for (const li of tl.querySelectorAll('.timeline-entry')) {
            const year = document.createRange(); year.selectNodeContents(li.querySelector('.timeline-year'));
            const text = li.querySelector('.timeline-year + div').getBoundingClientRect();
            if (inter(year.getBoundingClientRect(), text)) out.push(`the year ${li.querySelector('.timeline-year').textContent} overlaps its entry`);
          }
          return out;
        });
        for (const h of hits) problems.push(`${locale} at ${viewport.width}px: ${h}`);
      }
    });
  }
  expectNone(problems, 'about page overlap');
});
