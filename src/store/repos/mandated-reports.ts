// Mandated reports (V.C): due 24 hours after the employee became aware; overdue is derived, never stored.
import type { Kysely } from 'kysely';
import type { DB, MandatedReport, MandatedReportsTable, ReportStatus } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export type MandatedReportFields = Omit<MandatedReportsTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertMandatedReport(db: Kysely<DB>, districtId: string, id: string, r: MandatedReportFields, s: Stamp): Promise<MandatedReport> {
  const row: MandatedReport = { ...created(districtId, id, s), ...r };
  await db.insertInto('mandated_reports').values(row).execute();
  return row;
}

export function getMandatedReport(db: Kysely<DB>, districtId: string, id: string): Promise<MandatedReport | undefined> {
  return db.selectFrom('mandated_reports').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listMandatedReports(db: Kysely<DB>, districtId: string, f: { reporterId?: string | undefined; status?: ReportStatus | undefined; overdueAt?: string | undefined; page?: PageRequest | undefined } = {}): Promise<MandatedReport[]> {
  let q = db.selectFrom('mandated_reports').selectAll().where('district_id', '=', districtId);
  if (f.reporterId !== undefined) q = q.where('reporter_id', '=', f.reporterId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.overdueAt !== undefined) q = q.where('status', '=', 'open').where('due_at', '<', f.overdueAt);
  return keyset(q, f.page).execute();
}

export async function countReports(db: Kysely<DB>, districtId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom('mandated_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).where('id', 'in', ids).executeTakeFirstOrThrow();
  return Number(r.n);
}
