'use strict';
// Shared start/stop for a test file: one server, one browser, both stopped at the end.

const { after, before } = require('node:test');
const { startPortico } = require('./server');
const { launchBrowser } = require('./browser');
const { crawl } = require('./crawl');

/**
 * Registers before/after hooks; returns an object whose fields are filled in
 * before the first test: { origin, browser, crawled, server }.
 */
function useSite({ site = 'site', browser = true, crawl: doCrawl = true } = {}) {
  const env = {};
  before(async () => {
    env.server = await startPortico({ site });
    env.origin = env.server.origin;
    if (browser) env.browser = await launchBrowser();
    if (doCrawl) env.crawled = await crawl(env.origin);
  });
  after(async () => {
    try {
      if (env.browser) await env.browser.close();
    } finally {
      if (env.server) await env.server.stop();
    }
  });
  return env;
}

module.exports = { useSite };
