// IV.E: poll a monitored account's feed, check each item not seen before, and queue what is not `allow` for review.
//
// - Conditional GET with the ETag / Last-Modified of the last 200; 304 means nothing new (nothing is re-checked).
// - Each item is claimed once per account (monitoring_seen_items' primary key, sha256 of its guid, link
//   or text): two polls at once, or a poll after a restart, never check an item twice. A claim whose
//   check never landed (the process died) is taken again after CLAIM_STALE_MS, so nothing is missed.
// - A feed that cannot be fetched or read is reported on the account (last_poll_status/error, failures,
//   a later next poll); items read before malformed XML broke off are still checked.
// - Flagged items (verdict revise or block) go to review_items with an audit entry, and notify() tells
//   the staff member who asked for the monitoring (and, for district accounts, communications).
import type { Post } from '../contracts/check.js';
import { ClearpostError } from '../core/errors.js';
import { readFeedBody, sharedFeedFetcher, type FeedFetcher } from '../ingest/feed-fetcher.js';
import type { SourcePost } from '../ingest/source.js';
import { sha256Hex } from '../store/canonical-json.js';
import { newId } from '../store/ids.js';
import { claimDuePoll, claimSeenItem, dueFeeds, getMonitoredAccount, insertReviewItem, markSeenChecked, releaseSeenItem, savePollState, usersWithRoles } from '../store/repos/monitored-feeds.js';
import type { MonitoredAccount, ReviewItem } from '../store/schema.js';
import { notFound, requireRole, systemActor, type Actor } from './access.js';
import { nowOf, write, type AppDeps } from './deps.js';
import { notify, type NotifyDeps } from './notify.js';
import { monitorsOf } from './register-monitored-account.js';
import { runCheck } from './run-check.js';

export const CLAIM_STALE_MS = 10 * 60_000;
/** A poll that never finished (the process died) is due again after this. */
export const POLL_LEASE_MS = 10 * 60_000;
/** Longest wait between polls of a failing feed. */
export const MAX_BACKOFF_SECONDS = 24 * 3600;
const EXCERPT = 500;
const CHECKS_AT_ONCE = 8;
const MAX_POST_TEXT = 100_000;

export interface PollDeps extends NotifyDeps {
  /** The HTTP side (per-host lanes, timeouts, retries); default: the process's shared fetcher. */
  fetcher?: FeedFetcher | undefined;
}

export interface PollResult {
  accountId: string;
  /** ok | not-modified | malformed (read in part) | error (nothing read) | skipped (not due, ended or no feed). */
  status: 'ok' | 'not-modified' | 'malformed' | 'error' | 'skipped';
  httpStatus?: number | undefined;
  /** Items in the feed, items taken for checking this time, checks run, items queued for review. */
  items: number;
  newItems: number;
  checked: number;
  flagged: number;
  error?: string | undefined;
  nextPollAt?: string | undefined;
  /** Review items created by this poll. */
  reviewItems: string[];
}

export function itemKey(p: SourcePost): string {
  const id = p.id?.trim() || p.link?.trim() || p.text;
  return sha256Hex(`${p.network}\u0000${id}`);
}

function postOf(a: MonitoredAccount, p: SourcePost): Post {
  const post: Post = { network: a.network, text: p.text.length > MAX_POST_TEXT ? p.text.slice(0, MAX_POST_TEXT) : p.text, account: { kind: a.account_kind } };
  if (a.handle !== null) post.account = { ...post.account, handle: a.handle };
  if (a.employee_id !== null) post.author = a.employee_id;
  if (p.postedAt !== undefined) post.postedAt = p.postedAt;
  if (p.link !== undefined) post.link = p.link;
  return post;
}

function nextPoll(now: Date, intervalSeconds: number, failures: number): string {
  const wait = failures === 0 ? intervalSeconds : Math.min(MAX_BACKOFF_SECONDS, intervalSeconds * 2 ** Math.min(failures - 1, 16));
  return new Date(now.getTime() + wait * 1000).toISOString();
}

/**
 * Poll one account's feed now (the scheduler's job, or staff's "poll now" with `force`). Without
 * `force` an account whose next poll is not yet due is skipped, so a duplicate job does nothing.
 */
