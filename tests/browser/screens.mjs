// Takes the screenshots in docs/screens that the README shows: the start
// page of a unit leader on a desk (1366 × 768) and on a phone (390 × 844),
// and a decision page as an employee reads it. Not a test; run it after a
// change to those pages:  node tests/browser/screens.mjs
import { join } from 'node:path';
import { start, signIn, root } from './harness.mjs';

const out = join(root, 'docs', 'screens');
const env = await start();
try {
  const sizes = { desk: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };
  for (const [name, viewport] of Object.entries(sizes)) {
    const context = await env.browser.newContext({ viewport, isMobile: name === 'phone' });
    const page = await context.newPage();
    await signIn(env, page, 'unit_leader');
    await page.screenshot({ path: join(out, `start-unit-leader-${name}.png`), fullPage: true });
    await context.close();
  }
  const context = await env.browser.newContext({ viewport: sizes.desk });
  const page = await context.newPage();
  await signIn(env, page, 'employee');
  // The first decision in the start page's news.
  const href = await page.getAttribute('.styr-news a[href^="/decisions/"]', 'href');
  await page.goto(`${env.base}${href}`);
  await page.screenshot({ path: join(out, 'decision-employee-desk.png'), fullPage: true });
  await context.close();
} finally {
  await env.stop();
}
