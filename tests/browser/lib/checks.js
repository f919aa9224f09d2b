'use strict';
// The checks, as functions of a Playwright page. Each returns what it found —
// never throws on a finding — so the demo tests can assert "nothing found" and
// the broken-site proof can assert "found exactly this", with the same code.
//
// Every function that finds problems returns { problems: string[], ... } where
// each problem is a readable line; `report(title, problems)` formats them.

const fs = require('node:fs');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** "title (n):\n  - problem\n  - problem" (or "title: none") */
function report(title, problems) {
  if (!problems.length) return `${title}: none`;
  return `${title} (${problems.length}):\n${problems.map((p) => `  - ${p.replace(/\n/g, '\n    ')}`).join('\n')}`;
}

/** Fails the current test with the readable report when anything was found. */
function expectNone(problems, title, footer = '') {
  if (problems.length) {
    const err = new Error(`${report(title, problems)}${footer ? `\n${footer}` : ''}`);
    err.stack = err.message; // the report is the whole story; no stack trace
    throw err;
  }
}

/** Waits until no animation runs (an opening panel fades in; colours mid-fade are not the real ones). */
async function settle(page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 });
}

const pathOf = (page) => {
  const u = new URL(page.url());
  return decodeURI(u.pathname) + u.search;
};

// ---------------------------------------------------------------------------
// 1. axe-core

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page, or on `include`
 * (a CSS selector). The page's CSP forbids inline <script>, so axe is evaluated
 * through the DevTools protocol (page.evaluate), which the CSP does not govern.
 * Returns { violations, problems } — one problem line per failing element.
 */
async function runAxe(page, { include = null } = {}) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ tags, include }) => {
      const result = await window.axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
          html: n.html.length > 160 ? `${n.html.slice(0, 157)}...` : n.html,
          why: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean)[0] || '',
        })),
      }));
    },
    { tags: AXE_TAGS, include },
  );
  const where = pathOf(page) + (include ? ` (within ${include})` : '');
  const problems = [];
  for (const v of violations) {
    for (const n of v.nodes) {
      problems.push(`${where}: [${v.impact}] ${v.id} — ${v.help}\n at ${n.target}\n ${n.why}\n ${n.html}`);
    }
  }
  return { violations, problems };
}

// ---------------------------------------------------------------------------
// 2. Keyboard

