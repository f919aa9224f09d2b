'use strict';
// Single sign-on against a real OpenID provider (npm `oidc-provider`)
// started here on http://localhost:PORT — another site than the server's
// http://127.0.0.1:PORT, as a real provider is. The server maps the
// `groups` claim to roles. Chromium signs in on the provider's own pages.
// Checked: a first sign-in makes the account with its mapped role and
// lands signed in; an unverified address, a person without a role, a
// wrong state and a replayed code are refused, set no session and are
// audited; the audit chain verifies.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const { useDataDir } = require('./lib/consent');
const { startPortico, porticoBin, REPO } = require('./lib/server');
const { launchBrowser } = require('./lib/browser');
const { listenProvider } = require('./lib/oidc');

const DATA = useDataDir();
const CLIENT_ID = 'portico-test';
const CLIENT_SECRET = 'a-client-secret-for-this-test-only-0123456789';
const PEOPLE = {
  ada: { email: 'ada@halcyon.example', email_verified: true, name: 'Ada Okafor', groups: ['staff', 'web-editors'] },
  eve: { email: 'eve@halcyon.example', email_verified: false, name: 'Eve Unverified', groups: ['web-admins'] },
  sam: { email: 'sam@halcyon.example', email_verified: true, name: 'Sam No Role', groups: ['staff'] },
};

const env = {};

