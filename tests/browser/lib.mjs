// Shared helpers for the browser tests: a real `kluis serve` on a fresh data
// directory, users made with `kluis user add`, TOTP codes, and Debian's
// Chromium driven by playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = resolve(process.env.TEST_KLUIS_BIN || 'build/kluis');
export const PASSWORD = 'correct-horse-battery-42';

/* The server treats every KLUIS_* variable as configuration and refuses
 * unknown ones, so any stray KLUIS_ variable must not reach it. */
function serverEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KLUIS_')) env[k] = v;
  return { ...env, KLUIS_LOG_LEVEL: 'warn', ...extra };
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/* Start `kluis serve` on port 0 in a fresh temp data dir; resolves once it
 * prints its listening line. */
export async function startServer({ timeoutMs = 10000 } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kluis-browser-'));
  const proc = spawn(BIN, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(),
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; if (stderr.length > 65536) stderr = stderr.slice(-32768); });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const cleanupOnFailure = (e) => { proc.kill('SIGKILL'); rmSync(dataDir, { recursive: true, force: true }); throw e; };
  const url = await new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`server did not print its listening line within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on (http:\/\/\S+)$/m);
      if (m) { clearTimeout(timer); res(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited early (${code})\n${stderr}`)); });
    proc.on('error', (e) => { clearTimeout(timer); rej(new Error(`cannot start ${BIN}: ${e.message}`)); });
  }).catch(cleanupOnFailure);
  proc.stdout.resume();
  return {
    url,
    dataDir,
    proc,
    stderr: () => stderr,
    /* SIGTERM, wait for exit, remove the data dir; returns {code, signal}. */
    async stop({ timeoutMs: t = 10000 } = {}) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), t);
      const r = await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      return r;
    },
  };
}

/* `kluis user add`; returns the TOTP secret for roles with mandatory 2FA, else null. */
export function addUser(dataDir, { email, name, role = 'advisor', password = PASSWORD }) {
  const r = spawnSync(BIN, ['user', 'add', '--email', email, '--name', name, '--role', role,
    '--password-stdin', '--data', dataDir], {
    input: password + '\n', encoding: 'utf8',
    env: serverEnv(),
  });
  if (r.status !== 0) throw new Error(`user add ${email} failed (${r.status}): ${r.stderr}`);
  const m = r.stdout.match(/^totp_secret: ([A-Z2-7]+=*)$/m);
  return m ? m[1] : null;
}

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of s.toUpperCase().replace(/[=\s]/g, '')) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`bad base32 character ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) { bits -= 8; out.push((value >>> bits) & 0xff); }
  }
  return Buffer.from(out);
}

/* RFC 6238: SHA1, 6 digits, 30 s steps. */
export function totp(secret, timeMs = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / 30)));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const off = h[h.length - 1] & 0x0f;
  const n = (h.readUInt32BE(off) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}

/* Chromium from Debian. Playwright gives each launch a fresh temporary
 * --user-data-dir of its own (and refuses one in args), so no profile leaks
 * between runs. */
export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30000 });
}

/* Collect console errors, page errors and CSP violations of a page. */
export function watchPage(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text()))
      problems.push(`console ${msg.type()}: ${msg.text()} @ ${page.url()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message} @ ${page.url()}`));
  return problems;
}

/* Fill and submit the staff login form (mouse-free: fill + Enter). */
export async function login(page, base, { email, password = PASSWORD, code = '' }) {
  await page.goto(base + '/app/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  if (code) await page.fill('#totp', code);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.press('#password', 'Enter')]);
}

export async function noHorizontalScroll(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}
