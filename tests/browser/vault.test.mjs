// Issue 4 journey: the advisor invites a client from the dossier's Kluis tab;
// the client opens the link from the mail (file transport), types the SMS
// code (file transport), chooses a password, lands in the vault, sets up
// two-step verification under Instellingen, logs out and logs in again with
// password + TOTP. The client face is used at phone width.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, addUser, launchBrowser, watchPage, login, noHorizontalScroll, totp } from './lib.mjs';

const CLIENT_PASSWORD = 'mijn-eigen-kluis-wachtwoord-7';
let server, browser, base, mailDir, smsDir;

/* `kluis serve` like lib.mjs startServer, plus the file transports for mail
 * and SMS (the server refuses unknown KLUIS_* variables, so none leak in). */
async function startVaultServer({ timeoutMs = 10000 } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kluis-vault-'));
  mailDir = mkdtempSync(join(tmpdir(), 'kluis-mail-'));
  smsDir = mkdtempSync(join(tmpdir(), 'kluis-sms-'));
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KLUIS_')) env[k] = v;
  Object.assign(env, {
    KLUIS_LOG_LEVEL: 'warn',
    KLUIS_MAIL_TRANSPORT: `file://${mailDir}`,
    KLUIS_SMS_TRANSPORT: `file://${smsDir}`,
  });
  const proc = spawn(BIN, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'], env,
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; if (stderr.length > 65536) stderr = stderr.slice(-32768); });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const url = await new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`server did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on (http:\/\/\S+)$/m);
      if (m) { clearTimeout(timer); res(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited early (${code})\n${stderr}`)); });
  }).catch((e) => { proc.kill('SIGKILL'); throw e; });
  proc.stdout.resume();
  return {
    url, dataDir, proc, stderr: () => stderr,
    async stop() {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
      for (const d of [dataDir, mailDir, smsDir]) rmSync(d, { recursive: true, force: true });
    },
  };
}

/* Wait (bounded) until dir holds a file ending in ext that was not seen yet;
 * returns its content. */
