'use strict';
// Picks the pages each check visits: one of every page type in every locale.

const { LOCALES } = require('./site');

/** The hrefs of the footer's legal row on a page: [privacy…, …, sitemap page]. */
function legalLinks(html) {
  const row = /<ul class="legal"[^>]*>([\s\S]*?)<\/ul>/.exec(html);
  return row ? [...row[1].matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]) : [];
}

/**
 * From a crawl: for each locale, its home, a legal page, the human sitemap page,
 * a 404 page, every section list, and the first page of every (type,
 * translated or fallback) combination. Returns [{ path, label, locale, kind, fallback, status }].
 */
function representativePages(crawled, { locales = LOCALES } = {}) {
  const out = [];
  const add = (p, label, extra = {}) => {
    if (!out.some((o) => o.path === p.path)) out.push({ path: p.path, label, locale: p.locale, kind: p.kind, fallback: !!p.contentLang, status: 200, ...extra });
  };
  for (const locale of locales) {
    const pages = crawled.pages.filter((p) => p.locale === locale);
    const home = pages.find((p) => p.isHome);
    if (!home) throw new Error(`no home page crawled for ${locale}`);
    add(home, `${locale} home`);
    const legal = legalLinks(home.html).map((href) => pages.find((p) => p.path === new URL(href, 'http://x').pathname));
    if (legal[0]) add(legal[0], `${locale} legal page`);
    if (legal.length > 1 && legal[legal.length - 1]) add(legal[legal.length - 1], `${locale} sitemap page`);
    // Every section list of the locale's own, then one page of each other kind.
    for (const p of pages) if (p.kind === 'section' && !p.contentLang) add(p, `${locale} section list`);
    const seen = new Set();
    for (const p of pages) {
      const key = `${p.kind}${p.contentLang ? ' (fallback)' : ''}`;
      if (p.isHome || seen.has(key)) continue;
      seen.add(key);
      add(p, `${locale} ${key}`);
    }
    out.push({ path: `/${locale}/no-such-page/`, label: `${locale} 404`, locale, kind: 'error', fallback: false, status: 404 });
  }
  return out;
}

module.exports = { representativePages, legalLinks };
