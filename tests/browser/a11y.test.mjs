// Browser tests: signs in as each demo role in Debian's headless Chromium,
// walks every page linked from the navigation (and the pages one step
// beyond), and runs axe-core on each: zero WCAG 2.1 A/AA violations.
// Screenshots of the main pages are kept under target/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { start, axe, signIn, root } from './harness.mjs';

const shots = join(root, 'target', 'screenshots');
let env, base, browser, accounts;

before(async () => {
  mkdirSync(shots, { recursive: true });
  env = await start();
  ({ base, browser, accounts } = env);
});

after(async () => {
  await env?.stop();
});

const roles = ['administrator', 'secretariat', 'hr', 'business_service', 'director', 'centre_chief', 'unit_leader', 'employee'];

test('the sign-in page is accessible', async () => {
  const page = await browser.newPage({ bypassCSP: true });
  await page.goto(`${base}/login`);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(shots, 'login.png'), fullPage: true });
  // A wrong password shows a message and stays accessible.
  await page.fill('#email', accounts.employee.email);
  await page.fill('#password', 'forkert');
  await page.click('main form[action="/login"] button[type=submit]');
  await page.waitForSelector('.alert-error');
  assert.deepEqual(await axe(page), []);
  await page.close();
});

for (const role of roles) {
  test(`every page ${role} can reach is accessible`, async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(env, page, role);
    const nav = await page.$$eval('nav.nav a.nav-link', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(nav.includes('/org') && nav.includes('/framework'));
    assert.equal(nav.includes('/admin'), role === 'administrator', 'only administrators see Administration');
    const seen = new Set();
    const queue = [...nav];
    // One step beyond the navigation: a unit, a person, the chart, versions, admin pages.
    for (const path of nav) {
      await page.goto(`${base}${path}`);
      const links = await page.$$eval('main a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
      const pick = (prefix) => links.find((l) => l.startsWith(prefix));
      for (const p of ['/units/', '/people/', '/org/chart', '/framework/versions', '/admin/', '/people?', '/forums/', '/meetings/', '/proposals', '/decisions/', '/actions', '/businesses/', '/agreements', '/skills']) {
        const l = pick(p);
        if (l && !l.endsWith('.csv') && !l.endsWith('.toml')) queue.push(l);
      }
    }
    // Search results with paging; the secretariat's list of waiting proposals.
    queue.push('/search?q=indstilling&page=2', '/search?q=budget&tab=aarshjul', '/search?q=center&tab=units');
    // A month of the årshjul as a list, and a page about one of the governance cycle's dates.
    const year = new Date().getFullYear();
    queue.push(`/aarshjul/${year}?zoom=m9`);
    await page.goto(`${base}/aarshjul/${year}`);
    const ruleDate = (await page.$$eval('main a[href^="/aarshjul/rules/"]', (as) => as.map((a) => a.getAttribute('href'))))[0];
    if (ruleDate) queue.push(ruleDate);
    if (role === 'administrator' || role === 'secretariat') queue.push('/proposals/waiting');
    if (role === 'administrator') queue.push('/admin/outbox', '/admin/audit?person=a', '/admin/import');
    // One's own page, with the choices of mail.
    await page.goto(`${base}/`);
    const mine = await page.$$eval('main a[href^="/people/"]', (as) => as.filter((a) => a.closest('.card')).map((a) => a.getAttribute('href')));
    if (mine[0]) queue.push(mine[0]);
    // A decision to the whole organisation (it reaches the top unit), summed
    // up by centre, and one centre's units opened.
    await page.goto(`${base}/org`);
    const top = (await page.$$eval('main a[href^="/units/"]', (as) => as.map((a) => a.getAttribute('href'))))[0];
    await page.goto(`${base}/decisions?unit=${top.split('/')[2]}`);
    const whole = (await page.$$eval('main a[href^="/decisions/"]', (as) => as.map((a) => a.getAttribute('href'))))[0];
    if (whole) {
      await page.goto(`${base}${whole}`);
      const under = await page.$$eval('main a[href*="?under="]', (as) => as.map((a) => a.getAttribute('href').split('#')[0]));
      queue.push(whole);
      if (under.length) queue.push(under[0]);
    }
    // The work programme: a programme, an initiative, and its form for those who may edit it.
    await page.goto(`${base}/programmes`);
    const years = await page.$$eval('main a[href^="/programmes/"]', (as) => as.map((a) => a.getAttribute('href')));
    let initiative;
    for (const year of years) {
      queue.push(year);
      await page.goto(`${base}${year}`);
      initiative ??= (await page.$$eval('main a[href^="/initiatives/"]', (as) => as.map((a) => a.getAttribute('href'))))[0];
    }
    assert.ok(initiative, 'the demo programme has initiatives');
    queue.push(initiative);
    await page.goto(`${base}${initiative}`);
    const edit = await page.$$eval('main a[href$="/edit"]', (as) => as.map((a) => a.getAttribute('href')));
    if (edit.length) queue.push(edit[0]);
    // The governance cycle's rules (everyone reads them; those who keep the årshjul get the forms),
    // and an entry's own page.
    const wheelYear = new Date().getFullYear();
    queue.push(`/aarshjul/${wheelYear}/rules`);
    await page.goto(`${base}/aarshjul/${wheelYear}`);
    const entry = (await page.$$eval('main table a[href^="/aarshjul/entries/"]', (as) => as.map((a) => a.getAttribute('href'))))[0];
    assert.ok(entry, 'the demo wheel has entries typed in');
    queue.push(entry);
    for (let i = 0; i < queue.length; i++) {
      const path = queue[i];
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await page.goto(`${base}${path}`);
      // Forms reached from a page: proposing, printing, sending the agenda, approving minutes, editing.
      for (const suffix of ['/propose', '/print', '/publish', '/minutes/approve', '/edit']) {
        const more = await page.$$eval(`main a[href$="${suffix}"]`, (as) => as.map((a) => a.getAttribute('href')));
        if (more.length && !queue.includes(more[0])) queue.push(more[0]);
      }
      assert.equal(res.status(), 200, `${path} answers`);
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${role} ${path}`);
      assert.deepEqual(await strayChoices(page), [], `${role} ${path}: a checkbox or radio button away from its label`);
      if (role === 'administrator' || role === 'unit_leader') {
        const name = `${role}${path.replace(/[^a-z0-9]+/gi, '-')}`.replace(/-$/, '');
        await page.screenshot({ path: join(shots, `${name}.png`), fullPage: path !== '/people' });
      }
    }
    assert.ok(seen.size >= 6, `${role} visited ${seen.size} pages`);
    // On a phone (390 × 844): the main pages and those one step beyond are
    // axe-clean and do not scroll sideways, and neither do the main pages
    // at 320 pixels, the narrowest WCAG's reflow asks for.
    const phone = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    await signIn(env, small, role);
    const onPhone = [...new Set([...nav, ...[...seen].filter((p) => !nav.includes(p)).slice(0, 10)])];
    for (const path of onPhone) {
      const res = await small.goto(`${base}${path}`);
      assert.equal(res.status(), 200, `${path} answers on a phone`);
      assert.deepEqual(await axe(small), [], `${role} ${path} at 390 pixels`);
      assert.deepEqual(await sideways(small), [], `${role} ${path} scrolls sideways at 390 pixels`);
    }
    await small.setViewportSize({ width: 320, height: 640 });
    for (const path of nav) {
      await small.goto(`${base}${path}`);
      assert.deepEqual(await sideways(small), [], `${role} ${path} scrolls sideways at 320 pixels`);
    }
    await phone.close();
    // English too, chosen with the header's button, which comes back to the page.
    await page.goto(`${base}/framework`);
    await Promise.all([page.waitForURL(`${base}/framework`), page.click('button.styr-lang')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

// Checkboxes and radio buttons whose box is drawn away from their label.
// DKFDS hides the input and draws the box at the top left of the nearest
// positioned ancestor, so the input's place is where the box shows.
async function strayChoices(page) {
  return page.evaluate(() => [...document.querySelectorAll('input.form-checkbox, input.form-radio')]
    .map((input) => {
      const label = document.querySelector(`label[for="${input.id}"]`);
      if (!label) return `${input.id}: no label`;
      const a = input.getBoundingClientRect();
      const b = label.getBoundingClientRect();
      if (b.width === 0) return null;
      return Math.abs(a.left - b.left) > 8 || Math.abs(a.top - b.top) > 16 ? `${input.id} at ${Math.round(a.left)},${Math.round(a.top)}, label at ${Math.round(b.left)},${Math.round(b.top)}` : null;
    })
    .filter(Boolean));
}

// What makes a page wider than the window: the widest elements outside a
// box that scrolls on its own. Empty when the page does not scroll sideways.
async function sideways(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const inScroller = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !inScroller(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`);
  });
}

// The menu is reached by keyboard on a desk and on a phone, and on a phone
// it opens with and without JavaScript.
test('the menu is reached by keyboard at both sizes, and opens on a phone without JavaScript', async () => {
  const tabTo = async (page, selector, most = 40) => {
    for (let i = 0; i < most; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return true;
    }
    return false;
  };
  // A desk: Tab reaches the main menu's "Beslutninger", and Enter follows it.
  const desk = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  let page = await desk.newPage();
  await signIn(env, page, 'unit_leader');
  assert.ok(await tabTo(page, 'nav.nav a[href="/decisions"]'), 'Tab reaches the menu on a desk');
  await Promise.all([page.waitForURL(`${base}/decisions`), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('.button-menu-open').isVisible(), false, 'no menu button on a desk');
  await desk.close();
  // A phone: the desk menu is hidden, the menu button opens the drawer,
  // focus goes into it, Escape closes it, and a link in it is followed.
  for (const javaScriptEnabled of [true, false]) {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled });
    page = await phone.newPage();
    await signIn(env, page, 'unit_leader');
    assert.equal(await page.locator('nav.nav').isVisible(), false, 'the desk menu is hidden on a phone');
    assert.equal(await page.locator('#styr-menu').isVisible(), false, 'the drawer starts closed');
    assert.ok(await tabTo(page, '.button-menu-open'), 'Tab reaches the menu button on a phone');
    await page.keyboard.press('Enter');
    await page.locator('#styr-menu').waitFor({ state: 'visible' });
    for (const what of ['a[href="/decisions"]', 'input[type=search]', 'form[action="/logout"] button', 'form[action^="/language/"] button']) {
      const box = await page.locator(`#styr-menu ${what}`).boundingBox();
      assert.ok(box && box.width > 0 && box.height > 0, `${what} shows in the drawer (JavaScript ${javaScriptEnabled})`);
    }
    if (javaScriptEnabled) {
      assert.ok(await page.evaluate(() => document.activeElement?.closest('#styr-menu') !== null), 'focus moves into the drawer');
      await page.keyboard.press('Escape');
      await page.locator('#styr-menu').waitFor({ state: 'hidden' });
      await page.keyboard.press('Enter');
      await page.locator('#styr-menu').waitFor({ state: 'visible' });
    }
    assert.ok(await tabTo(page, '#styr-menu a[href="/decisions"]'), 'Tab reaches a link in the drawer');
    await Promise.all([page.waitForURL(`${base}/decisions`), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('#styr-menu').isVisible(), false, 'the drawer is closed on the new page');
    await phone.close();
  }
});

// The other tests load pages with bypassCSP so that axe-core can be
// injected. This one keeps the server's Content-Security-Policy in force and
// checks that nothing a page needs is blocked by it: DKFDS's script starts,
// its styles and fonts load, and no violation is reported.
test('pages work under the real Content-Security-Policy', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await signIn(env, page, 'secretariat');
  for (const path of ['/', '/forums', '/decisions', '/programmes', '/aarshjul', '/org/chart', '/search?q=budget']) {
    const r = await page.goto(`${base}${path}`);
    assert.equal(r.status(), 200, path);
    assert.ok(r.headers()['content-security-policy'], `${path} sends a policy`);
    await page.waitForLoadState('load');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], path);
    assert.equal(await page.evaluate(() => typeof window.DKFDS), 'object', `DKFDS's script runs on ${path}`);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /IBM Plex Sans/, `DKFDS's styles apply on ${path}`);
    assert.ok(await page.evaluate(() => document.fonts.check('16px "IBM Plex Sans"')), `the font loads on ${path}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

// The administrator has the longest header (name, roles, search, language,
// sign-out): on a wide screen it stays one row.
test('the header keeps to one row on a wide screen', async () => {
  const wide = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await wide.newPage();
  await signIn(env, page, 'administrator');
  const search = await page.locator('.portal-user #header-q').boundingBox();
  const out = await page.locator('.portal-user form[action="/logout"] button').boundingBox();
  assert.ok(search && out, 'the search and sign-out are in the header');
  const middle = (b) => b.y + b.height / 2;
  assert.ok(Math.abs(middle(search) - middle(out)) < search.height, `one row: search at ${search.y}, sign-out at ${out.y}`);
  await wide.close();
});
