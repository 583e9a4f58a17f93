// IV.E review queue: monitored posts whose check was not `allow`, until staff dismiss them (with a reason),
// turn them into an incident, or attach them to a discipline case. Every decision is audit-logged.
//
// Who: building supervisors, HR and the Superintendent for every monitored account (MONITORS); the
// communications office also for the district's own accounts (it runs them). An item of an account the
// actor may not monitor is "not found". Attaching to a discipline case needs HR or the Superintendent
// (the roles that open cases, V.D). Decisions take If-Match (version): a stale one is 412.
import { ClearpostError } from '../core/errors.js';
import type { PageRequest } from '../store/page.js';
import { getDisciplineCase } from '../store/repos/discipline-cases.js';
import { getMonitoredAccount, getReviewItem, listReviewItems } from '../store/repos/monitored-feeds.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { DisciplineCase, ReviewItem, ReviewStatus } from '../store/schema.js';
import { hasRole, notFound, requireRole, type Actor } from './access.js';
import { auditRead, write, type AppDeps } from './deps.js';
import { DISTRICT_ACCOUNT_MONITORS, MONITORS, monitorsOf } from './register-monitored-account.js';

export const REVIEW_STATUSES: readonly ReviewStatus[] = ['open', 'dismissed', 'incident', 'case'];

/** The queue, oldest first: all of it for monitors, the district accounts' items for communications. */
export async function listReviewQueue(deps: AppDeps, actor: Actor, f: { status?: ReviewStatus | undefined; accountId?: string | undefined; page?: PageRequest | undefined } = {}): Promise<ReviewItem[]> {
  requireRole(actor, DISTRICT_ACCOUNT_MONITORS, 'read the review queue');
  if (f.status !== undefined && !REVIEW_STATUSES.includes(f.status)) throw new ClearpostError('invalid-request', `status: one of ${REVIEW_STATUSES.join(', ')}`, 'status');
  const everything = hasRole(actor, MONITORS);
  const items = await listReviewItems(deps.db, actor.districtId, { status: f.status, accountId: f.accountId, accountKind: everything ? undefined : 'district', page: f.page });
  // A flagged post may name a student or quote their record: staff reading the queue is logged like other student reads.
  await auditRead(deps, actor, 'review-item', items.map((i) => i.id), { list: true });
  return items;
}

async function itemFor(deps: AppDeps, actor: Actor, id: string): Promise<ReviewItem> {
  const item = await getReviewItem(deps.db, actor.districtId, id);
  if (item === undefined) throw notFound('review item', id);
  const account = await getMonitoredAccount(deps.db, actor.districtId, item.account_id);
  if (account === undefined || !hasRole(actor, monitorsOf(account.account_kind))) throw notFound('review item', id);
  return item;
}

export async function getReviewItemFor(deps: AppDeps, actor: Actor, id: string): Promise<ReviewItem> {
  requireRole(actor, DISTRICT_ACCOUNT_MONITORS, 'read the review queue');
  const item = await itemFor(deps, actor, id);
  await auditRead(deps, actor, 'review-item', [item.id]);
  return item;
}

function reasonOf(reason: string | undefined, required: boolean): string | null {
  const r = reason?.trim() ?? '';
  if (required && r === '') throw new ClearpostError('invalid-request', 'reason: required', 'reason');
  if (r.length > 2000) throw new ClearpostError('invalid-request', 'reason: at most 2,000 characters', 'reason');
  return r === '' ? null : r;
}

function requireStatus(item: ReviewItem, allowed: readonly ReviewStatus[], what: string): void {
  if (!allowed.includes(item.status)) throw new ClearpostError('conflict', `review item ${item.id} is ${item.status}: only ${allowed.join(' or ')} items can be ${what}`);
}

export interface DecideInput {
  id: string;
  /** The version read (If-Match); undefined: whatever it is now. */
  version?: number | undefined;
  reason?: string | undefined;
}

