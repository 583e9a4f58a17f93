// What the calendar sweeps share: the district's calendar settings, day arithmetic, local times in messages, the sweep result.
import { isTimeZone } from '../../core/analyzers/time.js';
import { ClearpostError } from '../../core/errors.js';
import { getDistrict } from '../../store/repos/districts.js';
import type { AppDeps } from '../deps.js';

/** Who the calendar's notices and signing links are from, in the audit log. */
export const CALENDAR_BY = 'system:calendar';

export interface DistrictCalendar {
  id: string;
  name: string;
  /** IANA time zone; UTC when the district has none (or an unknown one). */
  timezone: string;
  /** MM-DD: the school year's first day (district setting schoolYearStart, default 07-01). */
  schoolYearStart: string;
  nonSchoolDays: ReadonlySet<string>;
}

export async function districtCalendar(deps: AppDeps, districtId: string): Promise<DistrictCalendar> {
  const d = await getDistrict(deps.db, districtId);
  if (d === undefined) throw new ClearpostError('not-found', `district ${districtId}: not found`, 'districtId');
  const s = JSON.parse(d.settings) as { timezone?: unknown; schoolYearStart?: unknown; nonSchoolDays?: unknown };
  return {
    id: d.id,
    name: d.name,
    timezone: typeof s.timezone === 'string' && isTimeZone(s.timezone) ? s.timezone : 'UTC',
    schoolYearStart: typeof s.schoolYearStart === 'string' && /^\d{2}-\d{2}$/.test(s.schoolYearStart) ? s.schoolYearStart : '07-01',
    nonSchoolDays: new Set(Array.isArray(s.nonSchoolDays) ? s.nonSchoolDays.filter((x): x is string => typeof x === 'string') : []),
  };
}

const dayMs = 86_400_000;
const toUtc = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/** YYYY-MM-DD plus n days. */
export function addDays(day: string, n: number): string {
  return new Date(toUtc(day) + n * dayMs).toISOString().slice(0, 10);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / dayMs);
}

/** The first school day on or after a day: not a Saturday or Sunday, not one of the district's non-school days. */
export function firstSchoolDayOnOrAfter(day: string, nonSchoolDays: ReadonlySet<string>): string {
  let d = day;
  for (let i = 0; i < 60; i++) {
    const wd = new Date(toUtc(d)).getUTCDay();
    if (wd !== 0 && wd !== 6 && !nonSchoolDays.has(d)) return d;
    d = addDays(d, 1);
  }
  return day;
}

/** An instant as people of the district read it, e.g. "Mon, Oct 5, 2026, 9:00 AM CDT". */
export function localWhen(iso: string, tz: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}

/** A day as people read it, e.g. "October 31, 2026". */
export function longDay(day: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(toUtc(day)));
}

export interface SweepResult {
  sweep: 'disclosure-campaign' | 'consent-expiry' | 'authorization-expiry' | 'mandated-report-deadlines';
  districtId: string;
  /** Notices created by this run (0 when everything was already sent). */
  notices: number;
  /** E-mails queued by this run. */
  emails: number;
  /** What the run looked at (records, stage ...), for logs and tests. */
  details: Record<string, unknown>;
}
