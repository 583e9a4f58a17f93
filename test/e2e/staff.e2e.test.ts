/// <reference lib="dom" />
// District staff in Debian's Chromium against a real server and database: navigation by role, the check page's
// first-load JavaScript, mandated reports counting down; axe on every staff page and a screenshot of each.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import { openDisciplineCase } from '../../src/app/open-discipline-case.js';
import { registerMonitoredAccount } from '../../src/app/register-monitored-account.js';
import { runCheck } from '../../src/app/run-check.js';
import { configureSharedFeedFetcher } from '../../src/ingest/feed-fetcher.js';
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

/** Pick an option of a Mantine Select by its label (within `scope`, e.g. one card); the options list opens in a portal of the page. */
async function choose(page: Page, label: string, option: string, scope: Page | Locator = page): Promise<void> {
  // A required field's label ends in an asterisk.
  await scope.locator('input').and(scope.getByLabel(new RegExp(`^${label}( \\*)?$`))).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!browserAvailable())('district staff pages in Chromium', () => {
  let e: E2e;
  let feed: http.Server;
  const verdicts = { allow: 0, revise: 0, block: 0 };

  beforeAll(async () => {
    e = await startE2e(USERS);
    const teacher: Actor = { districtId: e.demo.districtId, id: 'e2e:teacher', personId: e.demo.personas.teacher, roles: ['employee'] };
    const hour = 3_600_000;
    await fileMandatedReport({ db: e.store.db }, teacher, { what: 'Adult messaging a 7th grader privately', whereSeen: 'Instagram DMs', awareAt: new Date(Date.now() - 30 * hour).toISOString() });
    await fileMandatedReport({ db: e.store.db }, teacher, { what: 'Threat posted under a game photo', whereSeen: 'Facebook, JHS Boosters', awareAt: new Date(Date.now() - 2 * hour).toISOString() });
    // A monitored employee feed on loopback with one post that breaks the policy.
    feed = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Coach blog</title><link>http://127.0.0.1/</link><description>d</description>
<item><title>Game day</title><guid>post-1</guid><link>http://127.0.0.1/post-1</link><pubDate>${new Date(Date.now() - 3_600_000).toUTCString()}</pubDate><description>What a sh*tty call by the refs tonight, those idiots</description></item>
</channel></rss>`);
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    // The feed is on loopback: allow private addresses, as MONITOR_PRIVATE_NETWORKS=true does for `clearpost serve`.
    configureSharedFeedFetcher({ allowPrivateNetworks: true });
    const supervisor: Actor = { districtId: e.demo.districtId, id: 'e2e:hr', roles: ['hr'] };
    await registerMonitoredAccount({ db: e.store.db }, supervisor, { accountKind: 'personal', employeeId: e.demo.personas.teacher, network: 'blog', handle: 'coach-blog', feedUrl: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`, reason: 'Complaint from a parent about posts after games' });

    // Checks for the dashboard: one allowed, one blocked (profanity), one to revise.
    for (const text of ['Robotics regional this Saturday, go Cardinals!', 'What a sh*tty way to start a Tuesday', 'Call me at my district email dana@alexandria.k12.mn.us about the game']) {
      const r = await runCheck({ db: e.store.db }, teacher, { post: { author: e.demo.personas.teacher, text, network: 'facebook' } });
      verdicts[r.response.verdict] += 1;
    }
  }, 180_000);

  afterAll(async () => {
    feed?.close();
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
    expect(seen['teacher@example.test']).toEqual(['Check a post', 'My records', 'Co-worker consents', 'Access requests', 'Report a concern', 'Notices']);
    expect(seen['hr@example.test']).toEqual(expect.arrayContaining(['Access requests', 'Notices']));
    expect(seen['admin@example.test']).not.toContain('Access requests');
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
    // The hand-over to the authorities closes the open (not yet overdue) report; the overdue one stays first.
    const open = rows.nth(1);
    await open.getByPlaceholder('Reported to (agency)').fill('Douglas County Social Services');
    await open.getByRole('button', { name: 'Record hand-over' }).click();
    await expect.poll(() => rows.nth(1).textContent()).toContain('closed to Douglas County Social Services');
    expect(await rows.nth(1).getByTestId('countdown').count()).toBe(0);
    expect(await page.getByTestId('overdue-count').textContent()).toBe('1 overdue');
    expect(await axe(page)).toEqual([]);
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

  it('consents: HR finds a student by building, grade and name, records a paper consent with its scan, sees the status and the coverage chart change, makes and remakes an e-consent link, e-mails one to the guardians, revokes', async () => {
    const db = e.store.db;
    const consented = (await db.selectFrom('consents').select('subject_id').where('district_id', '=', e.demo.districtId).where('type', '=', 'student-image').execute()).map((c) => c.subject_id);
    const students = await db.selectFrom('people').select(['id', 'name', 'building_id', 'grade']).where('district_id', '=', e.demo.districtId).where('kind', '=', 'student').where('building_id', 'is not', null).where('grade', 'is not', null).orderBy('name').execute();
    // A student without image consent whose guardians can be sent a signing link.
    const withGuardian = new Set((await db.selectFrom('guardian_links').select('student_id').where('district_id', '=', e.demo.districtId).execute()).map((l) => l.student_id));
    const student = students.find((s) => !consented.includes(s.id) && withGuardian.has(s.id))!;
    expect(student).toBeTruthy();
    const building = (await db.selectFrom('buildings').select('name').where('id', '=', student.building_id!).executeTakeFirst())!.name;

    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'hr@example.test');
    await page.getByRole('link', { name: 'Consents' }).click();
    await page.getByRole('heading', { name: 'Consents', level: 1 }).waitFor();
    await page.getByTestId('chart-coverage').locator('svg[role="img"]').waitFor();
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-consents');

    // Narrow to the student's building: the chart turns to grades in that building.
    await choose(page, 'Building', building);
    const chart = page.getByTestId('chart-coverage');
    await chart.getByRole('heading', { name: `Consent coverage per grade in ${building}` }).waitFor();
    await chart.getByRole('button', { name: 'Show as table' }).click();
    const gradeRow = () => chart.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^(Grade ${student.grade}|Kindergarten)$`) }) });
    const imageShare = async () => Number(((await gradeRow().getByRole('cell').first().textContent()) ?? '').replace('%', ''));
    await gradeRow().waitFor();
    const before = await imageShare();

    // Narrow the list to the student's grade as well: every row shown is of that building's grade.
    const gradeText = /^(KG|K|0)$/.test(student.grade!) ? 'Kindergarten' : /^\d+$/.test(student.grade!) ? `Grade ${student.grade}` : student.grade!;
    await choose(page, 'Grade', gradeText);
    await expect.poll(async () => {
      const rows = await page.getByTestId('student-row').allTextContents();
      return rows.length > 0 && rows.every((r) => new RegExp(`${gradeText}(?!\\d)`).test(r));
    }, { timeout: 10_000 }).toBe(true);
    await page.getByLabel('Student name').fill(student.name);
    const row = page.getByTestId('student-row').filter({ hasText: student.name });
    await expect.poll(() => page.getByTestId('student-row').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => row.locator('[data-status]').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('none');
    await row.getByRole('button', { name: `Consents for ${student.name}` }).click();
    const panel = page.getByTestId('student-consents');
    await panel.getByRole('heading', { name: `Consents for ${student.name}` }).waitFor();
    expect(await axe(page)).toEqual([]);

    // Recording without a scan names the missing field.
    await panel.getByRole('button', { name: 'Record the paper consent' }).click();
    await panel.getByText('Choose the scan of the signed paper form.').waitFor();
    // The scan: a real PNG.
    const scan = await sharp({ create: { width: 400, height: 520, channels: 3, background: '#ffffff' } }).png().toBuffer();
    await panel.getByTestId('scan-input').setInputFiles({ name: 'signed-form.png', mimeType: 'image/png', buffer: scan });
    await panel.getByRole('button', { name: 'Record the paper consent' }).click();
    await panel.getByText(`Paper consent recorded for ${student.name}.`).waitFor();
    expect(await panel.getByRole('progressbar', { name: 'Upload of the scan' }).getAttribute('aria-valuenow')).toBe('100');
    await expect.poll(async () => row.locator('[data-status]').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
    await expect.poll(imageShare, { timeout: 10_000 }).toBeGreaterThan(before);
    const stored = await db.selectFrom('consents').select(['id', 'form_sha256', 'written', 'created_by']).where('subject_id', '=', student.id).where('type', '=', 'student-image').executeTakeFirstOrThrow();
    expect(stored.form_sha256).toBe(createHash('sha256').update(scan).digest('hex'));
    expect(stored.written).toBe(1);
    const audited = await db.selectFrom('audit_log').select(['action', 'actor']).where('entity_id', '=', stored.id).execute();
    expect(audited.map((a) => a.action)).toContain('consent.record');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-consents-recorded');

    // An e-consent link for social-network participation.
    await choose(page, 'Link for', 'Social-network participation');
    await panel.getByRole('button', { name: 'Make a link to hand over' }).click();
    // Participation consent names its network: the error says so next to the button.
    await panel.getByText('network: participation consent names the network').waitFor();
    await panel.getByLabel('Network of the link').fill('seesaw');
    await panel.getByRole('button', { name: 'Make a link to hand over' }).click();
    const linkText = async () => /\/consent\/[A-Za-z0-9_-]{16,}/.exec((await panel.getByTestId('e-consent-link').textContent()) ?? '')?.[0];
    await expect.poll(linkText, { timeout: 10_000 }).toBeDefined();
    const firstLink = await linkText();
    // Resend: a new link (the first one still works until used or expired).
    await panel.getByRole('button', { name: 'Make a new link' }).click();
    await expect.poll(linkText, { timeout: 10_000 }).not.toBe(firstLink);
    // Or e-mailed to each guardian with an address on file (the link is never shown to staff then).
    const guardians = await db.selectFrom('guardian_links as l').innerJoin('people as g', 'g.id', 'l.guardian_id').select(['g.name', 'g.email']).where('l.student_id', '=', student.id).where('l.active', '=', 1).orderBy('g.id').execute();
    await panel.getByRole('button', { name: 'E-mail it to the guardians' }).click();
    await expect.poll(async () => panel.getByTestId('e-consent-emailed').textContent(), { timeout: 10_000 }).toBe(`A signing link was e-mailed to ${guardians.map((g) => g.name).join(' and ')}.`);
    const mails = await db.selectFrom('mail_outbox').select(['to_address', 'subject', 'body']).where('to_address', 'in', guardians.map((g) => g.email!)).execute();
    expect(mails.map((m) => m.subject)).toEqual(guardians.map(() => `Harper HR asks for your permission for ${student.name} to use seesaw`));
    for (const m of mails) expect(m.body).toMatch(/\/consent\/[A-Za-z0-9_-]{16,}/);
    expect(await axe(page)).toEqual([]);

    // Revoke, with the reason; the consent stays, marked revoked.
    await panel.getByLabel('Reason for revoking').fill('Guardian withdrew consent by phone');
    await panel.getByRole('button', { name: 'Revoke' }).click();
    await panel.getByText('Consent revoked.').waitFor();
    await expect.poll(async () => row.locator('[data-status]').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('revoked');
    const revoked = await db.selectFrom('consents').select(['revoked_at', 'revoke_reason']).where('id', '=', stored.id).executeTakeFirstOrThrow();
    expect(revoked.revoke_reason).toBe('Guardian withdrew consent by phone');
    expect(revoked.revoked_at).toBeTruthy();
    // The consent's history: recorded with the scan, then revoked with the reason, in order.
    await panel.getByRole('button', { name: /^Show history of Student image consent for / }).click();
    const events = panel.getByTestId('consent-history').getByRole('listitem');
    await expect.poll(async () => events.allTextContents()).toEqual([expect.stringMatching(/Recorded, with the scanned signed form/), expect.stringMatching(/Revoked, reason: Guardian withdrew consent by phone/)]);
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('monitored accounts: the superintendent polls a feed now, the flagged post waits in the review queue and becomes an incident', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'super@example.test');
    await page.getByRole('link', { name: 'Monitored accounts' }).click();
    await page.getByRole('heading', { name: 'Monitored accounts', level: 1 }).waitFor();
    const account = page.getByTestId('monitored-account').filter({ hasText: 'coach-blog' });
    await account.waitFor();
    await account.getByRole('button', { name: 'Poll now' }).click();
    await page.getByText('Polled: 1 new post, 1 flagged for review.').waitFor();
    const item = page.getByTestId('review-item').first();
    await item.waitFor();
    expect(await item.textContent()).toContain('sh*tty call');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-monitoring');
    await item.getByLabel('Reason').fill('Name-calling officials in public; HR to follow up');
    await item.getByRole('button', { name: 'Mark as incident' }).click();
    await page.getByText('Item marked as an incident.').waitFor();
    const rows = await e.store.db.selectFrom('review_items').select(['status', 'reason']).execute();
    expect(rows).toEqual([{ status: 'incident', reason: 'Name-calling officials in public; HR to follow up' }]);

    // The incident joins an open discipline case about the same employee.
    const hr: Actor = { districtId: e.demo.districtId, id: 'e2e:hr', roles: ['hr'] };
    const opened = await openDisciplineCase({ db: e.store.db }, hr, { employeeId: e.demo.personas.teacher, summary: 'Posts about referees after games' });
    await page.reload();
    await choose(page, 'Show', 'Incidents');
    const incident = page.getByTestId('review-item').first();
    await incident.waitFor();
    await choose(page, 'Open discipline case', 'Posts about referees after games');
    await incident.getByRole('button', { name: 'Attach to the case' }).click();
    await page.getByText('Item attached to the case.').waitFor();
    const attached = await e.store.db.selectFrom('review_items').select(['status', 'case_id']).executeTakeFirstOrThrow();
    expect(attached).toEqual({ status: 'case', case_id: opened.id });
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('every staff page passes axe (WCAG 2.1 AA) for each role that sees it, with a screenshot of each', async () => {
    const visited = new Set<string>();
    for (const email of ['super@example.test', 'hr@example.test']) {
      const context = await e.browser.newContext();
      const page = await context.newPage();
      await signIn(page, e.base, email);
      const district = page.getByRole('group', { name: 'District' });
      const labels = await district.getByRole('link').allTextContents();
      for (const label of labels.filter((l) => !visited.has(l))) {
        await district.getByRole('link', { name: label, exact: true }).click();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.title()).toBe(`${label} · Clearpost`);
        expect([label, email, await axe(page)]).toEqual([label, email, []]);
        const slug = label.toLowerCase().replace(/[^a-z]+/g, '-');
        await screenshot(page, `staff-page-${slug}`);
        visited.add(label);
      }
      await context.close();
    }
    process.stdout.write(`axe clean on staff pages: ${[...visited].join(', ')}\n`);
    expect(visited.size).toBe(10);
  }, 400_000);

  it('the dashboard is usable by keyboard: Tab reaches each chart toggle and CSV link with a visible focus ring, Enter shows the table', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'hr@example.test');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('chart-checks').locator('svg[role="img"]').waitFor();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).click();
    const reached: Array<{ text: string; outline: string }> = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return { text: (el?.textContent ?? '').trim(), outline: el ? getComputedStyle(el).outlineStyle : 'none' };
        }),
      );
      if (reached.filter((r) => r.text === 'Show as table').length === 4) break;
    }
    const toggles = reached.filter((r) => r.text === 'Show as table');
    expect(toggles.length).toBe(4);
    expect(reached.filter((r) => r.text.startsWith('Download CSV')).length).toBeGreaterThanOrEqual(4);
    for (const r of reached.filter((x) => x.text === 'Show as table' || x.text.startsWith('Download CSV'))) expect(r.outline).not.toBe('none');
    // The focused toggle works with Enter.
    await page.keyboard.press('Enter');
    await page.getByTestId('chart-disclosures').getByRole('table').waitFor();
    expect(await page.evaluate(() => (document.activeElement?.textContent ?? '').trim())).toBe('Show as chart');
    await context.close();
  }, 120_000);

  it('approved tools: the superintendent sees CIPA status, adds a tool that is not CIPA compliant, and retires it', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'super@example.test');
    await page.getByRole('link', { name: 'Approved tools' }).click();
    await page.getByRole('heading', { name: 'Approved tools', level: 1 }).waitFor();
    const schoology = page.getByTestId('tool').filter({ hasText: 'Schoology' });
    await schoology.waitFor();
    expect(await schoology.getByText('CIPA compliant', { exact: true }).count()).toBe(1);
    await page.getByLabel('Name').fill('Padlet');
    await page.getByLabel('Network').fill('padlet');
    await page.getByRole('button', { name: 'Add the tool' }).click();
    await page.getByText('Padlet added to the catalog.').waitFor();
    const padlet = page.getByTestId('tool').filter({ hasText: 'Padlet' });
    // The catalog reloads after the message: wait for the new row rather than read the list once.
    await expect.poll(async () => padlet.getByText('Not CIPA compliant').count(), { timeout: 10_000 }).toBe(1);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-approved-tools');
    await padlet.getByRole('button', { name: 'Retire Padlet' }).click();
    await page.getByText('Padlet retired.').waitFor();
    await expect.poll(() => page.getByTestId('tool').filter({ hasText: 'Padlet' }).count()).toBe(0);
    const row = await e.store.db.selectFrom('approved_tools').select(['active', 'cipa_compliant']).where('network', '=', 'padlet').executeTakeFirstOrThrow();
    expect(row).toEqual({ active: 0, cipa_compliant: 0 });
    await context.close();
  }, 120_000);

  it('discipline cases: HR opens a case about an employee and closes it with an outcome', async () => {
    const teacherName = (await e.store.db.selectFrom('people').select('name').where('id', '=', e.demo.personas.teacher).executeTakeFirstOrThrow()).name;
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'hr@example.test');
    await page.getByRole('link', { name: 'Discipline cases' }).click();
    await page.getByRole('heading', { name: 'Discipline cases', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByText(/employeeId|summary/).first().waitFor();
    await choose(page, 'Employee', teacherName);
    await page.getByLabel('Summary').fill('Profanity about referees on a public blog after the game (IV.A)');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByText('Case opened.').waitFor();
    const card = page.getByTestId('discipline-case').filter({ hasText: 'Profanity about referees' });
    await card.waitFor();
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-discipline');
    await choose(page, 'Outcome', 'Written warning', card);
    await card.getByRole('button', { name: 'Close the case' }).click();
    await page.getByText('Case closed.').waitFor();
    const row = await e.store.db.selectFrom('discipline_cases').select(['status', 'outcome', 'employee_id']).where('summary', 'like', 'Profanity about referees%').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', outcome: 'written-warning', employee_id: e.demo.personas.teacher });
    await context.close();
  }, 120_000);

  it('audit log: an admin filters by action and downloads the same entries as CSV', async () => {
    const context = await e.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, e.base, 'admin@example.test');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByTestId('audit-entry').first().waitFor();
    await page.getByLabel('Action').fill('mandated-report.');
    await page.getByRole('button', { name: 'Filter' }).click();
    const entries = page.getByTestId('audit-entry');
    const expected = await e.store.db.selectFrom('audit_log').select('seq').where('district_id', '=', e.demo.districtId).where('action', 'like', 'mandated-report.%').execute();
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(expected.length);
    for (const t of await entries.locator('td:nth-child(4)').allTextContents()) expect(t).toMatch(/^mandated-report\./);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-audit-log');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
    const lines = fs.readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('seq,at,actor,action,entity,entity_id,details,prev_hash,hash');
    expect(lines.length - 1).toBe(expected.length);
    await context.close();
  }, 120_000);

  // Last: a bulk roster import changes who is active in the district.
  it('roster import: an admin uploads a OneRoster zip, sees the progress bar reach 100% and the result report', async () => {
    const zip = path.resolve(import.meta.dirname, '../../../shared/data/oneroster/catalyst-moodle-enrol-oneroster/Test_full_data_set.zip');
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'admin@example.test');
    await page.getByRole('link', { name: 'Roster import' }).click();
    await page.getByRole('heading', { name: 'Roster import', level: 1 }).waitFor();
    expect(await axe(page)).toEqual([]);
    await page.getByTestId('roster-input').setInputFiles(zip);
    await page.getByRole('button', { name: 'Import the roster' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await page.getByRole('progressbar', { name: 'Upload of the roster package' }).getAttribute('aria-valuenow')).toBe('100');
    expect(await report.textContent()).toContain('OneRoster 1.1, bulk import');
    const people = report.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'People' }) });
    expect(await people.getByRole('cell').allTextContents()).toEqual(['6', '0', '0', expect.stringMatching(/^\d+$/)]);
    const problems = await page.getByTestId('import-problems').getByRole('listitem').allTextContents();
    expect(problems.map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['users.csv:3', 'users.csv:5', 'users.csv:6', 'users.csv:7']);
    const imported = await e.store.db.selectFrom('people').select('id').where('district_id', '=', e.demo.districtId).where('sourced_id', 'like', 'usr-222-%').execute();
    expect(imported.length).toBe(6);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-roster-import');
    await context.close();
  }, 120_000);
});
