// A closure the district's own calendar lists: "No school today" posted on a listed non-school day (MEA break, a holiday)
// or "no school tomorrow" on the eve of one is a public fact anyone can read in the calendar, not news of a decision.
import type { Analysis } from '../analysis.js';
import { postLocalTime } from './duty-time.js';

const CLOSURE = /(?:no\s+school|(?:school|classes)\s+(?:is|are)\s+(?:canceled|cancelled)|schools?\s+(?:are|will\s+be)\s+closed)\s+(today|tomorrow)(?![\p{L}])/iu;

function nextDay(day: string): string {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1)).toISOString().slice(0, 10);
}

/** Does this announcement phrase name a closure on a day the district's calendar already lists as a non-school day? */
export function listedClosure(a: Analysis, phrase: string): boolean {
  if (a.post.postedAt === undefined) return false;
  const m = CLOSURE.exec(phrase);
  if (m === null) return false;
  const nonSchool = a.ctx.index('non-school-days', (ctx) => new Set(ctx.district?.nonSchoolDays ?? []));
  const local = postLocalTime(a);
  return nonSchool.has(m[1]!.toLowerCase() === 'today' ? local.day : nextDay(local.day));
}
