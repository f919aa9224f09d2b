'use strict';
// Follows every root-relative href/src from each locale's home page, over plain HTTP.

const { LOCALES, describeHtml, localeOf } = require('./site');

const ENTITIES = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
const decodeEntities = (s) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1));
    return ENTITIES[e.toLowerCase()] ?? m;
  });

/** Root-relative references in an HTML document: [{ url, attr, tag }]. */
function htmlRefs(html) {
  const refs = [];
  const noScripts = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, (m) => m.slice(0, m.indexOf('>') + 1));
  for (const m of noScripts.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    const tag = m[1].toLowerCase();
    for (const a of m[2].matchAll(/\s(href|src|poster|srcset)="([^"]*)"/gi)) {
      const attr = a[1].toLowerCase();
      const value = decodeEntities(a[2]);
      const candidates = attr === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [value];
      for (const c of candidates) if (c.startsWith('/') && !c.startsWith('//')) refs.push({ url: c, attr, tag });
    }
  }
  return refs;
}

/** Root-relative url(...) references in a stylesheet. */
function cssRefs(css) {
  return [...css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)]
    .map((m) => m[1])
    .filter((u) => u.startsWith('/') && !u.startsWith('//'))
    .map((url) => ({ url, attr: 'url()', tag: 'css' }));
}

/**
 * Crawls the site at `origin` from `/{locale}/` for every locale.
 * Returns { pages, resources, problems }:
 *   resources: Map path -> { status, type, location, from, via }
 *   pages:     [{ path, html, ...describeHtml(html) }] for every 200 HTML page
 *   problems:  readable strings, one per broken link or asset
 */
async function crawl(origin, { locales = LOCALES, concurrency = 8 } = {}) {
  const resources = new Map();
  const pages = [];
  const problems = [];
  const queue = [];
  const enqueue = (raw, from, via) => {
    const u = new URL(raw, origin);
    if (u.origin !== origin) return;
    const key = u.pathname + u.search;
    if (resources.has(key)) return;
    resources.set(key, { status: null, from, via });
    queue.push(key);
  };
  for (const l of locales) enqueue(`/${l}/`, '(start)', 'start');

  const visit = async (key) => {
    const rec = resources.get(key);
    let res;
    try {
      res = await fetch(origin + key, { redirect: 'manual', headers: { 'accept-encoding': 'gzip, br' } });
    } catch (err) {
      rec.status = 0;
      problems.push(`request failed: ${key} (${err.message}), linked from ${rec.from}`);
      return;
    }
    rec.status = res.status;
    rec.type = (res.headers.get('content-type') || '').split(';')[0];
    const isLocaleSwitch = new URL(key, origin).searchParams.has('locale');
    if (res.status === 303 && isLocaleSwitch) {
      rec.location = res.headers.get('location');
      await res.arrayBuffer();
      if (rec.location) enqueue(rec.location, key, 'redirect');
      else problems.push(`303 without Location: ${key}`);
      return;
    }
    if (res.status !== 200) {
      await res.arrayBuffer();
      const what = rec.via === 'a' || rec.via === 'redirect' ? 'link' : `${rec.via}`;
      problems.push(`${res.status} ${key} (${what}, from ${rec.from})`);
      return;
    }
    if (rec.type === 'text/html') {
      const html = await res.text();
      pages.push({ path: key, html, ...describeHtml(html) });
      for (const r of htmlRefs(html)) enqueue(r.url, key, r.tag === 'a' ? 'a' : `${r.tag} ${r.attr}`);
    } else if (rec.type === 'text/css') {
      for (const r of cssRefs(await res.text())) enqueue(r.url, key, 'css url()');
    } else {
      rec.bytes = (await res.arrayBuffer()).byteLength;
    }
  };

  // A small pool of workers draining a growing queue.
  let active = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (active < concurrency && queue.length) {
        const key = queue.shift();
        active++;
        visit(key).then(() => { active--; pump(); }, reject);
      }
      if (!active && !queue.length) resolve();
    };
    pump();
  });
  pages.sort((a, b) => a.path.localeCompare(b.path));
  for (const p of pages) p.locale = localeOf(new URL(p.path, origin).pathname);
  return { pages, resources, problems };
}

module.exports = { crawl, htmlRefs, cssRefs };
