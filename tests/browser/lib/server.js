'use strict';
// Starts `portico serve` on a free loopback port and stops it again.

const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const REPO = path.resolve(__dirname, '..', '..', '..');

function porticoBin() {
  return process.env.PORTICO_BIN || path.join(REPO, 'target', 'debug', 'portico');
}

/**
 * Starts the server and resolves once it logs "serving on http://127.0.0.1:PORT/".
 * `site` is a folder relative to the repository (default: the demo site);
 * `args` are added to `serve`'s, `env` to the environment.
 * Returns { origin, stop(), logs } ; stop() sends SIGTERM and waits for the exit.
 */
function startPortico({ site = 'site', args: extra = [], env = {}, timeoutMs = 120000 } = {}) {
  const bin = porticoBin();
  const args = ['serve', '--addr', '127.0.0.1:0', '--site', path.resolve(REPO, site), ...extra];
  const child = spawn(bin, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = [];
  let exited = false;
  const exitedP = new Promise((resolve) => child.once('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  // A test process that ends without calling stop() (an error, a cancelled run) must not
  // leave a server behind.
  const onExit = () => { if (!exited) child.kill('SIGTERM'); };
  const onSignal = (signal) => { onExit(); process.exit(signal === 'SIGINT' ? 130 : 143); };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stop = async () => {
    process.removeListener('exit', onExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5000);
      await exitedP;
      clearTimeout(timer);
    }
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`portico did not report its address within ${timeoutMs} ms\n${logs.join('\n')}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${bin}: ${err.message} (build it with \`cargo build --bin portico\` or set PORTICO_BIN)`));
    });
    exitedP.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`portico exited early (code ${code}, signal ${signal})\n${logs.join('\n')}`));
    });
    readline.createInterface({ input: child.stderr }).on('line', (line) => logs.push(line));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (logs.length < 2000) logs.push(line);
      const m = /"message":"serving on (http:\/\/127\.0\.0\.1:\d+)\/"/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ origin: m[1], stop, logs });
      }
    });
  });
}

module.exports = { startPortico, porticoBin, REPO };
