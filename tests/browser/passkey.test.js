'use strict';
// Passkeys in Chromium, with the DevTools protocol's virtual authenticator
// (a platform authenticator with resident keys and user verification):
// register one on the account page, sign out, sign in with it and nothing
// else (no address typed), see it used in the audit trail; remove it and
// see the same sign-in refused. WebAuthn needs a secure context whose host
// is a domain, so this file talks to the server as http://localhost:PORT.

const { test } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const { useDataDir } = require('./lib/consent');
const { useSite } = require('./lib/setup');
const { porticoBin, REPO } = require('./lib/server');

const DATA = useDataDir();
const env = useSite({ crawl: false });

function portico(...args) {
  const r = spawnSync(porticoBin(), [...args, '--data', DATA], { cwd: REPO, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `portico ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

test('a passkey is registered, signs in alone, and stops when removed', async () => {
  const origin = env.origin.replace('127.0.0.1', 'localhost');
  const out = portico('user', 'add', 'pat@halcyon.example', '--role', 'viewer', '--base-url', origin);
  const link = out.trim().split('\n').pop();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await page.goto(link);
    await Promise.all([page.waitForURL('**/admin/account'), page.click('main form.admin-form button')]);
    assert.ok(await page.isVisible('[data-passkey-add]'), 'the script shows the passkey form');
    assert.ok(await page.isHidden('[data-passkey-unsupported]'));
    await page.fill('#passkey-name', 'Test laptop');
    await Promise.all([page.waitForURL(/done=admin-passkey-added/), page.click('text=Add a passkey')]);
    assert.match(await page.textContent('.admin-table'), /Test laptop/);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.strictEqual(credentials.length, 1);
    assert.ok(credentials[0].isResidentCredential, 'a discoverable credential');

    await Promise.all([page.waitForLoadState('load'), page.click('.admin-signout button')]);
    await page.goto(`${origin}/admin/sign-in`);
    assert.ok(await page.isVisible('[data-passkey-sign-in]'));
    await Promise.all([page.waitForURL(/\/admin\/$/), page.click('text=Sign in with a passkey')]);
    assert.match(await page.textContent('main'), /pat@halcyon\.example/);
    const trail = JSON.parse(portico('audit', 'lookup', 'pat@halcyon.example'));
    assert.ok(trail.some((r) => r.action === 'passkey-added' && r.detail.name === 'Test laptop'));
    assert.ok(trail.some((r) => r.action === 'sign-in' && r.detail.method === 'passkey'));

    await page.goto(`${origin}/admin/account`);
    await Promise.all([page.waitForURL(/done=admin-passkey-removed/), page.click('text=Remove')]);
    await Promise.all([page.waitForLoadState('load'), page.click('.admin-signout button')]);
    await page.goto(`${origin}/admin/sign-in`);
    await page.click('text=Sign in with a passkey');
    await page.waitForFunction(() => document.querySelector('[data-passkey-sign-in] .admin-status').textContent.length > 0);
    assert.match(page.url(), /\/admin\/sign-in$/);
    assert.ok(!(await context.cookies()).some((c) => c.name === '__Host-portico_session' && c.value), 'no session');
    const after = JSON.parse(portico('audit', 'lookup', 'pat@halcyon.example'));
    assert.ok(after.some((r) => r.action === 'passkey-removed'));
  } finally {
    await context.close();
  }
});
