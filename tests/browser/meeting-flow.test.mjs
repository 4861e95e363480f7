// The main flow of a meeting, as people do it in a real browser: a centre
// chief proposes an item; the secretariat puts it on the agenda and
// publishes it; after the meeting the secretariat writes and approves the
// minutes; a unit leader acknowledges and reports the decision for their
// unit. axe-core checks every page on the way (WCAG 2.1 A/AA). Publishing
// itself is covered by the integration tests; the demo's next agenda is out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { start, axe as violations, signIn, root } from './harness.mjs';

let env, base, dir;

before(async () => {
  env = await start();
  ({ base, dir } = env);
});

after(async () => {
  await env?.stop();
});

async function axe(page) {
  assert.deepEqual(await violations(page), [], page.url());
}

async function proposalId(page) {
  const id = await page.$eval('.styr-agenda-item:has-text("Fælles ordning for praktikanter")', (li) => li.id);
  return id.replace('item-', '');
}

async function as(role) {
  const context = await env.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(env, page, role);
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
  // The units are checkboxes: the chosen one stays in view.
  const unitBox = await sec.page.$eval(`#concerns-${itemId}-all`, (all, name) => [...all.closest('fieldset').querySelectorAll('label')].find((l) => l.textContent.trim() === name).getAttribute('for'), 'Center for Dagtilbud');
  await sec.page.click(`label[for="${unitBox}"]`);
  assert.ok(await sec.page.isChecked(`#${unitBox}`));
  await sec.page.selectOption(`#communicate-${itemId}`, 'leaders');
  await sec.page.click('button:has-text("Gem udkast")');
  await sec.page.waitForURL(/minutes=saved/);
  assert.match(await sec.page.textContent(`#concerns-${itemId}-chosen`), /Center for Dagtilbud/, 'the saved choice is said in words');
  // Approving asks first: the decision it makes and the units it reaches.
  await sec.page.click('a:has-text("Godkend referatet")');
  await sec.page.waitForURL(/minutes\/approve$/);
  await sec.page.waitForSelector('text=Godkendelsen træffer');
  await axe(sec.page);
  await sec.page.click('button:has-text("Ja, godkend referatet")');
  await sec.page.waitForURL(/minutes=approved/);
  await sec.page.waitForSelector('text=Godkendt på mødet.');
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
