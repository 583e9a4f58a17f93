// Rule personal-use-on-district-time (I): no personal use during district time or on district equipment.
import { hhmmToMinutes, localTime } from '../analyzers/time.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

const DAY_NAMES: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const clock = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export const personalUseOnDistrictTime: Rule = {
  id: 'personal-use-on-district-time',
  evaluate(a) {
    // A district-sponsored account posting is district business, not personal use.
    if (!a.isPersonalAccount) return [];
    const out: RuleResult[] = [];
    if (a.post.device === 'district') {
      out.push({
        message: 'This personal post is made from a district device or network.',
        evidence: { field: 'post.device', value: 'district' },
        remedy: 'Post from your own device on your own network, outside your duty hours.',
      });
    }
    if (a.post.postedAt === undefined) {
      return out.length > 0 ? out : [undecided('The post has no time (postedAt), so district time could not be checked.', 'post.postedAt')];
    }
    const d = a.ctx.district;
    const hours = a.author?.dutyHours ?? d?.dutyHours;
    if (d?.timezone === undefined || hours === undefined) {
      out.push(undecided("The district's time zone or duty hours are not known, so district time could not be checked.", d?.timezone === undefined ? 'context.district.timezone' : 'context.district.dutyHours'));
      return out;
    }
    const t = localTime(a.postedAt, d.timezone);
    const schoolDay = hours.days.includes(t.weekday as 'mon') && !(d.nonSchoolDays ?? []).includes(t.day);
    const start = hhmmToMinutes(hours.start);
    const end = hhmmToMinutes(hours.end);
    if (schoolDay && t.minutes >= start && t.minutes < end) {
      out.push({
        message: `Posted at ${clock(t.minutes)} on ${DAY_NAMES[t.weekday] ?? t.weekday} ${t.day}, a school day, inside duty hours (${hours.start}–${hours.end}): personal use during district time is prohibited.`,
        evidence: { field: 'post.postedAt', value: a.post.postedAt },
        remedy: `Schedule the post for after ${hours.end} or for a non-school day.`,
      });
    }
    return out;
  },
};
