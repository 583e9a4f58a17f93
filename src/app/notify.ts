// Notify people: in-app notices (at most one per recipient and dedup key, ever) written with their audit entry, and e-mail through an outbox.
//
// Recipients are ids of users OR people of the district (mix freely). A user linked to a person and
// that person are the same recipient: the notice is stored under the person id (or the user id for
// a user with no person, e.g. a superintendent account), so `dedupKey` holds across both spellings
// and a signed-in user sees notices sent to either. E-mail goes to the person's address from the
// roster when there is one, else to the sign-in address of the user (or of a user linked to the person).
//
// Delivery: the outbox row is written in the same transaction as the notice; after the commit the
// mailer (if any) sends it at once, and `deliverMail` (run by a job) retries failures with backoff
// (1 min, 2, 4 ... capped at 6 h; given up after MAX_ATTEMPTS). A crash between the SMTP server's
// "250 OK" and the bookkeeping can send one e-mail twice (at least once); the Message-ID stays the
// same (<outbox id@clearpost>), so mail clients fold the copies.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import {
  activeUsersWithRoles,
  claimOutbox,
  countUnread,
  dueOutbox,
  findRecipients,
  finishOutbox,
  getNotice,
  insertNoticesOnce,
  insertOutbox,
  listNotices,
  markNoticeRead,
  type NewNotice,
} from '../store/repos/notifications.js';
import type { PageRequest } from '../store/page.js';
import type { Notification } from '../store/schema.js';
import { notFound, type Actor, type Role } from './access.js';
import { nowOf, write, type AppDeps } from './deps.js';

/** One e-mail to send (plain text). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The Message-ID to use, e.g. `<id@clearpost>`: the same on every retry. */
  messageId: string;
  headers?: Record<string, string>;
}

/** The port the mail adapter (src/mail) implements. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export interface NotifyDeps extends AppDeps {
  /** Sends e-mail; without it, e-mails wait in the outbox until a sender with a mailer runs. */
  mailer?: Mailer | undefined;
  /** Base of the web app (PUBLIC_URL), to turn a notice's relative link into one an e-mail can carry. */
  publicUrl?: string | undefined;
}

export interface NotifyInput {
  districtId: string;
  /** User ids or person ids of the district (see the top of this file). Unknown ids are an error; inactive ones are skipped. */
  recipients: readonly string[];
  /** What happened, e.g. `disclosure.reminder`, `monitoring.flagged`. */
  event: string;
  /** At most one notice per recipient and key, across restarts and concurrent runs, e.g. `disclosure:2026-2027:reminder-14`. */
  dedupKey: string;
  subject: string;
  body: string;
  /** A path in the web app (`/records/...`) or an absolute http(s) URL. */
  link?: string | undefined;
  /** Who causes the notice, for the audit log (default `system:notify`), e.g. `system:calendar`. */
  by?: string | undefined;
  /**
   * The e-mail's text when it must differ from the notice, e.g. it carries a single-use signing link
   * that the app must not keep. Outbox rows forget their text once sent (or given up).
   */
  mailBody?: string | undefined;
}

export interface NotifyResult {
  /** Notices this call created (recipient: the person id, or the user id of a user without a person). */
  created: Array<{ id: string; recipient: string }>;
  /** Recipients who already had a notice with this dedup key. */
  already: number;
  /** Recipients skipped: inactive. */
  skipped: Array<{ id: string; reason: string }>;
  /** E-mails queued by this call, and what the immediate attempt did (without a mailer both stay 0). */
  mail: { queued: number; sent: number; failed: number };
}

export const MAX_ATTEMPTS = 8;
/** What an outbox row keeps of its text once sent or given up (the notice keeps the text; single-use links go). */
const SENT_BODY = '(not kept after sending)';
const LEASE_MS = 5 * 60_000;
const INLINE_SEND = 500;
const EVENT = /^[a-z0-9][a-z0-9.:_-]{0,99}$/;

function check(cond: boolean, field: string, message: string): void {
  if (!cond) throw new ClearpostError('invalid-request', `${field}: ${message}`, field);
}

interface Resolved {
  key: string;
  email: string | null;
}

async function resolve(deps: AppDeps, districtId: string, ids: readonly string[]): Promise<{ resolved: Resolved[]; skipped: NotifyResult['skipped'] }> {
  const found = await findRecipients(deps.db, districtId, [...new Set(ids)]);
  const users = new Map(found.users.map((u) => [u.id, u]));
  const people = new Map(found.people.map((p) => [p.id, p]));
  const byKey = new Map<string, Resolved>();
  const skipped: NotifyResult['skipped'] = [];
  ids.forEach((id, i) => {
    const u = users.get(id);
    const p = people.get(id);
    if (u === undefined && p === undefined) throw new ClearpostError('invalid-request', `recipients.${i}: no user or person ${id} in the district`, `recipients.${i}`);
    if ((u !== undefined && !u.active) || (p !== undefined && !p.active)) {
      skipped.push({ id, reason: 'inactive' });
      return;
    }
    const r: Resolved =
      u !== undefined
        ? { key: u.personId ?? u.id, email: (u.personId !== null ? people.get(u.personId)?.email : undefined) ?? u.email }
        : { key: p!.id, email: p!.email ?? found.userEmailOfPerson.get(p!.id) ?? null };
    if (!byKey.has(r.key)) byKey.set(r.key, r);
    else if (byKey.get(r.key)!.email === null) byKey.set(r.key, r);
  });
  return { resolved: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), skipped };
}

