// Lighthouse scores (performance, accessibility, best practices, SEO) of the
// demo site's home page and a story page, with Debian's Chromium.
//
//   npm ci --prefix bench/lighthouse && node bench/lighthouse/run.mjs
//
// Starts `portico serve` on a free loopback port (with --base-url set to that
// address, so canonical and hreflang links point where the pages are served)
// and stops it at the end. Prints a Markdown section for BENCHMARKS.md.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = process.env.PORTICO_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'release', 'portico');
const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const pages = [['home page', '/en/'], ['story page', '/en/stories/gauge-s3-launch/']];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const origin = `http://127.0.0.1:${port}`;
const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--base-url', origin], { cwd: root, stdio: 'ignore' });
const stop = () => { try { server.kill('SIGTERM'); } catch {} };
process.on('exit', stop);

for (let i = 0; i < 300; i++) {
  try { const r = await fetch(`${origin}/en/`); if (r.ok) break; } catch {}
  await new Promise((r) => setTimeout(r, 100));
}

const rows = [];
try {
  for (const [name, path] of pages) {
    const out = join(mkdtempSync(join(tmpdir(), 'portico-lh-')), 'report.json');
    execFileSync(join(here, 'node_modules', '.bin', 'lighthouse'), [
      `${origin}${path}`,
      '--quiet',
      '--output=json',
      `--output-path=${out}`,
      `--only-categories=${categories.join(',')}`,
      '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run',
    ], { env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const scores = categories.map((c) => Math.round(report.categories[c].score * 100));
    const failing = Object.values(report.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id);
    rows.push([name, path, ...scores, failing.join(', ') || '—']);
  }
} finally {
  stop();
}

const version = JSON.parse(readFileSync(join(here, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
const chromeVersion = execFileSync(chrome, ['--version']).toString().trim();
console.log('## Lighthouse (mobile, simulated throttling)\n');
console.log(`- date: ${new Date().toISOString().slice(0, 10)}, Lighthouse ${version}, ${chromeVersion}, machine: 2 cores`);
console.log('- command: `npm ci --prefix bench/lighthouse && node bench/lighthouse/run.mjs`\n');
console.log('| page | path | performance | accessibility | best practices | SEO | failing binary audits |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
