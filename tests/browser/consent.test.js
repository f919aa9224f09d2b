'use strict';
// Cookie consent as a visitor meets it. A first visit stores nothing and
// fetches nothing from elsewhere, on every page type, and shows a banner with
// three equal choices; Reject all, Accept all, the video placeholder's
// "Always allow", withdrawal on the Manage page, "Your Privacy Choices" and
// Global Privacy Control each leave exactly the cookies and requests they
// should, and their records are in the store (`portico consent`), whose hash
// chain verifies at the end. axe and the keyboard with the banner showing.
//
// The server keeps its consent records in a fresh data folder of its own
// (PORTICO_DATA_DIR), so the records looked up here are this file's.

const { test } = require('node:test');
const { useDataDir, porticoConsent, lookupRecords, exportRecords, consentCookie, storageOf, storageProblems, recordRequests, describeRequest, submitConsent, focusCoverage, CONSENT_COOKIE } = require('./lib/consent');
const { useSite } = require('./lib/setup');
const { mapLimit } = require('./lib/browser');
const { runAxe, keyboardWalk, expectNone } = require('./lib/checks');

const DATA = useDataDir();
const env = useSite({ crawl: false });

const BANNER = '.consent-banner';
const VIDEO_HOSTS = ['video.halcyon.example', 'media.halcyon.example']; // the "media" category's hosts (site.toml)
const OPTIONAL_SCRIPT = /\/js\/(measure|campaign)\.[^/]*js$/; // the analytics and advertising categories' scripts
const DESKTOP = { width: 1280, height: 900 };

/** Consent ids this file created, all of which must be in the store at the end. */
const seenIds = new Set();