function absoluteLink(link: string | undefined, publicUrl: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  if (/^https?:\/\//.test(link)) return link;
  return publicUrl === undefined ? link : `${publicUrl.replace(/\/+$/, '')}${link}`;
}

/** Write in-app notices and queue their e-mails in one transaction with one audit entry; then try the e-mails once. */
export async function notify(deps: NotifyDeps, input: NotifyInput): Promise<NotifyResult> {
  check(typeof input.districtId === 'string' && input.districtId !== '', 'districtId', 'required');
  check(Array.isArray(input.recipients), 'recipients', 'expected an array of user or person ids');
  input.recipients.forEach((r, i) => check(typeof r === 'string' && r !== '', `recipients.${i}`, 'expected a user or person id'));
  check(EVENT.test(input.event), 'event', 'lower-case letters, digits and . : _ - (at most 100)');
  check(typeof input.dedupKey === 'string' && input.dedupKey.trim() !== '' && input.dedupKey.length <= 300, 'dedupKey', 'required, at most 300 characters');
  check(typeof input.subject === 'string' && input.subject.trim() !== '' && input.subject.length <= 200, 'subject', 'required, at most 200 characters');
  check(!/[\r\n]/.test(input.subject), 'subject', 'one line (no line breaks)');
  check(typeof input.body === 'string' && input.body.trim() !== '' && input.body.length <= 20_000, 'body', 'required, at most 20,000 characters');
  if (input.mailBody !== undefined) check(typeof input.mailBody === 'string' && input.mailBody.trim() !== '' && input.mailBody.length <= 20_000, 'mailBody', 'at most 20,000 characters, not empty');
  if (input.link !== undefined) check(/^\/[^/\\]/.test(input.link) || /^https?:\/\/\S+$/.test(input.link), 'link', 'a path of the web app (/...) or an http(s) URL');

  const result: NotifyResult = { created: [], already: 0, skipped: [], mail: { queued: 0, sent: 0, failed: 0 } };
  if (input.recipients.length === 0) return result;
  const { resolved, skipped } = await resolve(deps, input.districtId, input.recipients);
  result.skipped = skipped;
  if (resolved.length === 0) return result;

  const now = nowOf(deps);
  const actor: Actor = { districtId: input.districtId, id: input.by ?? 'system:notify', roles: [] };
  const link = absoluteLink(input.link, deps.publicUrl);
  const mailBody = `${(input.mailBody ?? input.body).trim()}\n${link === undefined ? '' : `\n${link}\n`}\n-- \nClearpost, Policy 471. You get this e-mail because of your role in the district; the same notice is in the app.`;
  const rows: NewNotice[] = resolved.map((r) => ({ id: newId(now.getTime()), recipient: r.key, event: input.event, dedup_key: input.dedupKey, subject: input.subject.trim(), body: input.body.trim(), link: input.link ?? null }));
  const emailOf = new Map(resolved.map((r) => [r.key, r.email]));

  const outboxIds = await write(deps, actor, async (w) => {
    const inserted = await insertNoticesOnce(w.trx, input.districtId, rows, w.stamp);
    if (inserted.length === 0) return [];
    const outbox = inserted
      .filter((n) => emailOf.get(n.recipient) !== null)
      .map((n) => ({ id: newId(now.getTime()), notification_id: n.id, to_address: emailOf.get(n.recipient)!, subject: input.subject.trim(), body: mailBody }));
    await insertOutbox(w.trx, input.districtId, outbox, w.stamp);
    await w.audit('notification.create', 'notification', inserted.length === 1 ? inserted[0]!.id : input.dedupKey, {
      event: input.event,
      dedupKey: input.dedupKey,
      recipients: inserted.map((n) => n.recipient),
      notifications: inserted.map((n) => n.id),
      emails: outbox.length,
    });
    result.created = inserted;
    return outbox.map((o) => o.id);
  });
  result.already = resolved.length - result.created.length;
  result.mail.queued = outboxIds.length;
  if (deps.mailer !== undefined && outboxIds.length > 0) {
    // The first INLINE_SEND now; any more (a district-wide campaign) go with the outbox job, a batch a minute.
    const d = await deliverMail({ ...deps, mailer: deps.mailer }, { ids: outboxIds.slice(0, INLINE_SEND), limit: INLINE_SEND });
    result.mail.sent = d.sent;
    result.mail.failed = d.retrying + d.failed;
  }
  return result;
}

export interface DeliverResult {
  sent: number;
  /** Failed this time, will be tried again later. */
  retrying: number;
  /** Failed for the last time (MAX_ATTEMPTS reached): status `failed`. */
  failed: number;
}

/** Minutes before the next try after `attempts` failures: 1, 2, 4 ... at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/** An error text fit for the log and the outbox: one line, short, no credentials of a URL. */
function errorText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/\/\/[^/@\s]+@/g, '//***@').replace(/\s+/g, ' ').slice(0, 500);
}