/** Facts about the focused element, tagged with data-kbd-stop so it can be found again. */
function describeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.kbdStop) el.dataset.kbdStop = String(document.querySelectorAll('[data-kbd-stop]').length + 1);
  // A <header> inside <main> (a page head) belongs to the main content.
  const region = el.closest('main') ? 'main' : el.closest('header') ? 'header' : el.closest('footer') ? 'footer' : 'other';
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('placeholder') || el.getAttribute('alt') || '')
    .replace(/\s+/g, ' ').trim().slice(0, 40);
  const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
  return {
    id: el.dataset.kbdStop,
    name: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}${text ? ` "${text}"` : ''}`,
    region,
    focused: { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, boxShadow: cs.boxShadow },
    visible: r.width > 0 && r.height > 0,
    inViewport: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
  };
}

function focusIndicatorProblem(stop) {
  const f = stop.focused;
  const u = stop.unfocused;
  const transparent = (c) => /rgba\([^)]*,\s*0\)$/.test(c) || c === 'transparent';
  // `outline-style: auto` is the browser's own focus ring, drawn whatever the width says.
  const outline = f.outlineStyle !== 'none' && (f.outlineStyle === 'auto' || parseFloat(f.outlineWidth) >= 2) && !transparent(f.outlineColor);
  const outlineChanged = !u || f.outlineStyle !== u.outlineStyle || f.outlineWidth !== u.outlineWidth || f.outlineColor !== u.outlineColor;
  const shadow = f.boxShadow !== 'none' && (!u || f.boxShadow !== u.boxShadow);
  if ((outline && outlineChanged) || shadow) return null;
  return `no visible focus indicator on ${stop.name} (${stop.region}): focused outline ${f.outlineStyle} ${f.outlineWidth} ${f.outlineColor}, box-shadow ${f.boxShadow}` +
    (u ? `; unfocused outline ${u.outlineStyle} ${u.outlineWidth}, box-shadow ${u.boxShadow}` : '');
}

/**
 * Presses Tab from the top of a freshly loaded page until focus leaves the
 * document or comes back to the first stop, then Shift+Tab all the way back.
 * Finds: a first stop that is not a skip link, keyboard traps (focus stuck or
 * cycling before the end of the page), focusable header/footer controls never
 * reached, stops without a visible focus indicator, and a Shift+Tab order
 * that is not the Tab order reversed.
 * Returns { stops, problems }.
 */
async function keyboardWalk(page, { maxSteps = 400, required = 'header a[href], header summary, header input, header button, footer a[href], footer button' } = {}) {
  const problems = [];
  const where = pathOf(page);
  const stops = [];
  let trapped = false;
  let sameCount = 0;
  for (let i = 0; i < maxSteps; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(describeFocus);
    if (!s) break; // focus left the document: the end of the page
    const last = stops[stops.length - 1];
    if (last && last.id === s.id) {
      if (++sameCount >= 3) {
        problems.push(`${where}: keyboard trap — focus stays on ${s.name} (${s.region}) after pressing Tab ${sameCount + 1} times (reached ${stops.length} stops)`);
        trapped = true;
        break;
      }
      continue;
    }
    sameCount = 0;
    const seen = stops.findIndex((x) => x.id === s.id);
    if (seen === 0) break; // wrapped around to the top: the end of the page
    if (seen > 0) {
      const cycle = stops.slice(seen).map((x) => x.name).join(' → ');
      problems.push(`${where}: keyboard trap — Tab cycles ${cycle} → ${s.name} without reaching the end of the page`);
      trapped = true;
      break;
    }
    stops.push(s);
    if (i === maxSteps - 1) {
      problems.push(`${where}: Tab did not reach the end of the page within ${maxSteps} presses (last: ${s.name})`);
      trapped = true;
    }
  }

  if (!stops.length) {
    problems.push(`${where}: Tab focuses nothing`);
    return { stops, problems };
  }

  // The first stop is a skip link: an in-page link to an existing element.
  const skip = await page.evaluate(() => {
    const el = document.querySelector('[data-kbd-stop="1"]');
    const href = el && el.getAttribute('href');
    return { ok: !!(el && el.tagName === 'A' && href && href.startsWith('#') && href.length > 1 && document.getElementById(href.slice(1))) };
  });
  if (!skip.ok) problems.push(`${where}: the first Tab stop is ${stops[0].name}, not a skip link to the main content`);

  // Every visible interactive control of the header and footer was reached.
  const missed = await page.evaluate((sel) => {
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest('main')) continue; // a page head's <header> is not the site header
      const r = el.getBoundingClientRect();
      // checkVisibility: false inside a closed <details> (content-visibility: hidden), display: none, visibility: hidden.
      if (!el.checkVisibility({ visibilityProperty: true }) || r.width === 0 || r.height === 0 || el.closest('[inert]')) continue;
      if (el.tabIndex < 0 && !el.matches('summary')) continue;
      if (!el.dataset.kbdStop) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.innerText || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim().slice(0, 40)}"`);
    }
    return out;
  }, required);
  for (const m of missed) problems.push(`${where}: never reached with Tab: ${m}`);
  if (!trapped && !stops.some((s) => s.region === 'footer')) problems.push(`${where}: Tab never reached the footer`);

  // Focus indicators: compare each stop's focused style with its unfocused style.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const unfocused = await page.evaluate(() =>
    [...document.querySelectorAll('[data-kbd-stop]')].map((el) => {
      const cs = getComputedStyle(el);
      return { id: el.dataset.kbdStop, outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, boxShadow: cs.boxShadow };
    }));
  for (const s of stops) {
    s.unfocused = unfocused.find((u) => u.id === s.id);
    if (!s.visible) continue; // e.g. a control that is focusable but drawn nowhere: reported by the caller if it matters
    const p = focusIndicatorProblem(s);
    if (p) problems.push(`${where}: ${p}`);
  }

  // Shift+Tab from the last stop retraces the same stops in reverse.
  if (!trapped && stops.length > 1) {
    await page.focus(`[data-kbd-stop="${stops[stops.length - 1].id}"]`);
    for (let i = stops.length - 2; i >= 0; i--) {
      await page.keyboard.press('Shift+Tab');
      const s = await page.evaluate(describeFocus);
      if (!s || s.id !== stops[i].id) {
        problems.push(`${where}: Shift+Tab from ${stops[i + 1].name} went to ${s ? s.name : 'nothing'}, expected ${stops[i].name}`);
        break;
      }
    }
  }
  return { stops, problems };
}

