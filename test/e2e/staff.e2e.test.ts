/// <reference lib="dom" />
// District staff in Debian's Chromium against a real server and database: navigation by role, the check page's
// first-load JavaScript, mandated reports counting down; axe on every staff page and a screenshot of each.
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import { runCheck } from '../../src/app/run-check.js';
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
  const verdicts = { allow: 0, revise: 0, block: 0 };

  beforeAll(async () => {
    e = await startE2e(USERS);
    const teacher: Actor = { districtId: e.demo.districtId, id: 'e2e:teacher', personId: e.demo.personas.teacher, roles: ['employee'] };
    const hour = 3_600_000;
    await fileMandatedReport({ db: e.store.db }, teacher, { what: 'Adult messaging a 7th grader privately', whereSeen: 'Instagram DMs', awareAt: new Date(Date.now() - 30 * hour).toISOString() });
    await fileMandatedReport({ db: e.store.db }, teacher, { what: 'Threat posted under a game photo', whereSeen: 'Facebook, JHS Boosters', awareAt: new Date(Date.now() - 2 * hour).toISOString() });
    // Checks for the dashboard: one allowed, one blocked (profanity), one to revise.
    for (const text of ['Robotics regional this Saturday, go Cardinals!', 'What a sh*tty way to start a Tuesday', 'Call me at my district email dana@alexandria.k12.mn.us about the game']) {
      const r = await runCheck({ db: e.store.db }, teacher, { post: { author: e.demo.personas.teacher, text, network: 'facebook' } });
      verdicts[r.response.verdict] += 1;
    }
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

  it('dashboard: charts with a one-line summary each, a table view, and CSV exports that download', async () => {
    const context = await e.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, e.base, 'hr@example.test');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const checks = page.getByTestId('chart-checks');
    await checks.locator('svg[role="img"]').waitFor();
    for (const id of ['chart-checks', 'chart-findings-over-time', 'chart-findings-by-rule', 'chart-disclosures']) {
      expect(await page.getByTestId(id).locator('svg[role="img"]').count()).toBe(1);
    }
    // The bars carry their numbers; the summary says them in words.
    expect(verdicts.block).toBeGreaterThan(0);
    const bars = await checks.locator('rect title').allTextContents();
    const sum = (label: string) => bars.filter((t) => t.includes(`, ${label}: `)).reduce((a, t) => a + Number(t.split(': ')[1]), 0);
    expect([sum('Allowed'), sum('Revise'), sum('Blocked')]).toEqual([verdicts.allow, verdicts.revise, verdicts.block]);
    expect(await checks.textContent()).toContain(`3 posts checked, ${verdicts.block} blocked`);
    expect(await page.getByTestId('overdue-reports').textContent()).toContain('1 overdue');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-dashboard');

    // Table view of the same numbers.
    await checks.getByRole('button', { name: 'Show as table' }).click();
    const table = checks.getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Week', 'Allowed', 'Revise', 'Blocked']);
    expect(await axe(page)).toEqual([]);

    // The CSV behind the chart downloads.
    const [download] = await Promise.all([page.waitForEvent('download'), checks.getByTestId('csv-link').click()]);
    expect(download.suggestedFilename()).toMatch(/^dashboard-checks-.*\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('week,week_start,allow,revise,block,total');
    const totals = lines.slice(1).map((l) => l.split(',')).reduce((a, c) => a + Number(c[5]), 0);
    expect(totals).toBe(3);
    await context.close();
  }, 120_000);
});
