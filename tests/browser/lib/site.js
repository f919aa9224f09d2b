'use strict';
// What the tests know about the demo site: its locales and how to recognise page types.

const LOCALES = ['en', 'en-GB', 'en-CY', 'fr', 'ar'];
const RTL = new Set(['ar']);

/** The locale prefix of a site path ("/en-GB/about/" -> "en-GB"), or null. */
function localeOf(pathname) {
  const first = decodeURIComponent(pathname).split('/')[1];
  return LOCALES.includes(first) ? first : null;
}

/** Facts read from a page's HTML (the theme's markup is regular enough for this). */
function describeHtml(html) {
  const htmlTag = /<html\b([^>]*)>/i.exec(html);
  const attr = (tag, name) => {
    if (!tag) return null;
    const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
    return m ? m[1] : null;
  };
  const body = /<body\b[^>]*>/i.exec(html);
  const bodyClass = (body && attr(body[0], 'class')) || '';
  const kind = (/\bkind-([a-z-]+)/.exec(bodyClass) || [])[1] || null;
  const canonical = (/<link rel="canonical" href="([^"]*)"/.exec(html) || [])[1] || null;
  const content = /<div class="content" lang="([^"]*)"/.exec(html);
  const head = (/<head\b[^>]*>([\s\S]*?)<\/head>/i.exec(html) || [])[1] || '';
  return {
    lang: attr(htmlTag && htmlTag[0], 'lang'),
    dir: attr(htmlTag && htmlTag[0], 'dir'),
    kind,
    isHome: /\bis-home\b/.test(bodyClass),
    canonical,
    hasNotice: /class="notice"/.test(html),
    contentLang: content ? content[1] : null,
    headScripts: [...head.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]),
  };
}

module.exports = { LOCALES, RTL, localeOf, describeHtml };
