// Documents journey (R3, R5, R6): the advisor asks for two documents on the
// product page; the client, on a phone, sees both requests at 0%, uploads a
// photo for each (the upload form shows its progress bar while sending); the
// advisor approves one and rejects the other with a reason on the Documenten
// tab; the client sees the reason and 50% progress. Then the advisor shares
// one document with the Publiek switch (R7), the admin adds a general
// document (R9, R10), and the client downloads both from Documenten.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  activationPath, addUser, apiSession, launchBrowser, login, nextFile, noHorizontalScroll, startServer, submit, totp,
  watchPage,
} from './lib.mjs';

const ADVISOR = 'adviseur@kantoor.test';
const ADMIN = 'beheer@kantoor.test';
const CLIENT_EMAIL = 'sanne@voorbeeld.nl';
const CLIENT_PASSWORD = 'mijn-eigen-kluis-wachtwoord-7';
const FIRST = 'Salarisstrook', SECOND = 'Werkgeversverklaring';
// a 24x16 RGB PNG (a small colour gradient)
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAACmklEQVR4nAXBERuFMBiA0Y+TSTxOJvE4mcTjJImH75NM4nEyicfJJB5fSfod9xwRoRN6QQuDMApWmIRZ8MIibEIQduEQknAKl1CEW3iEJvyETxBRdIpeoRWDYlRYxaSYFV6xKDZFUOyKQ5EUp+JSFMWteBRN8VN8ChFNp+k1WjNoRo3VTJpZ4zWLZtMEza45NElzai5N0dyaR9M0P82nETF0ht6gDYNhNFjDZJgN3rAYNkMw7IbDkAyn4TIUw214DM3wM3wGEUtn6S3aMlhGi7VMltniLYtlswTLbjksyXJaLkux3JbH0iw/y2cRcXSO3qEdg2N0WMfkmB3esTg2R3DsjsORHKfjchTH7XgczfFzfA4RT+fpPdozeEaP9Uye2eM9i2fzBM/uOTzJc3ouT/HcnsfTPD/P5xFZ6Vb6Fb0yrIwrdmVamVf8yrKyrYSVfeVYSSvnyrVSVu6VZ6Wt/Fa+FZFAF+gDOjAExoANTIE54ANLYAuEwB44AilwBq5ACdyBJ9ACv8AXEIl0kT6iI0NkjNjIFJkjPrJEtkiI7JEjkiJn5IqUyB15Ii3yi3wRkUSX6BM6MSTGhE1MiTnhE0tiS4TEnjgSKXEmrkRJ3Ikn0RK/xJcQyXSZPqMzQ2bM2MyUmTM+s2S2TMjsmSOTMmfmypTMnXkyLfPLfBmRQlfoC7owFMaCLUyFueALS2ErhMJeOAqpcBauQinchafQCr/CVxCpdJW+oitDZazYylSZK76yVLZKqOyVo5IqZ+WqlMpdeSqt8qt8FZFG1+gbujE0xoZtTI254RtLY2uExt44GqlxNq5GadyNp9Eav8bXEHnpXvoX/TK8jC/2ZXqZX/zL8rK9hJf95XhJL+fL9VJe7pfnpb38Xr6XP+ZxFV9P8YM/AAAAAElFTkSuQmCC',
  'base64');

let server, browser, base, photoDir, adminSecret;

before(async () => {
  server = await startServer({ transports: true });
  base = server.url;
  addUser(server.dataDir, { email: ADVISOR, name: 'Anouk Adviseur', role: 'advisor' });
  adminSecret = addUser(server.dataDir, { email: ADMIN, name: 'Bram Beheer', role: 'admin' });
  photoDir = mkdtempSync(join(tmpdir(), 'kluis-photos-'));
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) await server.stop();
  if (photoDir) rmSync(photoDir, { recursive: true, force: true });
});