/** Send due e-mails of the outbox (all districts, or just `ids`): each is leased, sent, and its outcome recorded with an audit entry. */
export async function deliverMail(deps: NotifyDeps & { mailer: Mailer }, opts: { ids?: readonly string[]; limit?: number } = {}): Promise<DeliverResult> {
  const out: DeliverResult = { sent: 0, retrying: 0, failed: 0 };
  const now = nowOf(deps);
  const due = await dueOutbox(deps.db, now.toISOString(), { ids: opts.ids, limit: opts.limit ?? 500 });
  for (const row of due) {
    const at = nowOf(deps);
    if (!(await claimOutbox(deps.db, row.id, at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString()))) continue;
    const attempt = row.attempts + 1;
    const actor: Actor = { districtId: row.district_id, id: 'system:mail', roles: [] };
    try {
      const r = await deps.mailer.send({ to: row.to_address, subject: row.subject, text: row.body, messageId: `<${row.id}@clearpost>`, headers: { 'X-Clearpost-Notification': row.notification_id } });
      await write(deps, actor, async (w) => {
        await finishOutbox(w.trx, row.id, { status: 'sent', last_error: null, sent_at: w.stamp.at, message_id: r.messageId, body: SENT_BODY }, w.stamp);
        await w.audit('mail.send', 'mail', row.id, { notification: row.notification_id, attempt });
      });
      out.sent += 1;
    } catch (err) {
      const last = attempt >= MAX_ATTEMPTS;
      const message = errorText(err);
      await write(deps, actor, async (w) => {
        await finishOutbox(
          w.trx,
          row.id,
          last ? { status: 'failed', last_error: message, body: SENT_BODY } : { status: 'pending', last_error: message, next_attempt_at: new Date(nowOf(deps).getTime() + retryDelayMs(attempt)).toISOString() },
          w.stamp,
        );
        await w.audit(last ? 'mail.fail' : 'mail.retry', 'mail', row.id, { notification: row.notification_id, attempt, error: message });
      });
      if (last) out.failed += 1;
      else out.retrying += 1;
    }
  }
  return out;
}

/** Active users holding any of these roles: staff recipients for notify() (e.g. ['hr', 'superintendent']). */
export async function usersWithRoles(deps: AppDeps, districtId: string, roles: readonly Role[]): Promise<string[]> {
  return (await activeUsersWithRoles(deps.db, districtId, roles)).map((u) => u.id);
}

export interface NotificationView {
  id: string;
  event: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
  version: number;
}

const view = (n: Notification): NotificationView => ({ id: n.id, event: n.event, subject: n.subject, body: n.body, link: n.link, createdAt: n.created_at, readAt: n.read_at, version: n.version });
const mine = (actor: Actor): string[] => [actor.id, ...(actor.personId !== undefined ? [actor.personId] : [])];

/** Where a notice sits in "my notices": unread ('0') before read ('1'), then newest first. The page cursor's key (a string, as cursors keep). */
export const noticeRank = (n: NotificationView): string => (n.readAt === null ? '0' : '1');

/**
 * The signed-in user's notices (addressed to their user or their person): unread first, newest first.
 * With a page, up to page.limit + 1 rows (the extra one says a next page exists; server/pagination.ts trims it).
 */
export async function listMyNotifications(deps: AppDeps, actor: Actor, opts: { unreadOnly?: boolean | undefined; page?: PageRequest | undefined } = {}): Promise<{ items: NotificationView[]; unread: number }> {
  const items = await listNotices(deps.db, actor.districtId, mine(actor), { unreadOnly: opts.unreadOnly, page: opts.page ?? { limit: 200 } });
  return { items: items.map(view), unread: await countUnread(deps.db, actor.districtId, mine(actor)) };
}

/** Mark one of my notices read (again is a no-op); another's notice is "not found". */
export async function markNotificationRead(deps: AppDeps, actor: Actor, id: string): Promise<NotificationView> {
  const n = await getNotice(deps.db, actor.districtId, id);
  if (n === undefined || !mine(actor).includes(n.recipient)) throw notFound('notification', id);
  if (n.read_at !== null) return view(n);
  return write(deps, actor, async (w) => {
    const u = await markNoticeRead(w.trx, actor.districtId, id, w.stamp);
    if (u === undefined) return view((await getNotice(w.trx, actor.districtId, id))!);
    await w.audit('notification.read', 'notification', id, {});
    return view(u);
  });
}
