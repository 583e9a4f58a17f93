// A counselor's, nurse's or psychologist's visits told of a named student: who comes to their office, and in what state, is a
// counseling or health record. Pure.
import type { Analysis } from '../analysis.js';
import { personMentions } from './people.js';
import { sentences, type Span } from './text.js';

/** The author's title: whose office holds counseling or health records. */
const CARE_TITLE = /(?<![\p{L}])(?:counsel(?:or|lor)|psychologist|social\s+worker|nurse|therapist)(?![\p{L}])/iu;
/** A student in that office: "crying in my office", "hiding in my office every day", "lives in my office". */
const IN_MY_OFFICE = /(?<![\p{L}])(?:crying|cried|cries|sobbing|sobbed|sobs|hiding|hid|hides|melting\s+down|melted\s+down|shaking|panicking|living|lives|sleeping|sleeps|spends?|spent|spending)\s+(?:[\p{L}]+\s+){0,4}?(?:in|into|to)\s+my\s+office(?![\p{L}])/iu;

/** The sentence in which a counselor or nurse tells that a named roster student spends time in their office. */
export function counselingVisit(a: Analysis): Span | undefined {
  if (!a.lower.includes('my office')) return undefined;
  const title = a.author?.title;
  if (title === undefined || !CARE_TITLE.test(title)) return undefined;
  const mentions = personMentions(a).filter((m) => m.kind === 'student' && m.group !== true && m.personId !== undefined);
  if (mentions.length === 0) return undefined;
  const sents = sentences(a.text);
  for (let i = 0; i < sents.length; i++) {
    const s = sents[i]!;
    const m = IN_MY_OFFICE.exec(s.quote);
    if (m === null) continue;
    // The student is named in this sentence or the one before ("Noah Berglund again. Third day crying in my office.").
    const from = i > 0 ? sents[i - 1]!.start : s.start;
    if (mentions.some((p) => p.start >= from && p.end <= s.end)) return { start: s.start + m.index, end: s.start + m.index + m[0].length, quote: m[0] };
  }
  return undefined;
}
