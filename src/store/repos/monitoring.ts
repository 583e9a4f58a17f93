// IV.E: employee sites the district monitors, and requests for access during selection, promotion or discipline.
import type { Kysely } from 'kysely';
import type { AccessRequest, AccessRequestsTable, DB, MonitoredAccount, MonitoredAccountsTable } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

type Fields<T> = Omit<T, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertMonitoredAccount(db: Kysely<DB>, districtId: string, id: string, m: Fields<MonitoredAccountsTable>, s: Stamp): Promise<MonitoredAccount> {
  const row: MonitoredAccount = { ...created(districtId, id, s), ...m };
  await db.insertInto('monitored_accounts').values(row).execute();
  return row;
}

export function listMonitoredAccounts(db: Kysely<DB>, districtId: string, f: { employeeId?: string | undefined; activeOnly?: boolean | undefined } = {}): Promise<MonitoredAccount[]> {
  let q = db.selectFrom('monitored_accounts').selectAll().where('district_id', '=', districtId);
  if (f.employeeId !== undefined) q = q.where('employee_id', '=', f.employeeId);
  if (f.activeOnly !== false) q = q.where('active', '=', 1);
  return q.orderBy('id').execute();
}

export async function insertAccessRequest(db: Kysely<DB>, districtId: string, id: string, a: Fields<AccessRequestsTable>, s: Stamp): Promise<AccessRequest> {
  const row: AccessRequest = { ...created(districtId, id, s), ...a };
  await db.insertInto('access_requests').values(row).execute();
  return row;
}

export function getAccessRequest(db: Kysely<DB>, districtId: string, id: string): Promise<AccessRequest | undefined> {
  return db.selectFrom('access_requests').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listAccessRequests(db: Kysely<DB>, districtId: string, f: { employeeId?: string | undefined; status?: AccessRequest['status'] | undefined; page?: PageRequest | undefined } = {}): Promise<AccessRequest[]> {
  let q = db.selectFrom('access_requests').selectAll().where('district_id', '=', districtId);
  if (f.employeeId !== undefined) q = q.where('employee_id', '=', f.employeeId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return keyset(q, f.page).execute();
}
