// Notifications and the e-mail outbox: insert-once notices (the unique key is the dedup), leases on outbox rows, recipients' addresses.
import { sql, type Kysely } from 'kysely';
import type { PageRequest } from '../page.js';
import type { DB, MailOutboxRow, Notification } from '../schema.js';
import { created, type Stamp } from './versioned.js';

const CHUNK = 200;

export interface NewNotice {
  id: string;
  recipient: string;
  event: string;
  dedup_key: string;
  subject: string;
  body: string;
  link: string | null;
}

/**
 * Insert notices; one that exists for (district, recipient, dedup_key) is left alone. Returns only
 * the rows this call inserted. On PostgreSQL a concurrent insert of the same key waits for the other
 * transaction and then does nothing; rows are inserted in the caller's order (sort them, so two
 * callers take the unique-index locks in one order).
 */
export async function insertNoticesOnce(db: Kysely<DB>, districtId: string, rows: readonly NewNotice[], s: Stamp): Promise<Array<{ id: string; recipient: string }>> {
  const out: Array<{ id: string; recipient: string }> = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((r) => ({ ...created(districtId, r.id, s), ...r, read_at: null }));
    const ins = await db
      .insertInto('notifications')
      .values(values)
      .onConflict((oc) => oc.columns(['district_id', 'recipient', 'dedup_key']).doNothing())
      .returning(['id', 'recipient'])
      .execute();
    out.push(...ins);
  }
  return out;
}

export async function insertOutbox(db: Kysely<DB>, districtId: string, rows: ReadonlyArray<{ id: string; notification_id: string; to_address: string; subject: string; body: string }>, s: Stamp): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((r) => ({ ...created(districtId, r.id, s), ...r, status: 'pending' as const, attempts: 0, last_error: null, next_attempt_at: s.at, claimed_until: null, sent_at: null, message_id: null }));
    await db.insertInto('mail_outbox').values(values).execute();
  }
}

/**
 * A recipient's notices, unread first (rank 0), then read (rank 1), newest first within each; a page
 * continues after (rank, id) of its last row and fetches limit + 1 rows (see store/page.ts).
 */
export function listNotices(db: Kysely<DB>, districtId: string, recipients: readonly string[], opts: { unreadOnly?: boolean | undefined; page: PageRequest }): Promise<Notification[]> {
  const rank = sql<number>`case when read_at is null then 0 else 1 end`;
  let q = db.selectFrom('notifications').selectAll().where('district_id', '=', districtId).where('recipient', 'in', recipients);
  if (opts.unreadOnly === true) q = q.where('read_at', 'is', null);
  const after = opts.page.after;
  if (after !== undefined) {
    const k = String(after.key) === '1' ? 1 : 0;
    q = q.where((eb) => eb.or([eb(rank, '>', k), eb.and([eb(rank, '=', k), eb('id', '<', after.id)])]));
  }
  return q.orderBy(rank).orderBy('id', 'desc').limit(opts.page.limit + 1).execute();
}

export async function countUnread(db: Kysely<DB>, districtId: string, recipients: readonly string[]): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('district_id', '=', districtId)
    .where('recipient', 'in', recipients)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export function getNotice(db: Kysely<DB>, districtId: string, id: string): Promise<Notification | undefined> {
  return db.selectFrom('notifications').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function noticesByKey(db: Kysely<DB>, districtId: string, dedupKey: string): Promise<Notification[]> {
  return db.selectFrom('notifications').selectAll().where('district_id', '=', districtId).where('dedup_key', '=', dedupKey).orderBy('id').execute();
}

/** Outbox rows due now (pending, next attempt reached, no live lease), oldest first. */
export function dueOutbox(db: Kysely<DB>, now: string, opts: { ids?: readonly string[] | undefined; limit: number }): Promise<MailOutboxRow[]> {
  let q = db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]));
  if (opts.ids !== undefined) q = q.where('id', 'in', opts.ids.length > 0 ? opts.ids : ['']);
  return q.orderBy('id').limit(opts.limit).execute();
}

/** Take a lease on one outbox row and count the attempt; false when another sender has it or it is no longer due. */
export async function claimOutbox(db: Kysely<DB>, id: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set((eb) => ({ claimed_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishOutbox(
  db: Kysely<DB>,
  id: string,
  values: { status: 'pending' | 'sent' | 'failed'; last_error: string | null; next_attempt_at?: string; sent_at?: string; message_id?: string; body?: string },
  s: Stamp,
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({ ...values, claimed_until: null, updated_at: s.at, updated_by: s.by, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function markNoticeRead(db: Kysely<DB>, districtId: string, id: string, s: Stamp): Promise<Notification | undefined> {
  return db
    .updateTable('notifications')
    .set((eb) => ({ read_at: s.at, updated_at: s.at, updated_by: s.by, version: eb('version', '+', 1) }))
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export interface RecipientRow {
  kind: 'user' | 'person';
  id: string;
  personId: string | null;
  email: string | null;
  active: boolean;
  roles: string[];
}

/** Users and people of the district among these ids, and for each person the address of a linked active user (fallback e-mail). */
export async function findRecipients(db: Kysely<DB>, districtId: string, ids: readonly string[]): Promise<{ users: RecipientRow[]; people: RecipientRow[]; userEmailOfPerson: Map<string, string> }> {
  const users: RecipientRow[] = [];
  const people: RecipientRow[] = [];
  const userEmailOfPerson = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const us = await db.selectFrom('users').select(['id', 'person_id', 'email', 'active', 'roles']).where('district_id', '=', districtId).where('id', 'in', part).execute();
    for (const u of us) users.push({ kind: 'user', id: u.id, personId: u.person_id, email: u.email, active: Number(u.active) === 1, roles: JSON.parse(u.roles) as string[] });
    // The people named, and the people of the users named (their address is the person's when the roster has one).
    const personIds = [...new Set([...part, ...us.map((u) => u.person_id).filter((x): x is string => x !== null)])];
    const ps = await db.selectFrom('people').select(['id', 'email', 'active']).where('district_id', '=', districtId).where('id', 'in', personIds).execute();
    for (const p of ps) people.push({ kind: 'person', id: p.id, personId: p.id, email: p.email, active: Number(p.active) === 1, roles: [] });
    const linked = await db.selectFrom('users').select(['person_id', 'email']).where('district_id', '=', districtId).where('active', '=', 1).where('person_id', 'in', part).orderBy('id').execute();
    for (const l of linked) if (l.person_id !== null && !userEmailOfPerson.has(l.person_id)) userEmailOfPerson.set(l.person_id, l.email);
  }
  return { users, people, userEmailOfPerson };
}

/** Active users of the district holding any of these roles (staff recipients: hr, superintendent ...). */
export async function activeUsersWithRoles(db: Kysely<DB>, districtId: string, roles: readonly string[]): Promise<Array<{ id: string; personId: string | null; roles: string[] }>> {
  const rows = await db.selectFrom('users').select(['id', 'person_id', 'roles']).where('district_id', '=', districtId).where('active', '=', 1).orderBy('id').execute();
  return rows
    .map((u) => ({ id: u.id, personId: u.person_id, roles: JSON.parse(u.roles) as string[] }))
    .filter((u) => u.roles.some((r) => roles.includes(r)));
}
