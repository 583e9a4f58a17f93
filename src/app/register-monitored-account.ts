// IV.E: the district records an employee site or account it monitors (no consent needed), and when monitoring ends.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { getMonitoredAccount, listMonitoredAccountsPage } from '../store/repos/monitored-feeds.js';
import { insertMonitoredAccount } from '../store/repos/monitoring.js';
import type { PageRequest } from '../store/page.js';
import { getPerson } from '../store/repos/people.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { MonitoredAccount } from '../store/schema.js';
import { hasRole, notFound, requireRole, type Actor, type Role } from './access.js';
import { write, type AppDeps } from './deps.js';

/** Who monitors employees' sites and accounts (IV.E). */
export const MONITORS = ['building-supervisor', 'hr', 'superintendent'] as const;
/** Who may also monitor the district's own accounts: the communications office runs them. */
export const DISTRICT_ACCOUNT_MONITORS = [...MONITORS, 'communications'] as const;

export function monitorsOf(kind: 'personal' | 'district'): readonly Role[] {
  return kind === 'district' ? DISTRICT_ACCOUNT_MONITORS : MONITORS;
}

export interface RegisterMonitoredAccountInput {
  employeeId?: string | undefined;
  network: string;
  handle?: string | undefined;
  url?: string | undefined;
  reason: string;
  /** 'personal' (an employee's site or account, the default) or 'district' (an account the district runs). */
  accountKind?: 'personal' | 'district' | undefined;
  /** RSS, Atom or JSON Feed URL to poll (http or https). */
  feedUrl?: string | undefined;
  /** How often to poll the feed (default 3600 s; at least 60 s). */
  pollIntervalSeconds?: number | undefined;
}

function checkFeedUrl(u: string): string {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    throw new ClearpostError('invalid-request', 'feedUrl: not a URL', 'feedUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClearpostError('invalid-request', 'feedUrl: only http and https feeds are polled', 'feedUrl');
  return url.toString();
}

export async function registerMonitoredAccount(deps: AppDeps, actor: Actor, input: RegisterMonitoredAccountInput): Promise<MonitoredAccount> {
  const kind = input.accountKind ?? 'personal';
  requireRole(actor, monitorsOf(kind), kind === 'district' ? 'monitor a district account' : 'monitor an account');
  if (input.handle === undefined && input.url === undefined && input.feedUrl === undefined) throw new ClearpostError('invalid-request', 'handle or url: name the account', 'handle');
  const feedUrl = input.feedUrl === undefined ? null : checkFeedUrl(input.feedUrl);
  const interval = input.pollIntervalSeconds ?? 3600;
  if (!Number.isInteger(interval) || interval < 60 || interval > 7 * 86400) throw new ClearpostError('invalid-request', 'pollIntervalSeconds: a whole number from 60 to 604800', 'pollIntervalSeconds');
  if (input.reason.trim() === '') throw new ClearpostError('invalid-request', 'reason: required', 'reason');
  if (input.employeeId !== undefined) {
    const p = await getPerson(deps.db, actor.districtId, input.employeeId);
    if (p === undefined || p.kind !== 'employee') throw notFound('person', input.employeeId);
  }
  return write(deps, actor, async (w) => {
    const id = newId();
    const m = await insertMonitoredAccount(
      w.trx,
      actor.districtId,
      id,
      {
        employee_id: input.employeeId ?? null,
        network: input.network.toLowerCase(),
        handle: input.handle ?? null,
        url: input.url ?? null,
        requested_by: actor.id,
        reason: input.reason,
        active: 1,
        feed_url: feedUrl,
        account_kind: kind,
        poll_interval_seconds: interval,
        etag: null,
        last_modified: null,
        last_polled_at: null,
        last_poll_status: null,
        last_poll_error: null,
        failures: 0,
        // Poll a new feed at once.
        next_poll_at: feedUrl === null ? null : w.stamp.at,
      },
      w.stamp,
    );
    await w.audit('monitored-account.register', 'monitored_account', id, { employee: input.employeeId ?? null, network: m.network, handle: m.handle, url: m.url, feedUrl, kind, reason: input.reason });
    return m;
  });
}

export async function endMonitoring(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined; reason?: string | undefined }): Promise<MonitoredAccount> {
  requireRole(actor, DISTRICT_ACCOUNT_MONITORS, 'end monitoring');
  const a = await getMonitoredAccount(deps.db, actor.districtId, input.id);
  if (a === undefined || !hasRole(actor, monitorsOf(a.account_kind))) throw notFound('monitored account', input.id);
  if (a.active !== 1) throw new ClearpostError('conflict', `monitored account ${input.id}: monitoring has already ended`);
  return write(deps, actor, async (w) => {
    const m = await updateVersioned(w.trx, 'monitored_accounts', { districtId: actor.districtId, id: input.id, version: input.version }, { active: 0, next_poll_at: null }, w.stamp);
    await w.audit('monitored-account.end', 'monitored_account', input.id, { reason: input.reason ?? null });
    return m as MonitoredAccount;
  });
}

/** Monitored accounts, oldest first: all for monitors, the district's own accounts for communications. */
export async function listMonitoredAccountsFor(
  deps: AppDeps,
  actor: Actor,
  f: { employeeId?: string | undefined; kind?: 'personal' | 'district' | undefined; includeEnded?: boolean | undefined; page?: PageRequest | undefined } = {},
): Promise<MonitoredAccount[]> {
  requireRole(actor, DISTRICT_ACCOUNT_MONITORS, 'list monitored accounts');
  const everything = hasRole(actor, MONITORS);
  if (!everything && f.kind === 'personal') return [];
  return listMonitoredAccountsPage(deps.db, actor.districtId, { employeeId: f.employeeId, kind: everything ? f.kind : 'district', activeOnly: f.includeEnded !== true, page: f.page });
}

export async function getMonitoredAccountFor(deps: AppDeps, actor: Actor, id: string): Promise<MonitoredAccount> {
  requireRole(actor, DISTRICT_ACCOUNT_MONITORS, 'read a monitored account');
  const a = await getMonitoredAccount(deps.db, actor.districtId, id);
  if (a === undefined || !hasRole(actor, monitorsOf(a.account_kind))) throw notFound('monitored account', id);
  return a;
}
