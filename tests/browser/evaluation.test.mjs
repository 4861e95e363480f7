// The leader evaluation in the browser: an employee answers the open
// questionnaire on a phone with the keyboard alone (a radio group per item,
// arrow keys to choose, Tab to go on), and every page of a round is clean
// under axe-core for HR, the leader and the employee.
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

test('an employee answers the questionnaire by keyboard alone on a phone', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  await signIn(env, page, 'employee');
  await page.goto(`${base}/evaluation`);
  assert.deepEqual(await axe(page), []);
  // The way in, by keyboard: focus the button and press Enter.
  await page.focus('form[action="/evaluation/answer/start"] button');
  await Promise.all([page.waitForURL(`${base}/evaluation/answer`), page.keyboard.press('Enter')]);
  assert.deepEqual(await axe(page), []);
  // Sending with nothing answered names what is missing, and stays accessible.
  await page.focus('button[value="submit"]');
  await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
  await page.waitForSelector('.alert-error');
  assert.deepEqual(await axe(page), []);
  const groups = await page.$$eval('fieldset.styr-item', (fs) => fs.length);
  assert.ok(groups >= 30, `${groups} items`);
  // From the top: Tab into each radio group, choose with the arrow keys, Tab on.
  await page.goto(`${base}/evaluation/answer`);
  await page.focus('h1').catch(() => {});
  let answered = 0;
  for (let steps = 0; steps < 2000; steps++) {
    await page.keyboard.press('Tab');
    const active = await page.evaluate(() => {
      const e = document.activeElement;
      return { tag: e.tagName, type: e.getAttribute('type'), name: e.getAttribute('name'), value: e.getAttribute('value') };
    });
    if (active.type === 'radio') {
      // Down three from "1 Helt uenig" is "4 Enig"; Space first, so the first item of the group is chosen too.
      await page.keyboard.press('Space');
      for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
      answered++;
    } else if (active.tag === 'BUTTON' && active.value === 'submit') {
      break;
    }
  }
  assert.equal(answered, groups, 'every radio group was reached by Tab');
  const checked = await page.$$eval('input[type=radio]:checked', (rs) => rs.map((r) => r.value));
  assert.equal(checked.length, groups);
  assert.ok(checked.every((v) => v === '4'));
  await Promise.all([page.waitForURL(/\/evaluation\/answer\/sent/), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('main'), /Tak! Dine svar er sendt/);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('every page of a round is accessible to HR and to the leader', async () => {
  for (const role of ['hr', 'unit_leader']) {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(env, page, role);
    await page.goto(`${base}/evaluation`);
    assert.deepEqual(await axe(page), [], `${role} /evaluation`);
    const links = new Set(await page.$$eval('main a[href^="/evaluation/"]', (as) => as.map((a) => a.getAttribute('href'))));
    const queue = [...links].filter((l) => !l.endsWith('.json'));
    const seen = new Set();
    while (queue.length > 0 && seen.size < 25) {
      const path = queue.shift();
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await page.goto(`${base}${path}`);
      assert.equal(res.status(), 200, `${role} ${path}`);
      assert.deepEqual(await axe(page), [], `${role} ${path}`);
      const more = await page.$$eval('main a[href^="/evaluation/"]', (as) => as.map((a) => a.getAttribute('href')));
      for (const m of more) {
        if (!seen.has(m) && !/\.(pdf|xlsx|json)$/.test(m)) queue.push(m);
      }
    }
    const kinds = [...seen].map((p) => p.split('/')[2]);
    if (role === 'hr') {
      for (const k of ['rounds', 'leaders', 'reports', 'plans']) assert.ok(kinds.includes(k), `HR reached a ${k} page: ${[...seen]}`);
    } else {
      for (const k of ['leaders', 'reports', 'plans']) assert.ok(kinds.includes(k), `the leader reached a ${k} page: ${[...seen]}`);
    }
    await context.close();
  }
});