/**
 * For every visible disclosure (<details>/<summary>) in the header: focus its
 * summary, open it with Enter (then with Space), Tab into the panel, press
 * Escape, and expect the panel closed and focus back on the summary.
 * Returns { triggers, problems }.
 */
async function checkDisclosures(page, { scope = 'header' } = {}) {
  const problems = [];
  const where = pathOf(page);
  const triggers = await page.evaluate((scope) => {
    const out = [];
    document.querySelectorAll(`${scope} details > summary`).forEach((s, i) => {
      const r = s.getBoundingClientRect();
      if (s.checkVisibility({ visibilityProperty: true }) && r.width > 0 && r.height > 0) {
        s.dataset.kbdSummary = String(i);
        out.push({ i: String(i), label: s.innerText.replace(/\s+/g, ' ').trim() });
      }
    });
    return out;
  }, scope);
  for (const t of triggers) {
    for (const key of ['Enter', 'Space']) {
      const sel = `[data-kbd-summary="${t.i}"]`;
      await page.focus(sel);
      await page.keyboard.press(key);
      const opened = await page.evaluate((sel) => {
        const s = document.querySelector(sel);
        const panel = s.parentElement.querySelector(':scope > :not(summary)');
        const r = panel && panel.getBoundingClientRect();
        return { open: s.parentElement.open, shown: !!r && r.height > 0 };
      }, sel);
      if (!opened.open || !opened.shown) {
        problems.push(`${where}: ${key} on menu trigger "${t.label}" did not open its panel`);
        continue;
      }
      await page.keyboard.press('Tab');
      const inside = await page.evaluate((sel) => document.querySelector(sel).parentElement.contains(document.activeElement), sel);
      if (!inside) problems.push(`${where}: Tab after opening "${t.label}" did not move into its panel`);
      await page.keyboard.press('Escape');
      const after = await page.evaluate((sel) => {
        const s = document.querySelector(sel);
        const a = document.activeElement;
        return { open: s.parentElement.open, focusBack: a === s, focused: a ? a.tagName.toLowerCase() + (a.className ? `.${a.className}` : '') : 'nothing' };
      }, sel);
      if (after.open) problems.push(`${where}: Escape did not close the "${t.label}" panel (opened with ${key})`);
      if (!after.focusBack) problems.push(`${where}: after Escape, focus is on ${after.focused}, not on the "${t.label}" trigger (opened with ${key})`);
      await page.evaluate((sel) => { document.querySelector(sel).parentElement.open = false; }, sel);
    }
  }
  return { triggers, problems };
}

// ---------------------------------------------------------------------------
// 3. Target size (WCAG 2.5.8)

/**
 * Every visible interactive element in the header, main and footer is at least
 * `min`×`min` CSS px. Exempt (the "inline" exception): links inside the running
 * text of a paragraph or list item in `.prose`.
 * Returns { checked, problems }.
 */
async function checkTargetSize(page, { min = 24 } = {}) {
  const where = pathOf(page);
  const { checked, small } = await page.evaluate((min) => {
    const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const small = [];
    let checked = 0;
    for (const el of document.querySelectorAll(sel)) {
      if (!el.closest('header, main, footer')) continue;
      const cs = getComputedStyle(el);
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (el.tagName === 'A' && cs.display === 'inline' && el.closest('.prose') && el.parentElement.closest('p, li')) continue;
      checked++;
      if (r.width + 0.01 < min || r.height + 0.01 < min) {
        const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 40);
        const parent = el.parentElement;
        const pcls = parent.classList.length ? `.${[...parent.classList].join('.')}` : '';
        small.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().replace(/\s+/g, '.')}` : ''} in ${parent.tagName.toLowerCase()}${pcls} "${text}" is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`);
      }
    }
    return { checked, small };
  }, min);
  return { checked, problems: small.map((s) => `${where} @${page.viewportSize().width}px: target smaller than ${min}×${min}: ${s}`) };
}

