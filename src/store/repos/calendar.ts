// Queries of the policy's calendar sweeps: who has not filed this year's disclosure, consents and authorizations about to end, reports near their deadline.
import type { Kysely } from 'kysely';
import type { ConsentType, DB } from '../schema.js';

export interface EmployeeFiling {
  id: string;
  name: string;
  building_id: string | null;
  filed: boolean;
}

/** Every active employee of the district and whether a current disclosure for the school year is on file. */
export async function employeeFilings(db: Kysely<DB>, districtId: string, schoolYear: string): Promise<EmployeeFiling[]> {
  const rows = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.name', 'p.building_id'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('disclosures as d')
            .select('d.id')
            .whereRef('d.employee_id', '=', 'p.id')
            .where('d.district_id', '=', districtId)
            .where('d.school_year', '=', schoolYear)
            .where('d.superseded_by', 'is', null),
        )
        .as('filed'),
    )
    .where('p.district_id', '=', districtId)
    .where('p.kind', '=', 'employee')
    .where('p.active', '=', 1)
    .orderBy('p.id')
    .execute();
  // SQLite answers exists() with 0/1, PostgreSQL with a boolean.
  return rows.map((r) => ({ id: r.id, name: r.name, building_id: r.building_id, filed: r.filed === true || Number(r.filed) === 1 }));
}

/** Active users with the building-supervisor role and the building of their person (null: no building on file). */
export async function buildingSupervisors(db: Kysely<DB>, districtId: string): Promise<Array<{ userId: string; buildingId: string | null }>> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('people as p', 'p.id', 'u.person_id')
    .select(['u.id', 'u.roles', 'p.building_id'])
    .where('u.district_id', '=', districtId)
    .where('u.active', '=', 1)
    .orderBy('u.id')
    .execute();
  return rows.filter((r) => (JSON.parse(r.roles) as string[]).includes('building-supervisor')).map((r) => ({ userId: r.id, buildingId: r.building_id ?? null }));
}

export interface ExpiringConsent {
  id: string;
  type: ConsentType;
  subject_id: string;
  student_name: string;
  building_id: string | null;
  scope: string | null;
  network: string | null;
  valid_from: string;
  valid_until: string;
}

/**
 * Students' consents (photo, participation) in force that end between the two days (inclusive) and
 * that no later consent of the same type for the same student takes over (already renewed).
 */
export async function expiringStudentConsents(db: Kysely<DB>, districtId: string, fromDay: string, toDay: string): Promise<ExpiringConsent[]> {
  const rows = await db
    .selectFrom('consents as c')
    .innerJoin('people as s', 's.id', 'c.subject_id')
    .select(['c.id', 'c.type', 'c.subject_id', 's.name as student_name', 's.building_id', 'c.scope', 'c.network', 'c.valid_from', 'c.valid_until'])
    .where('c.district_id', '=', districtId)
    .where('c.type', 'in', ['student-image', 'social-network-participation'])
    .where('s.kind', '=', 'student')
    .where('s.active', '=', 1)
    .where('c.revoked_at', 'is', null)
    .where('c.valid_until', '>=', fromDay)
    .where('c.valid_until', '<=', toDay)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('consents as n')
            .select('n.id')
            .where('n.district_id', '=', districtId)
            .whereRef('n.subject_id', '=', 'c.subject_id')
            .whereRef('n.type', '=', 'c.type')
            .whereRef('n.id', '!=', 'c.id')
            .where('n.revoked_at', 'is', null)
            .where((eb) => eb.or([eb('n.valid_until', 'is', null), eb('n.valid_until', '>', eb.ref('c.valid_until'))])),
        ),
      ),
    )
    .orderBy('c.valid_until')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...r, valid_until: r.valid_until! }));
}

/** Active guardians of a student: id, name, and an e-mail address (the roster's, else a linked active user's), if any. */
export async function guardiansOf(db: Kysely<DB>, districtId: string, studentId: string): Promise<Array<{ id: string; name: string; email: string | null }>> {
  const rows = await db
    .selectFrom('guardian_links as l')
    .innerJoin('people as g', 'g.id', 'l.guardian_id')
    .select(['g.id', 'g.name', 'g.email'])
    .select((eb) =>
      eb
        .selectFrom('users as u')
        .select('u.email')
        .whereRef('u.person_id', '=', 'g.id')
        .where('u.active', '=', 1)
        .orderBy('u.id')
        .limit(1)
        .as('user_email'),
    )
    .where('l.district_id', '=', districtId)
    .where('l.student_id', '=', studentId)
    .where('l.active', '=', 1)
    .where('g.active', '=', 1)
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email ?? r.user_email ?? null }));
}

/** Approved, unrevoked authorizations ending between the two days (inclusive), with the employee's name. */
export function expiringAuthorizations(db: Kysely<DB>, districtId: string, fromDay: string, toDay: string) {
  return db
    .selectFrom('authorizations as a')
    .innerJoin('people as e', 'e.id', 'a.employee_id')
    .select(['a.id', 'a.type', 'a.employee_id', 'e.name as employee_name', 'a.network', 'a.activity', 'a.valid_until'])
    .where('a.district_id', '=', districtId)
    .where('a.status', '=', 'approved')
    .where('a.revoked_at', 'is', null)
    .where('a.valid_until', '>=', fromDay)
    .where('a.valid_until', '<=', toDay)
    .orderBy('a.valid_until')
    .orderBy('a.id')
    .execute();
}

/** Open mandated reports due at or before this instant (ISO), with the reporter's name. */
export function openReportsDueBy(db: Kysely<DB>, districtId: string, by: string) {
  return db
    .selectFrom('mandated_reports as r')
    .innerJoin('people as e', 'e.id', 'r.reporter_id')
    .select(['r.id', 'r.reporter_id', 'e.name as reporter_name', 'r.aware_at', 'r.due_at'])
    .where('r.district_id', '=', districtId)
    .where('r.status', '=', 'open')
    .where('r.due_at', '<=', by)
    .orderBy('r.due_at')
    .orderBy('r.id')
    .execute();
}
