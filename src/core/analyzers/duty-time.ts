// District time (clause I): is the post inside the author's duty hours on a school day, read in the district's time zone?
import type { Analysis } from '../analysis.js';
import { hhmmToMinutes, isTimeZone, localTime, type LocalTime } from './time.js';

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

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The day before a YYYY-MM-DD day, with its weekday. */
function dayBefore(day: string): { day: string; weekday: string } {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) - 1));
  return { day: d.toISOString().slice(0, 10), weekday: WEEKDAYS[d.getUTCDay()]! };
}

export function dutyTime(a: Analysis): DutyTime {
  return a.get('duty-time', (): DutyTime => {
    if (a.post.postedAt === undefined) return { known: false, field: 'post.postedAt', reason: 'The post has no time (postedAt)' };
    const d = a.ctx.district;
    const tz = d?.timezone;
    if (tz === undefined) return { known: false, field: 'context.district.timezone', reason: "The district's time zone is not known" };
    if (!isTimeZone(tz)) return { known: false, field: 'context.district.timezone', reason: `"${tz}" is not a time zone` };
    const own = a.author?.dutyHours;
    const hours = own ?? d?.dutyHours;
    if (hours === undefined) return { known: false, field: 'context.district.dutyHours', reason: "The author's duty hours are not known" };
    const nonSchool = a.ctx.index('non-school-days', (ctx) => new Set(ctx.district?.nonSchoolDays ?? []));
    // Weekends and the district's listed non-school days are never school days, whatever the hours say.
    const onDuty = (day: string, weekday: string) => weekday !== 'sat' && weekday !== 'sun' && hours.days.includes(weekday as 'mon') && !nonSchool.has(day);
    const local = localTime(a.postedAt, tz);
    const start = hhmmToMinutes(hours.start);
    const end = hhmmToMinutes(hours.end);
    let inside: boolean;
    if (start < end) {
      inside = local.minutes >= start && local.minutes < end && onDuty(local.day, local.weekday);
    } else {
      // A shift past midnight (a night custodian's 22:00–06:30): after the start belongs to today's
      // shift, before the end to the shift that began yesterday.
      const prev = dayBefore(local.day);
      inside = (local.minutes >= start && onDuty(local.day, local.weekday)) || (local.minutes < end && onDuty(prev.day, prev.weekday));
    }
    return { known: true, inside, local, hours, source: own !== undefined ? 'author' : 'district' };
  });
}