// ---------------------------------------------------------------------------
// 4. Reflow (WCAG 1.4.10)

/** No horizontal scrolling at the current viewport width; names the widest culprits. */
async function checkReflow(page) {
  const where = pathOf(page);
  const r = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const culprits = [];
    if (scrollWidth > width) {
      for (const el of document.body.querySelectorAll('*')) {
        const b = el.getBoundingClientRect();
        if (b.width && (b.right > width + 0.5 || b.left < -0.5) && ![...el.children].some((c) => { const cb = c.getBoundingClientRect(); return cb.right > width + 0.5 || cb.left < -0.5; })) {
          const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
          culprits.push(`${el.tagName.toLowerCase()}${cls} (${Math.round(b.left)}…${Math.round(b.right)} px)`);
        }
        if (culprits.length >= 5) break;
      }
    }
    return { width, scrollWidth, culprits };
  });
  const problems = r.scrollWidth > page.viewportSize().width
    ? [`${where}: at ${page.viewportSize().width} px wide the page is ${r.scrollWidth} px wide (scrolls sideways); overflowing: ${r.culprits.join(', ') || 'unknown'}`]
    : [];
  return { ...r, problems };
}

// ---------------------------------------------------------------------------
// 5. Text spacing (WCAG 1.4.12)

const TEXT_SPACING_CSS = `
  * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
  p { margin-bottom: 2em !important; }
`;

/**
 * Applies the WCAG 1.4.12 text-spacing values (as a constructed stylesheet: the
 * CSP does not govern CSSOM changes made by script), then looks for clipped text:
 * a heading, button, summary or navigation link that overflows its own box while
 * it or an ancestor hides overflow. Returns { applied, checked, problems }.
 */
async function checkTextSpacing(page) {
  const where = pathOf(page);
  const r = await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const body = getComputedStyle(document.body);
    const applied = body.letterSpacing !== 'normal' && body.wordSpacing !== '0px';
    const sel = 'h1, h2, h3, h4, h5, h6, button, summary, .btn, nav a, header a, footer a, .more-link, label, .mega a, .card-title a';
    const hides = (cs) => /hidden|clip/.test(cs.overflowX + cs.overflowY);
    const clipped = [];
    let checked = 0;
    for (const el of document.querySelectorAll(sel)) {
      if (!el.checkVisibility({ visibilityProperty: true }) || el.closest('.visually-hidden')) continue;
      checked++;
      // The element itself and every ancestor that hides overflow: none may have more content than room.
      for (let a = el; a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (!hides(cs) || cs.display === 'inline' || a.classList.contains('visually-hidden')) continue;
        if (a.scrollHeight > a.clientHeight + 1 || a.scrollWidth > a.clientWidth + 1) {
          const cls = a.classList.length ? `.${[...a.classList].join('.')}` : '';
          const text = el.innerText.replace(/\s+/g, ' ').trim().slice(0, 40);
          clipped.push(`"${text}" clipped by ${a.tagName.toLowerCase()}${cls} (overflow ${cs.overflowX}/${cs.overflowY}; content ${a.scrollWidth}×${a.scrollHeight} px in ${a.clientWidth}×${a.clientHeight} px)`);
          break;
        }
      }
    }
    return { applied, checked, clipped };
  }, TEXT_SPACING_CSS);
  const problems = r.clipped.map((c) => `${where} @${page.viewportSize().width}px with text spacing: ${c}`);
  if (!r.applied) problems.push(`${where}: the text-spacing override did not apply`);
  return { applied: r.applied, checked: r.checked, problems };
}

// ---------------------------------------------------------------------------
// 6. Motion

