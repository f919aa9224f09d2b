'use strict';
// Site search as people use it: the header field's suggestion combobox (WAI-ARIA
// APG, by keyboard and pointer), the results page with and without JavaScript
// (facets, pagination, "Did you mean"), axe on every state of both, the Tab
// order of a results page, and no request leaving the origin while searching.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useSite } = require('./lib/setup');
const { runAxe, keyboardWalk, expectNone } = require('./lib/checks');

const env = useSite({ crawl: false });

const QUERY = 'flood'; // more than a page of results on the demo, facets in every dimension
const PREFIX = 'flo'; // suggestions: completions (flood, floods, …) and pages
const AR_QUERY = 'الفيضانات'; // "the floods": more than a page of results, facets
const AR_PREFIX = 'في';

// The index is built on a background thread after start-up; until then search
// answers 503. (Root-level hooks may start before useSite's has finished, so
// each test waits for this instead.)
let ready = null;
function searchReady() {
  ready ??= (async () => {
    const deadline = Date.now() + 60000;
    let last = '';
    while (Date.now() < deadline) {
      const res = await fetch(`${env.origin}/en/search/suggest?q=ha`);
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `${res.status} (Retry-After: ${res.headers.get('retry-after')})`;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the search index was not ready within 60 s: /en/search/suggest answered ${last}`);
  })();
  return ready;
}

const url = (path) => env.origin + encodeURI(path);
const pathOf = (page) => {
  const u = new URL(page.url());
  return decodeURIComponent(u.pathname) + decodeURIComponent(u.search.replace(/\+/g, ' '));
};

async function withPage(options, fn) {
  await searchReady();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/** What the server suggests for `q` in `locale`, as the script should list it. */
async function suggestions(locale, q) {
  await searchReady();
  const res = await fetch(`${env.origin}/${locale}/search/suggest?q=${encodeURIComponent(q)}`);
  assert.equal(res.status, 200, `/${locale}/search/suggest?q=${q}: status ${res.status}`);
  const data = await res.json();
  const options = [
    ...data.completions.map((c) => ({ text: c, label: c })),
    ...data.pages.map((p) => ({ text: p.title, label: `${p.title} · ${p.kind}`, url: p.url })),
  ];
  assert.ok(data.completions.length > 0 && data.pages.length > 0, `/${locale}/search/suggest?q=${q} has no completions or no pages: ${JSON.stringify(data)}`);
  return { ...data, options };
}

/** The combobox as assistive technology sees it. */
function comboState(page) {
  return page.evaluate(() => {
    const input = document.getElementById('site-search');
    const listId = input.getAttribute('aria-controls');
    const list = listId ? document.getElementById(listId) : null;
    const options = list ? [...list.querySelectorAll('[role="option"]')] : [];
    const live = input.form.querySelector('[role="status"], [aria-live]');
    const ad = input.getAttribute('aria-activedescendant');
    const r = list && list.getBoundingClientRect();
    return {
      role: input.getAttribute('role'),
      expanded: input.getAttribute('aria-expanded'),
      autocomplete: input.getAttribute('aria-autocomplete'),
      controls: listId,
      listRole: list ? list.getAttribute('role') : null,
      listName: list ? (list.getAttribute('aria-label') || '').trim() : null,
      listShown: !!list && list.checkVisibility({ visibilityProperty: true }) && r.height > 0,
      options: options.map((o) => ({
        id: o.id,
        label: o.textContent.replace(/\s+/g, ' ').trim(),
        selected: o.getAttribute('aria-selected'),
        background: getComputedStyle(o).backgroundColor,
      })),
      activedescendant: ad,
      activeIsOption: ad ? !!(list && list.contains(document.getElementById(ad)) && document.getElementById(ad).getAttribute('role') === 'option') : null,
      focused: document.activeElement === input,
      value: input.value,
      live: live ? live.textContent.trim() : null,
    };
  });
}

const selectedIndexes = (s) => s.options.map((o, i) => (o.selected === 'true' ? i : -1)).filter((i) => i >= 0);

/** Types `text` into the header field and waits until the listbox shows exactly `expected` options. */
async function typeAndWait(page, text, expected) {
  await page.locator('#site-search').click();
  await page.keyboard.type(text);
  const labels = expected.options.map((o) => o.label);
  const deadline = Date.now() + 10000;
  let s;
  while (Date.now() < deadline) {
    s = await comboState(page);
    if (s.listShown && JSON.stringify(s.options.map((o) => o.label)) === JSON.stringify(labels)) return s;
    await page.waitForTimeout(50);
  }
  assert.fail(`after typing "${text}" the listbox did not show the server's suggestions\nexpected: ${JSON.stringify(labels)}\nstate: ${JSON.stringify(s, null, 1)}`);
}

/** Asserts option `i` (or none, for -1) is the single active one, referenced by aria-activedescendant, focus in the field. */
function assertActive(s, i, step) {
  assert.ok(s.focused, `${step}: focus left the field`);
  if (i < 0) {
    assert.deepEqual(selectedIndexes(s), [], `${step}: no option should be selected`);
    assert.equal(s.activedescendant, null, `${step}: aria-activedescendant should be absent`);
    return;
  }
  assert.deepEqual(selectedIndexes(s), [i], `${step}: expected option ${i} ("${s.options[i] && s.options[i].label}") to be the only one with aria-selected="true"`);
  assert.equal(s.activedescendant, s.options[i].id, `${step}: aria-activedescendant should point at option ${i}`);
  assert.ok(s.activeIsOption, `${step}: aria-activedescendant="${s.activedescendant}" is not an option of the controlled listbox`);
}

/**
 * Opens the results page's "Filters" disclosure (closed in the markup; the
 * script opens it on wide screens) by its summary, as a visitor would.
 */
async function openFilters(page) {
  const summary = page.locator('main details:has(nav.search-facets) > summary');
  if ((await summary.count()) && !(await page.locator('main details:has(nav.search-facets)').evaluate((d) => d.open))) await summary.click();
}

/**
 * Runs `action` (a key press, a click) and waits until the document it navigates
 * to has committed and loaded. Returns that document's HTTP status.
 */
async function navigate(page, action) {
  const responses = [];
  const onResponse = (r) => { if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) responses.push(r); };
  page.on('response', onResponse);
  const committed = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  try {
    await action();
    await committed;
    await page.waitForLoadState('load');
  } finally {
    page.off('response', onResponse);
  }
  const res = responses.find((r) => r.url() === page.url()) || responses[responses.length - 1];
  return res ? res.status() : 0;
}

// ---------------------------------------------------------------------------
// 1. The suggestion combobox

test('header search: typing shows the suggestion listbox; arrows move aria-selected and aria-activedescendant, wrapping; Escape closes, then clears; blur closes', async () => {
  const expected = await suggestions('en', PREFIX);
  await withPage({}, async (page) => {
    await page.goto(url('/en/'));
    let s = await comboState(page);
    assert.equal(s.role, 'combobox', 'the header field has role=combobox');
    assert.equal(s.autocomplete, 'list', 'aria-autocomplete="list"');
    assert.equal(s.expanded, 'false', 'aria-expanded is "false" before typing');
    assert.ok(s.controls, 'the field has aria-controls');
    assert.equal(s.listRole, 'listbox', `aria-controls points at a role=listbox (got ${s.listRole})`);
    assert.ok(s.listName, 'the listbox has an accessible name (aria-label)');
    assert.equal(s.listShown, false, 'the listbox is hidden before typing');
    assert.equal(s.live, '', 'a live region (role=status) exists, empty, before anything is announced');

    s = await typeAndWait(page, PREFIX, expected);
    const n = s.options.length;
    assert.equal(s.expanded, 'true', 'aria-expanded is "true" while the list shows');
    assert.equal(s.live, expected.announcement, 'the live region carries the server\'s announcement');
    assert.ok(s.live.length > 0, 'the announcement is not empty');
    assert.ok(s.options.every((o) => o.id), 'every option has an id (for aria-activedescendant)');
    assert.equal(new Set(s.options.map((o) => o.id)).size, n, 'option ids are unique');
    assertActive(s, -1, 'after typing');

    await page.keyboard.press('ArrowDown');
    s = await comboState(page);
    assertActive(s, 0, 'ArrowDown');
    const [active, idle] = [s.options[0].background, s.options[1].background];
    assert.notEqual(active, idle, `the active option is not drawn differently from the others (background ${active})`);

    await page.keyboard.press('ArrowDown');
    assertActive(await comboState(page), 1, 'ArrowDown twice');
    await page.keyboard.press('ArrowUp');
    assertActive(await comboState(page), 0, 'ArrowDown twice, ArrowUp');
    await page.keyboard.press('ArrowUp');
    assertActive(await comboState(page), n - 1, 'ArrowUp on the first option wraps to the last');
    await page.keyboard.press('ArrowDown');
    assertActive(await comboState(page), 0, 'ArrowDown on the last option wraps to the first');

    await page.keyboard.press('Escape');
    s = await comboState(page);
    assert.equal(s.expanded, 'false', 'Escape sets aria-expanded="false"');
    assert.equal(s.listShown, false, 'Escape hides the listbox');
    assertActive(s, -1, 'Escape');
    assert.equal(s.value, PREFIX, 'the first Escape keeps what was typed');

    await page.keyboard.press('Escape');
    s = await comboState(page);
    assert.ok(s.focused, 'focus stays in the field after the second Escape');
    assert.equal(s.value, '', 'a second Escape (list already closed) clears the field');

    // Blur closes the list: Tab from an open list moves on to the search button.
    await typeAndWait(page, PREFIX, expected);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    s = await comboState(page);
    assert.equal(s.focused, false, 'Tab leaves the field (no trap)');
    assert.equal(s.expanded, 'false', 'leaving the field closes the list (aria-expanded="false")');
    assert.equal(s.listShown, false, 'leaving the field hides the listbox');
    assert.equal(s.activedescendant, null, 'leaving the field clears aria-activedescendant');
  });
});

test('header search: ArrowUp in an open list with no active option moves to the last option', async () => {
  const expected = await suggestions('en', PREFIX);
  await withPage({}, async (page) => {
    await page.goto(url('/en/'));
    const s = await typeAndWait(page, PREFIX, expected);
    await page.keyboard.press('ArrowUp');
    assertActive(await comboState(page), s.options.length - 1, 'ArrowUp straight after the list opened');
  });
});

test('header search: a list closed because the field was cleared or shortened does not come back with the old suggestions', async () => {
  const expected = await suggestions('en', PREFIX);
  const problems = [];
  await withPage({}, async (page) => {
    await page.goto(url('/en/'));
    // Escape twice clears the field; ArrowDown in the empty field.
    await typeAndWait(page, PREFIX, expected);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    let s = await comboState(page);
    if (s.expanded !== 'false' || s.listShown) {
      problems.push(`after Escape cleared the field, ArrowDown in the empty field opened the list with ${s.options.length} suggestions for "${PREFIX}" (aria-expanded="${s.expanded}")`);
    }
    // Backspace down to one letter (too short to suggest); then ArrowDown.
    await page.locator('#site-search').fill('');
    await typeAndWait(page, PREFIX, expected);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => document.getElementById('site-search').getAttribute('aria-expanded') === 'false');
    await page.keyboard.press('ArrowDown');
    s = await comboState(page);
    if (s.expanded !== 'false' || s.listShown) {
      problems.push(`with "${s.value}" in the field, ArrowDown opened the list with ${s.options.length} stale suggestions for "${PREFIX}" (aria-expanded="${s.expanded}")`);
    }
  });
  expectNone(problems, 'stale suggestions');
});

for (const [locale, prefix] of [['en', PREFIX], ['ar', AR_PREFIX]]) {
  test(`header search (${locale}): Enter on a page option goes to that page; Enter on a completion searches for it; a click on a page option goes to that page`, async () => {
    const expected = await suggestions(locale, prefix);
    const firstPage = expected.completions.length;
    await withPage({}, async (page) => {
      // Enter on the first page option.
      await page.goto(url(`/${locale}/`));
      await typeAndWait(page, prefix, expected);
      for (let i = 0; i <= firstPage; i++) await page.keyboard.press('ArrowDown');
      assertActive(await comboState(page), firstPage, `ArrowDown to the first page option`);
      let status = await navigate(page, () => page.keyboard.press('Enter'));
      assert.equal(status, 200, `Enter on "${expected.options[firstPage].text}": status ${status}`);
      assert.equal(pathOf(page), expected.options[firstPage].url, `Enter on the page option "${expected.options[firstPage].text}"`);

      // Enter on the second completion: a search for it.
      await page.goto(url(`/${locale}/`));
      await typeAndWait(page, prefix, expected);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      status = await navigate(page, () => page.keyboard.press('Enter'));
      assert.equal(status, 200, `Enter on the completion "${expected.completions[1]}": status ${status}`);
      assert.equal(pathOf(page), `/${locale}/search?q=${expected.completions[1]}`, `Enter on the completion "${expected.completions[1]}"`);
      assert.equal(await page.inputValue('#search-main'), expected.completions[1], 'the results page shows the chosen completion in its field');

      // A click on the last page option.
      await page.goto(url(`/${locale}/`));
      const s = await typeAndWait(page, prefix, expected);
      const last = s.options.length - 1;
      status = await navigate(page, () => page.click(`#${s.options[last].id}`));
      assert.equal(status, 200, `click on "${expected.options[last].text}": status ${status}`);
      assert.equal(pathOf(page), expected.options[last].url, `click on the page option "${expected.options[last].text}"`);
    });
  });
}

// ---------------------------------------------------------------------------
// 2. Submitting the header form

for (const [locale, q] of [['en', QUERY], ['ar', AR_QUERY]]) {
  test(`header search (${locale}): Enter with no option active submits to /${locale}/search?q=…; the results page lists results and the first one opens`, async () => {
    await withPage({}, async (page) => {
      await page.goto(url(`/${locale}/`));
      await page.locator('#site-search').click();
      await page.keyboard.type(q);
      // The list may be open by now; with no option active, Enter is the form's own submit.
      let status = await navigate(page, () => page.keyboard.press('Enter'));
      assert.equal(status, 200, `the results page answered ${status}`);
      assert.equal(pathOf(page), `/${locale}/search?q=${q}`);
      const r = await page.evaluate(() => ({
        dir: document.documentElement.dir,
        lang: document.documentElement.lang,
        h1: document.querySelectorAll('main h1').length,
        field: document.getElementById('search-main').value,
        status: (document.querySelector('main [role="status"]') || {}).textContent || '',
        results: [...document.querySelectorAll('ol.search-results > li')].map((li) => ({
          href: li.querySelector('h2 a') && li.querySelector('h2 a').getAttribute('href'),
          marks: li.querySelectorAll('mark').length,
        })),
      }));
      assert.equal(r.lang, locale);
      assert.equal(r.dir, locale === 'ar' ? 'rtl' : 'ltr');
      assert.equal(r.h1, 1, 'one h1 on the results page');
      assert.equal(r.field, q, 'the results page repeats the query in its own field');
      assert.ok(r.status.includes(q), `the status line names the query: "${r.status}"`);
      assert.ok(r.results.length > 1, `results listed: ${r.results.length}`);
      assert.ok(r.results.every((x) => x.href), 'every result has a title link');

      status = await navigate(page, () => page.locator('ol.search-results > li h2 a').first().click());
      assert.equal(status, 200, `the first result (${r.results[0].href}) answered ${status}`);
      assert.equal(decodeURIComponent(new URL(page.url()).pathname), decodeURIComponent(r.results[0].href));
      // Last, so that the checks above run whatever this finds.
      assert.ok(r.results.some((x) => x.marks > 0), `none of the ${r.results.length} results highlights a matched word with <mark>`);
    });
  });
}

// ---------------------------------------------------------------------------
// 3. Without JavaScript

test('without JavaScript: the header form submits; facets, "Did you mean", the main form (keeping filters) and pagination are working links', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    const go = async (action, what) => {
      const status = await navigate(page, action);
      assert.equal(status, 200, `${what}: status ${status} at ${pathOf(page)}`);
    };
    const facts = () => page.evaluate(() => ({
      field: document.getElementById('search-main') && document.getElementById('search-main').value,
      status: (document.querySelector('main [role="status"]') || {}).textContent || '',
      results: document.querySelectorAll('ol.search-results > li').length,
      start: document.querySelector('ol.search-results') && document.querySelector('ol.search-results').start,
      selected: [...document.querySelectorAll('.search-facets a[aria-current="true"]')].map((a) => a.getAttribute('href')),
      current: (document.querySelector('nav.pagination [aria-current="page"]') || {}).textContent || null,
    }));

    await page.goto(url('/en/'));
    const combobox = await page.getAttribute('#site-search', 'role');
    assert.equal(combobox, null, 'JavaScript is really off: the field was not turned into a combobox');

    await page.fill('#site-search', QUERY);
    await go(() => page.press('#site-search', 'Enter'), 'submitting the header form');
    assert.equal(pathOf(page), `/en/search?q=${QUERY}`);
    const all = await facts();
    assert.equal(all.field, QUERY);
    assert.equal(all.results, 10, 'the first page lists 10 results');
    assert.equal(all.current, '1', 'pagination marks page 1 as current');
    const total = Number(/\d+/.exec(all.status)[0]);
    assert.ok(total > 10, `more results than one page: "${all.status}"`);

    // A facet link filters; the selected facet links back to the unfiltered results.
    // Without JavaScript the filters stay in their closed disclosure: open it, as a visitor would.
    await openFilters(page);
    const facet = page.locator('nav.search-facets a').first();
    const facetHref = await facet.getAttribute('href');
    const facetCount = Number(await facet.locator('.count').innerText());
    await go(() => facet.click(), `the facet link ${facetHref}`);
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, facetHref);
    const filtered = await facts();
    assert.deepEqual(filtered.selected.length, 1, 'one facet is marked aria-current="true"');
    assert.ok(filtered.status.includes(String(facetCount)), `the filtered count is the facet's count ${facetCount}: "${filtered.status}"`);
    assert.equal(filtered.results, Math.min(facetCount, 10));

    // The main form keeps the filter (hidden fields) when the query changes.
    const [dim, value] = [...new URL(facetHref, env.origin).searchParams].find(([k]) => k !== 'q');
    await page.fill('#search-main', 'radar');
    await go(() => page.press('#search-main', 'Enter'), 'submitting the results page form');
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('q'), 'radar');
    assert.equal(params.get(dim), value, `the ${dim} filter is kept by the results page form`);
    await page.goBack();

    await openFilters(page);
    await go(() => page.locator('nav.search-facets a[aria-current="true"]').click(), 'removing the filter');
    assert.equal(pathOf(page), `/en/search?q=${QUERY}`, 'the selected facet links to the unfiltered results');

    // Pagination: next, then previous.
    await go(() => page.locator('nav.pagination a[rel="next"]').click(), 'the "next" link');
    const second = await facts();
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    assert.equal(second.current, '2', 'pagination marks page 2 as current');
    assert.equal(second.start, 11, 'the second page numbers its results from 11');
    assert.equal(second.results, Math.min(10, total - 10), 'the second page lists the next results');
    await go(() => page.locator('nav.pagination a[rel="prev"]').click(), 'the "previous" link');
    assert.equal((await facts()).current, '1');

    // "Did you mean" corrects the query.
    await page.goto(url('/en/search?q=weathr stattion'));
    await go(() => page.locator('.did-you-mean a').click(), '"Did you mean"');
    assert.equal(pathOf(page), '/en/search?q=weather station');
    assert.equal((await facts()).field, 'weather station');
  });
});

