'use strict';
// Proof that the checks can fail: the same functions the demo tests use, run on a
// site built to be inaccessible (tests/browser/fixtures/broken-site), report its
// three planted problems — an unlabeled field, faint text, a keyboard trap.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useSite } = require('./lib/setup');
const { runAxe, keyboardWalk, report } = require('./lib/checks');

const env = useSite({ site: 'tests/browser/fixtures/broken-site', crawl: false });

async function onPage(fn) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const res = await page.goto(`${env.origin}/en/`);
    assert.equal(res.status(), 200);
    return await fn(page);
  } finally {
    await context.close();
  }
}

/** Prints a report as test diagnostics, one line each. */
const show = (t, text) => text.split('\n').forEach((line) => t.diagnostic(line));

test('axe reports the unlabeled field (label) and the faint text (color-contrast) on the broken site', async (t) => {
  const { violations, problems } = await onPage((page) => runAxe(page));
  show(t, report('what axe reports on the broken site', problems));
  const ids = violations.map((v) => v.id);
  assert.ok(ids.includes('label'), `axe did not report the unlabeled field; it reported: ${ids.join(', ') || 'nothing'}`);
  assert.ok(ids.includes('color-contrast'), `axe did not report the faint text; it reported: ${ids.join(', ') || 'nothing'}`);
  const label = violations.find((v) => v.id === 'label');
  assert.ok(label.nodes.some((n) => n.target.includes('#newsletter-email')), `the label violation does not name #newsletter-email: ${JSON.stringify(label.nodes)}`);
  const contrast = violations.find((v) => v.id === 'color-contrast');
  assert.ok(contrast.nodes.some((n) => n.target.includes('.faint')), `the contrast violation does not name .faint: ${JSON.stringify(contrast.nodes)}`);
  // The report names the rule, its impact, the element and the page.
  assert.match(problems.join('\n'), /\/en\/: \[critical\] label — .*\n at #newsletter-email/);
});

test('the keyboard walk reports the trap on the broken site', async (t) => {
  const { stops, problems } = await onPage((page) => keyboardWalk(page));
  show(t, report('what the keyboard walk reports on the broken site', problems));
  t.diagnostic(`Tab order before the trap: ${stops.map((s) => s.name).join(' → ')}`);
  const trap = problems.find((p) => /keyboard trap/.test(p));
  assert.ok(trap, `no keyboard trap reported; problems: ${problems.join('; ') || 'none'}`);
  assert.match(trap, /input#newsletter-email/);
  assert.ok(!stops.some((s) => s.region === 'footer'), 'the walk reached the footer: the trap did not hold');
});