export async function pollMonitoredFeed(deps: PollDeps, districtId: string, accountId: string, opts: { force?: boolean } = {}): Promise<PollResult> {
  const result: PollResult = { accountId, status: 'skipped', items: 0, newItems: 0, checked: 0, flagged: 0, reviewItems: [] };
  const account = await getMonitoredAccount(deps.db, districtId, accountId);
  if (account === undefined) throw notFound('monitored account', accountId);
  const started = nowOf(deps);
  if (account.active !== 1 || account.feed_url === null) return result;
  // A scheduled poll takes the due slot first: a duplicate job (or another server) finds it taken and skips.
  if (opts.force !== true && !(await claimDuePoll(deps.db, districtId, accountId, started.toISOString(), new Date(started.getTime() + POLL_LEASE_MS).toISOString()))) return result;

  const fetcher = deps.fetcher ?? sharedFeedFetcher();
  const got = await fetcher.fetch(account.feed_url, { etag: account.etag, lastModified: account.last_modified });
  const now = nowOf(deps);
  result.httpStatus = got.httpStatus;
  if (got.status === 'not-modified') {
    result.status = 'not-modified';
    result.nextPollAt = nextPoll(now, account.poll_interval_seconds, 0);
    await savePollState(deps.db, districtId, accountId, { last_polled_at: now.toISOString(), last_poll_status: 'not-modified', last_poll_error: null, failures: 0, next_poll_at: result.nextPollAt });
    return result;
  }
  if (got.status === 'error') {
    const failures = account.failures + 1;
    result.status = 'error';
    result.error = got.error;
    result.nextPollAt = nextPoll(now, account.poll_interval_seconds, failures);
    await savePollState(deps.db, districtId, accountId, { last_polled_at: now.toISOString(), last_poll_status: 'error', last_poll_error: got.error.slice(0, 1000), failures, next_poll_at: result.nextPollAt });
    return result;
  }

  const { posts, error } = await readFeedBody(got.body, got.contentType, got.url, account.network);
  result.items = posts.length;
  const actor = systemActor(districtId, 'monitoring');
  const handle = async (p: SourcePost): Promise<void> => {
    const key = itemKey(p);
    const claimedAt = nowOf(deps);
    const mine = await claimSeenItem(deps.db, { accountId, itemKey: key, districtId, guid: p.id ?? null, link: p.link ?? null, now: claimedAt.toISOString(), staleBefore: new Date(claimedAt.getTime() - CLAIM_STALE_MS).toISOString() });
    if (!mine) return;
    result.newItems++;
    try {
      const checked = await runCheck(deps, actor, { post: postOf(account, p) });
      result.checked++;
      const verdict = checked.response.verdict;
      if (verdict !== 'allow') {
        const item = await queueForReview(deps, actor, account, p, key, checked.id, verdict, checked.response.findings);
        if (item !== undefined) {
          result.flagged++;
          result.reviewItems.push(item.id);
        }
      }
      await markSeenChecked(deps.db, accountId, key, checked.id, verdict, nowOf(deps).toISOString());
    } catch (err) {
      // Not lost: the claim is released and the next poll takes the item again.
      await releaseSeenItem(deps.db, accountId, key);
      result.error = `item ${p.id}: ${(err as Error).message}`;
    }
  };
  // A few items at a time: their check history rows share group commits (130 items: ~1.0 s instead of ~1.5 s here).
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CHECKS_AT_ONCE, posts.length) }, async () => {
      while (next < posts.length) await handle(posts[next++]!);
    }),
  );
  const failures = error === undefined ? 0 : account.failures + 1;
  result.status = error === undefined ? 'ok' : 'malformed';
  if (error !== undefined) result.error = error;
  result.nextPollAt = nextPoll(now, account.poll_interval_seconds, failures);
  await savePollState(deps.db, districtId, accountId, {
    // A feed read only in part keeps the old validators: the next poll fetches it whole again.
    etag: error === undefined ? (got.etag ?? null) : account.etag,
    last_modified: error === undefined ? (got.lastModified ?? null) : account.last_modified,
    last_polled_at: now.toISOString(),
    last_poll_status: result.status,
    last_poll_error: error === undefined ? null : error.slice(0, 1000),
    failures,
    next_poll_at: result.nextPollAt,
  });
  return result;
}

