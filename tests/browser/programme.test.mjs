// The work programme and the årshjul in a real browser: a centre chief
// writes a status report for the initiative they own and finds it on the
// programme's page and in the portfolio; the årshjul renders (a screenshot of it is kept under
// target/screenshots/aarshjul.png for people to look at). axe-core checks
// every page on the way (WCAG 2.1 A/AA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { start, axe as violations, signIn, root } from './harness.mjs';

const shots = join(root, 'target', 'screenshots');
let env, base;

before(async () => {
  mkdirSync(shots, { recursive: true });
  env = await start();
  ({ base } = env);
});

after(async () => {
  await env?.stop();
});

async function axe(page) {
  assert.deepEqual(await violations(page), [], page.url());
}

test('an owner writes a status report and reads it on the programme', async () => {
  const context = await env.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(env, page, 'centre_chief');
  await page.goto(`${base}/programmes`);
  await axe(page);
  const year = new Date().getFullYear();
  await page.click(`main a[href="/programmes/${year}"]`);
  await axe(page);
  await page.click('main a:has-text("Fælles retningslinjer for ledelse og lederudvikling")');
  await axe(page);
  await page.check('#status-at_risk');
  await page.fill('#progress', '70');
  await page.fill('#happened', 'Retningslinjerne er i brug; to centre mangler at holde ledertræf.');
  await page.fill('#needs', 'Koncernledelsen bedes minde centrene om ledertræffet.');
  await page.click('button:has-text("Gem statusrapport")');
  await page.waitForSelector('.alert-success');
  assert.match(await page.textContent('.alert-success'), /Statusrapporten er gemt/);
  await axe(page);
  const latest = await page.textContent('dl.styr-facts dd');
  assert.match(latest, /I risiko/);
  // A bad report is refused with the field marked, and the page stays accessible.
  await page.fill('#progress', '140');
  await page.fill('#happened', 'For meget');
  await page.click('button:has-text("Gem statusrapport")');
  await page.waitForSelector('.form-error');
  await axe(page);
  await page.goto(`${base}/programmes/${year}`);
  const row = await page.textContent('tr:has-text("Fælles retningslinjer for ledelse og lederudvikling")');
  assert.match(row, /I risiko/, 'the programme shows the new status');
  // The portfolio: the table, the board by status with the initiative under "I risiko", the heat map.
  await page.click('main a[href$="/portfolio"]');
  await axe(page);
  await page.click('a:has-text("Tavle efter status")');
  await axe(page);
  const column = await page.textContent('section[aria-labelledby="col-at_risk"]');
  assert.match(column, /Fælles retningslinjer for ledelse og lederudvikling/);
  await page.selectOption('#status', 'at_risk');
  await page.click('form.styr-filter button[type=submit]');
  await axe(page);
  assert.match(await page.textContent('p[role=status]'), /Viser \d+ af \d+ indsatser/);
  await page.click('a:has-text("Tidslinje")');
  await page.waitForSelector('figure.styr-wheel svg');
  await axe(page);
  await (await page.$('figure.styr-wheel')).screenshot({ path: join(shots, 'portfolio-timeline.png') });
  await context.close();
});

test('the årshjul renders with its entries and stays accessible', async () => {
  const context = await env.browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await signIn(env, page, 'secretariat');
  await page.goto(`${base}/aarshjul`);
  await page.waitForSelector('figure.styr-wheel svg');
  await axe(page);
  const box = await page.$eval('figure.styr-wheel svg', (s) => { const r = s.getBoundingClientRect(); return { w: r.width, h: r.height }; });
  assert.ok(box.w > 600 && box.h > 400, `the wheel is drawn (${box.w}×${box.h})`);
  const entries = await page.$$eval('figure.styr-wheel svg a', (as) => as.length);
  const rows = await page.$$eval('main table tbody tr', (trs) => trs.length);
  assert.ok(entries > 50, `${entries} entries on the wheel`);
  assert.equal(entries, rows, 'the table lists what the wheel shows');
  // Month names are drawn along the outer ring.
  const text = await page.$eval('figure.styr-wheel svg', (s) => s.textContent);
  assert.match(text, /januar/);
  const wheel = await page.$('figure.styr-wheel');
  await wheel.screenshot({ path: join(shots, 'aarshjul.png') });
  // A school year with quarters, filtered to two rings.
  await page.goto(`${base}/aarshjul/${new Date().getFullYear()}?start=8&quarters=1&category=budget&category=political`);
  await axe(page);
  const legend = await page.$eval('figure.styr-wheel svg', (s) => s.textContent);
  assert.match(legend, /Budgetprocessen/);
  assert.doesNotMatch(legend, /Mødefora/);
  // The wheel prints on one landscape sheet of A4, and of A3.
  for (const [paper, query] of [['A4', ''], ['A3', '?paper=a3']]) {
    await page.goto(`${base}/aarshjul/${new Date().getFullYear()}/print${query}`);
    await axe(page);
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const counts = [...pdf.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
    assert.deepEqual(counts, [1], `the wheel on ${paper} fills one page`);
    const size = pdf.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
    assert.ok(size && Number(size[1]) > Number(size[2]), `${paper} is landscape`);
    assert.ok(Math.abs(Number(size[1]) - (paper === 'A4' ? 842 : 1191)) < 3, `${paper}: ${size[1]} points wide`);
  }
  await context.close();
});
