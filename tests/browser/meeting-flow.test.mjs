// The main flow of a meeting, as people do it in a real browser: a centre
// chief proposes an item; the secretariat puts it on the agenda and
// publishes it; after the meeting the secretariat writes and approves the
// minutes; a unit leader acknowledges and reports the decision for their
// unit. axe-core checks every page on the way (WCAG 2.1 A/AA). Publishing
// itself is covered by the integration tests; the demo's next agenda is out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.STYR_BIN || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug', 'styr');

let server, base, browser, dir, db;
const accounts = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'styr-flow-'));
  db = `sqlite://${dir}/styr.db`;
  const port = 20000 + Math.floor(Math.random() * 20000);
  server = spawn(bin, ['--db', db, 'serve', '--demo', '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        const [role, email, password] = line.split('\t');
        if (password) accounts[role] = { email, password };
        const m = line.match(/running at (http:\/\/\S+)\//);
        if (m) { base = m[1]; resolve(); }
      }
    });
    server.on('exit', (c) => reject(new Error(`styr exited with ${c}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function axe(page) {
  await page.evaluate(axeSource);
  const v = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help}`);
  });
  assert.deepEqual(v, [], page.url());
}

async function proposalId(page) {
  const id = await page.$eval('.styr-agenda-item:has-text("Fælles ordning for praktikanter")', (li) => li.id);
  return id.replace('item-', '');
}

async function as(role) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#email', accounts[role].email);
  await page.fill('#password', accounts[role].password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  return { page, context };
}

test('propose, place on a published agenda, minute, approve, implement', async () => {
  // A centre chief proposes an item for the coming group-management meeting.
  const chief = await as('centre_chief');
  await chief.page.click('nav.nav a[href="/forums"]');
  await axe(chief.page);
  await chief.page.click('a:has-text("Koncernledelsesmøde")');
  await axe(chief.page);
  const meetingLink = await chief.page.$eval('h2:has-text("Kommende møder") ~ table a', (a) => a.getAttribute('href'));
  await chief.page.goto(`${base}${meetingLink}`);
  await chief.page.click('a:has-text("Foreslå et punkt")');
  await axe(chief.page);
  await chief.page.fill('#title', 'Fælles ordning for praktikanter');
  await chief.page.check('#kind-decision');
  await chief.page.fill('#recommendation', 'At koncernledelsen godkender en fælles ordning for praktikanter.');
  await chief.page.fill('#minutes', '20');
  await chief.page.click('button:has-text("Send forslaget")');
  await chief.page.waitForURL(/\/proposals/);
  await axe(chief.page);
  assert.match(await chief.page.textContent('main'), /Fælles ordning for praktikanter/);

  // The secretariat puts it on the agenda.
  const sec = await as('secretariat');
  await sec.page.goto(`${base}${meetingLink}`);
  await axe(sec.page);
  const proposal = sec.page.locator('.styr-proposal', { hasText: 'Fælles ordning for praktikanter' });
  await proposal.locator('button:has-text("Sæt på dagsordenen")').click();
  await sec.page.waitForURL(/item=placed/);
  await axe(sec.page);
  assert.match(await sec.page.textContent('.styr-agenda'), /Fælles ordning for praktikanter/);
  // The demo's next agenda is already sent out, so the new item is marked as a later change.
  assert.match(await sec.page.textContent('#item-' + (await proposalId(sec.page))), /Ændret efter udsendelse/);

  // The meeting is held: for the test, it is moved to have begun a minute ago.
  const id = meetingLink.split('/').pop();
  execFileSync('python3', ['-c', `import sqlite3,datetime; c=sqlite3.connect('${dir}/styr.db'); t=(datetime.datetime.now(datetime.timezone.utc)-datetime.timedelta(minutes=1)).strftime('%Y-%m-%dT%H:%M:%S.%f+00:00'); c.execute('update meetings set starts_at=? where id=?', (t, ${id})); c.commit()`]);

  // Minutes: the decision concerns Center for Dagtilbud and goes to all leaders.
  await sec.page.goto(`${base}${meetingLink}`);
  await axe(sec.page);
  const item = await sec.page.$eval('.styr-minute label:has-text("Fælles ordning for praktikanter")', (l) => l.getAttribute('for'));
  const itemId = item.replace('text-', '');
  await sec.page.fill(`#${item}`, 'Ordningen blev godkendt og gælder fra næste kvartal.');
  await sec.page.selectOption(`#concerns-${itemId}`, { label: 'Center for Dagtilbud' });
  await sec.page.selectOption(`#communicate-${itemId}`, 'leaders');
  await sec.page.click('button:has-text("Gem udkast")');
  await sec.page.waitForURL(/minutes=saved/);
  await sec.page.click('button:has-text("Godkend referatet")');
  await sec.page.waitForURL(/minutes=approved/);
  await axe(sec.page);
  await sec.page.click('a:has-text("Se beslutningen og dens implementering") >> nth=-1');
  await axe(sec.page);
  const decisionUrl = sec.page.url();

  // A unit leader in the centre sees it on the start page and reports.
  const leader = await as('unit_leader');
  await axe(leader.page);
  assert.match(await leader.page.textContent('main'), /Fælles ordning for praktikanter/);
  await leader.page.goto(decisionUrl);
  await axe(leader.page);
  await leader.page.selectOption('.styr-report select', 'implemented');
  await leader.page.fill('.styr-report input[name=note]', 'Aftalt med praktikvejlederne');
  await leader.page.click('.styr-report button');
  await leader.page.waitForURL(/done=reported/);
  await axe(leader.page);
  assert.match(await leader.page.textContent('main'), /Aftalt med praktikvejlederne/);
  await leader.page.screenshot({ path: join(root, 'target', 'screenshots', 'flow-decision.png'), fullPage: true });

  for (const s of [chief, sec, leader]) await s.context.close();
});