async function queueForReview(deps: PollDeps, actor: Actor, account: MonitoredAccount, p: SourcePost, key: string, checkId: string, verdict: 'revise' | 'block', findings: unknown[]): Promise<ReviewItem | undefined> {
  const text = p.text.replace(/\s+/g, ' ').trim();
  const item = await write(deps, actor, async (w) => {
    const id = newId(nowOf(deps).getTime());
    const row = await insertReviewItem(
      w.trx,
      account.district_id,
      id,
      {
        account_id: account.id,
        item_key: key,
        item_url: p.link ?? null,
        item_guid: p.id ?? null,
        published_at: p.postedAt ?? null,
        excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text,
        check_id: checkId,
        verdict,
        findings: JSON.stringify(findings),
        status: 'open',
        reason: null,
        decided_by: null,
        decided_at: null,
        case_id: null,
      },
      w.stamp,
    );
    if (row !== undefined) await w.audit('review-item.create', 'review_item', id, { account: account.id, check: checkId, verdict, link: p.link ?? null });
    return row;
  });
  if (item !== undefined) await tellMonitors(deps, account, item);
  return item;
}

/** notify(): the staff member who asked for the monitoring, and communications for a district account. */
async function tellMonitors(deps: PollDeps, account: MonitoredAccount, item: ReviewItem): Promise<void> {
  const roles = monitorsOf(account.account_kind);
  const users = new Set(await usersWithRoles(deps.db, account.district_id, roles));
  const recipients = [...new Set([...(users.has(account.requested_by) ? [account.requested_by] : []), ...(account.account_kind === 'district' ? await usersWithRoles(deps.db, account.district_id, ['communications']) : [])])];
  if (recipients.length === 0) return;
  const who = account.handle ?? account.url ?? account.feed_url ?? account.id;
  await notify(deps, {
    districtId: account.district_id,
    recipients,
    event: 'monitoring.flagged',
    dedupKey: `review-item:${item.id}`,
    subject: `Monitored post needs review (${item.verdict}): ${account.network} ${who}`.slice(0, 200),
    body: `A post of the monitored account ${account.network} ${who} was checked against Policy 471 and needs review (verdict: ${item.verdict}).\n\n"${item.excerpt}"${item.item_url ? `\n\n${item.item_url}` : ''}`,
    // The web app's monitoring page (web/src/features/monitoring), the item named in the query.
    link: `/staff/monitoring?item=${item.id}`,
    by: 'system:monitoring',
  });
}

/** Staff's "poll now": the account's monitors (communications for a district account) poll it at once. */
export async function pollNow(deps: PollDeps, actor: Actor, accountId: string): Promise<PollResult> {
  const account = await getMonitoredAccount(deps.db, actor.districtId, accountId);
  if (account === undefined) throw notFound('monitored account', accountId);
  requireRole(actor, monitorsOf(account.account_kind), 'poll a monitored feed');
  if (account.active !== 1) throw new ClearpostError('conflict', `monitored account ${accountId}: monitoring has ended`);
  if (account.feed_url === null) throw new ClearpostError('invalid-request', `monitored account ${accountId}: has no feedUrl to poll`, 'feedUrl');
  const r = await pollMonitoredFeed(deps, actor.districtId, accountId, { force: true });
  // Who asked for the poll, and what it did (the checks themselves are logged as system:monitoring).
  await write(deps, actor, (w) => w.audit('monitored-account.poll', 'monitored_account', accountId, { status: r.status, httpStatus: r.httpStatus ?? null, newItems: r.newItems, flagged: r.flagged, reviewItems: r.reviewItems }));
  return r;
}

/** The scheduler's query: accounts whose next poll is due. */
export function feedsDue(deps: AppDeps, limit?: number): Promise<Array<{ id: string; district_id: string }>> {
  return dueFeeds(deps.db, nowOf(deps).toISOString(), limit);
}
