// The annual disclosure campaign (IV.B): opens on the first school day of the school year, reminds employees who have not filed, and tells building supervisors how far their building is.
import { localDay, schoolYearOf } from '../../core/analyzers/time.js';
import { buildingSupervisors, employeeFilings, type EmployeeFiling } from '../../store/repos/calendar.js';
import { listBuildings } from '../../store/repos/people.js';
import { hasRole, requireRole, type Actor } from '../access.js';
import { nowOf, type AppDeps } from '../deps.js';
import { notify, type NotifyDeps } from '../notify.js';
import { addDays, CALENDAR_BY, daysBetween, districtCalendar, firstSchoolDayOnOrAfter, longDay, type DistrictCalendar, type SweepResult } from './common.js';

/** Days after the campaign opens on which employees who have not filed hear from it (0: the opening notice). */
export const DISCLOSURE_STAGES = [
  { id: 'open', day: 0 },
  { id: 'reminder-14', day: 14 },
  { id: 'reminder-30', day: 30 },
] as const;

/** Days after the last reminder during which a late run still sends it; then the campaign is closed until next year. */
export const CLOSE_AFTER_DAYS = 14;

export interface Campaign {
  schoolYear: string;
  /** The first school day on or after the school year's start (district setting schoolYearStart, default 07-01). */
  opensOn: string;
  /** The latest stage reached on this day (undefined before the campaign opens and after it closed). */
  stage: (typeof DISCLOSURE_STAGES)[number] | undefined;
  /** When the campaign's last reminder goes out. */
  lastReminderOn: string;
}

/** Where the campaign stands on a local day. A run that missed days sends only the latest stage reached. */
export function campaignOn(day: string, cal: Pick<DistrictCalendar, 'schoolYearStart' | 'nonSchoolDays'>): Campaign {
  const schoolYear = schoolYearOf(day, cal.schoolYearStart);
  const opensOn = firstSchoolDayOnOrAfter(`${schoolYear.slice(0, 4)}-${cal.schoolYearStart}`, cal.nonSchoolDays);
  const since = daysBetween(opensOn, day);
  // Closed CLOSE_AFTER_DAYS after the last reminder: a first run late in the year does not start reminding about it.
  const stage = since > DISCLOSURE_STAGES.at(-1)!.day + CLOSE_AFTER_DAYS ? undefined : [...DISCLOSURE_STAGES].reverse().find((s) => since >= s.day);
  return { schoolYear, opensOn, stage, lastReminderOn: addDays(opensOn, DISCLOSURE_STAGES.at(-1)!.day) };
}

export interface BuildingCompletion {
  /** null: employees with no building on file. */
  buildingId: string | null;
  building: string;
  employees: number;
  filed: number;
  missing: number;
}

function completionOf(filings: readonly EmployeeFiling[], buildings: ReadonlyArray<{ id: string; name: string }>): BuildingCompletion[] {
  const names = new Map(buildings.map((b) => [b.id, b.name]));
  const by = new Map<string | null, BuildingCompletion>();
  for (const b of buildings) by.set(b.id, { buildingId: b.id, building: b.name, employees: 0, filed: 0, missing: 0 });
  for (const f of filings) {
    const key = f.building_id !== null && names.has(f.building_id) ? f.building_id : null;
    let row = by.get(key);
    if (row === undefined) by.set(key, (row = { buildingId: null, building: 'No building on file', employees: 0, filed: 0, missing: 0 }));
    row.employees += 1;
    if (f.filed) row.filed += 1;
    else row.missing += 1;
  }
  return [...by.values()].sort((a, b) => (a.buildingId === null ? 1 : b.buildingId === null ? -1 : a.building.localeCompare(b.building)));
}

/**
 * Completion of a school year's disclosures by building (counts only, no names). HR, the
 * Superintendent and admins see every building; a building supervisor sees their own building.
 */
export async function disclosureCompletion(deps: AppDeps, actor: Actor, input: { schoolYear?: string | undefined } = {}): Promise<{ schoolYear: string; buildings: BuildingCompletion[]; total: Omit<BuildingCompletion, 'buildingId' | 'building'> }> {
  requireRole(actor, ['hr', 'superintendent', 'admin', 'building-supervisor'], 'see disclosure completion');
  const cal = await districtCalendar(deps, actor.districtId);
  const schoolYear = input.schoolYear ?? schoolYearOf(localDay(nowOf(deps), cal.timezone), cal.schoolYearStart);
  let rows = completionOf(await employeeFilings(deps.db, actor.districtId, schoolYear), await listBuildings(deps.db, actor.districtId, { activeOnly: true }));
  if (!hasRole(actor, ['hr', 'superintendent', 'admin'])) {
    const own = actor.id.startsWith('system:') ? undefined : (await buildingSupervisors(deps.db, actor.districtId)).find((s) => s.userId === actor.id)?.buildingId;
    rows = rows.filter((r) => own !== undefined && own !== null && r.buildingId === own);
  }
  const total = rows.reduce((t, r) => ({ employees: t.employees + r.employees, filed: t.filed + r.filed, missing: t.missing + r.missing }), { employees: 0, filed: 0, missing: 0 });
  return { schoolYear, buildings: rows, total };
}

