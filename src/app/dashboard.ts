// Staff summaries: consent coverage per building and grade, and the dashboard (checks per ISO week by verdict,
// findings by rule and clause over time, this school year's disclosures by building, overdue mandated reports).
import { ClearpostError } from '../core/errors.js';
import { checkFindings, checksPerHour, currentStudentConsents, disclosedEmployeesPerBuilding, peopleCounts } from '../store/repos/dashboard.js';
import { getDistrict } from '../store/repos/districts.js';
import { listMandatedReports } from '../store/repos/mandated-reports.js';
import { listBuildings, listPeople } from '../store/repos/people.js';
import { requireRole, STAFF_ROLES, type Actor, type Role } from './access.js';
import { nowOf, write, type AppDeps } from './deps.js';

/** Who sees the dashboard (check verdicts, disclosures and overdue reports of everyone). */
export const DASHBOARD_ROLES: readonly Role[] = ['hr', 'superintendent', 'admin'];
/** Who sees consent coverage (counts of students, no names): every staff role. */
export const COVERAGE_ROLES: readonly Role[] = STAFF_ROLES;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SCOPES = ['district-accounts', 'personal-accounts', 'print', 'internal'] as const;

// ---- dates --------------------------------------------------------------------------------------

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
}

function dayOf(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** ISO 8601 week of a date: '2026-W48' (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: string): string {
  const n = dayNumber(day);
  const weekday = (new Date(n * 86_400_000).getUTCDay() + 6) % 7; // Monday 0
  const thursday = n - weekday + 3;
  const year = Number(dayOf(thursday).slice(0, 4));
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of the ISO week of a date. */
export function weekStart(day: string): string {
  const n = dayNumber(day);
  return dayOf(n - ((new Date(n * 86_400_000).getUTCDay() + 6) % 7));
}

/** School year of a date: July to June, e.g. 2026-11-25 → '2026-2027'. */
export function schoolYearOf(day: string): string {
  const y = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 7 ? y : y - 1;
  return `${start}-${start + 1}`;
}

async function timezoneOf(deps: AppDeps, districtId: string): Promise<string> {
  const d = await getDistrict(deps.db, districtId);
  const tz = d === undefined ? undefined : (JSON.parse(d.settings) as { timezone?: unknown }).timezone;
  return typeof tz === 'string' && tz !== '' ? tz : 'UTC';
}

/** Today's date in the district's time zone. */
export async function districtToday(deps: AppDeps, districtId: string): Promise<string> {
  return localDay(nowOf(deps), await timezoneOf(deps, districtId));
}

const pct = (n: number, of: number): number => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);

// ---- consent coverage ---------------------------------------------------------------------------

export interface CoverageCell {
  consented: number;
  percent: number;
}

export interface CoverageRow {
  buildingId: string | null;
  building: string;
  grade: string | null;
  students: number;
  /** Students with written parental consent to their image in force today; byScope counts consents without a scope in every scope. */
  studentImage: CoverageCell & { byScope: Record<(typeof SCOPES)[number], number> };
  /** Students with written parental consent to social-network participation in force today. */
  socialNetwork: CoverageCell;
}

export interface ConsentCoverage {
  asOf: string;
  items: CoverageRow[];
  totals: Omit<CoverageRow, 'buildingId' | 'building' | 'grade'>;
}

const GRADE_ORDER = (g: string | null): number => (g === null ? 99 : g === 'PK' ? -2 : g === 'KG' || g === 'K' ? -1 : Number.isNaN(Number(g)) ? 98 : Number(g));

export async function consentCoverage(deps: AppDeps, actor: Actor, f: { buildingId?: string | undefined; grade?: string | undefined } = {}): Promise<ConsentCoverage> {
  requireRole(actor, COVERAGE_ROLES, 'consent coverage');
  const tz = await timezoneOf(deps, actor.districtId);
  const today = localDay(nowOf(deps), tz);
  const [counts, consents, buildings] = await Promise.all([
    peopleCounts(deps.db, actor.districtId, 'student', f),
    currentStudentConsents(deps.db, actor.districtId, today, f),
    listBuildings(deps.db, actor.districtId),
  ]);
  const names = new Map(buildings.map((b) => [b.id, b.name]));
  const key = (b: string | null, g: string | null) => `${b ?? ''}\u0000${g ?? ''}`;
  const rows = new Map<string, CoverageRow & { image: Set<string>; network: Set<string>; scopeSets: Record<string, Set<string>> }>();
  const rowFor = (b: string | null, g: string | null) => {
    let r = rows.get(key(b, g));
    if (r === undefined) {
      r = {
        buildingId: b,
        building: b === null ? '(no building)' : (names.get(b) ?? b),
        grade: g,
        students: 0,
        studentImage: { consented: 0, percent: 0, byScope: { 'district-accounts': 0, 'personal-accounts': 0, print: 0, internal: 0 } },
        socialNetwork: { consented: 0, percent: 0 },
        image: new Set(),
        network: new Set(),
        scopeSets: Object.fromEntries(SCOPES.map((s) => [s, new Set<string>()])),
      };
      rows.set(key(b, g), r);
    }
    return r;
  };
  for (const c of counts) rowFor(c.building_id, c.grade).students += c.n;
  for (const c of consents) {
    const r = rowFor(c.building_id, c.grade);
    if (c.type === 'social-network-participation') {
      r.network.add(c.subject_id);
      continue;
    }
    r.image.add(c.subject_id);
    const scope = c.scope === null ? SCOPES : (JSON.parse(c.scope) as string[]);
    for (const s of scope) r.scopeSets[s]?.add(c.subject_id);
  }
  const totals: ConsentCoverage['totals'] = { students: 0, studentImage: { consented: 0, percent: 0, byScope: { 'district-accounts': 0, 'personal-accounts': 0, print: 0, internal: 0 } }, socialNetwork: { consented: 0, percent: 0 } };
  const items: CoverageRow[] = [];
  for (const r of rows.values()) {
    const byScope = Object.fromEntries(SCOPES.map((s) => [s, r.scopeSets[s]!.size])) as CoverageRow['studentImage']['byScope'];
    const item: CoverageRow = {
      buildingId: r.buildingId,
      building: r.building,
      grade: r.grade,
      students: r.students,
      studentImage: { consented: r.image.size, percent: pct(r.image.size, r.students), byScope },
      socialNetwork: { consented: r.network.size, percent: pct(r.network.size, r.students) },
    };
    items.push(item);
    totals.students += item.students;
    totals.studentImage.consented += item.studentImage.consented;
    totals.socialNetwork.consented += item.socialNetwork.consented;
    for (const s of SCOPES) totals.studentImage.byScope[s] += byScope[s];
  }
  totals.studentImage.percent = pct(totals.studentImage.consented, totals.students);
  totals.socialNetwork.percent = pct(totals.socialNetwork.consented, totals.students);
  items.sort((a, b) => (a.building < b.building ? -1 : a.building > b.building ? 1 : GRADE_ORDER(a.grade) - GRADE_ORDER(b.grade)));
  // Counts, not names: still a staff read of student records, logged once with the filter.
  await write(deps, actor, (w) => w.audit('student.read', 'student', 'consent-coverage', { route: 'consent-coverage', buildingId: f.buildingId ?? null, grade: f.grade ?? null, students: totals.students }));
  return { asOf: today, items, totals };
}

// ---- dashboard ----------------------------------------------------------------------------------

export interface Dashboard {
  asOf: string;
  timezone: string;
  range: { from: string; to: string };
  schoolYear: string;
  checksByWeek: Array<{ week: string; weekStart: string; allow: number; revise: number; block: number; total: number }>;
  findingsByWeek: Array<{ week: string; rule: string; clause: string; count: number }>;
  findingsByRule: Array<{ rule: string; clause: string; count: number }>;
  disclosuresByBuilding: Array<{ buildingId: string | null; building: string; employees: number; disclosed: number; percent: number }>;
  overdueReports: { count: number; items: Array<{ id: string; reporterId: string; reporter: string; awareAt: string; dueAt: string; hoursOverdue: number }> };
}

/** Default range: the last 12 ISO weeks up to today. Dates are the district's local dates. */
export async function dashboardSummary(deps: AppDeps, actor: Actor, f: { from?: string | undefined; to?: string | undefined } = {}): Promise<Dashboard> {
  requireRole(actor, DASHBOARD_ROLES, 'dashboard');
  for (const k of ['from', 'to'] as const) if (f[k] !== undefined && !DAY.test(f[k])) throw new ClearpostError('invalid-request', `${k}: expected a date as YYYY-MM-DD`, k);
  const now = nowOf(deps);
  const tz = await timezoneOf(deps, actor.districtId);
  const today = localDay(now, tz);
  const to = f.to ?? today;
  const from = f.from ?? dayOf(dayNumber(weekStart(to)) - 7 * 11);
  if (from > to) throw new ClearpostError('invalid-request', 'from: must not be after to', 'from');
  if (dayNumber(to) - dayNumber(from) > 3 * 366) throw new ClearpostError('invalid-request', 'from: the range is at most 3 years', 'from');
  // UTC bounds wide enough for any offset; local dates are decided per row below.
  const fromIso = new Date((dayNumber(from) - 1) * 86_400_000).toISOString();
  const toIso = new Date((dayNumber(to) + 2) * 86_400_000).toISOString();
  const inRange = (day: string) => day >= from && day <= to;

  const weeks = new Map<string, Dashboard['checksByWeek'][number]>();
  for (let d = dayNumber(weekStart(from)); d <= dayNumber(to); d += 7) {
    const ws = dayOf(d);
    weeks.set(isoWeek(ws), { week: isoWeek(ws), weekStart: ws, allow: 0, revise: 0, block: 0, total: 0 });
  }
  for (const h of await checksPerHour(deps.db, actor.districtId, fromIso, toIso)) {
    const day = localDay(new Date(`${h.hour}:30:00Z`), tz);
    if (!inRange(day)) continue;
    const w = weeks.get(isoWeek(day));
    if (w === undefined) continue;
    if (h.verdict === 'allow' || h.verdict === 'revise' || h.verdict === 'block') w[h.verdict] += h.n;
    w.total += h.n;
  }

  const byWeek = new Map<string, { week: string; rule: string; clause: string; count: number }>();
  const byRule = new Map<string, { rule: string; clause: string; count: number }>();
  for await (const c of checkFindings(deps.db, actor.districtId, fromIso, toIso)) {
    const day = localDay(new Date(c.decided_at), tz);
    if (!inRange(day)) continue;
    const week = isoWeek(day);
    for (const x of JSON.parse(c.findings) as Array<{ rule?: string; clause?: string }>) {
      if (typeof x.rule !== 'string') continue;
      const clause = x.clause ?? '';
      const wk = `${week}\u0000${x.rule}\u0000${clause}`;
      const a = byWeek.get(wk) ?? { week, rule: x.rule, clause, count: 0 };
      a.count += 1;
      byWeek.set(wk, a);
      const rk = `${x.rule}\u0000${clause}`;
      const b = byRule.get(rk) ?? { rule: x.rule, clause, count: 0 };
      b.count += 1;
      byRule.set(rk, b);
    }
  }

  const schoolYear = schoolYearOf(today);
  const [buildings, employees, disclosed, overdue] = await Promise.all([
    listBuildings(deps.db, actor.districtId),
    peopleCounts(deps.db, actor.districtId, 'employee'),
    disclosedEmployeesPerBuilding(deps.db, actor.districtId, schoolYear),
    listMandatedReports(deps.db, actor.districtId, { overdueAt: now.toISOString() }),
  ]);
  const names = new Map(buildings.map((b) => [b.id, b.name]));
  const perBuilding = new Map<string | null, { employees: number; disclosed: number }>();
  for (const e of employees) {
    const r = perBuilding.get(e.building_id) ?? { employees: 0, disclosed: 0 };
    r.employees += e.n;
    perBuilding.set(e.building_id, r);
  }
  for (const d of disclosed) {
    const r = perBuilding.get(d.building_id) ?? { employees: 0, disclosed: 0 };
    r.disclosed += d.n;
    perBuilding.set(d.building_id, r);
  }
  const disclosuresByBuilding = [...perBuilding.entries()]
    .map(([b, r]) => ({ buildingId: b, building: b === null ? '(no building)' : (names.get(b) ?? b), employees: r.employees, disclosed: r.disclosed, percent: pct(r.disclosed, r.employees) }))
    .sort((a, b) => (a.building < b.building ? -1 : a.building > b.building ? 1 : 0));

  const reporters = new Map((await listPeople(deps.db, actor.districtId, { ids: [...new Set(overdue.map((r) => r.reporter_id))] })).map((p) => [p.id, p.name]));
  const overdueItems = overdue
    .map((r) => ({ id: r.id, reporterId: r.reporter_id, reporter: reporters.get(r.reporter_id) ?? '', awareAt: r.aware_at, dueAt: r.due_at, hoursOverdue: Math.floor((now.getTime() - Date.parse(r.due_at)) / 3_600_000) }))
    .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));

  const sortAgg = <T extends { rule: string; count: number }>(a: T, b: T) => b.count - a.count || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
  return {
    asOf: now.toISOString(),
    timezone: tz,
    range: { from, to },
    schoolYear,
    checksByWeek: [...weeks.values()],
    findingsByWeek: [...byWeek.values()].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : sortAgg(a, b))),
    findingsByRule: [...byRule.values()].sort(sortAgg),
    disclosuresByBuilding,
    overdueReports: { count: overdueItems.length, items: overdueItems },
  };
}
