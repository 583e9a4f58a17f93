/// <reference lib="dom" />
// The IV.E review queue in Debian's Chromium against a real server and database: HR polls a monitored feed, dismisses a
// flagged post (a reason is required, said at the item's field), and finds it among the dismissed with its reason. axe 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { registerMonitoredAccount } from '../../src/app/register-monitored-account.js';
import { configureSharedFeedFetcher } from '../../src/ingest/feed-fetcher.js';
import { browserAvailable } from '../support/chromium.js';
import { axe, signIn, startE2e, type E2e } from './support.js';

const USERS = [{ email: 'hr@example.test', name: 'Harper HR', roles: ['hr' as const] }];

describe.skipIf(!browserAvailable())('monitoring review queue in Chromium', () => {
  let e: E2e;
  let feed: http.Server;

  beforeAll(async () => {
    e = await startE2e(USERS, { students: 20, employees: 6 });
    feed = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Band blog</title><link>http://127.0.0.1/</link><description>d</description>
<item><title>Trip</title><guid>trip-1</guid><link>http://127.0.0.1/trip-1</link><pubDate>${new Date(Date.now() - 3_600_000).toUTCString()}</pubDate><description>What a sh*tty bus ride to the away game</description></item>
</channel></rss>`);
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    configureSharedFeedFetcher({ allowPrivateNetworks: true });
    const hr: Actor = { districtId: e.demo.districtId, id: 'e2e:hr', roles: ['hr'] };
    await registerMonitoredAccount({ db: e.store.db }, hr, { accountKind: 'personal', employeeId: e.demo.personas.teacher, network: 'blog', handle: 'band-blog', feedUrl: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`, reason: 'Parent complaint about trip posts' });
  }, 180_000);

  afterAll(async () => {
    feed?.close();
    await e?.close();
  }, 120_000);

  it('HR dismisses a flagged post: without a reason the item says so at its field; with one it is dismissed and listed with it', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'hr@example.test');
    await page.getByRole('link', { name: 'Monitored accounts' }).click();
    await page.getByRole('heading', { name: 'Monitored accounts', level: 1 }).waitFor();
    const account = page.getByTestId('monitored-account').filter({ hasText: 'band-blog' });
    await account.getByRole('button', { name: 'Poll now' }).click();
    await page.getByText('Polled: 1 new post, 1 flagged for review.').waitFor();
    const item = page.getByTestId('review-item').first();
    await item.waitFor();

    await item.getByRole('button', { name: 'Dismiss' }).click();
    await item.getByText('Give the reason: it is kept with the decision.').waitFor();
    expect(await item.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page)).toEqual([]);

    await item.getByLabel('Reason').fill('Language about a bus ride, not about students or staff; talked to the teacher');
    await item.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByText('Item dismissed.').waitFor();
    const rows = await e.store.db.selectFrom('review_items').select(['status', 'reason']).execute();
    expect(rows).toEqual([{ status: 'dismissed', reason: 'Language about a bus ride, not about students or staff; talked to the teacher' }]);

    await page.locator('input').and(page.getByLabel('Show', { exact: true })).click();
    await page.getByRole('option', { name: 'Dismissed', exact: true }).click();
    const dismissed = page.getByTestId('review-item').first();
    await expect.poll(async () => dismissed.textContent(), { timeout: 10_000 }).toContain('Reason: Language about a bus ride');
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
