/// <reference lib="dom" />
// Nothing typed is lost when the session ends, in Debian's Chromium against a real server and database: the session
// ends while a page is open (its cookie is dropped, so the server sees no session, as after an expiry); the next request brings up a sign-in dialog over the page,
// and after signing in there the page and what was typed are still there. axe on the page with the dialog.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../support/chromium.js';
import { axe, PW, screenshot, signIn, startE2e, offDutyClock, type E2e } from './support.js';

const USERS = [{ email: 'teacher@example.test', name: 'Dana Teacher', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.teacher }];

/** Sign in again in the "session ended" dialog. */
async function signInAgain(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await dialog.getByLabel('E-mail').fill('teacher@example.test');
  await dialog.locator('input[type="password"]').fill(PW);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe.skipIf(!browserAvailable())('a session that ends while a page is open', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(USERS, { students: 20, employees: 6 });
    offDutyClock(e.browser);
  }, 180_000);
  afterAll(async () => {
    await e?.close();
  }, 120_000);

  /** End the session as an expiry does: the browser's next requests carry no valid session (the session cookie is gone). */
  const endSession = (page: Page) => page.context().clearCookies({ name: 'clearpost_session' });

  it('check page: the draft stays, a sign-in dialog comes up over it, and after signing in the kept draft is checked', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    const box = page.getByTestId('post-text');
    const verdict = page.getByTestId('verdict');
    await box.fill('Robotics regional this Saturday');
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('allow');

    await endSession(page);
    const text = 'Robotics regional this Saturday, what a sh*tty bus ride';
    await box.fill(text);
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('nothing you typed is lost');
    expect(await box.inputValue()).toBe(text);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'session-ended-dialog');

    await signInAgain(page);
    expect(await box.inputValue()).toBe(text);
    // The kept draft is checked as soon as the session is back.
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('block');
    await expect.poll(async () => page.getByTestId('highlighted').textContent(), { timeout: 10_000 }).toBe(text);
    await context.close();
  }, 120_000);

  it('report a concern: what was typed survives the session ending at "File the report"; filed after signing in again', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    await page.getByRole('link', { name: 'Report a concern' }).click();
    await page.getByRole('heading', { name: 'Report a concern' }).waitFor();
    const what = 'An adult stranger messaging 8th graders in the band group';
    await page.getByLabel('What did you see?').fill(what);
    await page.getByLabel('Where (network, group, account)').fill('Instagram, DMS Band');

    await endSession(page);
    await page.getByRole('button', { name: 'File the report' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    // A wrong password: the message is in the dialog, the page behind it unchanged.
    await dialog.getByLabel('E-mail').fill('teacher@example.test');
    await dialog.locator('input[type="password"]').fill('not the password');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await axe(page)).toEqual([]);
    await signInAgain(page);
    expect(await page.getByLabel('What did you see?').inputValue()).toBe(what);
    expect(await page.getByLabel('Where (network, group, account)').inputValue()).toBe('Instagram, DMS Band');
    await page.getByRole('button', { name: 'File the report' }).click();
    await page.getByText(/Report filed\. Due .*\(2[34] h \d+ min left\)/).waitFor();
    const stored = await e.store.db.selectFrom('mandated_reports').select(['what']).execute();
    expect(stored.map((r) => r.what)).toEqual([what]);
    await context.close();
  }, 120_000);

  it('form drafts survive a reload of the page; filing the report or signing out forgets them', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    await page.getByRole('link', { name: 'Report a concern' }).click();
    const what = page.getByLabel('What did you see?');
    await what.fill('Draft: a parent posting a screenshot of a student chat');
    await page.getByLabel('Where (network, group, account)').fill('Facebook, Boosters');
    await page.reload();
    await page.getByRole('heading', { name: 'Report a concern' }).waitFor();
    expect(await what.inputValue()).toBe('Draft: a parent posting a screenshot of a student chat');
    expect(await page.getByLabel('Where (network, group, account)').inputValue()).toBe('Facebook, Boosters');
    // My records: the disclosure being typed survives a reload too.
    await page.getByRole('link', { name: 'My records' }).click();
    await page.getByLabel('Group 1 name').fill('DMS Band Parents');
    await page.reload();
    await expect.poll(async () => page.getByLabel('Group 1 name').inputValue(), { timeout: 10_000 }).toBe('DMS Band Parents');
    expect(await axe(page)).toEqual([]);

    // Filing forgets the report's draft.
    await page.getByRole('link', { name: 'Report a concern' }).click();
    await page.getByRole('button', { name: 'File the report' }).click();
    await page.getByText(/Report filed\./).waitFor();
    expect(await what.inputValue()).toBe('');
    await page.reload();
    await page.getByRole('heading', { name: 'Report a concern' }).waitFor();
    expect(await what.inputValue()).toBe('');

    // Signing out forgets the rest (the next person at this computer sees nothing of it).
    await what.fill('Something half typed');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, e.base, 'teacher@example.test');
    await page.getByRole('link', { name: 'Report a concern' }).click();
    expect(await what.inputValue()).toBe('');
    await page.getByRole('link', { name: 'My records' }).click();
    expect(await page.getByLabel('Group 1 name').inputValue()).toBe('');
    await context.close();
  }, 120_000);
});