async function nextFile(dir, ext, seen, what, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const fresh = readdirSync(dir).filter((f) => f.endsWith(ext) && !seen.has(f)).sort();
    if (fresh.length) {
      seen.add(fresh[0]);
      return readFileSync(join(dir, fresh[0]), 'utf8');
    }
    if (Date.now() > end) throw new Error(`no ${what} within ${timeoutMs} ms in ${dir}\n${server.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/* Quoted-printable: soft line breaks "=\r\n" / "=\n" and =XX bytes. */
function decodeQP(s) {
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

/* The activation link of an .eml: from its text/plain part. */
function activationPath(eml) {
  const parts = eml.split(/\r?\n--/);
  const text = parts.find((p) => /Content-Type:\s*text\/plain/i.test(p)) ?? eml;
  const body = text.replace(/^[\s\S]*?\r?\n\r?\n/, '');
  const decoded = /Content-Transfer-Encoding:\s*quoted-printable/i.test(text) ? decodeQP(body) : body;
  const m = decoded.match(/https?:\/\/[^\s/]+(\/portaal\/activeren\?t=[A-Za-z0-9_-]+)/);
  assert.ok(m, `an activation link in the mail text:\n${decoded}`);
  return m[1];
}

before(async () => {
  server = await startVaultServer();
  base = server.url;
  addUser(server.dataDir, { email: 'adviseur@kantoor.test', name: 'Anouk Adviseur', role: 'advisor' });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) await server.stop();
});

async function submit(page, name) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name, exact: true }).click()]);
}

async function fitsPhone(page, what) {
  const { scrollWidth, innerWidth } = await noHorizontalScroll(page);
  assert.ok(scrollWidth <= innerWidth, `${what}: no horizontal scrolling at phone width (${scrollWidth} > ${innerWidth})`);
}

test('advisor invites; client activates with the SMS code, sets up 2FA and logs in with TOTP', async () => {
  const seenMail = new Set(), seenSms = new Set();

  // --- the advisor: a dossier with a first applicant, invited from the Kluis tab
  const staff = await browser.newContext();
  const sp = await staff.newPage();
  const staffProblems = watchPage(sp);
  await login(sp, base, { email: 'adviseur@kantoor.test' });
  await sp.goto(base + '/app/dossiers/nieuw');
  await sp.selectOption('#f-kind', 'private');
  await submit(sp, 'Dossier aanmaken');
  const dossierUrl = sp.url();
  await sp.goto(dossierUrl + '/personen/nieuw');
  await sp.selectOption('#f-role', 'applicant1');
  await sp.fill('#f-first_name', 'Sanne');
  await sp.fill('#f-last_name', 'de Groot');
  await sp.fill('#f-email_0', 'sanne@voorbeeld.nl');
  await sp.fill('#f-phone_0', '06 12345678');
  await submit(sp, 'Opslaan');

  await sp.goto(dossierUrl + '?tab=kluis');
  await sp.locator('#vault-status', { hasText: 'Geen kluis' }).waitFor();
  await sp.getByText('sanne@voorbeeld.nl').waitFor();
  await submit(sp, 'Uitnodiging versturen');
  assert.equal(sp.url(), dossierUrl + '?tab=kluis');
  await sp.locator('#vault-status', { hasText: 'Uitgenodigd' }).waitFor();
  await sp.getByText('De uitnodiging is verstuurd.').waitFor();
  assert.deepEqual(staffProblems, [], 'staff pages: no console errors or CSP violations');

  // --- the client, on a phone: the link from the mail, the code from the SMS
  const eml = await nextFile(mailDir, '.eml', seenMail, 'invitation mail');
  assert.match(eml, /^To:.*sanne@voorbeeld\.nl/im);
  const path = activationPath(eml);
  const client = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const cp = await client.newPage();
  const problems = watchPage(cp);
  await cp.goto(base + path);
  await cp.getByRole('heading', { name: 'Activeer uw kluis' }).waitFor();
  await cp.getByLabel('Code uit de sms').waitFor();
  await fitsPhone(cp, 'activation page');
  const sms = JSON.parse(await nextFile(smsDir, '.json', seenSms, 'SMS'));
  assert.equal(sms.to, '+31612345678');
  const code = sms.text.match(/\b(\d{6})\b/)?.[1];
  assert.ok(code, `a 6-digit code in the SMS: ${sms.text}`);
  await cp.getByLabel('Code uit de sms').fill(code);
  await cp.fill('#password', CLIENT_PASSWORD);
  await cp.fill('#password2', CLIENT_PASSWORD);
  await submit(cp, 'Kluis activeren');
  assert.equal(new URL(cp.url()).pathname, '/portaal/');
  await cp.getByRole('heading', { name: 'Welkom, Sanne' }).waitFor();
  await cp.getByRole('heading', { name: 'Uw adviseur' }).waitFor();
  await cp.getByText('Anouk Adviseur').waitFor();
  await fitsPhone(cp, 'overview');

  // --- Instellingen: two-step verification with the key shown next to the QR code
  await Promise.all([cp.waitForNavigation(), cp.getByRole('link', { name: 'Instellingen' }).click()]);
  await submit(cp, 'Tweestapsverificatie instellen');
  await cp.locator('img.qr').waitFor();
  const secret = (await cp.locator('#totp-secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  await fitsPhone(cp, 'settings with QR code');
  await cp.fill('#totp', totp(secret));
  await submit(cp, 'Bevestigen en aanzetten');
  await cp.getByText('Gelukt: tweestapsverificatie is aangezet.').waitFor();

  // the advisor sees it on the Kluis tab
  await sp.goto(dossierUrl + '?tab=kluis');
  await sp.locator('#vault-status', { hasText: 'Actief' }).waitFor();
  assert.equal((await sp.locator('#vault-2fa').textContent()).trim(), 'Aan');

  // --- log out, log in with password + TOTP
  await submit(cp, 'Uitloggen');
  assert.equal(new URL(cp.url()).pathname, '/portaal/login');
  await cp.fill('#email', 'sanne@voorbeeld.nl');
  await cp.fill('#password', CLIENT_PASSWORD);
  await submit(cp, 'Inloggen');
  await cp.getByText('Vul ook de code uit uw authenticator-app in.').waitFor();
  // the code used to confirm is spent: take the next step's (accepted within +-1 step)
  await cp.fill('#password', CLIENT_PASSWORD);
  await cp.fill('#totp', totp(secret, Date.now() + 30000));
  await submit(cp, 'Inloggen');
  assert.equal(new URL(cp.url()).pathname, '/portaal/');
  await cp.getByRole('heading', { name: 'Welkom, Sanne' }).waitFor();
  await fitsPhone(cp, 'overview after login');

  // only the expected 401 of the login without TOTP
  const unexpected = problems.filter((p) => !/status of 401/.test(p));
  assert.deepEqual(unexpected, [], 'client pages: no console errors, page errors or CSP violations');
  await client.close();
  await staff.close();
});