async function withContext(options, fn) {
  const context = await env.browser.newContext({ viewport: DESKTOP, ...options });
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/** The first page linked from `list` one level below it (a story of the stories list, …). */
async function firstChild(list) {
  const html = await (await fetch(env.origin + list)).text();
  for (const m of html.matchAll(/href="([^"?#]+)"/g)) {
    const href = m[1];
    if (href.startsWith(list) && /^[^/]+\/$/.test(href.slice(list.length))) return href;
  }
  throw new Error(`${list} links to no page below it`);
}

// The search index is built in the background after start-up; the results page answers 503 until then.
let searchIsReady = null;
function searchReady() {
  searchIsReady ??= (async () => {
    const deadline = Date.now() + 60000;
    let last = 0;
    while (Date.now() < deadline) {
      const res = await fetch(`${env.origin}/en/search?q=flood`);
      await res.arrayBuffer();
      last = res.status;
      if (last === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the search results page still answered ${last} after 60 s`);
  })();
  return searchIsReady;
}

/** One page of every type, in en: [{ label, path, kind, status }]. */
let pageTypesP = null;
function pageTypes() {
  pageTypesP ??= (async () => {
    await searchReady();
    return [
      { label: 'home', path: '/en/', kind: 'page' },
      { label: 'story', path: await firstChild('/en/stories/'), kind: 'story' },
      { label: 'section list', path: '/en/stories/', kind: 'section' },
      { label: 'person', path: await firstChild('/en/about/leadership/'), kind: 'person' },
      { label: 'location', path: await firstChild('/en/locations/'), kind: 'location' },
      { label: 'research hub', path: '/en/research/', kind: 'section' },
      { label: 'tool', path: await firstChild('/en/research/tools/'), kind: 'tool' },
      { label: 'Manage cookies page', path: '/en/consent/', kind: 'consent' },
      { label: '404', path: '/en/no-such-page/', kind: 'error', status: 404 },
      { label: 'search results', path: '/en/search?q=flood', kind: 'search' },
    ].map((p) => ({ status: 200, ...p }));
  })();
  return pageTypesP;
}

/** The cookie names each optional category declares, read from the Manage page ({ analytics: ['hc_visit'], … }). */
async function declaredCookies(context) {
  const page = await context.newPage();
  try {
    await page.goto(`${env.origin}/en/consent/`);
    return await page.evaluate(() => {
      const out = {};
      for (const box of document.querySelectorAll('input[name="allow"]')) {
        const facts = box.closest('fieldset').querySelectorAll('.consent-facts dt');
        const dt = [...facts].find((d) => d.textContent.trim() === 'Cookies');
        out[box.value] = dt ? dt.nextElementSibling.textContent.split(',').map((s) => s.trim()).filter(Boolean) : [];
      }
      return out;
    });
  } finally {
    await page.close();
  }
}

/** Scrolls to the end of the page (lazy images and frames load) and waits until the network is quiet. */
async function settleNetwork(page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForLoadState('networkidle');
}

/** The script elements of optional categories in the page. */
const optionalScripts = (page) => page.evaluate((re) => [...document.scripts].map((s) => s.src).filter((src) => new RegExp(re).test(src)), OPTIONAL_SCRIPT.source);

/** Cookie names of a context, sorted. */
const cookieNames = async (context) => (await context.cookies()).map((c) => c.name).sort();

/**
 * Waits for a request to `host` (recorded since `mark`) after scrolling `frame`
 * into view (the player's iframe loads lazily). Resolves true when one was made.
 */
async function requestTo(context, requests, host, mark, frame) {
  const waiter = context.waitForEvent('request', { predicate: (r) => new URL(r.url()).hostname === host, timeout: 15000 }).catch(() => null);
  await frame.scrollIntoViewIfNeeded();
  if (requests.toHost(host, mark).length) return true;
  return !!(await waiter);
}

/** The banner's three choices: box and drawing of each. */
function bannerChoices(page) {
  return page.evaluate((sel) => {
    const form = document.querySelector(`${sel} form`);
    if (!form) return null;
    const items = [
      ['accept', form.querySelector('button[name="action"][value="accept"]')],
      ['reject', form.querySelector('button[name="action"][value="reject"]')],
      ['manage', form.querySelector('a[href]')],
    ];
    return items.map(([id, el]) => {
      if (!el) return { id, missing: true };
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        id,
        text: el.innerText.trim(),
        href: el.getAttribute('href'),
        visible: el.checkVisibility({ visibilityProperty: true }) && r.width > 0 && r.height > 0,
        width: r.width,
        height: r.height,
        fontWeight: cs.fontWeight,
        fontSize: cs.fontSize,
        color: cs.color,
        background: cs.backgroundColor,
        border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor}`,
      };
    });
  }, BANNER);
}

/**
 * Problems with the Manage page as the full form of the banner: one form whose
 * Accept all, Reject all and Save my choices are visible, drawn alike (size
 * within 1 px, same weight and colors), and one unticked box per optional category.
 */
async function managePageProblems(page, where) {
  const form = await page.evaluate(() => {
    const f = document.querySelector('main form.consent-form');
    if (!f) return null;
    const button = (v) => {
      const el = f.querySelector(`button[name="action"][value="${v}"]`);
      if (!el) return { v, missing: true };
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return { v, text: el.innerText.trim(), visible: el.checkVisibility() && r.width > 0 && r.height > 0, width: r.width, height: r.height, look: [cs.fontWeight, cs.fontSize, cs.color, cs.backgroundColor].join(' ') };
    };
    const boxes = [...f.querySelectorAll('input[type="checkbox"][name="allow"]')].map((b) => ({ id: b.value, checked: b.checked, label: !!(b.labels && b.labels.length) }));
    return { buttons: ['accept', 'reject', 'save'].map(button), boxes };
  });
  if (!form) return [`${where}: no cookie choices form in <main>`];
  const out = [];
  for (const b of form.buttons) {
    if (b.missing) out.push(`${where}: the choices form has no "${b.v}" button`);
    else if (!b.visible) out.push(`${where}: the "${b.text}" button is not visible`);
  }
  if (out.length) return out;
  const texts = form.buttons.map((b) => b.text).join(' / ');
  if (texts !== 'Accept all / Reject all / Save my choices') out.push(`${where}: the form's buttons read ${texts}`);
  const [a] = form.buttons;
  for (const b of form.buttons.slice(1)) {
    if (Math.abs(b.height - a.height) > 1) out.push(`${where}: "${b.text}" is ${b.height.toFixed(1)} px high, "${a.text}" ${a.height.toFixed(1)} px`);
    if (b.look !== a.look) out.push(`${where}: "${b.text}" is drawn as ${b.look}, "${a.text}" as ${a.look}`);
  }
  if (!form.boxes.length) out.push(`${where}: no optional category to allow`);
  for (const box of form.boxes) {
    if (box.checked) out.push(`${where}: "${box.id}" is ticked before any choice`);
    if (!box.label) out.push(`${where}: the "${box.id}" box has no label`);
  }
  return out;
}

/** Problems with the banner's choices: missing, hidden, or not drawn alike (size within 1 px, same weight and colors). */
function choiceProblems(where, choices, { locale = 'en' } = {}) {
  if (!choices) return [`${where}: the banner has no form`];
  const out = [];
  for (const c of choices) {
    if (c.missing) out.push(`${where}: the banner has no "${c.id}" choice`);
    else if (!c.visible) out.push(`${where}: the banner's "${c.text}" choice is not visible`);
  }
  if (out.length) return out;
  if (locale === 'en') {
    const texts = choices.map((c) => c.text).join(' / ');
    if (texts !== 'Accept all / Reject all / Manage cookies') out.push(`${where}: the banner's choices read ${texts}`);
  }
  const manage = choices[2];
  if (manage.href !== `/${locale}/consent/`) out.push(`${where}: "Manage cookies" links to ${manage.href}, expected /${locale}/consent/`);
  const [a] = choices;
  for (const c of choices.slice(1)) {
    if (Math.abs(c.height - a.height) > 1) out.push(`${where}: "${c.text}" is ${c.height.toFixed(1)} px high, "${a.text}" ${a.height.toFixed(1)} px`);
    if (Math.abs(c.width - a.width) > 1) out.push(`${where}: "${c.text}" is ${c.width.toFixed(1)} px wide, "${a.text}" ${a.width.toFixed(1)} px`);
    for (const k of ['fontWeight', 'fontSize', 'color', 'background', 'border']) {
      if (c[k] !== a[k]) out.push(`${where}: "${c.text}" has ${k} ${c[k]}, "${a.text}" ${a[k]}`);
    }
  }
  return out;
}

/** Problems if the consent cookie is not exactly what the server should set (host-only by its prefix, Secure, HttpOnly, Lax). */
function consentCookieProblems(where, c) {
  if (!c) return [`${where}: no ${CONSENT_COOKIE} cookie`];
  const out = [];
  const k = c.cookie;
  if (!k.secure || !k.httpOnly || k.sameSite !== 'Lax' || k.path !== '/') {
    out.push(`${where}: ${CONSENT_COOKIE} is secure=${k.secure} httpOnly=${k.httpOnly} sameSite=${k.sameSite} path=${k.path}, expected Secure, HttpOnly, SameSite=Lax, Path=/`);
  }
  if (!/^[0-9a-f]{32}$/.test(c.id)) out.push(`${where}: ${CONSENT_COOKIE} holds no consent id (${k.value})`);
  return out;
}

/** The last record of a consent id, with a readable problem when it is not as expected. */
function lastRecordProblems(where, id, expected) {
  const records = lookupRecords(DATA, id);
  seenIds.add(id);
  const last = records[records.length - 1];
  if (!last) return [`${where}: no record for consent id ${id}`];
  const out = [];
  for (const [k, v] of Object.entries(expected)) {
    const got = k === 'purposes' ? JSON.stringify(last.purposes) : last[k];
    const want = k === 'purposes' ? JSON.stringify(v) : v;
    if (got !== want) out.push(`${where}: the last record of ${id} has ${k} ${got}, expected ${want}`);
  }
  return out;
}

// ---------------------------------------------------------------------------
// 1. The first visit

test('first visit, every page type: no cookie, no storage, no request to another origin; the banner shows three equal choices', async (t) => {
  const pages = await pageTypes();
  const found = await mapLimit(pages, 3, (p) => withContext({}, async (context) => {
    const where = `${p.label} ${decodeURI(p.path)}`;
    const problems = [];
    const requests = recordRequests(context, env.origin);
    const setCookies = [];
    context.on('response', (r) => setCookies.push(r.headerValue('set-cookie').then((v) => (v ? `${r.url()}: Set-Cookie ${v}` : null), () => null)));
    const page = await context.newPage();
    const res = await page.goto(env.origin + p.path);
    if (!res || res.status() !== p.status) problems.push(`${where}: status ${res && res.status()}, expected ${p.status}`);
    const kind = await page.evaluate(() => (/\bkind-([a-z-]+)/.exec(document.body.className) || [])[1] || null);
    if (kind !== p.kind) problems.push(`${where}: a ${kind} page, expected a ${p.kind} page`);
    await settleNetwork(page);

    const cookies = await context.cookies();
    if (cookies.length) problems.push(`${where}: cookies before any choice: ${cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`);
    problems.push(...(await Promise.all(setCookies)).filter(Boolean).map((s) => `${where}: ${s}`));
    const storage = await storageOf(page);
    if (storage.documentCookie) problems.push(`${where}: document.cookie is "${storage.documentCookie}"`);
    problems.push(...storageProblems(where, storage));
    problems.push(...requests.foreign().map((r) => `${where}: request to another origin: ${describeRequest(r)}`));
    const scripts = await optionalScripts(page);
    if (scripts.length) problems.push(`${where}: optional scripts before any choice: ${scripts.join(', ')}`);

    const banner = page.getByRole('region', { name: 'Cookies on this site' });
    if (p.kind === 'consent') {
      // The Manage page is the banner's full form: it does not carry the banner too.
      if (await banner.count()) problems.push(`${where}: the banner shows on the page that is its full form`);
      problems.push(...(await managePageProblems(page, where)));
    } else {
      if ((await banner.count()) !== 1 || !(await banner.isVisible())) problems.push(`${where}: no visible "Cookies on this site" region`);
      problems.push(...choiceProblems(where, await bannerChoices(page)));
    }
    // "Manage cookies" is in the footer of every page.
    if ((await page.locator('footer a[href="/en/consent/"]').count()) !== 1) problems.push(`${where}: no "Manage cookies" link in the footer`);
    return problems;
  }));
  // The choices are drawn alike at phone width and in Arabic (right to left) too.
  for (const [locale, viewport] of [['en', { width: 375, height: 800 }], ['ar', DESKTOP], ['ar', { width: 375, height: 800 }]]) {
    found.push(await withContext({ viewport }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${env.origin}/${locale}/`);
      return choiceProblems(`/${locale}/ @${viewport.width}px`, await bannerChoices(page), { locale });
    }));
  }
  t.diagnostic(`pages: ${pages.map((p) => `${p.label} ${decodeURI(p.path)}`).join(', ')}`);
  expectNone(found.flat(), 'first-visit problems');
});

// ---------------------------------------------------------------------------
// 2. Reject all

test('Reject all: back on the same page without the banner; only the consent cookie; no storage, no request to another origin (story, search results, 404)', async () => {
  const pages = (await pageTypes()).filter((p) => ['story', 'search results', '404'].includes(p.label));
  const problems = [];
  for (const p of pages) {
    await withContext({}, async (context) => {
      const where = `Reject all on the ${p.label} ${decodeURI(p.path)}`;
      const requests = recordRequests(context, env.origin);
      const page = await context.newPage();
      await page.goto(env.origin + p.path);
      const before = page.url();
      const r = await submitConsent(page, page.locator(BANNER).getByRole('button', { name: 'Reject all' }));
      if (r.post.status !== 303) problems.push(`${where}: POST /consent answered ${r.post.status}, expected 303`);
      if (r.url !== before) problems.push(`${where}: sent to ${r.url}, expected back to ${before}`);
      if (r.status !== p.status) problems.push(`${where}: the page answered ${r.status} after the choice, expected ${p.status}`);
      if (await page.locator(BANNER).count()) problems.push(`${where}: the banner is still there`);
      await settleNetwork(page);
      const names = await cookieNames(context);
      if (names.join() !== CONSENT_COOKIE) problems.push(`${where}: cookies ${names.join(', ')}, expected only ${CONSENT_COOKIE}`);
      const c = await consentCookie(context);
      problems.push(...consentCookieProblems(where, c));
      const storage = await storageOf(page);
      if (storage.documentCookie) problems.push(`${where}: document.cookie is "${storage.documentCookie}" (the consent cookie is HttpOnly)`);
      problems.push(...storageProblems(where, storage));
      const scripts = await optionalScripts(page);
      if (scripts.length) problems.push(`${where}: optional scripts after Reject all: ${scripts.join(', ')}`);
      if (c) problems.push(...lastRecordProblems(where, c.id, { event: 'reject', method: 'banner', purposes: { advertising: false, analytics: false, media: false } }));

      // The next page, the one with the video, keeps to the choice: no banner, the placeholder, nothing loaded from the video host.
      await page.goto(`${env.origin}/en/`);
      if (await page.locator(BANNER).count()) problems.push(`${where}: the banner is back on /en/`);
      const placeholder = page.locator('.embed-placeholder');
      if ((await placeholder.count()) !== 1) problems.push(`${where}: /en/ has no video placeholder after Reject all`);
      else await placeholder.scrollIntoViewIfNeeded();
      if (await page.locator('iframe').count()) problems.push(`${where}: /en/ has an iframe after Reject all`);
      await settleNetwork(page);
      problems.push(...requests.foreign().map((x) => `${where}: request to another origin: ${describeRequest(x)}`));
      const after = await cookieNames(context);
      if (after.join() !== CONSENT_COOKIE) problems.push(`${where}: cookies on the next page ${after.join(', ')}, expected only ${CONSENT_COOKIE}`);
    });
  }
  expectNone(problems, 'Reject all problems');
});

// ---------------------------------------------------------------------------
// 3. Accept all

test('Accept all: exactly the declared cookies; the video player appears and its host is contacted only now', async () => {
  const problems = [];
  await withContext({}, async (context) => {
    const where = 'Accept all on /en/';
    const declared = await declaredCookies(context);
    const expected = [CONSENT_COOKIE, ...Object.values(declared).flat()].sort();
    if (!declared.analytics.includes('hc_visit') || !declared.advertising.includes('hc_campaign')) {
      problems.push(`the Manage page declares ${JSON.stringify(declared)}; expected hc_visit (analytics) and hc_campaign (advertising)`);
    }
    const requests = recordRequests(context, env.origin);
    const page = await context.newPage();
    await page.goto(`${env.origin}/en/`);
    const placeholder = page.locator('.embed-placeholder');
    if ((await placeholder.count()) !== 1) problems.push(`${where}: no video placeholder before the choice`);
    else await placeholder.scrollIntoViewIfNeeded();
    await settleNetwork(page);
    if (await page.locator('iframe').count()) problems.push(`${where}: an iframe before the choice`);
    problems.push(...requests.foreign().map((r) => `${where}: before the choice, request to another origin: ${describeRequest(r)}`));

    const mark = requests.mark();
    const r = await submitConsent(page, page.locator(BANNER).getByRole('button', { name: 'Accept all' }));
    if (r.post.status !== 303 || r.url !== `${env.origin}/en/`) problems.push(`${where}: POST answered ${r.post.status} and sent the visitor to ${r.url}, expected 303 back to /en/`);
    if (await page.locator(BANNER).count()) problems.push(`${where}: the banner is still there`);
    const frame = page.locator('.video-frame iframe');
    if ((await frame.count()) !== 1) {
      problems.push(`${where}: no video iframe after Accept all`);
    } else {
      const src = await frame.getAttribute('src');
      if (!src.startsWith('https://media.halcyon.example/')) problems.push(`${where}: the iframe loads ${src}, expected https://media.halcyon.example/…`);
      if (!(await requestTo(context, requests, 'media.halcyon.example', mark, frame))) problems.push(`${where}: no request to media.halcyon.example after Accept all`);
    }
    await settleNetwork(page);
    const names = await cookieNames(context);
    if (names.join() !== expected.join()) problems.push(`${where}: cookies ${names.join(', ')}, expected exactly ${expected.join(', ')}`);
    problems.push(...consentCookieProblems(where, await consentCookie(context)));
    // The only other origins contacted are the declared video hosts, and only after the choice.
    for (const x of requests.foreign(mark)) {
      if (!VIDEO_HOSTS.includes(new URL(x.url).hostname)) problems.push(`${where}: request to an undeclared origin: ${describeRequest(x)}`);
    }
    const c = await consentCookie(context);
    if (c) problems.push(...lastRecordProblems(where, c.id, { event: 'accept', method: 'banner', purposes: { advertising: true, analytics: true, media: true } }));
  });
  expectNone(problems, 'Accept all problems');
});

// ---------------------------------------------------------------------------
// 4. The video placeholder

test('the video placeholder: no player and no request to the video host before consent; "Always allow Embedded media" shows the player and grants media only', async () => {
  const problems = [];
  await withContext({}, async (context) => {
    const where = 'the video placeholder on /en/';
    const requests = recordRequests(context, env.origin);
    const page = await context.newPage();
    await page.goto(`${env.origin}/en/`);
    const placeholder = page.locator('.embed-placeholder');
    if ((await placeholder.count()) !== 1) throw new Error(`${where}: /en/ has ${await placeholder.count()} video placeholders, expected 1`);
    await placeholder.scrollIntoViewIfNeeded();
    await settleNetwork(page);
    const text = (await placeholder.innerText()).replace(/\s+/g, ' ');
    if (!/This video is hosted by .+, which sets cookies/.test(text)) problems.push(`${where}: it does not say who hosts the video and that it sets cookies: "${text}"`);
    const watch = placeholder.getByRole('link', { name: /^Watch on the video site/ });
    if ((await watch.count()) !== 1) problems.push(`${where}: no "Watch on the video site" link`);
    else if (!VIDEO_HOSTS.includes(new URL(await watch.getAttribute('href')).hostname)) problems.push(`${where}: "Watch on the video site" links to ${await watch.getAttribute('href')}`);
    if (await page.locator('iframe').count()) problems.push(`${where}: an iframe before consent`);
    for (const host of VIDEO_HOSTS) problems.push(...requests.toHost(host).map((r) => `${where}: before consent, request to the video host: ${describeRequest(r)}`));
    problems.push(...requests.foreign().map((r) => `${where}: before consent, request to another origin: ${describeRequest(r)}`));

    const mark = requests.mark();
    const r = await submitConsent(page, placeholder.getByRole('button', { name: 'Always allow Embedded media' }));
    if (r.post.status !== 303 || r.url !== `${env.origin}/en/`) problems.push(`${where}: POST answered ${r.post.status} and sent the visitor to ${r.url}, expected 303 back to /en/`);
    const frame = page.locator('.video-frame iframe');
    if ((await frame.count()) !== 1) problems.push(`${where}: no video iframe after "Always allow Embedded media"`);
    else if (!(await requestTo(context, requests, 'media.halcyon.example', mark, frame))) problems.push(`${where}: no request to media.halcyon.example after "Always allow"`);
    if (await page.locator('.embed-placeholder').count()) problems.push(`${where}: the placeholder is still there`);
    await settleNetwork(page);
    const names = await cookieNames(context);
    if (names.join() !== CONSENT_COOKIE) problems.push(`${where}: cookies ${names.join(', ')} after allowing media only, expected only ${CONSENT_COOKIE} (no hc_visit, no hc_campaign)`);
    const scripts = await optionalScripts(page);
    if (scripts.length) problems.push(`${where}: analytics or advertising scripts after allowing media only: ${scripts.join(', ')}`);
    const c = await consentCookie(context);
    problems.push(...consentCookieProblems(where, c));
    if (c && c.granted.join() !== 'media') problems.push(`${where}: the consent cookie grants ${c.granted.join('+') || 'nothing'}, expected media`);
    if (c) problems.push(...lastRecordProblems(where, c.id, { purposes: { advertising: false, analytics: false, media: true } }));
  });
  expectNone(problems, 'video placeholder problems');
});

// ---------------------------------------------------------------------------
// 5. Withdrawal

test('withdrawal on the Manage page: unticking and saving deletes hc_visit and hc_campaign and stops every optional request; one click there withdraws everything, as one click gave it', async () => {
  const problems = [];
  await withContext({}, async (context) => {
    const requests = recordRequests(context, env.origin);
    const page = await context.newPage();

    // A first visit: one box per category, none ticked.
    await page.goto(`${env.origin}/en/consent/`);
    const boxes = await page.evaluate(() => [...document.querySelectorAll('input[type="checkbox"][name="allow"]')].map((b) => ({ id: b.id, checked: b.checked })));
    if (boxes.map((b) => b.id).join() !== 'allow-analytics,allow-media,allow-advertising') problems.push(`/en/consent/: boxes ${boxes.map((b) => b.id).join(', ')}, expected allow-analytics, allow-media, allow-advertising`);
    if (boxes.some((b) => b.checked)) problems.push(`/en/consent/ on a first visit: ${boxes.filter((b) => b.checked).map((b) => b.id).join(', ')} pre-ticked`);

    // Giving: one click on the banner.
    await page.goto(`${env.origin}/en/`);
    await submitConsent(page, page.locator(BANNER).getByRole('button', { name: 'Accept all' }));
    const given = await cookieNames(context);
    if (!given.includes('hc_visit') || !given.includes('hc_campaign')) problems.push(`after Accept all the cookies are ${given.join(', ')}; expected hc_visit and hc_campaign among them`);

    // Withdrawing: the footer's "Manage cookies", untick everything, save.
    await Promise.all([page.waitForURL(`${env.origin}/en/consent/`), page.locator('footer').getByRole('link', { name: 'Manage cookies' }).click()]);
    const ticked = await page.locator('input[name="allow"]:checked').count();
    if (ticked !== 3) problems.push(`/en/consent/ after Accept all: ${ticked} of 3 boxes ticked, expected all (the boxes show the current choice)`);
    for (const id of ['allow-analytics', 'allow-media', 'allow-advertising']) await page.locator(`#${id}`).uncheck();
    const mark = requests.mark();
    const r = await submitConsent(page, page.getByRole('button', { name: /^Save/ }));
    const where = 'Save with no box ticked';
    if (r.url !== `${env.origin}/en/consent/`) problems.push(`${where}: sent to ${r.url}, expected back to /en/consent/`);
    for (const name of ['hc_visit', 'hc_campaign']) {
      if (!r.post.setCookie.some((h) => new RegExp(`^${name}=;.*Max-Age=0`, 'i').test(h))) problems.push(`${where}: the answer does not delete ${name} (Set-Cookie: ${r.post.setCookie.join(' | ')})`);
    }
    const left = await cookieNames(context);
    if (left.join() !== CONSENT_COOKIE) problems.push(`${where}: cookies ${left.join(', ')}, expected only ${CONSENT_COOKIE}`);
    if (await page.locator('input[name="allow"]:checked').count()) problems.push(`${where}: boxes still ticked on the Manage page`);
    const c = await consentCookie(context);
    if (c) problems.push(...lastRecordProblems(where, c.id, { event: 'withdraw', method: 'manage_page', purposes: { advertising: false, analytics: false, media: false } }));

    // Nothing optional any more: the next page loads no optional script, no player, nothing from elsewhere.
    await page.goto(`${env.origin}/en/`);
    const placeholder = page.locator('.embed-placeholder');
    if ((await placeholder.count()) !== 1) problems.push(`${where}: /en/ shows no video placeholder after withdrawal`);
    else await placeholder.scrollIntoViewIfNeeded();
    await settleNetwork(page);
    const optional = requests.since(mark).filter((x) => OPTIONAL_SCRIPT.test(new URL(x.url).pathname) || new URL(x.url).origin !== env.origin);
    problems.push(...optional.map((x) => `${where}: optional request after withdrawal: ${describeRequest(x)}`));
    if (await page.locator('iframe').count()) problems.push(`${where}: /en/ still has an iframe`);
    const after = await cookieNames(context);
    if (after.join() !== CONSENT_COOKIE) problems.push(`${where}: cookies on the next page ${after.join(', ')}, expected only ${CONSENT_COOKIE}`);
  });

  // As easy as giving: consent given with one click on the banner is withdrawn with one click on the Manage page.
  await withContext({}, async (context) => {
    const where = 'Reject all on the Manage page after Accept all';
    const page = await context.newPage();
    await page.goto(`${env.origin}/en/`);
    await submitConsent(page, page.locator(BANNER).getByRole('button', { name: 'Accept all' }));
    await page.goto(`${env.origin}/en/consent/`);
    const r = await submitConsent(page, page.getByRole('button', { name: 'Reject all' })); // the one click
    const left = await cookieNames(context);
    if (left.join() !== CONSENT_COOKIE) problems.push(`${where}: cookies ${left.join(', ')} after one click, expected only ${CONSENT_COOKIE}`);
    if (r.url !== `${env.origin}/en/consent/`) problems.push(`${where}: sent to ${r.url}, expected back to /en/consent/`);
    const c = await consentCookie(context);
    if (c) problems.push(...lastRecordProblems(where, c.id, { event: 'withdraw', purposes: { advertising: false, analytics: false, media: false } }));
  });
  expectNone(problems, 'withdrawal problems');
});

// ---------------------------------------------------------------------------
// 6. Global Privacy Control and "Your Privacy Choices"

test('Global Privacy Control: the notice shows, nothing is recorded for a visitor the server does not know, the opt-out is recorded once with the first choice, and Accept all leaves advertising off (also on a later visit without the signal)', async () => {
  const problems = [];
  const gpc = { extraHTTPHeaders: { 'Sec-GPC': '1' } };
  let state = null;
  await withContext(gpc, async (context) => {
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
    const page = await context.newPage();
    const before = exportRecords(DATA).length;
    await page.goto(`${env.origin}/en/`);
    if (!(await page.evaluate(() => navigator.globalPrivacyControl))) problems.push('navigator.globalPrivacyControl is not true in the GPC context');
    const notice = page.locator('p.gpc-notice');
    if (!(await notice.isVisible())) problems.push('/en/ with Sec-GPC: 1: no visible p.gpc-notice');
    else if (!/Opt-out preference signal honored/.test(await notice.innerText())) problems.push(`/en/ with Sec-GPC: 1: the notice reads "${await notice.innerText()}"`);

    const wellKnown = await context.request.get(`${env.origin}/.well-known/gpc.json`);
    const body = await wellKnown.text();
    let json = null;
    try { json = JSON.parse(body); } catch { /* reported below */ }
    if (wellKnown.status() !== 200 || !json || json.gpc !== true || !/^\d{4}-\d{2}-\d{2}/.test(json.lastUpdate || '')) {
      problems.push(`/.well-known/gpc.json answered ${wellKnown.status()} ${body.slice(0, 200)}, expected {"gpc": true, "lastUpdate": "YYYY-MM-DD"}`);
    }

    // Remembered in the cookie, without an id; page views append nothing.
    const c = await consentCookie(context);
    if (!c) throw new Error(`/en/ with Sec-GPC: 1 set no ${CONSENT_COOKIE} remembering the opt-out`);
    if (c.id !== '' || c.optOut !== 'g') problems.push(`the GPC cookie of an unknown visitor: id "${c.id}", flag "${c.optOut}"; expected no id and g`);
    await page.reload();
    await page.goto(`${env.origin}/en/stories/`);
    const after = exportRecords(DATA).length;
    if (after !== before) problems.push(`three pages with Sec-GPC: 1 appended ${after - before} records for a visitor without a consent id, expected none`);

    // Accept all under GPC: analytics and media yes, advertising (sale and sharing) no.
    await page.goto(`${env.origin}/en/`);
    const banner = page.locator(BANNER);
    if (!(await banner.isVisible())) throw new Error('/en/ with Sec-GPC: 1: no banner for the other categories');
    await submitConsent(page, banner.getByRole('button', { name: 'Accept all' }));
    await settleNetwork(page);
    const names = await cookieNames(context);
    if (!names.includes('hc_visit')) problems.push(`Accept all under GPC: hc_visit not set (cookies: ${names.join(', ')})`);
    if (names.includes('hc_campaign')) problems.push('Accept all under GPC: hc_campaign is set; advertising (sale and sharing) must stay off');
    const scripts = await optionalScripts(page);
    if (scripts.some((s) => /\/js\/campaign\./.test(s))) problems.push(`Accept all under GPC: the advertising script is in the page: ${scripts.join(', ')}`);
    const chosen = await consentCookie(context);
    problems.push(...consentCookieProblems('Accept all under GPC', chosen));
    if (chosen) {
      problems.push(...lastRecordProblems('Accept all under GPC', chosen.id, { event: 'accept', purposes: { advertising: false, analytics: true, media: true } }));
      const gpcRecords = lookupRecords(DATA, chosen.id).filter((x) => x.event === 'gpc_opt_out');
      if (gpcRecords.length !== 1) problems.push(`portico consent lookup ${chosen.id}: ${gpcRecords.length} gpc_opt_out records, expected 1 (recorded with the first choice)`);
      else if (gpcRecords[0].method !== 'gpc' || gpcRecords[0].purposes.advertising !== false) problems.push(`the gpc_opt_out record: method ${gpcRecords[0].method}, purposes ${JSON.stringify(gpcRecords[0].purposes)}`);
      const exported = exportRecords(DATA).filter((x) => x.consent_id === chosen.id && x.event === 'gpc_opt_out');
      if (exported.length !== 1) problems.push(`portico consent export: ${exported.length} gpc_opt_out records for ${chosen.id}, expected 1`);
      // Pages seen afterwards with the signal append nothing more.
      await page.goto(`${env.origin}/en/stories/`);
      await page.goto(`${env.origin}/en/`);
      const again = lookupRecords(DATA, chosen.id).filter((x) => x.event === 'gpc_opt_out');
      if (again.length !== 1) problems.push(`after two more pages with the signal: ${again.length} gpc_opt_out records, expected 1`);
    }
    state = await context.storageState();
  });

  // A later visit without the signal: the opt-out is remembered by the cookie.
  await withContext({ storageState: state }, async (context) => {
    const page = await context.newPage();
    await page.goto(`${env.origin}/en/`);
    await settleNetwork(page);
    if (!(await page.locator('p.gpc-notice').isVisible())) problems.push('a later visit without Sec-GPC: the opt-out notice is gone');
    const names = await cookieNames(context);
    if (names.includes('hc_campaign')) problems.push('a later visit without Sec-GPC: hc_campaign is set');
    if ((await optionalScripts(page)).some((s) => /\/js\/campaign\./.test(s))) problems.push('a later visit without Sec-GPC: the advertising script is in the page');
  });
  expectNone(problems, 'Global Privacy Control problems');
});

test('"Your Privacy Choices": the opt-out button turns advertising off (hc_campaign deleted, hc_visit kept) without signing in', async () => {
  const problems = [];
  await withContext({}, async (context) => {
    const page = await context.newPage();
    await page.goto(`${env.origin}/en/`);
    await submitConsent(page, page.locator(BANNER).getByRole('button', { name: 'Accept all' }));
    const link = page.locator('footer ul.legal a[href="/en/legal/privacy-choices/"]');
    if ((await link.count()) !== 1) problems.push('/en/: no "Your Privacy Choices" link in the footer');
    await page.goto(`${env.origin}/en/legal/privacy-choices/`);
    const button = page.getByRole('button', { name: 'Do not sell or share my personal information' });
    if ((await button.count()) !== 1) throw new Error('/en/legal/privacy-choices/ has no "Do not sell or share my personal information" button');
    const r = await submitConsent(page, button);
    const where = 'the privacy choices opt-out';
    if (r.url !== `${env.origin}/en/legal/privacy-choices/`) problems.push(`${where}: sent to ${r.url}, expected back to /en/legal/privacy-choices/`);
    if (!r.post.setCookie.some((h) => /^hc_campaign=;.*Max-Age=0/i.test(h))) problems.push(`${where}: the answer does not delete hc_campaign (Set-Cookie: ${r.post.setCookie.join(' | ')})`);
    await page.goto(`${env.origin}/en/`);
    await settleNetwork(page);
    const names = await cookieNames(context);
    if (names.includes('hc_campaign')) problems.push(`${where}: hc_campaign is still set`);
    if (!names.includes('hc_visit')) problems.push(`${where}: hc_visit was deleted too (analytics was not withdrawn)`);
    if ((await optionalScripts(page)).some((s) => /\/js\/campaign\./.test(s))) problems.push(`${where}: the advertising script is still in the page`);
    const c = await consentCookie(context);
    if (c) problems.push(...lastRecordProblems(where, c.id, { method: 'privacy_choices_page', purposes: { advertising: false, analytics: true, media: true } }));
  });
  expectNone(problems, '"Your Privacy Choices" problems');
});

// ---------------------------------------------------------------------------
// 8. Accessibility with the banner showing

// ---------------------------------------------------------------------------
// 7. Forgery from another site

/**
 * Serves, on a loopback port of its own, one page whose form posts
 * "Accept all" to the site's /consent and submits itself: what a page on
 * another site can do to a visitor. Resolves to { port, close() }.
 */
function forgingPage() {
  const http = require('node:http');
  const html = `<!DOCTYPE html><html lang="en"><head><title>Win a prize</title></head><body>
<form id="f" method="post" action="${env.origin}/consent">
<input type="hidden" name="action" value="accept"><input type="hidden" name="from" value="banner"><input type="hidden" name="locale" value="en">
</form><script>document.getElementById('f').submit();</script></body></html>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => new Promise((r) => server.close(r)) }));
  });
}

test('a page on another site that submits the banner\'s form records nothing and sets nothing; the same form on the site\'s own page works without JavaScript', async () => {
  const problems = [];
  const evil = await forgingPage();
  try {
    // localhost is another site than 127.0.0.1; 127.0.0.1 on another port is
    // the same site but another origin. Both are refused.
    for (const from of [`http://localhost:${evil.port}/`, `http://127.0.0.1:${evil.port}/`]) {
      await withContext({}, async (context) => {
        const page = await context.newPage();
        const before = exportRecords(DATA).length;
        const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/consent');
        await page.goto(from);
        const r = await answered;
        await page.waitForLoadState('load');
        if (r.status() !== 403) problems.push(`${from}: the forged POST /consent answered ${r.status()}, expected 403`);
        const setCookie = (await r.allHeaders())['set-cookie'];
        if (setCookie) problems.push(`${from}: the forged POST set cookies: ${setCookie}`);
        if (!(r.headers().traceparent || '').match(/^00-[0-9a-f]{32}-/)) problems.push(`${from}: the 403 has no traceparent`);
        const text = await page.locator('main').innerText();
        if (!/another site/.test(text)) problems.push(`${from}: the 403 page reads "${text.slice(0, 200)}"`);
        if (!/[0-9a-f]{32}/.test(await page.locator('.trace-id').innerText())) problems.push(`${from}: the 403 page shows no trace id`);
        const cookies = (await context.cookies(env.origin)).map((c) => c.name);
        if (cookies.length) problems.push(`${from}: cookies for the site after the forged POST: ${cookies.join(', ')}`);
        const after = exportRecords(DATA).length;
        if (after !== before) problems.push(`${from}: the forged POST appended ${after - before} consent records`);
      });
    }
  } finally {
    await evil.close();
  }
  // The site's own banner, with JavaScript off: still a plain form that works.
  await withContext({ javaScriptEnabled: false }, async (context) => {
    const page = await context.newPage();
    await page.goto(`${env.origin}/en/about/`);
    const r = await submitConsent(page, page.locator(BANNER).getByRole('button', { name: 'Accept all' }));
    if (r.post.status !== 303) problems.push(`the site's own form without JavaScript: POST /consent answered ${r.post.status}, expected 303`);
    if (new URL(r.url).pathname !== '/en/about/') problems.push(`the site's own form without JavaScript: sent to ${r.url}, expected back to /en/about/`);
    const c = await consentCookie(context);
    problems.push(...consentCookieProblems('the site\'s own form without JavaScript', c));
    if (c) problems.push(...lastRecordProblems('the site\'s own form without JavaScript', c.id, { event: 'accept', method: 'banner' }));
  });
  expectNone(problems, 'cross-site forgery problems');
});

