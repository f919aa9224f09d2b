'use strict';
// Cookie consent, as the browser tests see it: a data folder for the server's
// consent records, everything a page could have stored, the requests a
// context makes, a decision submitted through the page (and the page the
// server sends the visitor back to), what covers the focused element, and
// `portico consent` on the records.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { porticoBin, REPO } = require('./server');

const CONSENT_COOKIE = '__Host-portico_consent';

/**
 * A fresh data folder for this test file's `portico serve` (its consent
 * records), passed through PORTICO_DATA_DIR, which the server reads. Call it
 * before `useSite()`. The folder is removed when the test process exits.
 */
function useDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-consent-'));
  process.env.PORTICO_DATA_DIR = dir;
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `portico consent ARGS --data DIR`; returns { status, stdout, stderr }. */
function porticoConsent(dir, ...args) {
  const r = spawnSync(porticoBin(), ['consent', ...args, '--data', dir], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${porticoBin()} consent ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every record of one consent id, oldest first (`portico consent lookup`). */
function lookupRecords(dir, consentId) {
  const r = porticoConsent(dir, 'lookup', consentId);
  if (r.status !== 0) throw new Error(`portico consent lookup ${consentId} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Every record in the store (`portico consent export --format jsonl`). */
function exportRecords(dir) {
  const r = porticoConsent(dir, 'export', '--format', 'jsonl');
  if (r.status !== 0) throw new Error(`portico consent export exited ${r.status}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/**
 * The consent cookie of a context, parsed: the server writes
 * `2.<consent id>.<decided at>.<opt-out flag>.<granted categories joined by +>.<policy version>.<signature>`
 * (the id is empty for a visitor the server does not know yet).
 * Returns { cookie, id, decidedAt, optOut, granted } or null.
 */
async function consentCookie(context) {
  const cookie = (await context.cookies()).find((c) => c.name === CONSENT_COOKIE);
  if (!cookie) return null;
  const [, id, at, optOut, cats] = cookie.value.split('.');
  return { cookie, id, decidedAt: Number(at), optOut, granted: cats ? cats.split('+') : [] };
}

/**
 * Everything a page could have kept about the visitor besides cookies:
 * localStorage and sessionStorage keys, IndexedDB databases, Cache Storage,
 * service workers; and document.cookie.
 */
async function storageOf(page) {
  return page.evaluate(async () => ({
    documentCookie: document.cookie,
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: typeof caches === 'object' ? await caches.keys() : [],
    serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope) : [],
  }));
}

/** Problem lines for anything `storageOf` found (document.cookie aside). */
function storageProblems(where, s) {
  const out = [];
  for (const kind of ['localStorage', 'sessionStorage', 'indexedDB', 'caches', 'serviceWorkers']) {
    if (s[kind].length) out.push(`${where}: ${kind} holds ${s[kind].join(', ')}`);
  }
  return out;
}

/**
 * Records every request `context` makes (every page and frame), in order.
 * `foreign()` lists those to an origin other than `origin`; `since(mark)`
 * those after a `mark()`.
 */
function recordRequests(context, origin) {
  const all = [];
  context.on('request', (r) => {
    let frame = '?';
    try { frame = r.frame().url(); } catch { /* a request without a frame (a worker's) */ }
    all.push({ url: r.url(), method: r.method(), type: r.resourceType(), frame });
  });
  const isForeign = (r) => !r.url.startsWith('data:') && !r.url.startsWith('blob:') && new URL(r.url).origin !== origin;
  return {
    all,
    mark: () => all.length,
    since: (mark) => all.slice(mark),
    foreign: (from = 0) => all.slice(from).filter(isForeign),
    toHost: (host, from = 0) => all.slice(from).filter((r) => !r.url.startsWith('data:') && new URL(r.url).hostname === host),
  };
}

const describeRequest = (r) => `${r.method} ${r.url} (${r.type}, from ${r.frame})`;

/**
 * Clicks `control` (a submit button of a form posting to /consent) and waits
 * for the page the server sends the visitor back to, fully loaded.
 * Returns { post: { status, location, setCookie }, status, url }.
 */
async function submitConsent(page, control) {
  const isConsentPost = (req) => req.method() === 'POST' && new URL(req.url()).pathname === '/consent';
  const posted = page.waitForResponse((r) => isConsentPost(r.request()));
  const landed = page.waitForResponse((r) => {
    const from = r.request().redirectedFrom();
    return !!from && isConsentPost(from) && r.request().isNavigationRequest();
  });
  const committed = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await control.click();
  const post = await posted;
  const back = await landed;
  await committed;
  await page.waitForLoadState('load');
  return {
    post: { status: post.status(), location: await post.headerValue('location'), setCookie: await post.headerValues('set-cookie') },
    status: back.status(),
    url: page.url(),
  };
}

/**
 * Decides consent once for a whole browser context, the way a visitor's
 * banner form does (POST /consent; the context keeps the cookie), so tests
 * about something else see pages without the banner. `action` is accept or
 * reject. Returns the consent cookie's value.
 */
async function decideOnce(context, origin, action = 'reject', locale = 'en') {
  const res = await context.request.post(`${origin}/consent`, {
    form: { action, locale, from: 'banner' },
    maxRedirects: 0,
  });
  if (res.status() !== 303) throw new Error(`POST /consent (${action}) answered ${res.status()}, expected 303`);
  const c = await consentCookie(context);
  if (!c) throw new Error(`POST /consent (${action}) set no ${CONSENT_COOKIE} cookie in the context`);
  return c.cookie.value;
}

/**
 * In the page: whether the focused element can be seen where it is
 * (WCAG 2.4.11 Focus Not Obscured): what `document.elementFromPoint` finds at
 * the middle of the visible part of its box. Returns null when nothing is
 * focused, else { name, inBanner, offscreen, coveredBy, byBanner }, where
 * coveredBy names the element on top (null when it is the focused element, something
 * inside it, or its own label).
 */
function focusCoverage(bannerSelector) {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const label = (x) => {
    const cls = x.classList && x.classList.length ? `.${[...x.classList].join('.')}` : '';
    const text = (x.getAttribute('aria-label') || x.innerText || x.value || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `${x.tagName.toLowerCase()}${x.id ? `#${x.id}` : ''}${cls}${text ? ` "${text}"` : ''}`;
  };
  const r = el.getBoundingClientRect();
  const out = { name: label(el), inBanner: !!el.closest(bannerSelector), offscreen: false, coveredBy: null, byBanner: false };
  if (r.width === 0 || r.height === 0) return out; // drawn nowhere (reported elsewhere if it matters)
  const left = Math.max(r.left, 0);
  const right = Math.min(r.right, innerWidth);
  const top = Math.max(r.top, 0);
  const bottom = Math.min(r.bottom, innerHeight);
  if (right <= left || bottom <= top) {
    out.offscreen = true;
    return out;
  }
  const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
  if (hit && !el.contains(hit) && !(el.labels && [...el.labels].some((l) => l.contains(hit)))) {
    out.coveredBy = label(hit);
    out.byBanner = !!hit.closest(bannerSelector);
  }
  return out;
}

module.exports = {
  CONSENT_COOKIE,
  useDataDir,
  porticoConsent,
  lookupRecords,
  exportRecords,
  consentCookie,
  storageOf,
  storageProblems,
  recordRequests,
  describeRequest,
  submitConsent,
  decideOnce,
  focusCoverage,
};
