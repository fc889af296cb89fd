// Issue 4 journey: the advisor invites a client from the dossier's Kluis tab;
// the client opens the link from the mail (file transport), types the SMS
// code (file transport), chooses a password, lands in the vault, sets up
// two-step verification under Instellingen, logs out and logs in again with
// password + TOTP. The client face is used at phone width.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  activationPath, addUser, launchBrowser, login, nextFile, noHorizontalScroll, startServer, submit, totp, watchPage,
} from './lib.mjs';

const CLIENT_PASSWORD = 'mijn-eigen-kluis-wachtwoord-7';
let server, browser, base, mailDir, smsDir;

before(async () => {
  server = await startServer({ transports: true });
  ({ url: base, mailDir, smsDir } = server);
  addUser(server.dataDir, { email: 'adviseur@kantoor.test', name: 'Anouk Adviseur', role: 'advisor' });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) await server.stop();
});

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
  const eml = await nextFile(mailDir, '.eml', seenMail, 'invitation mail', { context: server.stderr });
  assert.match(eml, /^To:.*sanne@voorbeeld\.nl/im);
  const path = activationPath(eml);
  const client = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const cp = await client.newPage();
  const problems = watchPage(cp);
  await cp.goto(base + path);
  await cp.getByRole('heading', { name: 'Activeer uw kluis' }).waitFor();
  await cp.getByLabel('Code uit de sms').waitFor();
  await fitsPhone(cp, 'activation page');
  const sms = JSON.parse(await nextFile(smsDir, '.json', seenSms, 'SMS', { context: server.stderr }));
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
