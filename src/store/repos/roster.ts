// Batch writes of a roster import: insert many people or links at once, deactivate those a full roster no longer lists.
import type { Kysely } from 'kysely';
import type { Building, DB, GuardianLink, Person } from '../schema.js';
import type { Stamp } from './versioned.js';

const CHUNK = 200;

export async function insertPeopleBatch(db: Kysely<DB>, rows: Person[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('people').values(rows.slice(i, i + CHUNK)).execute();
}

export async function insertBuildingsBatch(db: Kysely<DB>, rows: Building[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('buildings').values(rows.slice(i, i + CHUNK)).execute();
}

export async function insertLinksBatch(db: Kysely<DB>, rows: GuardianLink[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('guardian_links').values(rows.slice(i, i + CHUNK)).execute();
}

/** Set active = 0 (and bump the version) on these records of the district. */
export async function deactivate(db: Kysely<DB>, table: 'people' | 'buildings' | 'guardian_links', districtId: string, ids: readonly string[], s: Stamp): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db
      .updateTable(table)
      .set((eb) => ({ active: 0, updated_at: s.at, updated_by: s.by, version: eb('version', '+', 1) }))
      .where('district_id', '=', districtId)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  }
}

export function allBuildings(db: Kysely<DB>, districtId: string): Promise<Building[]> {
  return db.selectFrom('buildings').selectAll().where('district_id', '=', districtId).execute();
}

export function allGuardianLinks(db: Kysely<DB>, districtId: string): Promise<GuardianLink[]> {
  return db.selectFrom('guardian_links').selectAll().where('district_id', '=', districtId).execute();
}
