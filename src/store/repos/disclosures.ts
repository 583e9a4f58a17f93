// Annual disclosures of the student groups an employee takes part in (IV.B), superseded, never deleted.
import type { Kysely } from 'kysely';
import type { DB, Disclosure } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export async function insertDisclosure(db: Kysely<DB>, districtId: string, id: string, d: { employee_id: string; school_year: string; groups: unknown[] }, s: Stamp): Promise<Disclosure> {
  const row: Disclosure = { ...created(districtId, id, s), employee_id: d.employee_id, school_year: d.school_year, groups: JSON.stringify(d.groups), superseded_by: null };
  await db.insertInto('disclosures').values(row).execute();
  return row;
}

/** The disclosure in force for an employee and school year (the one not superseded). */
export function currentDisclosure(db: Kysely<DB>, districtId: string, employeeId: string, schoolYear: string): Promise<Disclosure | undefined> {
  return db
    .selectFrom('disclosures')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('employee_id', '=', employeeId)
    .where('school_year', '=', schoolYear)
    .where('superseded_by', 'is', null)
    .executeTakeFirst();
}

export function listDisclosures(db: Kysely<DB>, districtId: string, f: { employeeId?: string | undefined; schoolYear?: string | undefined; currentOnly?: boolean | undefined; page?: PageRequest | undefined } = {}): Promise<Disclosure[]> {
  let q = db.selectFrom('disclosures').selectAll().where('district_id', '=', districtId);
  if (f.employeeId !== undefined) q = q.where('employee_id', '=', f.employeeId);
  if (f.schoolYear !== undefined) q = q.where('school_year', '=', f.schoolYear);
  if (f.currentOnly !== false) q = q.where('superseded_by', 'is', null);
  return keyset(q, f.page).execute();
}
