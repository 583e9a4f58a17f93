/// <reference lib="dom" />
// The approvals queue in Debian's Chromium against a real server and database: the Superintendent sees each request with
// the employee's name and reason, opens the employee's history (an earlier denial and its reason), denies one (a reason
// is required, shown next to the field), approves another, and a request decided meanwhile by someone else is refused,
// not overwritten. axe on every state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { decideAuthorization } from '../../src/app/decide-authorization.js';
import { requestAuthorization } from '../../src/app/request-authorization.js';
import { browserAvailable } from '../support/chromium.js';
import { axe, screenshot, signIn, startE2e, type E2e } from './support.js';

const USERS = [
  { email: 'super@example.test', name: 'Sam Superintendent', roles: ['superintendent' as const], personId: (d: E2e['demo']) => d.personas.superintendent },
  { email: 'colleague@example.test', name: 'Cole League', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.communications },
];

describe.skipIf(!browserAvailable())('approvals queue in Chromium', () => {
  let e: E2e;
  let teacherName: string;
  let colleagueName: string;
  let ids: { denied: string; press: string; portfolio: string; video: string };

  beforeAll(async () => {
    e = await startE2e(USERS, { students: 20, employees: 8 });
    const d = e.demo;
    const deps = { db: e.store.db };
    const teacher: Actor = { districtId: d.districtId, id: 'e2e:teacher', personId: d.personas.teacher, roles: ['employee'] };
    const colleague: Actor = { districtId: d.districtId, id: 'e2e:colleague', personId: d.personas.communications, roles: ['employee'] };
    const sup: Actor = { districtId: d.districtId, id: 'e2e:other-designee', personId: d.personas.superintendent, roles: ['superintendent'] };
    const name = async (id: string) => (await e.store.db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;
    teacherName = await name(d.personas.teacher);
    colleagueName = await name(d.personas.communications);
    // History: the teacher asked once before and was denied.
    const first = await requestAuthorization(deps, teacher, { type: 'spokesperson', reason: 'Fall open house' });
    await decideAuthorization(deps, sup, { id: first.id, decision: 'denied', reason: 'Press contact goes through communications this fall' });
    const press = await requestAuthorization(deps, teacher, { type: 'spokesperson', reason: 'Robotics regional press contact' });
    const portfolio = await requestAuthorization(deps, colleague, { type: 'instructional-use', network: 'seesaw', activity: 'Class portfolio of art projects' });
    const video = await requestAuthorization(deps, colleague, { type: 'instructional-use', network: 'youtube', activity: 'Lab demo videos' });
    ids = { denied: first.id, press: press.id, portfolio: portfolio.id, video: video.id };
  }, 180_000);

  afterAll(async () => {
    await e?.close();
  }, 120_000);

  it('the Superintendent reads each request with its history, denies with a reason, approves, and a decision made meanwhile is refused', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'super@example.test');
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    const cards = page.getByTestId('approval');
    await expect.poll(async () => cards.count(), { timeout: 10_000 }).toBe(3);
    const titles = await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
    expect(titles).toEqual([`Spokesperson: ${teacherName}`, `Instructional use of a public network on seesaw: ${colleagueName}`, `Instructional use of a public network on youtube: ${colleagueName}`]);
    const press = page.getByRole('region', { name: `Spokesperson: ${teacherName}` });
    expect(await press.textContent()).toContain('Why: Robotics regional press contact');
    expect(await axe(page)).toEqual([]);

    // The teacher's history: the earlier request and why it was denied.
    const toggle = press.getByRole('button', { name: `Show the history of ${teacherName}` });
    await toggle.click();
    // Newest first: the denial; then what the demo district approved for the teacher earlier.
    const history = press.getByTestId('approval-history').getByRole('listitem');
    await expect.poll(async () => history.allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^Spokesperson: denied on .+\. Reason: Press contact goes through communications this fall$/), expect.stringMatching(/^Instructional use of a public network on instagram: approved on .+, valid until \d{4}-06-30$/)]);
    expect(await press.getByRole('button', { name: `Hide the history of ${teacherName}` }).getAttribute('aria-expanded')).toBe('true');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'approvals-history');

    // A denial needs a reason: the message is next to the field, nothing is sent.
    const portfolio = page.getByRole('region', { name: `Instructional use of a public network on seesaw: ${colleagueName}` });
    await portfolio.getByRole('button', { name: 'Deny' }).click();
    await portfolio.getByText('Give the reason for the denial: the employee reads it.').waitFor();
    expect(await portfolio.getByLabel('Reason for the decision').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page)).toEqual([]);
    await portfolio.getByLabel('Reason for the decision').fill('Use the district Seesaw account, which is already approved');
    await portfolio.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(async () => cards.count(), { timeout: 10_000 }).toBe(2);

    // Approve the teacher's request.
    await press.getByLabel('Reason for the decision').fill('Robotics press contact for this year');
    await press.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => cards.count(), { timeout: 10_000 }).toBe(1);
    const decided = page.getByTestId('decided');
    expect(await decided.textContent()).toContain(`approvedSpokesperson: ${teacherName}. Reason: Robotics press contact for this year`);
    expect(await decided.textContent()).toContain(`deniedInstructional use of a public network on seesaw: ${colleagueName}. Reason: Use the district Seesaw account`);

    // Another designee decides the last one behind this page's back: this page's decision is refused, not applied.
    await decideAuthorization({ db: e.store.db }, { districtId: e.demo.districtId, id: 'e2e:other-designee', personId: e.demo.personas.superintendent, roles: ['superintendent'] }, { id: ids.video, decision: 'denied', reason: 'No student faces on YouTube' });
    await page.getByRole('region', { name: `Instructional use of a public network on youtube: ${colleagueName}` }).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => page.getByTestId('stale').textContent(), { timeout: 10_000 }).toContain(`${colleagueName}'s instructional use of a public network on youtube request was decided or changed by someone else`);
    await page.getByText('No requests are waiting.').waitFor();
    expect(await axe(page)).toEqual([]);

    const rows = await e.store.db.selectFrom('authorizations').select(['id', 'status', 'reason', 'valid_until']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids.press)).toMatchObject({ status: 'approved', reason: 'Robotics press contact for this year' });
    expect(byId.get(ids.press)!.valid_until).toMatch(/^\d{4}-06-30$/);
    expect(byId.get(ids.portfolio)).toMatchObject({ status: 'denied', reason: 'Use the district Seesaw account, which is already approved' });
    expect(byId.get(ids.video)).toMatchObject({ status: 'denied', reason: 'No student faces on YouTube' });
    await context.close();

    // The employee reads the decisions and their reasons under My records.
    const mine = await e.browser.newContext();
    const p = await mine.newPage();
    await signIn(p, e.base, 'colleague@example.test');
    await p.getByRole('link', { name: 'My records' }).click();
    await p.getByText('Reason given: Use the district Seesaw account, which is already approved').waitFor();
    await p.getByText('Reason given: No student faces on YouTube').waitFor();
    expect(await axe(p)).toEqual([]);
    await mine.close();
  }, 180_000);
});
