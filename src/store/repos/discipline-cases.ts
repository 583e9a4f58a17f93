// Discipline cases (V.D) that reference check findings and mandated reports; closed, never deleted.
import type { Kysely } from 'kysely';
import type { DB, DisciplineCase, DisciplineCasesTable } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export type DisciplineCaseFields = Omit<DisciplineCasesTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertDisciplineCase(db: Kysely<DB>, districtId: string, id: string, c: DisciplineCaseFields, s: Stamp): Promise<DisciplineCase> {
  const row: DisciplineCase = { ...created(districtId, id, s), ...c };
  await db.insertInto('discipline_cases').values(row).execute();
  return row;
}

export function getDisciplineCase(db: Kysely<DB>, districtId: string, id: string): Promise<DisciplineCase | undefined> {
  return db.selectFrom('discipline_cases').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listDisciplineCases(db: Kysely<DB>, districtId: string, f: { employeeId?: string | undefined; status?: 'open' | 'closed' | undefined; page?: PageRequest | undefined } = {}): Promise<DisciplineCase[]> {
  let q = db.selectFrom('discipline_cases').selectAll().where('district_id', '=', districtId);
  if (f.employeeId !== undefined) q = q.where('employee_id', '=', f.employeeId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return keyset(q, f.page).execute();
}
