// Authorizations: spokesperson (IV.D) and instructional use of a public network (III), requested and decided.
import type { Kysely } from 'kysely';
import type { Authorization, AuthorizationsTable, AuthorizationStatus, DB } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export type AuthorizationFields = Omit<AuthorizationsTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertAuthorization(db: Kysely<DB>, districtId: string, id: string, a: AuthorizationFields, s: Stamp): Promise<Authorization> {
  const row: Authorization = { ...created(districtId, id, s), ...a };
  await db.insertInto('authorizations').values(row).execute();
  return row;
}

export function getAuthorization(db: Kysely<DB>, districtId: string, id: string): Promise<Authorization | undefined> {
  return db.selectFrom('authorizations').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listAuthorizations(db: Kysely<DB>, districtId: string, f: { employeeId?: string | undefined; status?: AuthorizationStatus | undefined; page?: PageRequest | undefined } = {}): Promise<Authorization[]> {
  let q = db.selectFrom('authorizations').selectAll().where('district_id', '=', districtId);
  if (f.employeeId !== undefined) q = q.where('employee_id', '=', f.employeeId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return keyset(q, f.page).execute();
}
