// District time (clause I): is the post inside the author's duty hours on a school day, read in the district's time zone?
import { type Analysis, memoSlot } from '../analysis.js';
import { hhmmToMinutes, isTimeZone, localTime, type LocalTime } from './time.js';

// This module's memoised analyzer: a slot in every check.
const POST_LOCAL_TIME = memoSlot('post-local-time');

export interface DutyHours {
  days: readonly string[];
  start: string;
  end: string;
}

export type DutyTime =
  | { known: false; field: string; reason: string }
  | {
      known: true;
      inside: boolean;
      local: LocalTime;
      hours: DutyHours;
      /** Whose hours: the author's own (roster) or the district's. */
      source: 'author' | 'district';
    };

/** Duty hours with their times in minutes and the duty days as a set (parsed once per context or per author). */
interface Shift {
  hours: DutyHours;
  days: ReadonlySet<string>;
  start: number;
  end: number;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function shiftOf(hours: DutyHours): Shift {
  return { hours, days: new Set(hours.days), start: hhmmToMinutes(hours.start), end: hhmmToMinutes(hours.end) };
}

/** The day before a YYYY-MM-DD day, with its weekday. */
function dayBefore(day: string): { day: string; weekday: string } {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) - 1));
  return { day: d.toISOString().slice(0, 10), weekday: WEEKDAYS[d.getUTCDay()]! };
}

/** The post's wall-clock time in the district's time zone (UTC when none), computed once per check. */
export function postLocalTime(a: Analysis): LocalTime {
  return a.get(POST_LOCAL_TIME, () => localTime(a.postedAt, a.ctx.district?.timezone));
}

/** Is a day a school day on which this shift works? Weekends and listed non-school days never are, whatever the hours say. */
function onDuty(shift: Shift, nonSchool: ReadonlySet<string>, day: string, weekday: string): boolean {
  return weekday !== 'sat' && weekday !== 'sun' && shift.days.has(weekday) && !nonSchool.has(day);
}

/** Duty time of the post. Only clause I reads it, once per check, so it is not memoised. */
export function dutyTime(a: Analysis): DutyTime {
  if (a.post.postedAt === undefined) return { known: false, field: 'post.postedAt', reason: 'The post has no time (postedAt)' };
  return dutyTimeAt(a, postLocalTime(a));
}

const WALL_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Duty time of a photo's capture time (EXIF, `detected.takenAt`): with an offset it is an instant read in the
 * district's time zone; without one it is the camera's wall clock, taken as the district's local time.
 */
export function dutyTimeOfCapture(a: Analysis, takenAt: string): DutyTime {
  const wall = WALL_TIME.exec(takenAt);
  if (wall !== null) {
    const day = wall[1]!;
    const d = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return { known: false, field: 'images.detected.takenAt', reason: 'The capture time is not a date' };
    return dutyTimeAt(a, { day, weekday: WEEKDAYS[d.getUTCDay()]!, minutes: Number(wall[2]) * 60 + Number(wall[3]) });
  }
  const at = new Date(takenAt);
  if (Number.isNaN(at.getTime())) return { known: false, field: 'images.detected.takenAt', reason: 'The capture time is not a date' };
  return dutyTimeAt(a, localTime(at, a.ctx.district?.timezone));
}

function dutyTimeAt(a: Analysis, local: LocalTime): DutyTime {
  const tz = a.ctx.district?.timezone;
  if (tz === undefined) return { known: false, field: 'context.district.timezone', reason: "The district's time zone is not known" };
  if (!isTimeZone(tz)) return { known: false, field: 'context.district.timezone', reason: `"${tz}" is not a time zone` };
  const hours = a.ctx.index('duty-shifts', (ctx) => {
    // Parsed once per context; only the few people with their own hours are kept, so a check never searches the roster.
    const own = new Map<string, Shift>();
    for (const p of ctx.raw.people ?? []) if (p.dutyHours !== undefined) own.set(p.id, shiftOf(p.dutyHours));
    return { own, district: ctx.district?.dutyHours !== undefined ? shiftOf(ctx.district.dutyHours) : undefined };
  });
  const own = a.post.author !== undefined && hours.own.size > 0 ? hours.own.get(a.post.author) : undefined;
  const shift = own ?? hours.district;
  if (shift === undefined) return { known: false, field: 'context.district.dutyHours', reason: "The author's duty hours are not known" };
  const nonSchool = a.ctx.index('non-school-days', (ctx) => new Set(ctx.district?.nonSchoolDays ?? []));
  const { start, end } = shift;
  let inside: boolean;
  if (start < end) {
    inside = local.minutes >= start && local.minutes < end && onDuty(shift, nonSchool, local.day, local.weekday);
  } else {
    // A shift past midnight (a night custodian's 22:00–06:30): after the start belongs to today's
    // shift, before the end to the shift that began yesterday.
    const prev = dayBefore(local.day);
    inside = (local.minutes >= start && onDuty(shift, nonSchool, local.day, local.weekday)) || (local.minutes < end && onDuty(shift, nonSchool, prev.day, prev.weekday));
  }
  return { known: true, inside, local, hours: shift.hours, source: own !== undefined ? 'author' : 'district' };
}
