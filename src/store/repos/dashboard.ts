// Aggregates for the staff dashboard and the consent-coverage summary: counts computed in SQL, the same on SQLite and PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { ConsentType, DB } from '../schema.js';

/** Checks decided in [fromIso, toIso), counted per UTC hour ('YYYY-MM-DDTHH') and verdict. */
export async function checksPerHour(db: Kysely<DB>, districtId: string, fromIso: string, toIso: string): Promise<Array<{ hour: string; verdict: string; n: number }>> {
  const hour = sql<string>`substr(decided_at, 1, 13)`;
  const rows = await db
    .selectFrom('checks')
    .select([hour.as('hour'), 'verdict', (eb) => eb.fn.countAll<number>().as('n')])
    .where('district_id', '=', districtId)
    .where('decided_at', '>=', fromIso)
    .where('decided_at', '<', toIso)
    .groupBy([hour, 'verdict'])
    .execute();
  return rows.map((r) => ({ hour: r.hour, verdict: r.verdict, n: Number(r.n) }));
}

/** decided_at and findings JSON of the checks in [fromIso, toIso) that have findings, in pages. */
export async function* checkFindings(db: Kysely<DB>, districtId: string, fromIso: string, toIso: string, pageSize = 5000): AsyncGenerator<{ decided_at: string; findings: string }> {
  let after: string | undefined;
  for (;;) {
    let q = db
      .selectFrom('checks')
      .select(['id', 'decided_at', 'findings'])
      .where('district_id', '=', districtId)
      .where('decided_at', '>=', fromIso)
      .where('decided_at', '<', toIso)
      .where('findings', '<>', '[]');
    if (after !== undefined) q = q.where('id', '>', after);
    const page = await q.orderBy('id').limit(pageSize).execute();
    for (const r of page) yield r;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** Active people of a kind, counted per building (null: no building) and, for students, grade. */
export async function peopleCounts(db: Kysely<DB>, districtId: string, kind: 'student' | 'employee', f: { buildingId?: string | undefined; grade?: string | undefined } = {}): Promise<Array<{ building_id: string | null; grade: string | null; n: number }>> {
  let q = db
    .selectFrom('people')
    .select(['building_id', 'grade', (eb) => eb.fn.countAll<number>().as('n')])
    .where('district_id', '=', districtId)
    .where('kind', '=', kind)
    .where('active', '=', 1);
  if (f.buildingId !== undefined) q = q.where('building_id', '=', f.buildingId);
  if (f.grade !== undefined) q = q.where('grade', '=', f.grade);
  const rows = await q.groupBy(['building_id', 'grade']).execute();
  return rows.map((r) => ({ building_id: r.building_id, grade: kind === 'student' ? r.grade : null, n: Number(r.n) }));
}

/** Written, unrevoked student consents in force on `day`, with their student's building and grade. */
export function currentStudentConsents(
  db: Kysely<DB>,
  districtId: string,
  day: string,
  f: { buildingId?: string | undefined; grade?: string | undefined } = {},
): Promise<Array<{ subject_id: string; type: ConsentType; scope: string | null; building_id: string | null; grade: string | null }>> {
  let q = db
    .selectFrom('consents as c')
    .innerJoin('people as p', (j) => j.onRef('p.id', '=', 'c.subject_id').onRef('p.district_id', '=', 'c.district_id'))
    .select(['c.subject_id', 'c.type', 'c.scope', 'p.building_id', 'p.grade'])
    .where('c.district_id', '=', districtId)
    .where('c.type', 'in', ['student-image', 'social-network-participation'])
    .where('c.written', '=', 1)
    .where('c.revoked_at', 'is', null)
    .where('c.valid_from', '<=', day)
    .where((eb) => eb.or([eb('c.valid_until', 'is', null), eb('c.valid_until', '>=', day)]))
    .where('p.active', '=', 1)
    .where('p.kind', '=', 'student');
  if (f.buildingId !== undefined) q = q.where('p.building_id', '=', f.buildingId);
  if (f.grade !== undefined) q = q.where('p.grade', '=', f.grade);
  return q.execute();
}

/** Employees (active) with a disclosure in force for the school year, per building. */
export async function disclosedEmployeesPerBuilding(db: Kysely<DB>, districtId: string, schoolYear: string): Promise<Array<{ building_id: string | null; n: number }>> {
  const rows = await db
    .selectFrom('people as p')
    .select(['p.building_id', (eb) => eb.fn.count<number>('p.id').distinct().as('n')])
    .where('p.district_id', '=', districtId)
    .where('p.kind', '=', 'employee')
    .where('p.active', '=', 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('disclosures as d')
          .select('d.id')
          .whereRef('d.employee_id', '=', 'p.id')
          .where('d.district_id', '=', districtId)
          .where('d.school_year', '=', schoolYear)
          .where('d.superseded_by', 'is', null),
      ),
    )
    .groupBy('p.building_id')
    .execute();
  return rows.map((r) => ({ building_id: r.building_id, n: Number(r.n) }));
}
