'use strict';
// Page weight as Chromium receives it, and nothing fetched from anywhere else.

const { test } = require('node:test');
const { useSite } = require('./lib/setup');
const { measurePage, expectNone } = require('./lib/checks');

// No crawl first: it would queue every page for compression ahead of the ones weighed here.
const env = useSite({ crawl: false });
const BUDGET = 50 * 1024; // bytes transferred, images excluded

/** The home page of `locale` and the story its first card links to. */
async function pagesToWeigh(locale) {
  const home = `/${locale}/`;
  const html = await (await fetch(env.origin + home)).text();
  const card = /<h[23] class="card-title"><a href="([^"]+)"/.exec(html);
  if (!card) throw new Error(`${home} has no card linking to a story`);
  return [{ path: home, kind: 'page' }, { path: card[1].replace(/&amp;/g, '&'), kind: 'story' }];
}

/** Loads `url` in a fresh context (an empty cache), as a first-time visitor would. */
async function coldLoad(url) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    return await measurePage(await context.newPage(), url);
  } finally {
    await context.close();
  }
}

for (const locale of ['en', 'ar']) {
  test(`weight: home and a story in ${locale} transfer at most 50 KB without images; every request same-origin; no blocking script`, async (t) => {
    const problems = [];
    for (const p of await pagesToWeigh(locale)) {
      const url = env.origin + p.path;
      // The server compresses in the background after it starts: measure once it serves compressed bodies.
      let m;
      for (let i = 0; i < 40; i++) {
        m = await coldLoad(url);
        if (m.counted.every((r) => r.encoding !== 'identity')) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      problems.push(...m.problems);
      if (m.status !== 200) problems.push(`${url}: status ${m.status}`);
      if (m.kind !== p.kind) problems.push(`${url}: a ${m.kind} page, expected a ${p.kind}`);
      const rows = m.requests.map((r) => `${r.type.padEnd(10)} ${String(r.bytes).padStart(6)} B ${r.encoding.padEnd(8)} ${decodeURI(new URL(r.url).pathname)}`);
      const images = m.requests.filter((r) => !m.counted.includes(r)).reduce((n, r) => n + r.bytes, 0);
      t.diagnostic(`${decodeURI(p.path)}: ${m.bytes} B without images (${m.counted.map((r) => `${r.type} ${r.bytes} B ${r.encoding}`).join(', ')}); images ${images} B`);
      if (m.bytes > BUDGET) problems.push(`${decodeURI(p.path)}: ${m.bytes} B transferred without images, budget ${BUDGET} B:\n${rows.join('\n')}`);
      if (!m.counted.some((r) => r.type === 'stylesheet' && r.bytes > 0) || !m.counted.some((r) => r.type === 'script' && r.bytes > 0)) {
        problems.push(`${decodeURI(p.path)}: the stylesheet or the script was not measured:\n${rows.join('\n')}`);
      }
    }
    expectNone(problems, `weight and origin problems in ${locale}`);
  });
}
