// People (employees, students, guardians), their buildings and guardian links.
import { sql, type Kysely } from 'kysely';
import type { Building, BuildingsTable, DB, GuardianLink, Person, PersonKind, PeopleTable } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export type PersonFields = Omit<PeopleTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;
export type BuildingFields = Omit<BuildingsTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertPerson(db: Kysely<DB>, districtId: string, id: string, p: PersonFields, s: Stamp): Promise<Person> {
  const row: Person = { ...created(districtId, id, s), ...p };
  await db.insertInto('people').values(row).execute();
  return row;
}

export function getPerson(db: Kysely<DB>, districtId: string, id: string): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function getPersonBySourcedId(db: Kysely<DB>, districtId: string, sourcedId: string): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('district_id', '=', districtId).where('sourced_id', '=', sourcedId).executeTakeFirst();
}

export function getPersonByEmail(db: Kysely<DB>, districtId: string, email: string): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('district_id', '=', districtId).where('email', '=', email.toLowerCase()).orderBy('active', 'desc').executeTakeFirst();
}

export interface PeopleFilter {
  kind?: PersonKind | undefined;
  kinds?: readonly PersonKind[] | undefined;
  active?: boolean | undefined;
  ids?: readonly string[] | undefined;
  buildingId?: string | undefined;
  grade?: string | undefined;
  /** Case-insensitive part of the name. */
  nameContains?: string | undefined;
  /** Sorted by name, then id. */
  page?: PageRequest | undefined;
}

export function listPeople(db: Kysely<DB>, districtId: string, f: PeopleFilter = {}): Promise<Person[]> {
  let q = db.selectFrom('people').selectAll().where('district_id', '=', districtId);
  if (f.kind !== undefined) q = q.where('kind', '=', f.kind);
  if (f.kinds !== undefined) q = q.where('kind', 'in', f.kinds);
  if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
  if (f.ids !== undefined) {
    if (f.ids.length === 0) return Promise.resolve([]);
    q = q.where('id', 'in', f.ids);
  }
  if (f.buildingId !== undefined) q = q.where('building_id', '=', f.buildingId);
  if (f.grade !== undefined) q = q.where('grade', '=', f.grade);
  if (f.nameContains !== undefined && f.nameContains !== '') {
    const like = `%${f.nameContains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(name) like ${like} escape '\\'`);
  }
  return keyset(q, f.page, { sortBy: 'name' }).execute();
}

/** sourcedId → person, for every person of the district that came from a roster. */
export async function peopleBySourcedId(db: Kysely<DB>, districtId: string): Promise<Map<string, Person>> {
  const rows = await db.selectFrom('people').selectAll().where('district_id', '=', districtId).where('sourced_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.sourced_id!, r]));
}

export async function insertBuilding(db: Kysely<DB>, districtId: string, id: string, b: BuildingFields, s: Stamp): Promise<Building> {
  const row: Building = { ...created(districtId, id, s), ...b };
  await db.insertInto('buildings').values(row).execute();
  return row;
}

export function listBuildings(db: Kysely<DB>, districtId: string, opts: { activeOnly?: boolean; page?: PageRequest | undefined } = {}): Promise<Building[]> {
  let q = db.selectFrom('buildings').selectAll().where('district_id', '=', districtId);
  if (opts.activeOnly === true) q = q.where('active', '=', 1);
  return keyset(q, opts.page, { sortBy: 'name' }).execute();
}

export async function insertGuardianLink(db: Kysely<DB>, districtId: string, id: string, l: { guardian_id: string; student_id: string; relationship: string | null; source: string }, s: Stamp): Promise<GuardianLink> {
  const row: GuardianLink = { ...created(districtId, id, s), ...l, active: 1 };
  await db.insertInto('guardian_links').values(row).execute();
  return row;
}

export function listGuardianLinks(db: Kysely<DB>, districtId: string, f: { guardianId?: string; studentId?: string; activeOnly?: boolean } = {}): Promise<GuardianLink[]> {
  let q = db.selectFrom('guardian_links').selectAll().where('district_id', '=', districtId);
  if (f.guardianId !== undefined) q = q.where('guardian_id', '=', f.guardianId);
  if (f.studentId !== undefined) q = q.where('student_id', '=', f.studentId);
  if (f.activeOnly !== false) q = q.where('active', '=', 1);
  return q.orderBy('id').execute();
}

export async function isGuardianOf(db: Kysely<DB>, districtId: string, guardianId: string, studentId: string): Promise<boolean> {
  const r = await db
    .selectFrom('guardian_links')
    .select('id')
    .where('district_id', '=', districtId)
    .where('guardian_id', '=', guardianId)
    .where('student_id', '=', studentId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return r !== undefined;
}