/**
 * Hovers the first visible menu trigger, opens its panel, and lists what moves:
 * running animations (CSS and Web Animations), and CSS transitions or animations
 * longer than 0.01 s on any element (the triggers and panels among them).
 * Returns { moving, problems } — under prefers-reduced-motion: reduce, `moving`
 * should be empty.
 */
async function checkMotion(page) {
  const where = pathOf(page);
  const trigger = page.locator('header details > summary:visible').first();
  await trigger.hover();
  await trigger.click();
  await page.waitForTimeout(30); // let an opening animation start
  const moving = await page.evaluate(() => {
    const longest = (list) => Math.max(0, ...list.split(',').map((s) => (s.trim().endsWith('ms') ? parseFloat(s) / 1000 : parseFloat(s)) || 0));
    const name = (el) => `${el.tagName.toLowerCase()}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    const out = [];
    for (const a of document.getAnimations()) {
      if (a.playState === 'running') out.push(`running ${a.constructor.name} on ${a.effect && a.effect.target ? name(a.effect.target) : '?'}`);
    }
    for (const el of document.querySelectorAll('body, body *')) {
      const cs = getComputedStyle(el);
      const t = longest(cs.transitionDuration);
      const an = cs.animationName !== 'none' ? longest(cs.animationDuration) : 0;
      if (t > 0.01) out.push(`transition of ${t}s (${cs.transitionProperty}) on ${name(el)}`);
      if (an > 0.01) out.push(`animation ${cs.animationName} of ${an}s on ${name(el)}`);
    }
    return out;
  });
  await page.evaluate(() => document.querySelectorAll('header details[open]').forEach((d) => { d.open = false; }));
  return { moving, problems: moving.map((m) => `${where}: ${m}`) };
}

// ---------------------------------------------------------------------------
// 10. Weight and origins

/**
 * Loads `url` in `page` and records every request. Transferred bytes are the
 * encoded body plus headers as Chromium received them (it sends
 * Accept-Encoding itself). Returns { requests, bytes, problems } where problems
 * name requests to other origins, font files from other origins, and
 * render-blocking scripts in <head>; the budget is checked by the caller.
 */
async function measurePage(page, url) {
  const origin = new URL(url).origin;
  const requests = [];
  const onRequest = (req) => requests.push(req);
  page.on('request', onRequest);
  const main = await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  page.off('request', onRequest);
  const rows = [];
  for (const req of requests) {
    const res = await req.response();
    const sizes = res ? await req.sizes() : { responseBodySize: 0, responseHeadersSize: 0 };
    rows.push({
      url: req.url(),
      type: req.resourceType(),
      status: res ? res.status() : 0,
      encoding: res ? (await res.allHeaders())['content-encoding'] || 'identity' : '',
      bytes: sizes.responseBodySize + sizes.responseHeadersSize,
    });
  }
  const problems = [];
  for (const r of rows) {
    const o = new URL(r.url).origin;
    if (o !== origin && !r.url.startsWith('data:')) {
      problems.push(`${url}: request to another origin: ${r.url} (${r.type})`);
      if (r.type === 'font' || /\.(woff2?|ttf|otf|eot)(\?|$)/i.test(r.url)) problems.push(`${url}: font from another origin: ${r.url}`);
    }
  }
  const blocking = await page.evaluate(() =>
    [...document.head.querySelectorAll('script[src]')]
      .filter((s) => !s.defer && !s.async && s.type !== 'module')
      .map((s) => s.getAttribute('src')));
  for (const b of blocking) problems.push(`${url}: render-blocking script in <head>: ${b} (needs defer, async or type=module)`);
  const counted = rows.filter((r) => r.type !== 'image' && r.type !== 'media');
  const bytes = counted.reduce((n, r) => n + r.bytes, 0);
  const kind = await page.evaluate(() => (/\bkind-([a-z-]+)/.exec(document.body.className) || [])[1] || null);
  return { status: main ? main.status() : 0, kind, requests: rows, counted, bytes, problems };
}

module.exports = {
  AXE_TAGS,
  report,
  expectNone,
  settle,
  runAxe,
  keyboardWalk,
  checkDisclosures,
  checkTargetSize,
  checkReflow,
  checkTextSpacing,
  TEXT_SPACING_CSS,
  checkMotion,
  measurePage,
};
