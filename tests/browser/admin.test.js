'use strict';
// The staff's side in Chromium, without any JavaScript of the page's: an
// account made with `portico user add`, its one-time link opened (which
// uses nothing up) and used with its button; a password set; signing out
// and in again with the password (Enter in the form); the session cookie's
// attributes; a second use of the link refused. axe (WCAG 2.0–2.2 A and AA)
// on every admin page in en, fr and ar, at 1280 and 375 px, with an error
// list showing; the keyboard through the sign-in form and the account page
// (every control reached in order, visible focus, no trap). Last, `portico
// audit verify` passes and the trail holds what happened.
//
// The server keeps its state in a fresh data folder of its own
// (PORTICO_DATA_DIR), shared with the `portico user` commands run here.

const { test } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const { useDataDir } = require('./lib/consent');
const { useSite } = require('./lib/setup');
const { porticoBin, REPO } = require('./lib/server');
const { runAxe, keyboardWalk, expectNone } = require('./lib/checks');
const { validateHtml } = require('./lib/nu');

const DATA = useDataDir();
const env = useSite({ crawl: false });

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const GOOD = 'lagoon kettle orbit marmalade';
const SESSION = '__Host-portico_session';

/** Runs `portico ARGS --data DATA`; returns stdout, failing on a non-zero exit. */
function portico(...args) {
  const r = spawnSync(porticoBin(), [...args, '--data', DATA], { cwd: REPO, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run portico ${args.join(' ')}: ${r.error.message}`);
  assert.strictEqual(r.status, 0, `portico ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** A one-time sign-in link for `email`, as `portico user link` prints it. */
function signInLink(email) {
  const out = portico('user', 'link', email, '--base-url', env.origin);
  const url = out.trim().split('\n').pop();
  assert.match(url, /\/admin\/link\/pl_[0-9a-f]{64}$/);
  return url;
}

/** A context signed in as `email` by way of a fresh link. */
async function signedIn(email, options = {}) {
  const context = await env.browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  await page.goto(signInLink(email));
  await Promise.all([page.waitForURL('**/admin/account'), page.click('main form.admin-form button')]);
  await page.close();
  return context;
}

let admin = null;
function adminAccount() {
  admin ??= portico('user', 'add', 'rosa@halcyon.example', '--role', 'admin', '--name', 'Rosa Ortega', '--base-url', env.origin);
  return 'rosa@halcyon.example';
}

test('a sign-in link is used by its button, then a password signs in', async () => {
  portico('user', 'add', 'ines@halcyon.example', '--role', 'editor', '--scope', 'careers/');
  const link = signInLink('ines@halcyon.example');
  const context = await env.browser.newContext({ viewport: DESKTOP });
  try {
    const page = await context.newPage();
    const opened = await page.goto(link);
    assert.strictEqual(opened.status(), 200);
    assert.strictEqual((await context.cookies()).length, 0, 'opening the link sets nothing');
    await Promise.all([page.waitForURL('**/admin/account'), page.click('main form.admin-form button')]);
    const session = (await context.cookies()).find((c) => c.name === SESSION);
    assert.ok(session, 'a session cookie');
    assert.deepStrictEqual([session.secure, session.httpOnly, session.sameSite, session.path], [true, true, 'Strict', '/']);
    assert.match(await page.textContent('h1'), /Your account/);

    // A password that is too easy is refused with the error linked to its field.
    await page.fill('#new-password', 'passwordpassword');
    await Promise.all([page.waitForLoadState('load'), page.click('text=Save password')]);
    assert.strictEqual(await page.getAttribute('.admin-errors a', 'href'), '#new-password');

    await page.fill('#new-password', GOOD);
    await Promise.all([page.waitForURL(/done=admin-password-saved/), page.click('text=Save password')]);
    assert.match(await page.textContent('.admin-notice'), /password is saved/);
    const renewed = (await context.cookies()).find((c) => c.name === SESSION);
    assert.notStrictEqual(renewed.value, session.value, 'a new session after the change');

    await Promise.all([page.waitForLoadState('load'), page.click('.admin-signout button')]);
    assert.ok(!(await context.cookies()).some((c) => c.name === SESSION && c.value), 'signed out');

    await page.goto(`${env.origin}/admin/sign-in`);
    await page.fill('#email', 'Ines@Halcyon.example');
    await page.fill('#password', GOOD);
    await Promise.all([page.waitForURL(/\/admin\/$/), page.press('#password', 'Enter')]);
    assert.match(await page.textContent('main'), /ines@halcyon\.example/);

    // The link was used once; its button now leads nowhere.
    await page.goto(link);
    await Promise.all([page.waitForLoadState('load'), page.click('main form.admin-form button')]);
    assert.match(await page.textContent('h1'), /does not work/);
  } finally {
    await context.close();
  }
});

for (const locale of ['en', 'fr', 'ar']) {
  test(`every admin page is axe-clean in ${locale}, wide and narrow`, async () => {
    const email = adminAccount();
    const headers = { 'Accept-Language': locale };
    const problems = [];
    for (const viewport of [DESKTOP, PHONE]) {
      // Signed out: the sign-in page, empty and with its error list.
      const anonymous = await env.browser.newContext({ viewport, extraHTTPHeaders: headers });
      const page = await anonymous.newPage();
      await page.goto(`${env.origin}/admin/sign-in`);
      assert.strictEqual(await page.getAttribute('html', 'lang'), locale);
      assert.strictEqual(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
      problems.push(...(await runAxe(page)).problems);
      await page.fill('#email', 'nobody@halcyon.example');
      await page.fill('#password', 'not the password at all');
      await Promise.all([page.waitForLoadState('load'), page.click('main form.admin-form button')]);
      assert.ok(await page.isVisible('.admin-errors'), 'the error list');
      problems.push(...(await runAxe(page)).problems);
      await anonymous.close();

      const context = await signedIn(email, { viewport, extraHTTPHeaders: headers });
      const p = await context.newPage();
      const item = `/admin/content/item?locale=${locale}&key=careers`;
      const textMode = `${item}&mode=text`;
      for (const path of ['/admin/', '/admin/account', '/admin/accounts', '/admin/audit', '/admin/content', '/admin/content?section=stories', item, textMode]) {
        const res = await p.goto(`${env.origin}${path}`);
        assert.strictEqual(res.status(), 200, path);
        assert.strictEqual(res.headers()['cache-control'], 'no-store', path);
        problems.push(...(await runAxe(p)).problems);
      }
      // The item page with the compiler's diagnostics listed (nothing saved).
      await p.goto(`${env.origin}${textMode}`);
      await p.fill('#text', '+++\ntitel = "typo"\n+++\nText.\n');
      await Promise.all([p.waitForLoadState('load'), p.click('.admin-editor button[type=submit]')]);
      assert.match(await p.textContent('.admin-errors'), /titel/);
      assert.strictEqual(await p.inputValue('#text'), '+++\ntitel = "typo"\n+++\nText.\n', 'the typed text is kept');
      problems.push(...(await runAxe(p)).problems);
      // A valid change saved as a draft, then its changes, line by line.
      await p.goto(`${env.origin}${textMode}`);
      await p.fill('#text', `${await p.inputValue('#text')}\nOne more line (${viewport.width}).\n`);
      await Promise.all([p.waitForURL(/done=saved/), p.click('.admin-editor button[type=submit]')]);
      assert.ok(await p.isVisible('.admin-notice'));
      problems.push(...(await runAxe(p)).problems);
      await Promise.all([p.waitForURL(/\/admin\/content\/diff/), p.click('.admin-row-actions a >> nth=0')]);
      assert.match(await p.textContent('.admin-diff'), /One more line/);
      problems.push(...(await runAxe(p)).problems);
      await context.close();
    }
    expectNone(problems, `axe on the admin pages (${locale})`);
  });
}

test('the keyboard reaches every control of the sign-in and account pages in order', async () => {
  const email = adminAccount();
  const problems = [];
  const anonymous = await env.browser.newContext({ viewport: DESKTOP });
  const page = await anonymous.newPage();
  await page.goto(`${env.origin}/admin/sign-in`);
  const walk = await keyboardWalk(page, { required: 'main input:not([type=hidden]), main button, header a[href], footer a[href]' });
  problems.push(...walk.problems);
  const order = walk.stops.filter((s) => s.region === 'main').map((s) => s.name);
  const email_at = order.findIndex((n) => /email/i.test(n));
  const password_at = order.findIndex((n) => /password/i.test(n));
  const button_at = order.findIndex((n) => /sign in/i.test(n));
  assert.ok(email_at >= 0 && email_at < password_at && password_at < button_at, `main stops in order: ${order.join(' → ')}`);
  await anonymous.close();

  const context = await signedIn(email);
  const p = await context.newPage();
  await p.goto(`${env.origin}/admin/account`);
  problems.push(...(await keyboardWalk(p, { required: 'main input:not([type=hidden]):not([hidden]), main button, main a[href]' })).problems);
  await context.close();
  expectNone(problems, 'keyboard on the admin pages');
});

test('the Nu HTML Checker finds no error on the signed-in pages', async (t) => {
  const email = adminAccount();
  const pages = new Map();
  for (const locale of ['en', 'ar']) {
    const context = await signedIn(email, { extraHTTPHeaders: { 'Accept-Language': locale } });
    try {
      const item = `/admin/content/item?locale=${locale}&key=careers`;
      const editorPages = ['/admin/content/new', '/admin/content/new?type=story&locale=en', '/admin/content/trash', `${item}&mode=text`];
      for (const path of ['/admin/', '/admin/account', '/admin/accounts', '/admin/audit', '/admin/content', '/admin/content?section=stories', item, ...editorPages]) {
        const res = await context.request.get(`${env.origin}${path}`);
        assert.strictEqual(res.status(), 200, path);
        pages.set(`${locale}${path}`, await res.text());
      }
      // The comparison of the last two revisions (the axe test above saved some).
      const link = /href="(\/admin\/content\/diff\?[^"]+)"/.exec(pages.get(`${locale}${item}`));
      assert.ok(link, 'the item has a revision to compare');
      const diff = await context.request.get(`${env.origin}${link[1].replaceAll('&amp;', '&')}`);
      assert.strictEqual(diff.status(), 200);
      pages.set(`${locale}/admin/content/diff`, await diff.text());
    } finally {
      await context.close();
    }
  }
  const { problems, count } = validateHtml(pages);
  expectNone(problems.slice(0, 60), `the Nu HTML Checker on ${count} signed-in pages`);
  t.diagnostic(`validated ${count} pages`);
});

test('the audit trail verifies and holds what happened', () => {
  const verify = spawnSync(porticoBin(), ['audit', 'verify', '--data', DATA], { cwd: REPO, encoding: 'utf8' });
  assert.strictEqual(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /^ok: \d+ records/);
  const trail = JSON.parse(portico('audit', 'lookup', 'ines@halcyon.example'));
  const actions = trail.map((r) => r.action);
  for (const a of ['account-created', 'link-created', 'sign-in', 'password-set', 'sign-out']) {
    assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
  }
  assert.ok(trail.some((r) => r.action === 'sign-in' && r.detail.method === 'password'), 'a password sign-in');
  assert.ok(!JSON.stringify(trail).includes(GOOD), 'no password in the trail');
});
