// A photo whose description shows a student record: a roster, gradebook, report card or IEP with students' names and
// their private data readable (scores, grades, addresses, phone numbers, attendance, health). Pure.
import type { Analysis } from '../analysis.js';

/** A document that lists students' records. */
const DOCUMENT = /(?<![\p{L}])(?:(?:class|student|bus|team|attendance|lunch)\s+(?:rosters?|lists?)|rosters?|grade\s*books?|grade\s+sheets?|score\s+sheets?|report\s+cards?|transcripts?|ieps?|504\s+plans?|attendance\s+(?:sheets?|records?|reports?)|seating\s+charts?|spreadsheets?|progress\s+reports?|test\s+results|emergency\s+(?:cards?|contacts?\s+(?:list|sheet)s?)|(?:sis|infinite\s+campus|powerschool|skyward|schoology)\s+(?:screen|page|dashboard))(?![\p{L}])/iu;
/** Students' names readable on it. */
const NAMES = /(?<![\p{L}])(?:(?:student|kids['’]?|children['’]?s?|students['’]?)\s+(?:full\s+)?names|names\s+(?:of\s+(?:the\s+)?(?:students|kids)|and\s+(?:their\s+)?(?:grades|scores|addresses|phone|test|ids?|birthdays?|dates?\s+of\s+birth))|with\s+(?:full\s+)?names|names\s+(?:visible|legible|readable|showing|shown))(?![\p{L}])/iu;
/** Whose names: students' (a rec league's team sheet or a trivia night's is not a student record). */
const STUDENTS = /(?<![\p{L}])(?:students?|kids|children|pupils|class|period|hour|grade|gradebook|iep|504|school)(?![\p{L}])/iu;
/** The private data beside the names. */
const RECORD = /(?<![\p{L}])(?:grades?|scores?|test\s+results|home\s+addresses|addresses|phone\s+numbers|parent\s+(?:phone|contact)|student\s+ids?|id\s+numbers|birth\s*dates?|dates?\s+of\s+birth|birthdays|attendance|absences|tardies|allerg(?:y|ies)|medical|medications?|diagnos[ie]s|accommodations|iep|504|disabilit(?:y|ies)|behavior\s+(?:notes|points|records?)|discipline|reading\s+levels?|percentages?|gpas?)(?![\p{L}])/iu;
/** The names or the data cannot be read. */
const HIDDEN = /(?<![\p{L}])(?:no\s+(?:student\s+)?names|names\s+(?:are\s+)?(?:blurred|hidden|covered|redacted|blacked\s+out|cropped(?:\s+out)?|removed|not\s+visible|unreadable|illegible)|(?:blurred|hidden|covered|redacted|blacked[- ]out|cropped)\s+(?:out\s+)?(?:student\s+)?names|blank|empty|template|unfilled|made[- ]up\s+names|fake\s+names|sample\s+names)(?![\p{L}])/iu;

/** The first photo whose description shows students' records with their names readable, and what it shows. */
export function studentRecordPhoto(a: Analysis): { image: number; detail: string } | undefined {
  const images = a.post.images;
  if (images === undefined || images.length === 0) return undefined;
  for (let i = 0; i < images.length; i++) {
    const d = images[i]!.description;
    if (d === undefined || d.length < 12) continue;
    const doc = DOCUMENT.exec(d);
    if (doc === null || !NAMES.test(d) || !STUDENTS.test(d) || !RECORD.test(d) || HIDDEN.test(d)) continue;
    return { image: i, detail: `a ${doc[0].toLowerCase()} with students' names and their records readable` };
  }
  return undefined;
}