before(async () => {
  env.provider = await listenProvider(PEOPLE);
  env.server = await startPortico({
    args: [
      '--sso-issuer', env.provider.issuer,
      '--sso-client-id', CLIENT_ID,
      '--sso-name', 'Halcyon staff sign-in',
      '--sso-role-claim', 'groups',
      '--sso-role', 'editor=web-editors',
      '--sso-role', 'admin=web-admins',
    ],
    env: { PORTICO_SSO_CLIENT_SECRET: CLIENT_SECRET },
  });
  env.origin = env.server.origin;
  await env.provider.serve({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${env.origin}/admin/sso/callback`,
  });
  env.browser = await launchBrowser();
});

after(async () => {
  try {
    if (env.browser) await env.browser.close();
  } finally {
    if (env.server) await env.server.stop();
    if (env.provider) await env.provider.close();
  }
});

function portico(...args) {
  const r = spawnSync(porticoBin(), [...args, '--data', DATA], { cwd: REPO, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `portico ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** A fresh browser whose requests never leave loopback (the provider's pages import a web font). */
async function newContext() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  return context;
}

/**
 * From the server's sign-in page through the provider's login and consent
 * pages as `login`. With `answer`, the provider's answer is held back from
 * the server and returned (its URL).
 */
async function throughProvider(page, login, { answer } = {}) {
  const held = answer ? env.provider.holdNextAnswer() : null;
  await page.goto(`${env.origin}/admin/sign-in`);
  await page.click('text=Sign in with Halcyon staff sign-in');
  await page.waitForURL((u) => !u.href.startsWith(`${env.origin}/admin/sign-in`), { waitUntil: 'commit' });
  if (page.url().startsWith(env.provider.issuer) && (await page.locator('input[name=login]').count()) > 0) {
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'anything');
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
  }
  if (page.url().startsWith(env.provider.issuer) && (await page.locator('text=Continue').count()) > 0) {
    await page.click('text=Continue');
  }
  return held;
}

async function hasSession(context) {
  return (await context.cookies()).some((c) => c.name === '__Host-portico_session' && c.value);
}

function trail(email) {
  return JSON.parse(portico('audit', 'lookup', email));
}

/** Every audit record (`portico audit export`, one JSON object per line). */
function everyRecord() {
  return portico('audit', 'export').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

test('a first sign-in makes the account with its mapped role and signs in', async () => {
  const context = await newContext();
  try {
    const page = await context.newPage();
    await throughProvider(page, 'ada');
    await page.waitForURL(`${env.origin}/admin/`);
    assert.match(await page.textContent('main'), /ada@halcyon\.example|Ada Okafor/);
    assert.ok(await hasSession(context), 'a session cookie');
    const cookies = await context.cookies();
    assert.ok(!cookies.some((c) => c.name === '__Host-portico_sso' && c.value), 'the waiting sign-in is forgotten');
    const records = trail('ada@halcyon.example');
    const made = records.find((r) => r.action === 'account-created');
    assert.ok(made, 'the account was made');
    assert.strictEqual(made.actor, 'single-sign-on');
    assert.strictEqual(made.detail.role, 'editor');
    assert.ok(records.some((r) => r.action === 'sign-in' && r.detail.method === 'sso'));
    const listed = portico('user', 'list');
    assert.match(listed, /ada@halcyon\.example\s+editor/);
  } finally {
    await context.close();
  }
});

test('an address the provider has not verified is refused', async () => {
  const context = await newContext();
  try {
    const page = await context.newPage();
    await throughProvider(page, 'eve');
    await page.waitForURL(`${env.origin}/admin/sso/callback?*`);
    assert.match(await page.textContent('main'), /has not verified your email address/);
    assert.ok(!(await hasSession(context)), 'no session');
    assert.ok(trail('eve@halcyon.example').some((r) => r.action === 'sign-in-failed' && r.detail.reason === 'email-not-verified'));
    assert.doesNotMatch(portico('user', 'list'), /eve@halcyon\.example/);
  } finally {
    await context.close();
  }
});

test('a person in no group with a role here is refused', async () => {
  const context = await newContext();
  try {
    const page = await context.newPage();
    await throughProvider(page, 'sam');
    await page.waitForURL(`${env.origin}/admin/sso/callback?*`);
    assert.match(await page.textContent('main'), /is not in any group that has a role/);
    assert.ok(!(await hasSession(context)));
    assert.ok(trail('sam@halcyon.example').some((r) => r.action === 'sign-in-failed' && r.detail.reason === 'no-role'));
  } finally {
    await context.close();
  }
});

test('an answer with another state is refused and spends the sign-in', async () => {
  const context = await newContext();
  try {
    const page = await context.newPage();
    const answer = await throughProvider(page, 'ada', { answer: true });
    const url = new URL(answer);
    assert.ok(url.searchParams.get('code') && url.searchParams.get('state'));
    const forged = new URL(answer);
    forged.searchParams.set('state', `${url.searchParams.get('state')}x`);
    const response = await page.goto(forged.href);
    assert.strictEqual(response.status(), 400);
    assert.match(await page.textContent('main'), /took too long or was started in another browser/);
    assert.ok(!(await hasSession(context)));
    // The genuine answer now finds nothing waiting: one answer per sign-in.
    const again = await page.goto(answer);
    assert.strictEqual(again.status(), 400);
    assert.ok(!(await hasSession(context)));
  } finally {
    await context.close();
  }
});

test('a code used once is refused the second time', async () => {
  const context = await newContext();
  try {
    const page = await context.newPage();
    const first = await throughProvider(page, 'ada', { answer: true });
    const signedIn = await page.goto(first);
    assert.strictEqual(signedIn.status(), 200);
    await page.waitForURL(`${env.origin}/admin/`);
    assert.ok(await hasSession(context));
    await context.clearCookies({ name: '__Host-portico_session' });

    // The same answer again: nothing is waiting for it.
    const replayed = await page.goto(first);
    assert.strictEqual(replayed.status(), 400);
    assert.ok(!(await hasSession(context)));

    // A new sign-in (the provider remembers the person), answered with the
    // old code under the new state: the provider refuses the used code.
    const second = await throughProvider(page, 'ada', { answer: true });
    const oldCode = new URL(first).searchParams.get('code');
    const mixed = new URL(second);
    mixed.searchParams.set('code', oldCode);
    const refused = await page.goto(mixed.href);
    assert.strictEqual(refused.status(), 403);
    assert.match(await page.textContent('main'), /did not confirm who you are/);
    assert.ok(!(await hasSession(context)));
    const records = everyRecord().filter((r) => r.subject === '(single sign-on)');
    assert.ok(records.some((r) => r.action === 'sign-in-failed' && r.detail.reason === 'code-refused'));
    assert.ok(records.some((r) => r.action === 'sign-in-failed' && r.detail.reason === 'state-mismatch'));
    assert.ok(records.some((r) => r.action === 'sign-in-failed' && r.detail.reason === 'no-sign-in-waiting'));
  } finally {
    await context.close();
  }
});

test('the audit chain verifies after every sign-in above', () => {
  const r = spawnSync(porticoBin(), ['audit', 'verify', '--data', DATA], { cwd: REPO, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
});