/* The client's request card with this subject on /portaal/ (a rejected one is
 * asked for again as "<subject> (opnieuw opgevraagd)"). */
const requestCard = (page, subject) => page.locator('li.p-request')
  .filter({ has: page.locator('strong', { hasText: new RegExp(`^${subject}( \\(opnieuw opgevraagd\\))?$`) }) });

/* Upload a photo into the request's form; asserts the progress bar was shown
 * while sending and the overview then says the documents arrived. The
 * upload is held back briefly so the bar stays visible long enough to see. */
async function uploadPhoto(page, subject, file) {
  const card = requestCard(page, subject);
  await card.locator('input[type="file"]').setInputFiles(file);
  const bar = card.locator('.p-upload-progress');
  assert.equal(await bar.isHidden(), true, `${subject}: the upload progress bar is hidden before sending`);
  const held = '**/portaal/verzoeken/*/bestanden';
  await page.route(held, async (route) => { await new Promise((r) => setTimeout(r, 400)); await route.continue(); });
  // the next navigation (the page may already be /portaal/?geleverd=1)
  const arrived = page.waitForNavigation({ waitUntil: 'load' });
  await card.getByRole('button', { name: 'Versturen', exact: true }).click();
  await card.locator('.p-upload-progress:not([hidden])').waitFor({ state: 'visible', timeout: 2000 });
  assert.equal(await card.getByRole('button', { name: 'Versturen', exact: true }).isDisabled(), true,
    `${subject}: the button is disabled while sending`);
  await arrived;
  await page.unroute(held);
  assert.match(page.url(), /\/portaal\/\?geleverd=1/);
  await page.getByText('Uw documenten zijn ontvangen').waitFor();
}

