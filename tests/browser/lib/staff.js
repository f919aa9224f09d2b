'use strict';
// A member of staff for a test file: the account made once with `portico
// user add` (in the file's data folder), and a browser context signed in
// through a fresh one-time link each time one is asked for.

const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const { porticoBin, REPO } = require('./server');

/** Runs `portico ARGS --data DATA`; its standard output (fails the test otherwise). */
function porticoIn(data, ...args) {
  const r = spawnSync(porticoBin(), [...args, '--data', data], { cwd: REPO, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `portico ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/**
 * `env` is the file's { origin, browser } (filled in before the first
 * test). Returns { portico, signedIn }: `signedIn(options)` opens a context
 * (1280×900 unless `options` says otherwise) signed in as `email`, whose
 * account (with `role`) is made the first time.
 */
function useStaff(env, data, email, role) {
  const portico = (...args) => porticoIn(data, ...args);
  let made = false;
  async function signedIn(options = {}) {
    if (!made) {
      portico('user', 'add', email, '--role', role, '--base-url', env.origin);
      made = true;
    }
    const link = portico('user', 'link', email, '--base-url', env.origin).trim().split('\n').pop();
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    await page.goto(link);
    await Promise.all([page.waitForURL('**/admin/account'), page.click('main form.admin-form button')]);
    return { context, page };
  }
  return { portico, signedIn };
}

module.exports = { useStaff };
