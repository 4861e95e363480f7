// A policy in the browser: from the menu to the policy's overview, on to a
// goal and one of its indicators, on a desk and on a phone, each page clean
// under axe-core; the marks are said in words and symbols, not colour alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, axe, signIn } from './harness.mjs';

let env, base, browser;

before(async () => {
  env = await start();
  ({ base, browser } = env);
});

after(async () => {
  await env?.stop();
});

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test(`a politician's way from the menu to a goal (${viewport.width} px)`, async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport, isMobile: viewport.width < 500 });
    const page = await context.newPage();
    await signIn(env, page, 'employee');
    await page.goto(`${base}/policies`);
    assert.deepEqual(await axe(page), []);
    await Promise.all([page.waitForURL(/\/policies\/\d+$/), page.click('main a[href^="/policies/"]')]);
    assert.deepEqual(await axe(page), []);
    // A mark per goal, each with its word beside the symbol.
    const marks = await page.$$eval('main td .styr-mark', (ms) => ms.map((m) => m.textContent.trim()));
    assert.equal(marks.length, 5);
    assert.ok(marks.every((m) => /^[●◐▲○] (Nået|Tæt på|Ikke nået|Ingen vurdering)$/.test(m)), marks.join(' | '));
    await Promise.all([page.waitForURL(/\/goals\/\d+$/), page.click('main a[href^="/goals/"]')]);
    assert.deepEqual(await axe(page), []);
    const heading = await page.textContent('h1');
    assert.equal(heading.trim(), 'Flest mulige i varig beskæftigelse eller ordinær uddannelse');
    const indicators = await page.$$eval('section[aria-labelledby=indicators] tbody tr', (rs) => rs.length);
    assert.equal(indicators, 3);
    // On to an indicator: its chart is hidden from screen readers, its table has the same figures.
    await Promise.all([page.waitForURL(/\/indicators\/\d+$/), page.click('main a[href^="/indicators/"]')]);
    assert.deepEqual(await axe(page), []);
    assert.equal(await page.getAttribute('.styr-chart', 'aria-hidden'), 'true');
    const rows = await page.$$eval('table.table--zebra tbody tr', (rs) => rs.length);
    assert.equal(rows, 10);
    await context.close();
  });
}

test('the secretariat adds figures and is told plainly when a file is wrong', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(env, page, 'secretariat');
  await page.goto(`${base}/policies`);
  await page.click('main a[href^="/policies/"]');
  await page.click('main a[href^="/goals/"]');
  await Promise.all([page.waitForURL(/\/indicators\/\d+$/), page.click('main a[href^="/indicators/"]')]);
  assert.deepEqual(await axe(page), []);
  await page.setInputFiles('#file', { name: 'tal.csv', mimeType: 'text/csv', buffer: Buffer.from('område;periode;værdi\nIshøj;i fjor;70\n') });
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/figures"] button[type=submit]')]);
  const alert = await page.textContent('.alert-error');
  // Statistikbank's table has a TID column; a spreadsheet of one's own does not.
  assert.match(alert, /Filen har ikke kolonnen "TID"\. Intet er ændret\./);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('the published deadlines are accessible without signing in, and the case figures when signed in', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/frister`);
  assert.match(await page.textContent('h1'), /Sagsbehandlingsfrister i Ishøj Kommune/);
  assert.deepEqual(await axe(page), []);
  await signIn(env, page, 'centre_chief');
  await page.goto(`${base}/cases`);
  assert.deepEqual(await axe(page), []);
  const hidden = await page.$$eval('td .sr-only', (s) => s.length);
  assert.ok(hidden > 0, 'small quarters are hidden and said to be');
  await context.close();
});

test('a business-service officer records a job order by keyboard, and every page of the register is clean', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(env, page, 'business_service');
  await page.goto(`${base}/businesses`);
  assert.deepEqual(await axe(page), []);
  // Reklamebeskyttede businesses are not on the list; a search by words finds only the others.
  assert.equal(await page.locator('main .badge').count(), 0);
  await page.fill('#q', 'VVS');
  await Promise.all([page.waitForURL(/q=VVS/), page.press('#q', 'Enter')]);
  assert.deepEqual(await axe(page), []);
  await Promise.all([page.waitForURL(/\/businesses\/\d+$/), page.click('main tbody a[href^="/businesses/"]')]);
  assert.deepEqual(await axe(page), []);
  // A job order, by keyboard only: the kind, the day, the occupation, the positions.
  await page.focus('#kind');
  await page.selectOption('#kind', 'job_order');
  await page.keyboard.press('Tab');
  await page.focus('#occupation');
  await page.keyboard.type('lagerarbejder');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2');
  await page.focus('form[action$="/events"]:has(#kind) button[type=submit]');
  await Promise.all([page.waitForURL(/saved=event/), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('.alert-success'), /Hændelsen er registreret/);
  assert.match(await page.textContent('section[aria-labelledby=orders] tbody'), /lagerarbejder/);
  assert.deepEqual(await axe(page), []);
  // A wrong number is said plainly, beside nothing saved.
  await page.selectOption('#order-kind', 'hire');
  await page.fill('#order-count', '');
  await Promise.all([page.waitForLoadState('load'), page.click('form:has(#order-kind) button[type=submit]')]);
  assert.match(await page.textContent('.alert-error'), /Antallet skal være et helt tal fra 1 til 999\. Intet er gemt\./);
  assert.deepEqual(await axe(page), []);
  await page.goto(`${base}/skills`);
  assert.deepEqual(await axe(page), []);
  assert.match(await page.textContent('section[aria-labelledby=missing]'), /grøn/);
  await page.goto(`${base}/agreements`);
  assert.deepEqual(await axe(page), []);
  await Promise.all([page.waitForURL(/\/agreements\/\d+$/), page.click('main tbody a[href^="/agreements/"]')]);
  assert.deepEqual(await axe(page), []);
  await context.close();
});