/**
 * The colour of the pixel a little inside the left and the right edge of the
 * first `selector`, halfway down, from a screenshot (decoded in a blank page,
 * which has no Content Security Policy to stop a data: image).
 */
async function edgePixels(context, page, selector) {
  const png = await page.locator(selector).first().screenshot();
  const blank = await context.newPage();
  try {
    return await blank.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const at = (x) => [...g.getImageData(x, Math.floor(img.height / 2), 1, 1).data.slice(0, 3)];
      return { left: at(1), right: at(img.width - 2) };
    }, `data:image/png;base64,${png.toString('base64')}`);
  } finally {
    await blank.close();
  }
}

test('the selected facet is marked on its inline-start edge: left in en, right in ar (the layout mirrors)', async () => {
  const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 24);
  const problems = [];
  for (const [locale, q] of [['en', QUERY], ['ar', AR_QUERY]]) {
    await withPage({}, async (page, context) => {
      const path = `/${locale}/search?q=${q}&type=story`;
      await page.goto(url(path));
      assert.equal(await page.locator('.search-facets a[aria-current="true"]').count(), 1, `${path}: one selected facet`);
      // The marker is drawn in the theme's --teal.
      const hex = (await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--teal'))).trim();
      const TEAL = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      assert.ok(/^#[0-9a-f]{6}$/i.test(hex), `--teal is a #rrggbb colour: "${hex}"`);
      const px = await edgePixels(context, page, '.search-facets a[aria-current="true"]');
      const [start, end] = locale === 'ar' ? [px.right, px.left] : [px.left, px.right];
      const side = locale === 'ar' ? ['right', 'left'] : ['left', 'right'];
      if (!near(start, TEAL) || near(end, TEAL)) {
        problems.push(`${path}: the selected facet's marker should be on its ${side[0]} (inline-start) edge: ${side[0]} edge rgb(${start}), ${side[1]} edge rgb(${end})`);
      }
    });
  }
  expectNone(problems, 'facet marker on the wrong side');
});

// ---------------------------------------------------------------------------
// 4. axe-core

const AXE_PAGES = [
  ['results with facets and pagination', `/en/search?q=${QUERY}`],
  ['filtered results (a facet selected)', `/en/search?q=${QUERY}&type=story`],
  ['second page of results', `/en/search?q=${QUERY}&page=2`],
  ['misspelt query with "Did you mean"', '/en/search?q=weathr stattion'],
  ['no results with "Did you mean" and a filter to remove', '/en/search?q=weathr stattion&year=1999'],
  ['no results at all', '/en/search?q=zzqxv'],
  ['empty query', '/en/search'],
  ['Arabic results (rtl)', `/ar/search?q=${AR_QUERY}`],
  ['Arabic no results (rtl)', '/ar/search?q=zzqxv'],
];

async function axePages(viewport, pages) {
  const problems = [];
  await withPage({ viewport }, async (page) => {
    for (const [label, path] of pages) {
      const res = await page.goto(url(path));
      if (res.status() !== 200) problems.push(`${path} (${label}): status ${res.status()}`);
      problems.push(...(await runAxe(page)).problems.map((p) => `(${label}) ${p}`));
    }
  });
  return problems;
}

test('axe finds no WCAG 2.2 A/AA violation on results pages: facets, a filter, page 2, "Did you mean", no results, empty query, Arabic', async () => {
  const checked = AXE_PAGES.map(([label, path]) => `${label}: ${path}`).join('\n  ');
  expectNone(await axePages({ width: 1280, height: 900 }, AXE_PAGES), 'axe violations on search pages', `pages checked:\n  ${checked}`);
});

test('axe finds no violation on results pages at 375 px (en and ar)', async () => {
  const pages = [AXE_PAGES[0], AXE_PAGES[1], AXE_PAGES[7]];
  expectNone(await axePages({ width: 375, height: 800 }, pages), 'axe violations on search pages at 375 px');
});

test('axe finds no violation on the home page with the suggestion list open and an option active (en and ar; 1280 and 375 px)', async () => {
  const problems = [];
  for (const width of [1280, 375]) {
    for (const [locale, prefix] of [['en', PREFIX], ['ar', AR_PREFIX]]) {
      const expected = await suggestions(locale, prefix);
      await withPage({ viewport: { width, height: 900 } }, async (page) => {
        await page.goto(url(`/${locale}/`));
        await typeAndWait(page, prefix, expected);
        problems.push(...(await runAxe(page)).problems.map((p) => `@${width}px, list open: ${p}`));
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        problems.push(...(await runAxe(page)).problems.map((p) => `@${width}px, list open, option 2 active: ${p}`));
      });
    }
  }
  expectNone(problems, 'axe violations with the suggestion list open');
});

// ---------------------------------------------------------------------------
// 5. Keyboard on the results page

for (const [label, path] of [['en', `/en/search?q=${QUERY}`], ['en, a facet selected', `/en/search?q=${QUERY}&type=story`], ['ar', `/ar/search?q=${AR_QUERY}`]]) {
  test(`Tab on a results page (${label}) reaches both search fields, every facet link and every pagination link, with a visible focus indicator and no trap`, async () => {
    await withPage({}, async (page) => {
      await page.goto(url(path));
      const { stops, problems } = await keyboardWalk(page);
      const expected = await page.evaluate(() => {
        const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim()}" (${el.getAttribute('href') || ''})`;
        const groups = {
          'the header search field': [document.getElementById('site-search')],
          'the results page search field': [document.getElementById('search-main')],
          'facet links': [...document.querySelectorAll('nav.search-facets a')],
          'pagination links': [...document.querySelectorAll('nav.pagination a')],
          'result links': [...document.querySelectorAll('ol.search-results a')],
        };
        return Object.entries(groups).map(([group, els]) => ({
          group,
          count: els.filter(Boolean).length,
          missed: els.filter((el) => el && !el.dataset.kbdStop).map(name),
        }));
      });
      for (const g of expected) {
        for (const m of g.missed) problems.push(`${path}: Tab never reached ${m} (${g.group})`);
      }
      const count = Object.fromEntries(expected.map((g) => [g.group, g.count]));
      if (!count['facet links']) problems.push(`${path}: no facet links on the page`);
      if (!path.includes('type=') && !count['pagination links']) problems.push(`${path}: no pagination links on the page`);
      if (count['the header search field'] !== 1 || count['the results page search field'] !== 1) problems.push(`${path}: a search field is missing`);
      const names = stops.map((s) => `${s.region}: ${s.name}`);
      expectNone(problems, `keyboard problems on ${path}`, `Tab order (${stops.length} stops):\n  ${names.join('\n  ')}`);
    });
  });
}

