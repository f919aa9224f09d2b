'use strict';
// HTML_CodeSniffer (the engine pa11y runs) as a second accessibility checker,
// injected through the DevTools protocol like axe (the page's CSP governs
// neither). No browser is downloaded: it runs in the same Chromium.

const fs = require('node:fs');

const HTMLCS_SOURCE = fs.readFileSync(require.resolve('html_codesniffer/build/HTMLCS.js'), 'utf8');
// HTMLCS reports "Error", "Warning" and "Notice"; only errors are failures
// (warnings and notices are things for a person to review).
const ERROR = 1;

const pathOf = (page) => {
  const u = new URL(page.url());
  return decodeURI(u.pathname) + u.search;
};

/**
 * Runs HTML_CodeSniffer's WCAG2AA standard on the page's document. Returns
 * { problems } — one readable line per error (code, message, element).
 */
async function runHtmlcs(page) {
  const loaded = await page.evaluate(() => typeof window.HTMLCS === 'object');
  if (!loaded) await page.evaluate(HTMLCS_SOURCE);
  const errors = await page.evaluate(
    ({ level }) => new Promise((resolve, reject) => {
      window.HTMLCS.process('WCAG2AA', document, (failed) => {
        if (failed) {
          reject(new Error('HTMLCS could not run'));
          return;
        }
        resolve(window.HTMLCS.getMessages()
          .filter((m) => m.type === level)
          .map((m) => {
            const el = m.element;
            const html = el && el.outerHTML ? el.outerHTML : String(el && el.nodeName);
            return { code: m.code, msg: m.msg, html: html.length > 160 ? `${html.slice(0, 157)}...` : html };
          }));
      });
    }),
    { level: ERROR },
  );
  const where = pathOf(page);
  return { problems: errors.map((e) => `${where}: ${e.code}\n ${e.msg}\n ${e.html}`) };
}

module.exports = { runHtmlcs };
