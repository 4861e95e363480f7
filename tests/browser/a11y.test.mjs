// Browser tests: signs in as each demo role in Debian's headless Chromium,
// walks every page linked from the navigation (and the pages one step
// beyond), and runs axe-core on each: zero WCAG 2.1 A/AA violations.
// Screenshots of the main pages are kept under target/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.STYR_BIN || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug', 'styr');
const shots = join(root, 'target', 'screenshots');

let server, base, browser, dir;
const accounts = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'styr-browser-'));
  mkdirSync(shots, { recursive: true });
  const port = 20000 + Math.floor(Math.random() * 20000);
  server = spawn(bin, ['--db', `sqlite://${dir}/styr.db`, 'serve', '--demo', '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
}

async function signIn(page, role) {
  await page.goto(`${base}/login`);
  await page.fill('#email', accounts[role].email);
  await page.fill('#password', accounts[role].password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
}

const roles = ['administrator', 'secretariat', 'hr', 'director', 'centre_chief', 'unit_leader', 'employee'];

test('the sign-in page is accessible', async () => {
  const page = await browser.newPage({ bypassCSP: true });
  await page.goto(`${base}/login`);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(shots, 'login.png'), fullPage: true });
  // A wrong password shows a message and stays accessible.
  await page.fill('#email', accounts.employee.email);
  await page.fill('#password', 'forkert');
  await page.click('button[type=submit]');
  await page.waitForSelector('.alert-error');
  assert.deepEqual(await axe(page), []);
  await page.close();
});

for (const role of roles) {
  test(`every page ${role} can reach is accessible`, async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, role);
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
      for (const p of ['/units/', '/people/', '/org/chart', '/framework/versions', '/admin/', '/people?', '/forums/', '/meetings/', '/proposals', '/decisions/', '/actions']) {
        const l = pick(p);
        if (l && !l.endsWith('.csv') && !l.endsWith('.toml')) queue.push(l);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      const path = queue[i];
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await page.goto(`${base}${path}`);
      // Forms reached from a page: proposing an item.
      for (const suffix of ['/propose', '/print']) {
        const more = await page.$$eval(`main a[href$="${suffix}"]`, (as) => as.map((a) => a.getAttribute('href')));
        if (more.length && !queue.includes(more[0])) queue.push(more[0]);
      }
      assert.equal(res.status(), 200, `${path} answers`);
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${role} ${path}`);
      if (role === 'administrator' || role === 'unit_leader') {
        const name = `${role}${path.replace(/[^a-z0-9]+/gi, '-')}`.replace(/-$/, '');
        await page.screenshot({ path: join(shots, `${name}.png`), fullPage: path !== '/people' });
      }
    }
    assert.ok(seen.size >= 6, `${role} visited ${seen.size} pages`);
    // English too.
    await page.goto(`${base}/language/en?back=/framework`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}
