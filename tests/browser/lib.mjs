// Shared helpers for the browser tests: a real `kluis serve` on a fresh data
// directory, users made with `kluis user add`, TOTP codes, and Debian's
// Chromium driven by playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
 * prints its listening line. With transports: true the mail and SMS go to
 * file transports in fresh temp dirs (mailDir, smsDir; see nextFile). */
export async function startServer({ timeoutMs = 10000, transports = false } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kluis-browser-'));
  const mailDir = transports ? mkdtempSync(join(tmpdir(), 'kluis-mail-')) : null;
  const smsDir = transports ? mkdtempSync(join(tmpdir(), 'kluis-sms-')) : null;
  const dirs = [dataDir, mailDir, smsDir].filter(Boolean);
  const removeDirs = () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); };
  const proc = spawn(BIN, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(transports ? { KLUIS_MAIL_TRANSPORT: `file://${mailDir}`, KLUIS_SMS_TRANSPORT: `file://${smsDir}` } : {}),
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; if (stderr.length > 65536) stderr = stderr.slice(-32768); });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const cleanupOnFailure = (e) => { proc.kill('SIGKILL'); removeDirs(); throw e; };
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
    mailDir,
    smsDir,
    proc,
    stderr: () => stderr,
    /* SIGTERM, wait for exit, remove the data dir; returns {code, signal}. */
    async stop({ timeoutMs: t = 10000 } = {}) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), t);
      const r = await exited;
      clearTimeout(timer);
      removeDirs();
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

/* Submit the page's form by clicking the button with this exact name and wait
 * for the page that follows. */
export async function submit(page, name) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name, exact: true }).click()]);
}

/* Wait (bounded) until dir holds a file ending in ext that was not seen yet;
 * returns its content. context() adds to the error (e.g. the server's stderr). */
export async function nextFile(dir, ext, seen, what, { timeoutMs = 5000, context = () => '' } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const fresh = readdirSync(dir).filter((f) => f.endsWith(ext) && !seen.has(f)).sort();
    if (fresh.length) {
      seen.add(fresh[0]);
      return readFileSync(join(dir, fresh[0]), 'utf8');
    }
    if (Date.now() > end) throw new Error(`no ${what} within ${timeoutMs} ms in ${dir}\n${context()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/* Quoted-printable: soft line breaks "=\r\n" / "=\n" and =XX bytes. */
export function decodeQP(s) {
  const bytes = [];
  const t = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
      bytes.push(parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(t[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/* The activation path (/portaal/activeren?t=...) of an invitation .eml, from
 * its text/plain part; throws when there is none. */
export function activationPath(eml) {
  const parts = eml.split(/\r?\n--/);
  const text = parts.find((p) => /Content-Type:\s*text\/plain/i.test(p)) ?? eml;
  const body = text.replace(/^[\s\S]*?\r?\n\r?\n/, '');
  const decoded = /Content-Transfer-Encoding:\s*quoted-printable/i.test(text) ? decodeQP(body) : body;
  const m = decoded.match(/https?:\/\/[^\s/]+(\/portaal\/activeren\?t=[A-Za-z0-9_-]+)/);
  if (!m) throw new Error(`no activation link in the mail text:\n${decoded}`);
  return m[1];
}

/* A staff API session (POST /api/v1/session): call(method, path, body) sends
 * the session cookie and X-CSRF-Token, checks the status and returns the JSON
 * (or null for an empty body). */
export async function apiSession(base, { email, password = PASSWORD }) {
  const r = await fetch(base + '/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`POST /api/v1/session: ${r.status} ${await r.text()}`);
  const { csrf_token: csrf } = await r.json();
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return {
    async call(method, path, body, expect = method === 'POST' ? 201 : 200) {
      const headers = { Cookie: cookie, 'X-CSRF-Token': csrf };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} (expected ${expect}) ${text}`);
      return text ? JSON.parse(text) : null;
    },
  };
}
