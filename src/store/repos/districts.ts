// Districts (the tenants): settings the check context needs and the revision that invalidates cached contexts.
import type { Kysely } from 'kysely';
import type { DB, District } from '../schema.js';
import { createAuditHead } from './audit-log.js';
import type { Stamp } from './versioned.js';

export async function insertDistrict(db: Kysely<DB>, d: { id: string; name: string; slug: string; settings: Record<string, unknown> }, s: Stamp): Promise<District> {
  const row: District = { id: d.id, name: d.name, slug: d.slug, settings: JSON.stringify(d.settings), records_rev: 0, created_at: s.at, created_by: s.by, updated_at: s.at, updated_by: s.by, version: 1 };
  await db.insertInto('districts').values(row).execute();
  await createAuditHead(db, d.id);
  return row;
}

export function getDistrict(db: Kysely<DB>, id: string): Promise<District | undefined> {
  return db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getDistrictBySlug(db: Kysely<DB>, slug: string): Promise<District | undefined> {
  return db.selectFrom('districts').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listDistricts(db: Kysely<DB>): Promise<District[]> {
  return db.selectFrom('districts').selectAll().orderBy('name').execute();
}

/** Mark the district's records changed (in the writing transaction), so cached check contexts are rebuilt. */
export async function bumpRecordsRev(db: Kysely<DB>, districtId: string): Promise<void> {
  await db.updateTable('districts').set((eb) => ({ records_rev: eb('records_rev', '+', 1) })).where('id', '=', districtId).execute();
}

export async function getRecordsRev(db: Kysely<DB>, districtId: string): Promise<number | undefined> {
  const r = await db.selectFrom('districts').select('records_rev').where('id', '=', districtId).executeTakeFirst();
  return r === undefined ? undefined : Number(r.records_rev);
}
