// IV.E feed polling: due accounts, poll bookkeeping, items already taken for checking (the dedup), the review queue.
import { sql, type Kysely } from 'kysely';
import { keyset, type PageRequest } from '../page.js';
import type { DB, MonitoredAccount, ReviewItem, ReviewItemsTable, ReviewStatus } from '../schema.js';
import { created, type Stamp } from './versioned.js';

export function getMonitoredAccount(db: Kysely<DB>, districtId: string, id: string): Promise<MonitoredAccount | undefined> {
  return db.selectFrom('monitored_accounts').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listMonitoredAccountsPage(
  db: Kysely<DB>,
  districtId: string,
  f: { employeeId?: string | undefined; kind?: 'personal' | 'district' | undefined; activeOnly?: boolean | undefined; page?: PageRequest | undefined },
): Promise<MonitoredAccount[]> {
  let q = db.selectFrom('monitored_accounts').selectAll().where('district_id', '=', districtId);
  if (f.employeeId !== undefined) q = q.where('employee_id', '=', f.employeeId);
  if (f.kind !== undefined) q = q.where('account_kind', '=', f.kind);
  if (f.activeOnly !== false) q = q.where('active', '=', 1);
  return keyset(q, f.page).execute();
}

/** Active accounts with a feed whose next poll is due, in every district (the scheduler's query). */
export function dueFeeds(db: Kysely<DB>, now: string, limit = 500): Promise<Array<{ id: string; district_id: string }>> {
  return db
    .selectFrom('monitored_accounts')
    .select(['id', 'district_id'])
    .where('active', '=', 1)
    .where('feed_url', 'is not', null)
    .where('next_poll_at', '<=', now)
    .orderBy('next_poll_at')
    .limit(limit)
    .execute();
}

export interface PollState {
  etag?: string | null;
  last_modified?: string | null;
  last_polled_at: string;
  last_poll_status: string;
  last_poll_error: string | null;
  failures: number;
  next_poll_at: string;
}

/** The poller's bookkeeping: no version bump (a staff member's If-Match stays valid). */
export async function savePollState(db: Kysely<DB>, districtId: string, id: string, s: PollState): Promise<void> {
  await db.updateTable('monitored_accounts').set(s).where('district_id', '=', districtId).where('id', '=', id).execute();
}

/**
 * Take a due poll: push next_poll_at to `leaseUntil` if it is still due at `now`. True for one caller,
 * so duplicate poll jobs skip; if the poller dies, the account is due again when the lease ends.
 */
export async function claimDuePoll(db: Kysely<DB>, districtId: string, id: string, now: string, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('monitored_accounts')
    .set({ next_poll_at: leaseUntil })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Move an account's next poll to `at` (poll-now and the start of monitoring). */
export async function setNextPoll(db: Kysely<DB>, districtId: string, id: string, at: string): Promise<void> {
  await db.updateTable('monitored_accounts').set({ next_poll_at: at }).where('district_id', '=', districtId).where('id', '=', id).execute();
}

/**
 * Take an item for checking. True for exactly one caller per (account, item): the first insert wins
 * (primary key). An item claimed before `staleBefore` and never checked (its poller died) can be
 * taken again, by one caller.
 */
export async function claimSeenItem(db: Kysely<DB>, i: { accountId: string; itemKey: string; districtId: string; guid: string | null; link: string | null; now: string; staleBefore: string }): Promise<boolean> {
  const ins = await db
    .insertInto('monitoring_seen_items')
    .values({ account_id: i.accountId, item_key: i.itemKey, district_id: i.districtId, guid: i.guid, link: i.link, claimed_at: i.now, checked_at: null, check_id: null, verdict: null })
    .onConflict((oc) => oc.columns(['account_id', 'item_key']).doNothing())
    .executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const up = await db
    .updateTable('monitoring_seen_items')
    .set({ claimed_at: i.now })
    .where('account_id', '=', i.accountId)
    .where('item_key', '=', i.itemKey)
    .where('checked_at', 'is', null)
    .where('claimed_at', '<', i.staleBefore)
    .executeTakeFirst();
  return Number(up.numUpdatedRows) === 1;
}

export async function markSeenChecked(db: Kysely<DB>, accountId: string, itemKey: string, checkId: string, verdict: string, at: string): Promise<void> {
  await db.updateTable('monitoring_seen_items').set({ checked_at: at, check_id: checkId, verdict }).where('account_id', '=', accountId).where('item_key', '=', itemKey).execute();
}

/** Let go of a claim whose check failed, so the next poll tries the item again. */
export async function releaseSeenItem(db: Kysely<DB>, accountId: string, itemKey: string): Promise<void> {
  await db.deleteFrom('monitoring_seen_items').where('account_id', '=', accountId).where('item_key', '=', itemKey).where('checked_at', 'is', null).execute();
}

export function countSeenItems(db: Kysely<DB>, accountId: string) {
  return db.selectFrom('monitoring_seen_items').select([sql<number>`count(*)`.as('n'), sql<number>`count(checked_at)`.as('checked')]).where('account_id', '=', accountId).executeTakeFirstOrThrow();
}

type ReviewFields = Omit<ReviewItemsTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

/** Queue an item for review; undefined when the item is already queued (one per account and item). */
export async function insertReviewItem(db: Kysely<DB>, districtId: string, id: string, f: ReviewFields, s: Stamp): Promise<ReviewItem | undefined> {
  const row: ReviewItem = { ...created(districtId, id, s), ...f };
  const r = await db
    .insertInto('review_items')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'item_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? row : undefined;
}

export function getReviewItem(db: Kysely<DB>, districtId: string, id: string): Promise<ReviewItem | undefined> {
  return db.selectFrom('review_items').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listReviewItems(
  db: Kysely<DB>,
  districtId: string,
  f: { status?: ReviewStatus | undefined; accountId?: string | undefined; accountKind?: 'personal' | 'district' | undefined; page?: PageRequest | undefined },
): Promise<ReviewItem[]> {
  let q = db.selectFrom('review_items').selectAll('review_items').where('review_items.district_id', '=', districtId);
  if (f.status !== undefined) q = q.where('review_items.status', '=', f.status);
  if (f.accountId !== undefined) q = q.where('review_items.account_id', '=', f.accountId);
  if (f.accountKind !== undefined)
    q = q.where('review_items.account_id', 'in', db.selectFrom('monitored_accounts').select('id').where('district_id', '=', districtId).where('account_kind', '=', f.accountKind));
  return keyset(q, f.page, { sortBy: 'review_items.created_at', idColumn: 'review_items.id' }).execute();
}

/** Users of a district holding one of the roles (who hears about a flagged item). */
export async function usersWithRoles(db: Kysely<DB>, districtId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('users').select(['id', 'roles']).where('district_id', '=', districtId).where('active', '=', 1).orderBy('id').execute();
  return rows.filter((u) => (JSON.parse(u.roles) as string[]).some((r) => roles.includes(r))).map((u) => u.id);
}
