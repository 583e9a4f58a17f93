// Check history: every stored decision with what it needs to be replayed (request, hash, versions).
import type { Kysely } from 'kysely';
import type { CheckRecord, ChecksTable, DB } from '../schema.js';
import { insertMany } from '../insert-many.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export type CheckFields = Omit<ChecksTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertCheck(db: Kysely<DB>, districtId: string, id: string, c: CheckFields, s: Stamp): Promise<CheckRecord> {
  const row: CheckRecord = { ...created(districtId, id, s), ...c };
  await db.insertInto('checks').values(row).execute();
  return row;
}

export function getCheck(db: Kysely<DB>, districtId: string, id: string): Promise<CheckRecord | undefined> {
  return db.selectFrom('checks').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listChecks(db: Kysely<DB>, districtId: string, f: { authorId?: string | undefined; verdict?: string | undefined; page?: PageRequest | undefined } = {}): Promise<CheckRecord[]> {
  let q = db.selectFrom('checks').selectAll().where('district_id', '=', districtId);
  if (f.authorId !== undefined) q = q.where('author_id', '=', f.authorId);
  if (f.verdict !== undefined) q = q.where('verdict', '=', f.verdict);
  return keyset(q, f.page).execute();
}

export async function countChecks(db: Kysely<DB>, districtId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom('checks').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).where('id', 'in', ids).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertChecksBatch(db: Kysely<DB>, rows: CheckRecord[]): Promise<void> {
  await insertMany(db, 'checks', rows, 100);
}
