// Staff sign-in journeys in a real browser (Debian Chromium via playwright-core)
// against a real `kluis serve` on a fresh data directory.
// Run: tests/run.sh browser   (TEST_KLUIS_BIN=build/kluis node --test tests/browser/*.test.mjs)
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, totp, launchBrowser, watchPage, login, noHorizontalScroll, PASSWORD } from './lib.mjs';

const COOKIE = 'kluis_staff';
const WRONG_LOGIN = 'E-mailadres of wachtwoord klopt niet.';
let server, browser, base;
const secrets = {};

/* Each journey signs in as its own admin: a TOTP step is accepted only once
 * per account (replay guard), and the journeys run within seconds. */
const admin = (n) => `admin${n}@kantoor.test`;

before(async () => {
  server = await startServer();
  base = server.url;
  for (const n of [1, 2, 3, 4, 5])
    secrets[n] = addUser(server.dataDir, { email: admin(n), name: `Beheerder ${n}`, role: 'admin' });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) await server.stop();
});

async function sessionCookie(context) {
  return (await context.cookies(base)).find((c) => c.name === COOKIE);
}

async function expectDashboard(page) {
  assert.equal(new URL(page.url()).pathname, '/app/');
  await page.getByRole('heading', { name: 'Mijn taken' }).waitFor({ state: 'visible', timeout: 5000 });
  await page.getByRole('heading', { name: 'HDN inbox' }).waitFor({ state: 'visible', timeout: 5000 });
}

async function expectLoginPage(page) {
  assert.equal(new URL(page.url()).pathname, '/app/login');
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ state: 'visible', timeout: 5000 });
}

async function logout(page) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Uitloggen' }).click()]);
}

test('admin signs in with password and TOTP, sees the dashboard, signs out', async () => {
  assert.ok(secrets[1], 'user add printed a totp_secret for the admin');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/app/');
  await expectLoginPage(page); // not signed in: /app/ sends us to the login page
  await login(page, base, { email: admin(1), code: totp(secrets[1]) });
  await expectDashboard(page);
  const cookie = await sessionCookie(context);
  assert.ok(cookie, 'session cookie set');
  assert.ok(cookie.httpOnly, 'session cookie is HttpOnly');
  assert.equal(cookie.sameSite, 'Strict');
  await page.getByText('Goedendag, Beheerder 1').waitFor();

  await logout(page);
  await expectLoginPage(page);
  assert.equal(await sessionCookie(context), undefined, 'session cookie cleared');
  await page.goto(base + '/app/');
  await expectLoginPage(page); // the session really ended
  await context.close();
});

test('wrong password shows the Dutch error and sets no session cookie', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, base, { email: admin(2), password: 'not-the-password-1', code: totp(secrets[2]) });
  await expectLoginPage(page);
  const alert = page.getByRole('alert');
  await alert.waitFor({ state: 'visible', timeout: 5000 });
  assert.equal((await alert.textContent()).trim(), WRONG_LOGIN);
  assert.equal(await page.inputValue('#email'), admin(2), 'e-mail address kept');
  assert.equal(await page.inputValue('#password'), '', 'password not echoed back');
  assert.equal(await sessionCookie(context), undefined, 'no session cookie');
  await page.goto(base + '/app/');
  await expectLoginPage(page);
  await context.close();
});

test('phone width (390x844): no horizontal scrolling; login by keyboard only', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
  const page = await context.newPage();
  const fits = async (what) => {
    const m = await noHorizontalScroll(page);
    assert.ok(m.scrollWidth <= m.innerWidth, `${what}: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`);
  };
  await page.goto(base + '/app/login');
  await fits('login page');

  // Keyboard only: Tab to the e-mail field (it may already have focus), type, Tab, type, Enter.
  for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.id)) !== 'email'; i++)
    await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'e-mail field reachable by Tab');
  await page.keyboard.type(admin(3));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'totp');
  await page.keyboard.type(totp(secrets[3]));
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  await expectDashboard(page);
  await fits('dashboard');

  await page.goto(base + '/app/profiel');
  await page.getByRole('heading', { name: 'Mijn profiel' }).waitFor();
  await fits('profile page');
  await context.close();
});

test('no console errors, page errors or CSP violations on the pages visited', async () => {
  const context = await browser.newContext();
  const problems = [];
  await context.exposeBinding('__kluisCsp', (_src, v) => problems.push(`CSP violation: ${v}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__kluisCsp(`${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  const consoleProblems = watchPage(page);
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });

  await page.goto(base + '/app/login');
  await expectLoginPage(page);
  await login(page, base, { email: admin(4), code: totp(secrets[4]) });
  await expectDashboard(page);
  await page.goto(base + '/app/profiel');
  await page.getByRole('heading', { name: 'Mijn profiel' }).waitFor();
  await page.keyboard.press('/'); // app.js keyboard shortcut runs without error
  await logout(page);
  await expectLoginPage(page);
  await page.waitForTimeout(200); // let late console messages arrive

  const all = [...problems, ...consoleProblems];
  assert.deepEqual(all, [], all.join('\n'));
  await context.close();
});

test('works with JavaScript disabled: sign in and out via plain forms', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + '/app/login');
  await expectLoginPage(page);
  await page.fill('#email', admin(5));
  await page.fill('#password', PASSWORD);
  await page.fill('#totp', totp(secrets[5]));
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Inloggen' }).click()]);
  await expectDashboard(page);
  assert.ok(await sessionCookie(context), 'session cookie set');
  await page.goto(base + '/app/profiel');
  await page.getByRole('heading', { name: 'Mijn profiel' }).waitFor();
  await logout(page);
  await expectLoginPage(page);
  assert.equal(await sessionCookie(context), undefined, 'session cookie cleared');
  await context.close();
});

test('server exits with code 0 on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const { code, signal } = await server.stop();
  assert.equal(signal, null, `server died of signal ${signal}\n${server.stderr()}`);
  assert.equal(code, 0, `server exit code ${code}\n${server.stderr()}`);
});
