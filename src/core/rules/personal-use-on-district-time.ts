// Rule personal-use-on-district-time (I): no personal use during district time or on district equipment.
import { dutyTime } from '../analyzers/duty-time.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

const DAY_NAMES: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const clock = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export const personalUseOnDistrictTime: Rule = {
  id: 'personal-use-on-district-time',
  evaluate(a) {
    // A district-sponsored account posting is district business, not personal use (ex-014).
    if (!a.isPersonalAccount) return [];
    const out: RuleResult[] = [];
    if (a.post.device === 'district') {
      out.push({
        message: 'This personal post is made from a district device or network: personal use of district equipment is prohibited.',
        evidence: { field: 'post.device', value: 'district' },
        remedy: 'Post from your own device on your own network, outside your duty hours.',
      });
    }
    const t = dutyTime(a);
    if (!t.known) {
      // On a district device the post is already a finding; the time cannot make it allowed.
      if (out.length === 0) out.push(undecided(`${t.reason}, so district time could not be checked.`, t.field));
      return out;
    }
    if (t.inside) {
      const { local, hours } = t;
      const whose = t.source === 'author' ? 'your duty hours' : 'duty hours';
      out.push({
        message: `Posted at ${clock(local.minutes)} on ${DAY_NAMES[local.weekday] ?? local.weekday} ${local.day}, a school day, inside ${whose} (${hours.start}–${hours.end}): personal use during district time is prohibited.`,
        evidence: { field: 'post.postedAt', value: a.post.postedAt ?? '' },
        remedy: `Schedule the post for after ${hours.end} or for a non-school day.`,
      });
    }
    return out;
  },
};