// ---------------------------------------------------------------------------
// 6. Nothing leaves the origin

test('no request leaves the origin (and none is refused by the Content Security Policy) while suggesting, searching, filtering and paging', async () => {
  await withPage({}, async (page, context) => {
    const foreign = [];
    const suggest = [];
    // A request to another origin that the policy blocks never reaches the network; Chromium reports it on the console.
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) foreign.push(`refused by the policy on ${page.url()}: ${m.text()}`); });
    context.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin !== env.origin && u.protocol !== 'data:') foreign.push(`${r.url()} (${r.resourceType()}, from ${page.url()})`);
      if (u.pathname === '/en/search/suggest') suggest.push(u.search);
    });
    const expected = await suggestions('en', PREFIX);
    await page.goto(url('/en/'));
    await typeAndWait(page, PREFIX, expected);
    const full = page.waitForResponse((r) => r.url().startsWith(`${env.origin}/en/search/suggest?q=${QUERY}`));
    await page.keyboard.type(QUERY.slice(PREFIX.length));
    await full;
    assert.equal(await navigate(page, () => page.keyboard.press('Enter')), 200);
    assert.equal(pathOf(page), `/en/search?q=${QUERY}`);
    await page.waitForLoadState('networkidle');
    assert.equal(await navigate(page, () => page.locator('nav.search-facets a').first().click()), 200);
    await page.waitForLoadState('networkidle');
    await page.goto(url(`/en/search?q=${QUERY}`));
    assert.equal(await navigate(page, () => page.locator('nav.pagination a[rel="next"]').click()), 200);
    await page.waitForLoadState('networkidle');
    assert.ok(suggest.length > 0, 'the suggestion requests were seen (so the watch works)');
    expectNone(foreign, 'requests to other origins');
  });
});
