/// <reference lib="dom" />
// Keyboard use on every page, in Debian's Chromium against a real server and database: Tab walks each page from the top;
// every control it reaches (45 Tab presses a page) shows a visible focus indicator: an outline, or a shadow it lacks unfocused.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../support/chromium.js';
import { axe, signIn, startE2e, type E2e } from './support.js';

const USERS = [
  { email: 'teacher@example.test', name: 'Dana Teacher', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.teacher },
  { email: 'super@example.test', name: 'Sam Superintendent', roles: ['superintendent' as const, 'admin' as const, 'hr' as const], personId: (d: E2e['demo']) => d.personas.superintendent },
];
const STOPS = 45;

interface Stop {
  what: string;
  visible: boolean;
}

/** Tab from the top of the page STOPS times; for each stop, what has focus and whether a focus indicator shows. */
async function walk(page: Page): Promise<Stop[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.click(1, 1);
  const stops: Stop[] = [];
  for (let i = 0; i < STOPS; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (el === null || el === document.body) return { what: 'body', visible: true };
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        // A focus shadow counts only when it is not there without focus.
        const focusedShadow = s.boxShadow;
        el.blur();
        const restingShadow = getComputedStyle(el).boxShadow;
        el.focus();
        const shadow = focusedShadow !== 'none' && focusedShadow !== restingShadow;
        // A visually hidden input (checkbox, radio, file) shows its focus on the label or box drawn next to it.
        const proxy = el.matches('input[type="checkbox"], input[type="radio"], input[type="file"]') ? (el.closest('label') ?? el.parentElement) : null;
        const ps = proxy ? getComputedStyle(proxy) : null;
        const sibling = el.nextElementSibling ? getComputedStyle(el.nextElementSibling) : null;
        const proxyVisible = (ps !== null && ps.outlineStyle !== 'none') || (sibling !== null && sibling.outlineStyle !== 'none' && parseFloat(sibling.outlineWidth) > 0);
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? '').trim().slice(0, 40);
        return { what: `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''} "${name}"`, visible: outline || shadow || proxyVisible };
      }),
    );
  }
  return stops;
}

describe.skipIf(!browserAvailable())('keyboard on every page', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(USERS, { students: 30, employees: 8 });
  }, 180_000);
  afterAll(async () => {
    await e?.close();
  }, 120_000);

  it("every control Tab reaches on the employee's pages and on each staff page shows a focus indicator", async () => {
    const missing: string[] = [];
    let total = 0;
    let pages = 4;
    const check = async (page: Page, where: string) => {
      const stops = await walk(page);
      const reached = stops.filter((s) => s.what !== 'body');
      expect(reached.length, `${where}: Tab reaches controls`).toBeGreaterThan(3);
      for (const s of reached) if (!s.visible) missing.push(`${where}: ${s.what}`);
      total += reached.length;
    };
    const teacher = await e.browser.newContext();
    const t = await teacher.newPage();
    await signIn(t, e.base, 'teacher@example.test');
    await t.getByTestId('post-text').fill('What a sh*tty bus ride to the away game');
    await t.getByTestId('verdict').waitFor();
    await check(t, 'check');
    for (const [link, heading] of [
      ['My records', 'My records'],
      ['Co-worker consents', 'Co-worker consents'],
      ['Report a concern', 'Report a concern'],
    ] as const) {
      await t.getByRole('link', { name: link }).click();
      await t.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await t.waitForLoadState('networkidle');
      await check(t, heading);
    }
    await teacher.close();

    const staff = await e.browser.newContext();
    const s = await staff.newPage();
    await signIn(s, e.base, 'super@example.test');
    // Every page of the navigation's District group (this user has the roles that see all of them).
    const district = s.getByRole('navigation', { name: 'Main' }).getByRole('group', { name: 'District' });
    const labels = await district.getByRole('link').allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(10);
    for (const label of labels) {
      await district.getByRole('link', { name: label, exact: true }).click();
      await s.waitForURL((u) => u.pathname.startsWith('/staff/'));
      await s.getByRole('heading', { level: 1 }).first().waitFor();
      await s.waitForLoadState('networkidle');
      await check(s, label);
    }
    pages += labels.length;
    expect(await axe(s)).toEqual([]);
    await staff.close();
    process.stdout.write(`keyboard: ${total} Tab stops on ${pages} pages, ${missing.length} without a visible focus indicator\n`);
    expect(missing, 'controls reached by Tab without a visible focus indicator').toEqual([]);
  }, 240_000);
});
