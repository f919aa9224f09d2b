'use strict';
// Whole-site checks over the crawl: links and assets, lang/dir, scripts in <head>,
// sitemap coverage, and HTML validity (the Nu HTML Checker).

const { test } = require('node:test');
const { useSite } = require('./lib/setup');
const { LOCALES, RTL, localeOf, describeHtml } = require('./lib/site');
const { expectNone } = require('./lib/checks');
const { validateHtml } = require('./lib/nu');

const env = useSite({ browser: false });

test('crawl: every internal link and asset answers 200 (303 for ?locale= switches)', () => {
  const { pages, resources, problems } = env.crawled;
  const statuses = {};
  for (const r of resources.values()) statuses[r.status] = (statuses[r.status] || 0) + 1;
  expectNone(problems, 'broken links and assets');
  for (const [key, r] of resources) {
    if (r.status === 303 && !new URL(key, env.origin).searchParams.has('locale')) problems.push(`303 for ${key} without ?locale=`);
  }
  expectNone(problems, 'unexpected redirects');
  const assets = [...resources.values()].filter((r) => r.type && r.type !== 'text/html').length;
  if (pages.length < 150 || assets < 10) throw new Error(`crawl too small: ${pages.length} pages, ${assets} assets (${JSON.stringify(statuses)})`);
  for (const locale of LOCALES) {
    if (!pages.some((p) => p.locale === locale && p.isHome)) throw new Error(`the crawl did not reach /${locale}/`);
  }
});

test('sitemap.xml: every listed page was reached by the crawl and shows its own content', async () => {
  const xml = await (await fetch(`${env.origin}/sitemap.xml`)).text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  const byPath = new Map(env.crawled.pages.map((p) => [p.path, p]));
  const problems = [];
  for (const loc of locs) {
    const p = new URL(loc).pathname;
    const page = byPath.get(p);
    if (!page) problems.push(`${decodeURI(p)} is in sitemap.xml but no link leads to it`);
    else if (page.contentLang) problems.push(`${decodeURI(p)} is in sitemap.xml but shows fallback content (${page.contentLang})`);
  }
  if (locs.length < 100) problems.push(`sitemap.xml lists only ${locs.length} pages`);
  expectNone(problems, 'sitemap.xml problems');
});

test('lang and dir: <html lang> is the locale of the URL, dir="rtl" exactly for ar; fallback content is marked with its language', async () => {
  const problems = [];
  const pages = [...env.crawled.pages];
  // The 404 page of every locale too.
  for (const locale of LOCALES) {
    const res = await fetch(`${env.origin}/${locale}/no-such-page/`);
    const html = await res.text();
    if (res.status !== 404) problems.push(`/${locale}/no-such-page/ answered ${res.status}`);
    pages.push({ path: `/${locale}/no-such-page/`, locale, html, ...describeHtml(html) });
  }
  for (const p of pages) {
    // The staff's sign-in page speaks the visitor's language, not the URL's
    // (admin.test.js checks it in en, fr and ar).
    if (p.path.startsWith('/admin/')) continue;
    const where = decodeURI(p.path);
    const locale = p.locale || localeOf(p.path);
    if (p.lang !== locale) problems.push(`${where}: <html lang="${p.lang}">, expected "${locale}"`);
    const dir = RTL.has(locale) ? 'rtl' : 'ltr';
    if (p.dir !== dir) problems.push(`${where}: <html dir="${p.dir}">, expected "${dir}"`);
    const shown = p.canonical ? localeOf(new URL(p.canonical).pathname) : locale;
    if (p.kind === 'error') continue;
    if (shown !== locale) {
      // A fallback page: its canonical is the original; the content says which language it is in.
      if (p.contentLang !== shown) problems.push(`${where}: shows ${shown} content (canonical ${p.canonical}) inside lang="${p.contentLang}"`);
      if (!p.hasNotice) problems.push(`${where}: shows ${shown} content without the fallback notice`);
    } else if (p.contentLang && p.contentLang !== locale) {
      problems.push(`${where}: content marked lang="${p.contentLang}" on a page of its own locale`);
    }
  }
  if (!pages.some((p) => p.contentLang)) problems.push('no fallback page was found: the check saw nothing to check');
  expectNone(problems, 'lang/dir problems');
});

test('no render-blocking script: every <script src> in <head> has defer, async or type=module (every page)', () => {
  const problems = [];
  for (const p of env.crawled.pages) {
    for (const tag of p.headScripts) {
      if (!/\ssrc=/.test(tag)) continue;
      if (!/\s(defer|async)(\s|>|=)/.test(tag) && !/\stype="module"/.test(tag)) problems.push(`${decodeURI(p.path)}: ${tag}`);
    }
  }
  expectNone(problems, 'render-blocking scripts in <head>');
});

test('HTML validity: the Nu HTML Checker finds no error on any page', async (t) => {
  const pages = new Map();
  for (const p of env.crawled.pages) pages.set(decodeURI(p.path), p.html);
  for (const locale of LOCALES) pages.set(`/${locale}/no-such-page/`, await (await fetch(`${env.origin}/${locale}/no-such-page/`)).text());
  const { problems, count } = validateHtml(pages);
  expectNone(problems.slice(0, 60), `the Nu HTML Checker reports errors in ${count} pages (first 60 lines)`);
  t.diagnostic(`validated ${count} pages`);
});
