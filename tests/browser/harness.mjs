// Shared by the browser tests: start styr with the demo on a fresh SQLite
// file, launch Debian's Chromium, sign in as a demo role, and run axe-core
// (WCAG 2.1 A/AA) on a page.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.STYR_BIN || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug', 'styr');

/// Starts the server and the browser; returns { base, dir, accounts, browser, stop }.
export async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'styr-browser-'));
  // Port 0: the system picks a free port and styr says which, so no other
  // test can take it between choosing and listening.
  const server = spawn(bin, ['--db', `sqlite://${dir}/styr.db`, 'serve', '--demo', '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const accounts = {};
  const base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        const [role, email, password] = line.split('\t');
        if (password) accounts[role] = { email, password };
        const m = line.match(/running at (http:\/\/\S+)\//);
        if (m) resolve(m[1]);
      }
    });
    server.on('exit', (c) => reject(new Error(`styr exited with ${c}`)));
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const stop = async () => {
    await browser.close();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, dir, accounts, browser, stop };
}

/// axe-core's WCAG 2.1 A/AA violations on the page, one line each.
export async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
}

/// Signs in on a page as a demo role and waits for the start page.
export async function signIn(env, page, role) {
  await page.goto(`${env.base}/login`);
  await page.fill('#email', env.accounts[role].email);
  await page.fill('#password', env.accounts[role].password);
  await Promise.all([page.waitForURL(`${env.base}/`), page.click('main form[action="/login"] button[type=submit]')]);
}