test('advisor requests documents; client uploads photos on a phone; advisor reviews; client sees the outcome', async () => {
  // --- setup through the API: a private dossier, a first applicant, a public service, the invitation
  const api = await apiSession(base, { email: ADVISOR });
  const dossier = await api.call('POST', '/api/v1/dossiers', { kind: 'private' });
  await api.call('POST', `/api/v1/dossiers/${dossier.id}/persons`, {
    role: 'applicant1', first_name: 'Sanne', last_name: 'de Groot',
    emails: [{ type: 'private', address: CLIENT_EMAIL }],
    phones: [{ type: 'mobile', number: '+31612345678' }],
  });
  const product = await api.call('POST', `/api/v1/dossiers/${dossier.id}/products`, { type: 'service', public: true });
  await api.call('POST', `/api/v1/dossiers/${dossier.id}/vault/invitation`, {});

  // --- the client activates from the mail link with the SMS code, on a phone
  const eml = await nextFile(server.mailDir, '.eml', new Set(), 'invitation mail', { context: server.stderr });
  const client = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const cp = await client.newPage();
  const problems = watchPage(cp);
  await cp.goto(base + activationPath(eml));
  const sms = JSON.parse(await nextFile(server.smsDir, '.json', new Set(), 'SMS', { context: server.stderr }));
  const code = sms.text.match(/\b(\d{6})\b/)?.[1];
  assert.ok(code, `a 6-digit code in the SMS: ${sms.text}`);
  await cp.getByLabel('Code uit de sms').fill(code);
  await cp.fill('#password', CLIENT_PASSWORD);
  await cp.fill('#password2', CLIENT_PASSWORD);
  await submit(cp, 'Kluis activeren');
  assert.equal(new URL(cp.url()).pathname, '/portaal/');
  await cp.getByText('Er staat nu niets voor u klaar.').waitFor();

  // --- the advisor asks for two documents on the product page
  const staff = await browser.newContext();
  const sp = await staff.newPage();
  const staffProblems = watchPage(sp);
  await login(sp, base, { email: ADVISOR });
  await sp.goto(`${base}/app/producten/${product.id}`);
  await sp.getByRole('heading', { name: 'Documenten opvragen' }).waitFor();
  await sp.getByRole('checkbox', { name: FIRST }).check();
  await sp.getByRole('checkbox', { name: SECOND }).check();
  await submit(sp, 'Opvragen');

  // --- the client sees both requests and 0%
  await cp.goto(base + '/portaal/');
  for (const subject of [FIRST, SECOND]) {
    await requestCard(cp, subject).waitFor();
    assert.match(await requestCard(cp, subject).locator('.badge').textContent(), /Nog aanleveren/);
  }
  assert.equal((await cp.locator('.p-progress-label strong').textContent()).trim(), '0%');
  assert.equal(await cp.locator('progress.p-progress').getAttribute('value'), '0');

  // --- one photo per request
  const photo1 = join(photoDir, 'salarisstrook.png'), photo2 = join(photoDir, 'werkgever.png');
  writeFileSync(photo1, PNG);
  writeFileSync(photo2, PNG);
  await uploadPhoto(cp, FIRST, photo1);
  assert.match(await requestCard(cp, FIRST).locator('.badge').textContent(), /Ontvangen, wordt bekeken/);
  assert.equal(await requestCard(cp, FIRST).locator('form[data-upload]').count(), 0, 'no form for a delivered request');
  // a delivered request counts as handled on the client's side
  assert.equal((await cp.locator('.p-progress-label strong').textContent()).trim(), '50%');
  await uploadPhoto(cp, SECOND, photo2);
  assert.match(await requestCard(cp, SECOND).locator('.badge').textContent(), /Ontvangen, wordt bekeken/);

  // --- the advisor approves the first and rejects the second with a reason
  const docsUrl = `${base}/app/dossiers/${dossier.id}?tab=documenten`;
  await sp.goto(docsUrl);
  const reviewItem = (subject) => sp.locator('li.review-item')
    .filter({ has: sp.locator('strong', { hasText: new RegExp(`^${subject}( \\(opnieuw opgevraagd\\))?$`) }) });
  await reviewItem(FIRST).waitFor();
  assert.equal(await reviewItem(FIRST).getByRole('link', { name: 'Downloaden', exact: true }).count(), 1);
  assert.equal(await reviewItem(FIRST).getByRole('link', { name: 'Bekijken', exact: true }).count(), 1);
  await Promise.all([sp.waitForNavigation({ waitUntil: 'load' }),
    reviewItem(FIRST).getByRole('button', { name: 'Goedkeuren', exact: true }).click()]);
  assert.equal(sp.url(), docsUrl, 'back on the Documenten tab after approving');
  await reviewItem(SECOND).getByLabel('Reden van afkeuren').fill('Foto is onscherp');
  await Promise.all([sp.waitForNavigation({ waitUntil: 'load' }),
    reviewItem(SECOND).getByRole('button', { name: 'Afkeuren', exact: true }).click()]);
  assert.equal(sp.url(), docsUrl, 'back on the Documenten tab after rejecting');
  assert.equal((await reviewItem(FIRST).locator('.badge').textContent()).trim(), 'Goedgekeurd');
  assert.equal((await reviewItem(SECOND).locator('.badge').textContent()).trim(), 'Afgekeurd');
  assert.equal(await reviewItem(FIRST).getByRole('button', { name: 'Goedkeuren' }).count(), 0, 'approved: no review forms');
  assert.equal(await reviewItem(SECOND).getByRole('button', { name: 'Afkeuren' }).count(), 0, 'rejected: no reject form');

  // --- the client sees the reason, can upload again, and 50%
  await cp.goto(base + '/portaal/');
  await requestCard(cp, SECOND).getByText('Afgekeurd: Foto is onscherp').waitFor();
  assert.equal((await requestCard(cp, SECOND).locator('strong').textContent()).trim(), `${SECOND} (opnieuw opgevraagd)`);
  assert.match(await requestCard(cp, SECOND).locator('.badge').textContent(), /Opnieuw aanleveren/);
  assert.equal(await requestCard(cp, SECOND).locator('form[data-upload]').count(), 1, 'a rejected request can be uploaded again');
  assert.equal(await requestCard(cp, FIRST).count(), 0, 'the approved request left the open list');
  await cp.locator('details.p-done', { hasText: FIRST }).waitFor({ state: 'attached' });
  assert.equal((await cp.locator('.p-progress-label strong').textContent()).trim(), '50%');
  assert.equal(await cp.locator('progress.p-progress').getAttribute('value'), '50');

  // --- R7: the advisor shares the approved document with the "Publiek" switch; the client finds it under Documenten
  await sp.goto(docsUrl);
  const docRow = sp.locator('tr', { has: sp.locator(`input[name="description"][value="${FIRST}"]`) });
  await docRow.waitFor();
  assert.equal((await docRow.locator('td').nth(2).textContent()).trim(), 'Niet in de kluis');
  await Promise.all([sp.waitForNavigation({ waitUntil: 'load' }),
    docRow.getByRole('button', { name: 'Niet publiek', exact: true }).click()]);
  assert.equal((await docRow.locator('td').nth(2).textContent()).trim(), 'In de kluis');
  assert.equal(await docRow.getByRole('button', { name: 'Publiek', exact: true }).getAttribute('aria-pressed'), 'true');
  await cp.goto(base + '/portaal/');
  await cp.getByRole('link', { name: 'Documenten', exact: true }).click();
  await cp.getByRole('heading', { name: 'Mijn documenten' }).waitFor();
  const shared = cp.locator('ul.p-docs a', { hasText: FIRST });
  await shared.waitFor();
  assert.equal(await cp.locator('ul.p-docs a', { hasText: SECOND }).count(), 0, 'the other document is not shared');
  const [download] = await Promise.all([cp.waitForEvent('download'), shared.click()]);
  assert.match(download.suggestedFilename(), /\.pdf$/);
  await noHorizontalScroll(cp);
  await cp.getByRole('link', { name: 'Belangrijke documenten', exact: true }).click();
  await cp.getByText('Er zijn nu geen belangrijke documenten.').waitFor();

  // --- R9/R10: the admin adds a general document under "Privacy"; the client finds it under Belangrijke documenten
  const admin = await browser.newContext();
  const ap = await admin.newPage();
  const adminProblems = watchPage(ap);
  await login(ap, base, { email: ADMIN, code: totp(adminSecret) });
  await ap.goto(`${base}/app/beheer/documenten`);
  await ap.getByRole('heading', { name: 'Algemene documenten', exact: true }).waitFor();
  const policy = join(photoDir, 'privacy.png');
  writeFileSync(policy, PNG);
  await ap.locator('#up-file').setInputFiles(policy);
  await ap.fill('#up-desc', 'Privacyverklaring 2026');
  await ap.selectOption('#up-cat', { label: 'Privacy' });
  await ap.getByLabel('Publiek (zichtbaar in de kluis van klanten)').check();
  await submit(ap, 'Document toevoegen');
  await ap.getByText('De wijzigingen zijn opgeslagen.').waitFor();
  await cp.reload();
  await cp.getByRole('heading', { name: 'Privacy', exact: true }).waitFor();
  const general = cp.locator('ul.p-docs a', { hasText: 'Privacyverklaring 2026' });
  await general.waitFor();
  const [dl2] = await Promise.all([cp.waitForEvent('download'), general.click()]);
  assert.match(dl2.suggestedFilename(), /\.pdf$/);
  assert.deepEqual(adminProblems, [], 'admin pages: no console errors or CSP violations');
  await admin.close();

  assert.deepEqual(staffProblems, [], 'staff pages: no console errors or CSP violations');
  assert.deepEqual(problems, [], 'client pages: no console errors, page errors or CSP violations');
  await client.close();
  await staff.close();
});
