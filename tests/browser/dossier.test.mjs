// Issue 3 journey: an advisor creates a dossier with two applicants and a
// service, then finds it again by postcode (instant search with htmx).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, launchBrowser, watchPage, login, noHorizontalScroll } from './lib.mjs';

let server, browser, base;

before(async () => {
  server = await startServer();
  base = server.url;
  addUser(server.dataDir, { email: 'adviseur@kantoor.test', name: 'Anouk Adviseur', role: 'advisor' });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) await server.stop();
});

async function submit(page, name) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name }).click()]);
}

async function addPerson(page, dossierUrl, p) {
  await page.goto(dossierUrl);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Persoon toevoegen' }).click()]);
  await page.selectOption('#f-role', p.role);
  await page.fill('#f-first_name', p.first);
  await page.fill('#f-last_name', p.last);
  await page.fill('#f-birth_date', p.birth);
  await page.fill('#f-email_0', p.email);
  await page.fill('#f-phone_0', p.phone);
  await page.fill('#f-street_0', 'Lindelaan');
  await page.fill('#f-house_number_0', '12');
  await page.fill('#f-postcode_0', p.postcode);
  await page.fill('#f-city_0', 'Amersfoort');
  await submit(page, 'Opslaan');
  assert.equal(page.url(), dossierUrl, 'back on the dossier page after saving');
}

test('advisor creates a dossier with two applicants and a service, finds it by postcode', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page);
  await login(page, base, { email: 'adviseur@kantoor.test' });

  await page.goto(base + '/app/dossiers');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nieuw dossier', exact: true }).click()]);
  await page.selectOption('#f-kind', 'private');
  await submit(page, 'Dossier aanmaken');
  const dossierUrl = page.url();
  assert.match(new URL(dossierUrl).pathname, /^\/app\/dossiers\/\d+$/);

  // a phone a digit short is refused with an inline error, input kept
  await page.goto(dossierUrl + '/personen/nieuw');
  await page.fill('#f-last_name', 'Test');
  await page.fill('#f-phone_0', '06 1234567');
  await submit(page, 'Opslaan');
  await page.locator('#e-phone_0').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#f-phone_0'), '06 1234567');
  assert.equal(await page.getAttribute('#f-phone_0', 'aria-invalid'), 'true');
  problems.length = 0; // the 422 of that refused form is expected

  await addPerson(page, dossierUrl, { role: 'applicant1', first: 'Sanne', last: 'de Groot', birth: '1986-03-14',
    email: 'sanne@voorbeeld.nl', phone: '06 12345678', postcode: '3811 AB' });
  await addPerson(page, dossierUrl, { role: 'applicant2', first: 'Ruben', last: 'Visser', birth: '1984-11-02',
    email: 'ruben@voorbeeld.nl', phone: '06 87654321', postcode: '3811 AB' });
  await page.getByText('Eerste aanvrager').waitFor();
  await page.getByText('Tweede aanvrager').waitFor();

  // a service with both applicants as rights holders
  await page.goto(dossierUrl + '?tab=producten');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nieuw product' }).click()]);
  await page.fill('#f-name', 'Hypotheekadvies');
  await page.fill('#f-card_advice_kind', 'Hypotheek eerste woning');
  await submit(page, 'Opslaan');
  assert.match(new URL(page.url()).pathname, /^\/app\/producten\/\d+$/);
  await page.getByText('Sanne de Groot').first().waitFor();
  await page.getByText('Ruben Visser').first().waitFor();

  // find it again by postcode, typed in the search box (htmx instant results)
  await page.goto(base + '/app/dossiers');
  await page.fill('#q', '3811ab');
  const hit = page.locator('#results a', { hasText: 'Sanne de Groot' });
  await hit.waitFor({ state: 'visible', timeout: 5000 });
  await Promise.all([page.waitForNavigation(), hit.click()]);
  assert.equal(page.url(), dossierUrl);

  // the BSN is never on the page unmasked; the dossier page fits a phone
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const { scrollWidth, innerWidth } = await noHorizontalScroll(page);
  assert.ok(scrollWidth <= innerWidth, `no horizontal scrolling at phone width (${scrollWidth} > ${innerWidth})`);
  assert.ok(!(await page.content()).includes('111222333'));
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
  await context.close();
});
