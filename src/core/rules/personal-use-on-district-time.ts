// Rule personal-use-on-district-time (I): no personal use during district time or on district equipment.
import { dutyTime, dutyTimeOfCapture } from '../analyzers/duty-time.js';
import { photoOnPremises } from '../analyzers/geofence.js';
import type { Analysis } from '../analysis.js';
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
    const photos = !t.known || !t.inside ? capturedOnDuty(a) : [];
    if (!t.known) {
      // On a district device the post is already a finding; the time cannot make it allowed.
      if (out.length === 0) out.push(undecided(`${t.reason}, so district time could not be checked.`, t.field));
      return out.concat(photos);
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
    return out.concat(photos);
  },
};

/**
 * Where the post's time is not enough (none given, or outside duty hours): a photo taken inside duty hours on a
 * school day (its EXIF capture time) may have been taken on district time. That is a question, not a finding:
 * the photo may be for the district, so it is reported as undecided (advisory), with the building when its GPS says so.
 */
function capturedOnDuty(a: Analysis): RuleResult[] {
  const out: RuleResult[] = [];
  (a.post.images ?? []).forEach((image, index) => {
    const takenAt = image.detected?.takenAt;
    if (takenAt === undefined) return;
    const t = dutyTimeOfCapture(a, takenAt);
    if (!t.known || !t.inside) return;
    const at = photoOnPremises(a, image);
    const { local, hours } = t;
    out.push({
      message: `Photo ${index + 1} was taken at ${clock(local.minutes)} on ${DAY_NAMES[local.weekday] ?? local.weekday} ${local.day}, a school day, inside duty hours (${hours.start}–${hours.end})${at !== undefined ? ` at ${at.building}` : ''}: if it was taken for personal use, that was district time.`,
      evidence: { image: index, detail: `taken ${takenAt}` },
      undecided: true,
    });
  });
  return out;
}