const pct = (filed: number, all: number): string => (all === 0 ? '100%' : `${Math.floor((filed / all) * 100)}%`);

/**
 * The campaign's run for one district at `now`: the current stage's notice to every active employee
 * who has not filed, and at each reminder a completion summary to building supervisors (their
 * building; a supervisor with no building on file gets the district's). Idempotent: the dedup keys
 * are `disclosure:<year>:<stage>` and `disclosure-summary:<year>:<stage>`.
 */
export async function runDisclosureCampaign(deps: NotifyDeps, input: { districtId: string; now: Date }): Promise<SweepResult> {
  const cal = await districtCalendar(deps, input.districtId);
  const day = localDay(input.now, cal.timezone);
  const c = campaignOn(day, cal);
  const result: SweepResult = { sweep: 'disclosure-campaign', districtId: input.districtId, notices: 0, emails: 0, details: { day, schoolYear: c.schoolYear, opensOn: c.opensOn, stage: c.stage?.id ?? null } };
  if (c.stage === undefined) return result;
  const filings = await employeeFilings(deps.db, input.districtId, c.schoolYear);
  const missing = filings.filter((f) => !f.filed);
  result.details.missing = missing.length;
  const opening = c.stage.id === 'open';
  const r = await notify(deps, {
    districtId: input.districtId,
    recipients: missing.map((m) => m.id),
    event: opening ? 'disclosure.open' : 'disclosure.reminder',
    dedupKey: `disclosure:${c.schoolYear}:${c.stage.id}`,
    subject: opening ? `Annual disclosure for ${c.schoolYear} is open` : `Reminder: file your ${c.schoolYear} annual disclosure`,
    body: opening
      ? `Policy 471 (IV.B) asks every employee to disclose, once a school year, the social media groups they take part in with students or the public. The ${c.schoolYear} disclosure for ${cal.name} opened on ${longDay(c.opensOn)}. It takes a minute: open My records and file it (an empty list is an answer too).`
      : `Our records show no ${c.schoolYear} annual disclosure from you yet. Policy 471 (IV.B) asks every employee to file it each school year; open My records and file it (an empty list is an answer too).${c.stage.id === DISCLOSURE_STAGES.at(-1)!.id ? ' This is the last reminder; your building supervisor sees how many have filed.' : ''}`,
    link: '/records',
    by: CALENDAR_BY,
  });
  result.notices += r.created.length;
  result.emails += r.mail.queued;
  if (opening) return result;

  const system: Actor = { districtId: input.districtId, id: CALENDAR_BY, roles: ['hr'] };
  const completion = await disclosureCompletion(deps, system, { schoolYear: c.schoolYear });
  const supervisors = await buildingSupervisors(deps.db, input.districtId);
  const groups = new Map<string | null, string[]>();
  for (const s of supervisors) {
    const key = s.buildingId !== null && completion.buildings.some((b) => b.buildingId === s.buildingId) ? s.buildingId : null;
    groups.set(key, [...(groups.get(key) ?? []), s.userId]);
  }
  for (const [buildingId, users] of groups) {
    const row = buildingId === null ? { building: cal.name, ...completion.total } : completion.buildings.find((b) => b.buildingId === buildingId)!;
    const s = await notify(deps, {
      districtId: input.districtId,
      recipients: users,
      event: 'disclosure.summary',
      dedupKey: `disclosure-summary:${c.schoolYear}:${c.stage.id}`,
      subject: `${row.building}: ${row.filed} of ${row.employees} employees have filed the ${c.schoolYear} disclosure`,
      body: `Annual disclosure ${c.schoolYear} at ${row.building}, day ${daysBetween(c.opensOn, day)} of the campaign: ${row.filed} of ${row.employees} employees have filed (${pct(row.filed, row.employees)}); ${row.missing} have not. They were reminded today.`,
      by: CALENDAR_BY,
    });
    result.notices += s.created.length;
    result.emails += s.mail.queued;
  }
  result.details.supervisors = supervisors.length;
  return result;
}

