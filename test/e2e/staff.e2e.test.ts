/// <reference lib="dom" />
// District staff in Debian's Chromium against a real server and database: navigation by role, the check page's
// first-load JavaScript, mandated reports counting down; axe on every staff page and a screenshot of each.
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import { browserAvailable } from '../support/chromium.js';
import { axe, screenshot, signIn, startE2e, type E2e } from './support.js';

const USERS = [
  { email: 'teacher@example.test', name: 'Dana Teacher', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.teacher },
  { email: 'hr@example.test', name: 'Harper HR', roles: ['hr' as const] },
  { email: 'super@example.test', name: 'Sam Superintendent', roles: ['superintendent' as const], personId: (d: E2e['demo']) => d.personas.superintendent },
  { email: 'admin@example.test', name: 'Ada Admin', roles: ['admin' as const] },
  { email: 'principal@example.test', name: 'Pat Principal', roles: ['building-supervisor' as const] },
];

async function navLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
}

describe.skipIf(!browserAvailable())('district staff pages in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e(USERS);
    const teacher: Actor = { districtId: e.demo.districtId, id: 'e2e:teacher', personId: e.demo.personas.teacher, roles: ['employee'] };
    const hour = 3_600_000;
    await fileMandatedReport({ db: e.store.db }, teacher, { what: 'Adult messaging a 7th grader privately', whereSeen: 'Instagram DMs', awareAt: new Date(Date.now() - 30 * hour).toISOString() });
    await fileMandatedReport({ db: e.store.db }, teacher, { what: 'Threat posted under a game photo', whereSeen: 'Facebook, JHS Boosters', awareAt: new Date(Date.now() - 2 * hour).toISOString() });
  }, 180_000);

  afterAll(async () => {
    await e?.close();
  }, 120_000);

  it('the check page loads at most 250 KB of gzipped JavaScript; staff pages come later, on demand', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    const scripts = new Map<string, number>();
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'script') return;
      void r.body().then((b) => scripts.set(new URL(r.url()).pathname, gzipSync(b, { level: 9 }).length));
    });
    await signIn(page, e.base, 'teacher@example.test');
    await page.waitForLoadState('networkidle');
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(`check page first-load JS: ${(total / 1024).toFixed(1)} KB gzipped in ${scripts.size} files (${[...scripts.keys()].join(', ')})\n`);
    expect(total).toBeGreaterThan(10_000);
    expect(total).toBeLessThanOrEqual(250 * 1024);
    // No staff page's code was fetched for the check page.
    expect([...scripts.keys()].filter((s) => /Page-/.test(s) && !/CheckPage/.test(s))).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows each role only its district pages', async () => {
    const seen: Record<string, string[]> = {};
    for (const u of USERS) {
      const context = await e.browser.newContext();
      const page = await context.newPage();
      await signIn(page, e.base, u.email);
      seen[u.email] = await navLinks(page);
      await context.close();
    }
    expect(seen['teacher@example.test']).toEqual(['Check a post', 'My records', 'Report a concern']);
    expect(seen['super@example.test']).toEqual(expect.arrayContaining(['Approvals', 'Mandated reports']));
    expect(seen['hr@example.test']).toEqual(expect.arrayContaining(['Mandated reports']));
    expect(seen['hr@example.test']).not.toContain('Approvals');
    expect(seen['admin@example.test']).not.toContain('Mandated reports');
    expect(seen['principal@example.test']).toContain('Mandated reports');
  }, 120_000);

  it('mandated reports: the overdue one is flagged first and the open one counts down live', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'hr@example.test');
    await page.getByRole('link', { name: 'Mandated reports' }).click();
    await page.getByRole('heading', { name: 'Mandated reports' }).waitFor();
    const rows = page.getByTestId('mandated-report');
    await expect.poll(() => rows.count()).toBe(2);
    const first = rows.nth(0).getByTestId('countdown');
    expect(await first.getAttribute('data-overdue')).toBe('true');
    expect(await first.textContent()).toMatch(/^overdue by 6 h \d\d min$/);
    const second = rows.nth(1).getByTestId('countdown');
    expect(await second.getAttribute('data-overdue')).toBe('false');
    const before = await second.textContent();
    expect(before).toMatch(/^2[12] h \d\d min left$/);
    const left = Number(await second.getAttribute('data-seconds-left'));
    await expect.poll(async () => Number(await second.getAttribute('data-seconds-left')), { timeout: 5000 }).toBeLessThan(left);
    expect(await page.getByTestId('overdue-count').textContent()).toBe('1 overdue');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-mandated-reports');
    await page.getByLabel('Overdue only').check();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.title()).toBe('Mandated reports · Clearpost');
    await context.close();
  }, 120_000);
});