test('axe finds no WCAG 2.2 A/AA violation with the banner showing (home en and ar, also at 375 px), on the Manage page and on the privacy choices page; the banner is a region in the page, hiding nothing', async () => {
  const arHome = await (await fetch(`${env.origin}/ar/`)).text();
  const arChoices = (/<a href="([^"]+)"><img src="[^"]*privacy-choices/.exec(arHome) || [])[1];
  if (!arChoices) throw new Error('/ar/ has no "Your Privacy Choices" link in its footer');
  const pages = [
    ['/en/', DESKTOP], ['/ar/', DESKTOP], ['/en/', { width: 375, height: 800 }], ['/ar/', { width: 375, height: 800 }],
    ['/en/consent/', DESKTOP], ['/ar/consent/', DESKTOP],
    ['/en/legal/privacy-choices/', DESKTOP], [decodeURI(arChoices), DESKTOP],
  ];
  const found = await mapLimit(pages, 3, ([path, viewport]) => withContext({ viewport }, async (context) => {
    const where = `${path} @${viewport.width}px`;
    const page = await context.newPage();
    await page.goto(env.origin + encodeURI(path));
    const problems = [];
    // The Manage page is the banner's full form and carries no banner; every other page shows it.
    const manage = /\/consent\/$/.test(path);
    if (manage) {
      if (await page.locator(BANNER).count()) problems.push(`${where}: the banner shows on the page that is its full form`);
      if (!(await page.locator('main form.consent-form').isVisible())) problems.push(`${where}: the choices form is not showing`);
    } else if (!(await page.locator(BANNER).isVisible())) problems.push(`${where}: the banner is not showing`);
    problems.push(...(await runAxe(page)).problems.map((p) => `@${viewport.width}px ${p}`));
    // In the accessibility tree: the banner region, the header, the main content and the footer, none hidden.
    const tree = await page.evaluate(([sel, manage]) => {
      const out = [];
      const banner = document.querySelector(sel);
      const hiding = (el) => el && el.closest('[aria-hidden="true"], [inert], [hidden]');
      const parts = [['the header', document.querySelector('header.site-header')], ['<main>', document.querySelector('main')], ['the footer', document.querySelector('footer.site-footer')]];
      if (!manage) parts.unshift(['the banner', banner]);
      for (const [what, el] of parts) {
        if (!el) out.push(`${what} is missing`);
        else if (hiding(el)) out.push(`${what} is inside ${hiding(el).outerHTML.slice(0, 80)}`);
      }
      for (const m of document.querySelectorAll('[aria-modal="true"], dialog[open]')) out.push(`a modal element hides the rest of the page: ${m.outerHTML.slice(0, 80)}`);
      if (banner) {
        // In the flow, before the header, over nothing.
        for (let a = banner; a && a !== document.body; a = a.parentElement) {
          const pos = getComputedStyle(a).position;
          if (pos === 'fixed' || pos === 'sticky' || pos === 'absolute') out.push(`the banner is positioned ${pos} (${a.tagName.toLowerCase()}.${a.className}), not in the page's flow`);
        }
        const b = banner.getBoundingClientRect();
        const h = document.querySelector('header.site-header').getBoundingClientRect();
        if (b.bottom > h.top + 0.5) out.push(`the banner (bottom ${b.bottom}) overlaps the header (top ${h.top})`);
        const skip = document.querySelector('.skip-link');
        if (!(skip.compareDocumentPosition(banner) & Node.DOCUMENT_POSITION_FOLLOWING)) out.push('the banner comes before the skip link');
        if (!(banner.compareDocumentPosition(document.querySelector('header.site-header')) & Node.DOCUMENT_POSITION_FOLLOWING)) out.push('the banner comes after the header');
      }
      return out;
    }, [BANNER, manage]);
    problems.push(...tree.map((x) => `${where}: ${x}`));
    const title = manage ? null : (await page.locator('#consent-banner-title').innerText()).trim();
    const roles = [['banner', {}], ['main', {}], ['contentinfo', {}]];
    if (!manage) roles.unshift(['region', { name: title, exact: true }]);
    for (const [role, options] of roles) {
      const n = await page.getByRole(role, options).count();
      if (n !== 1) problems.push(`${where}: ${n} ${role} landmarks${options.name ? ` named "${options.name}"` : ''} in the accessibility tree, expected 1`);
    }
    // The banner's controls are large enough targets (WCAG 2.5.8); its policy link sits in a sentence.
    const small = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} button, ${sel} form a`)]
      .map((el) => ({ t: el.innerText.trim(), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 24 || r.height < 24)
      .map(({ t, r }) => `"${t}" is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`), BANNER);
    problems.push(...small.map((s) => `${where}: banner target smaller than 24×24: ${s}`));
    return problems;
  }));
  expectNone(found.flat(), 'accessibility problems with the banner showing');
});

// ---------------------------------------------------------------------------
// 9. The keyboard with the banner showing

for (const [locale, viewport] of [['en', DESKTOP], ['ar', DESKTOP], ['en', { width: 375, height: 800 }]]) {
  test(`keyboard on /${locale}/ @${viewport.width}px with the banner: skip link, the banner's controls, then the header; Shift+Tab retraces; Escape traps nothing; focus is never obscured`, async () => {
    // Reduced motion: the theme scrolls smoothly otherwise, and a focused element is looked at
    // where the scroll ends, not on its way into view.
    await withContext({ viewport, reducedMotion: 'reduce' }, async (context) => {
      const page = await context.newPage();
      const where = `/${locale}/ @${viewport.width}px`;
      await page.goto(`${env.origin}/${locale}/`);
      const { stops, problems } = await keyboardWalk(page);
      const names = stops.map((s) => `${s.region}: ${s.name}`);

      // The banner's controls, in document order, come right after the skip link and before the header.
      const bannerStops = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} a[href], ${sel} button, ${sel} input:not([type="hidden"])`)]
        .map((el) => el.dataset.kbdStop || `never reached: ${el.tagName.toLowerCase()} "${el.innerText.trim()}"`), BANNER);
      if (bannerStops.length < 3) problems.push(`${where}: ${bannerStops.length} controls in the banner, expected at least 3`);
      const expected = bannerStops.join();
      const got = stops.slice(1, 1 + bannerStops.length).map((s) => s.id).join();
      if (got !== expected) problems.push(`${where}: after the skip link Tab reaches ${stops.slice(1, 1 + bannerStops.length).map((s) => s.name).join(', ')}; expected the banner's controls (${expected})`);
      const next = stops[1 + bannerStops.length];
      if (!next || next.region !== 'header') problems.push(`${where}: after the banner Tab reaches ${next ? `${next.region}: ${next.name}` : 'nothing'}, expected the header`);

      // Shift+Tab from the header's first control goes back through the banner to the skip link.
      if (next) {
        await page.focus(`[data-kbd-stop="${next.id}"]`);
        const back = [];
        for (let i = 0; i <= bannerStops.length; i++) {
          await page.keyboard.press('Shift+Tab');
          back.push(await page.evaluate(() => (document.activeElement && document.activeElement.dataset.kbdStop) || 'nothing'));
        }
        const want = ['1', ...bannerStops].reverse().join();
        if (back.join() !== want) problems.push(`${where}: Shift+Tab from the header visits stops ${back.join()}, expected ${want}`);
      }

      // Escape on each banner control: focus stays put (no trap, no jump), and Tab moves on.
      for (let i = 0; i < bannerStops.length; i++) {
        const id = bannerStops[i];
        if (!/^\d+$/.test(id)) continue;
        await page.focus(`[data-kbd-stop="${id}"]`);
        await page.keyboard.press('Escape');
        const still = await page.evaluate(() => (document.activeElement && document.activeElement.dataset.kbdStop) || 'nothing');
        await page.keyboard.press('Tab');
        const after = await page.evaluate(() => (document.activeElement && document.activeElement.dataset.kbdStop) || 'nothing');
        const wantNext = i + 1 < bannerStops.length ? bannerStops[i + 1] : next && next.id;
        if (still !== id) problems.push(`${where}: Escape on banner stop ${id} moved focus to ${still}`);
        if (after !== wantNext) problems.push(`${where}: Tab after Escape on banner stop ${id} went to ${after}, expected ${wantNext}`);
      }
      if ((await page.locator(BANNER).count()) !== 1) problems.push(`${where}: pressing Escape removed the banner`);

      // Focus not obscured (WCAG 2.4.11): along the whole Tab order from a fresh load, the focused element is on top at its middle.
      await page.goto(`${env.origin}/${locale}/`);
      for (let i = 0; i < stops.length; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(focusCoverage, BANNER);
        if (!f) break;
        if (f.offscreen) problems.push(`${where}: Tab stop ${i + 1} ${f.name} is outside the viewport when focused`);
        if (f.coveredBy) problems.push(`${where}: Tab stop ${i + 1} ${f.name} is covered by ${f.coveredBy}${f.byBanner ? ' (the banner)' : ''}`);
      }
      expectNone(problems, `keyboard problems with the banner on ${where}`, `Tab order (${stops.length} stops):\n  ${names.slice(0, 12).join('\n  ')}\n  …`);
    });
  });
}

// ---------------------------------------------------------------------------
// 7. The records

test('portico consent verify: the hash chain of every record made by this file holds, and every decision is in it', () => {
  const r = porticoConsent(DATA, 'verify');
  const m = /^ok: (\d+) records/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`portico consent verify exited ${r.status}:\n${r.stdout}${r.stderr}`);
  const ids = new Set(exportRecords(DATA).map((x) => x.consent_id));
  const missing = [...seenIds].filter((id) => !ids.has(id));
  if (!seenIds.size) throw new Error('no decision was looked up by the tests above (run the whole file)');
  if (missing.length) throw new Error(`consent ids missing from the export: ${missing.join(', ')}`);
  if (Number(m[1]) < seenIds.size) throw new Error(`verify counted ${m[1]} records for ${seenIds.size} visitors`);
});
