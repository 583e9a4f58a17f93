/// <reference lib="dom" />
// The employee's own records in Debian's Chromium against a real server and database: co-worker consents (give one
// naming the co-worker, see its history, revoke it; the co-worker's check finds it), access requests under IV.E
// (HR asks, the employee answers; a request withdrawn meanwhile is refused with the reason), and in-app notices
// (unread count in the navigation, mark read, open). axe (WCAG 2.1 AA) on each page, a screenshot of each.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { notify } from '../../src/app/notify.js';
import { answerSiteAccess, requestSiteAccess } from '../../src/app/request-site-access.js';
import { runCheck } from '../../src/app/run-check.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { browserAvailable } from '../support/chromium.js';
import { axe, screenshot, signIn, startE2e, type E2e } from './support.js';

const USERS = [
  { email: 'teacher@example.test', name: 'Dana Teacher', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.teacher },
  { email: 'colleague@example.test', name: 'Cory Colleague', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.communications },
  { email: 'hr@example.test', name: 'Harper HR', roles: ['hr' as const] },
];

/** Type into a searchable Mantine Select and pick the option (the list opens in a portal of the page). */
async function pick(page: Page, label: string, typed: string, option: string): Promise<void> {
  const input = page.locator('input').and(page.getByLabel(new RegExp(`^${label}( \\*)?$`)));
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!browserAvailable())('my records in Chromium: co-worker consents, access requests, notices', () => {
  let e: E2e;
  let teacherName: string;
  let colleagueName: string;
  let hrActor: Actor;

  beforeAll(async () => {
    e = await startE2e(USERS);
    const name = async (id: string) => (await e.store.db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;
    teacherName = await name(e.demo.personas.teacher);
    colleagueName = await name(e.demo.personas.communications);
    const hr = await e.store.db.selectFrom('users').select('id').where('email', '=', 'hr@example.test').executeTakeFirstOrThrow();
    hrActor = { districtId: e.demo.districtId, id: hr.id, roles: ['hr'] };
  }, 180_000);

  afterAll(async () => {
    await e?.close();
  }, 120_000);

  it('co-worker consents: the teacher gives a named colleague consent, sees its history, and revokes it; the colleague\'s check follows', async () => {
    const colleague: Actor = { districtId: e.demo.districtId, id: 'e2e:colleague', personId: e.demo.personas.communications, roles: ['employee'] };
    const post = { text: 'Staff kickball after school!', network: 'facebook', postedAt: new Date().toISOString(), images: [{ description: 'staff kickball', depicts: [e.demo.personas.teacher], setting: 'off-site' as const }] };
    const coworkerRule = async () => (await runCheck({ db: e.store.db }, colleague, { post, pack: loadPolicyPack() })).response.findings.map((f) => f.rule).filter((r) => r === 'coworker-image-without-consent');
    expect(await coworkerRule()).toEqual(['coworker-image-without-consent']);

    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    await page.getByRole('link', { name: 'Co-worker consents' }).click();
    await page.getByRole('heading', { name: 'Co-worker consents', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await axe(page)).toEqual([]);

    // Without a co-worker, the API's problem names the field: the message shows under it.
    await page.getByRole('button', { name: 'Give my consent' }).click();
    const grantee = page.locator('input').and(page.getByLabel(/^Co-worker who may post images of me/));
    await expect.poll(async () => grantee.getAttribute('aria-invalid')).toBe('true');
    await page.getByText(/^granteeId: /).waitFor();
    expect(await axe(page)).toEqual([]);

    await pick(page, 'Co-worker who may post images of me', colleagueName.split(' ')[0]!, colleagueName);
    await page.getByRole('checkbox', { name: 'Personal accounts' }).check();
    await page.getByRole('button', { name: 'Give my consent' }).click();
    await page.getByText(`Consent given: ${colleagueName} may post images of you.`).waitFor();
    const card = page.getByTestId('coworker-consent').filter({ hasText: `${colleagueName} may post images of you` });
    await expect.poll(async () => card.getAttribute('data-status')).toBe('current');
    expect(await coworkerRule()).toEqual([]);

    // Revoke with a reason; the consent stays, marked revoked, and its history says who did what and why.
    await card.getByLabel('Reason for revoking').fill('Changed my mind about photos');
    await card.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Consent revoked.').waitFor();
    await expect.poll(async () => card.getAttribute('data-status')).toBe('revoked');
    await card.getByRole('button', { name: `Show history of your consent to ${colleagueName}` }).click();
    const items = card.getByTestId('consent-history').getByRole('listitem');
    await expect.poll(async () => items.allTextContents()).toEqual([expect.stringMatching(/Recorded/), expect.stringMatching(/Revoked, reason: Changed my mind about photos/)]);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'records-coworker-consents');
    expect(await coworkerRule()).toEqual(['coworker-image-without-consent']);
    const stored = await e.store.db.selectFrom('consents').select(['type', 'subject_id', 'grantee_id', 'scope', 'revoke_reason']).where('type', '=', 'coworker-image').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ subject_id: e.demo.personas.teacher, grantee_id: e.demo.personas.communications, scope: '["personal-accounts"]', revoke_reason: 'Changed my mind about photos' });
    await context.close();

    // The colleague sees it among the consents given to them, with no revoke button (only the giver revokes).
    const ctx2 = await e.browser.newContext();
    const p2 = await ctx2.newPage();
    await signIn(p2, e.base, 'colleague@example.test');
    await p2.getByRole('link', { name: 'Co-worker consents' }).click();
    const given = p2.getByTestId('coworker-consent').filter({ hasText: `You may post images of ${teacherName}` });
    await expect.poll(async () => given.getAttribute('data-status')).toBe('revoked');
    expect(await given.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await axe(p2)).toEqual([]);
    await ctx2.close();
  }, 240_000);

  it('access requests: HR asks the teacher for access during a promotion; the teacher answers; a request withdrawn meanwhile is refused', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'hr@example.test');
    await page.getByRole('group', { name: 'District' }).getByRole('link', { name: 'Access requests' }).click();
    await page.getByRole('heading', { name: 'Access requests', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await axe(page)).toEqual([]);
    // Nothing chosen: the problem names the employee field, and the message shows there.
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByText(/^employeeId: /).waitFor();
    await pick(page, 'Employee', teacherName.split(' ')[0]!, teacherName);
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByText(/^process: /).waitFor();
    await page.locator('input').and(page.getByLabel(/^Process/)).click();
    await page.getByRole('option', { name: 'Promotion', exact: true }).click();
    await page.getByLabel('Network (optional)').fill('Instagram');
    await page.getByLabel(/^Why the district asks/).fill('Promotion to athletic director: review of public coaching posts');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByText('Request sent to the employee.').waitFor();
    await page.getByTestId('access-request').filter({ hasText: teacherName }).waitFor();
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'staff-access-requests');
    await context.close();

    // A second request, for selection, that HR will withdraw while the teacher has the page open.
    const second = await requestSiteAccess({ db: e.store.db }, hrActor, { employeeId: e.demo.personas.teacher, process: 'selection', site: 'blog.example.org/coach', reason: 'Selection for head coach' });

    const ctx2 = await e.browser.newContext();
    const t = await ctx2.newPage();
    await signIn(t, e.base, 'teacher@example.test');
    await t.getByRole('link', { name: 'Access requests' }).click();
    await t.getByRole('heading', { name: 'Requests to me' }).waitFor();
    const promo = t.getByTestId('access-request').filter({ hasText: 'Promotion' });
    const select = t.getByTestId('access-request').filter({ hasText: 'Employment selection' });
    await expect.poll(async () => promo.getAttribute('data-status')).toBe('requested');
    expect(await axe(t)).toEqual([]);
    await promo.getByRole('button', { name: 'I gave the district access' }).click();
    await t.getByText('Request answered: access given.').waitFor();
    await expect.poll(async () => t.getByTestId('access-request').filter({ hasText: 'Promotion' }).getAttribute('data-status')).toBe('provided');

    await answerSiteAccess({ db: e.store.db }, hrActor, { id: second.id, version: second.version, answer: 'withdrawn' });
    await select.getByRole('button', { name: 'I decline' }).click();
    await select.getByRole('alert').filter({ hasText: 'already withdrawn' }).waitFor();
    expect(await axe(t)).toEqual([]);
    await screenshot(t, 'records-access-requests');
    await ctx2.close();

    const rows = await e.store.db.selectFrom('access_requests').select(['process', 'status', 'network', 'responded_at']).orderBy('created_at').execute();
    expect(rows).toMatchObject([
      { process: 'promotion', status: 'provided', network: 'instagram' },
      { process: 'selection', status: 'withdrawn' },
    ]);
    expect(rows[0]!.responded_at).toBeTruthy();
    const audit = await e.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'access-request.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['access-request.open', 'access-request.open', 'access-request.provided', 'access-request.withdrawn']);
  }, 240_000);

  it('notices: the navigation counts unread ones; the teacher marks one read and opens the other from its link', async () => {
    const base = { districtId: e.demo.districtId, recipients: [e.demo.personas.teacher] };
    await notify({ db: e.store.db }, { ...base, event: 'disclosure.reminder', dedupKey: 'e2e:disclosure', subject: 'File your annual disclosure', body: 'The 2026-2027 disclosure of student groups is due in 14 days.', link: '/records' });
    await notify({ db: e.store.db }, { ...base, event: 'authorization.expiry', dedupKey: 'e2e:auth', subject: 'Your spokesperson authorization expires soon', body: 'It ends on June 30.', link: '/records' });
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    const badge = page.getByTestId('unread-badge');
    await expect.poll(async () => badge.textContent()).toBe('2 unread');
    await page.getByRole('link', { name: /^Notices/ }).click();
    await page.getByRole('heading', { name: 'Notices', level: 1 }).waitFor();
    await expect.poll(async () => page.getByTestId('notice').count()).toBe(2);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'records-notices');

    await page.getByRole('button', { name: 'Mark read: Your spokesperson authorization expires soon' }).click();
    await expect.poll(async () => page.getByTestId('unread-count').textContent()).toBe('1 unread');
    await expect.poll(async () => badge.textContent()).toBe('1 unread');
    await page.getByRole('link', { name: 'Open: File your annual disclosure' }).click();
    await page.getByRole('heading', { name: 'My records', level: 1 }).waitFor();
    await expect.poll(async () => badge.count()).toBe(0);
    const notices = await e.store.db.selectFrom('notifications').select(['subject', 'read_at']).orderBy('subject').execute();
    expect(notices.map((n) => [n.subject, n.read_at !== null])).toEqual([
      ['File your annual disclosure', true],
      ['Your spokesperson authorization expires soon', true],
    ]);
    await context.close();
  }, 240_000);
});
