// IV.E: the district records an employee site or account it monitors (no consent needed), and when monitoring ends.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { insertMonitoredAccount, listMonitoredAccounts } from '../store/repos/monitoring.js';
import { getPerson } from '../store/repos/people.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { MonitoredAccount } from '../store/schema.js';
import { notFound, requireRole, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

const MONITORS = ['building-supervisor', 'hr', 'superintendent'] as const;

export interface RegisterMonitoredAccountInput {
  employeeId?: string | undefined;
  network: string;
  handle?: string | undefined;
  url?: string | undefined;
  reason: string;
}

export async function registerMonitoredAccount(deps: AppDeps, actor: Actor, input: RegisterMonitoredAccountInput): Promise<MonitoredAccount> {
  requireRole(actor, MONITORS, 'monitor an account');
  if (input.handle === undefined && input.url === undefined) throw new ClearpostError('invalid-request', 'handle or url: name the account', 'handle');
  if (input.reason.trim() === '') throw new ClearpostError('invalid-request', 'reason: required', 'reason');
  if (input.employeeId !== undefined) {
    const p = await getPerson(deps.db, actor.districtId, input.employeeId);
    if (p === undefined || p.kind !== 'employee') throw notFound('person', input.employeeId);
  }
  return write(deps, actor, async (w) => {
    const id = newId();
    const m = await insertMonitoredAccount(w.trx, actor.districtId, id, { employee_id: input.employeeId ?? null, network: input.network.toLowerCase(), handle: input.handle ?? null, url: input.url ?? null, requested_by: actor.id, reason: input.reason, active: 1 }, w.stamp);
    await w.audit('monitored-account.register', 'monitored_account', id, { employee: input.employeeId ?? null, network: m.network, handle: m.handle, url: m.url });
    return m;
  });
}

export async function endMonitoring(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined; reason?: string }): Promise<MonitoredAccount> {
  requireRole(actor, MONITORS, 'end monitoring');
  return write(deps, actor, async (w) => {
    const m = await updateVersioned(w.trx, 'monitored_accounts', { districtId: actor.districtId, id: input.id, version: input.version }, { active: 0 }, w.stamp);
    await w.audit('monitored-account.end', 'monitored_account', input.id, { reason: input.reason ?? null });
    return m as MonitoredAccount;
  });
}

export async function listMonitoredAccountsFor(deps: AppDeps, actor: Actor, f: { employeeId?: string } = {}): Promise<MonitoredAccount[]> {
  requireRole(actor, MONITORS, 'list monitored accounts');
  return listMonitoredAccounts(deps.db, actor.districtId, f);
}