/** Nothing against the policy after all (or not the district's business): closed with the reason. */
export async function dismissReviewItem(deps: AppDeps, actor: Actor, input: DecideInput): Promise<ReviewItem> {
  requireRole(actor, DISTRICT_ACCOUNT_MONITORS, 'dismiss a review item');
  const reason = reasonOf(input.reason, true);
  const item = await itemFor(deps, actor, input.id);
  requireStatus(item, ['open'], 'dismissed');
  return write(deps, actor, async (w) => {
    const u = await updateVersioned(w.trx, 'review_items', { districtId: actor.districtId, id: item.id, version: input.version ?? item.version }, { status: 'dismissed', reason, decided_by: actor.id, decided_at: w.stamp.at }, w.stamp);
    await w.audit('review-item.dismiss', 'review_item', item.id, { reason, account: item.account_id, check: item.check_id });
    return u as ReviewItem;
  });
}

/** A real breach to follow up (e.g. a mandated report or a talk with the employee): kept as an incident. */
export async function markReviewItemIncident(deps: AppDeps, actor: Actor, input: DecideInput): Promise<ReviewItem> {
  requireRole(actor, DISTRICT_ACCOUNT_MONITORS, 'turn a review item into an incident');
  const reason = reasonOf(input.reason, true);
  const item = await itemFor(deps, actor, input.id);
  requireStatus(item, ['open'], 'turned into an incident');
  return write(deps, actor, async (w) => {
    const u = await updateVersioned(w.trx, 'review_items', { districtId: actor.districtId, id: item.id, version: input.version ?? item.version }, { status: 'incident', reason, decided_by: actor.id, decided_at: w.stamp.at }, w.stamp);
    await w.audit('review-item.incident', 'review_item', item.id, { reason, account: item.account_id, check: item.check_id });
    return u as ReviewItem;
  });
}

/**
 * Attach an open item or an incident to an open discipline case of the same employee: the item
 * becomes `case`, and the item's check joins the case's checks (both versioned, one transaction).
 */
export async function attachReviewItemToCase(deps: AppDeps, actor: Actor, input: DecideInput & { caseId: string }): Promise<{ item: ReviewItem; disciplineCase: DisciplineCase }> {
  requireRole(actor, ['hr', 'superintendent'], 'attach a review item to a discipline case');
  const reason = reasonOf(input.reason, false);
  const item = await itemFor(deps, actor, input.id);
  requireStatus(item, ['open', 'incident'], 'attached to a case');
  const c = await getDisciplineCase(deps.db, actor.districtId, input.caseId);
  if (c === undefined) throw new ClearpostError('invalid-request', `caseId: no discipline case ${input.caseId} in this district`, 'caseId');
  if (c.status !== 'open') throw new ClearpostError('conflict', `discipline case ${c.id} is closed`);
  const account = await getMonitoredAccount(deps.db, actor.districtId, item.account_id);
  if (account?.employee_id !== c.employee_id) throw new ClearpostError('invalid-request', "caseId: the case is about another employee than the monitored account's", 'caseId');
  return write(deps, actor, async (w) => {
    const u = await updateVersioned(w.trx, 'review_items', { districtId: actor.districtId, id: item.id, version: input.version ?? item.version }, { status: 'case', case_id: c.id, reason: reason ?? item.reason, decided_by: actor.id, decided_at: w.stamp.at }, w.stamp);
    const checks = JSON.parse(c.check_ids) as string[];
    let dc = c;
    if (item.check_id !== null && !checks.includes(item.check_id)) {
      dc = (await updateVersioned(w.trx, 'discipline_cases', { districtId: actor.districtId, id: c.id, version: c.version }, { check_ids: JSON.stringify([...checks, item.check_id]) }, w.stamp)) as DisciplineCase;
    }
    await w.audit('review-item.attach', 'review_item', item.id, { case: c.id, reason, account: item.account_id, check: item.check_id });
    return { item: u as ReviewItem, disciplineCase: dc };
  });
}
