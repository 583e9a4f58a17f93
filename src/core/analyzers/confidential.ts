// Confidential data: student-record categories tied to an identifiable student, personal identifiers, personnel matters.
import { KIN_EN, KIN_ES } from './kin.js';
import type { Person } from '../../contracts/check.js';
import { type Analysis, memoSlot } from '../analysis.js';
import { districtRefs } from './district.js';
import { namedPeople, personMentions, type PersonMention } from './people.js';
import { CHARS, negatedAt, sentences, span, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const CONFIDENTIAL = memoSlot('confidential');

export type ConfidentialKind = 'student-record' | 'identifier' | 'personnel' | 'nonpublic';

export interface ConfidentialMatch extends Span {
  kind: ConfidentialKind;
  /** What it is ("GPA", "phone number", "student ID"). */
  what: string;
  /** Who it is about. */
  about?: string;
}

const SSN = /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g;
const PHONE = /(?<![\d-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\d-])/g;
const ADDRESS = /(?<!\w)\d{2,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Ct|Court|Blvd|Boulevard|Way|Pl|Place|Cir|Circle|Trl|Trail)\b\.?/g;
const DOB = /\b(?:dob|date of birth|born on|birthday is)\b[:\s]*(?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})/gi;
const STUDENT_ID = /\b(?:student\s+(?:id|number|#)|id\s*#|lunch\s+(?:number|pin|code))\s*[:#]?\s*\d{4,}/gi;
const POSSESSIVE = /\b(?:his|her|their|my student'?s|the kid'?s|this kid'?s|\p{Lu}\p{L}+'s(?:\s+(?:mom|dad|mother|father|parents?|guardian)'?s?)?)\s+(?:home\s+|cell\s+|personal\s+|new\s+)?(?:address|phone|number|cell|birthday)\b|\blives\s+at\b/iu;
const BUSINESS = /\b(?:heating|plumbing|electric|auto|repair|llc|inc|co\.|company|shop|store|restaurant|salon|clinic|office|hotline|line|bakery|pizza|cafe|church|library|district|school|center)\b/i;
/** Health matters: private for employees too, not only in a student's record. */
const HEALTH = /hospital|surgery|chemo|cancer|leuk(?:a)?emia|lymphoma|heart attack|chest pains?|\bicu\b|admitted|had a stroke|suffered a stroke|dialysis|tumor|radiation|concussion|diagnos|medication|seizure|diabet|pregnan|depress|anxiety|therapy|rehab|medical leave|miscarr|broke (?:his|her)|pneumonia|covid|\bflu\b|strep|\bmono\b|\blice\b|fever|virus|stomach bug|bronchitis|\brsv\b|infection|tested positive|out sick|migraine/i;

/** A record word followed by a room or a team: "counseling office", "the counseling center" name a place, not a record. */
const PLACE_AFTER = /^['’]?s?\s+(?:office|center|centre|suite|wing|hallway|hall|department|dept|secretary|door|area|staff|team|lounge)(?![\p{L}])/iu;
/** A record word naming a job or a credential ("I'll be a special education teacher", "as an IEP coordinator"; not "his special ed teacher"). */
const JOB_AFTER = /^\s+(?:teachers?|paras?|paraprofessionals?|aides?|coordinators?|directors?|case\s+managers?|caseloads?|licen[cs]e|licensure|endorsement|degree|certification|credential|position|job|major|trainings?)(?![\p{L}])/iu;
/** Before it, an article (and perhaps one word: "the best special ed teacher"), not a possessive ("his special ed teacher"). */
const JOB_BEFORE = /(?<![\p{L}])(?:a|an|as|our|the)\s+(?:(?!(?:his|her|their)\s)[\p{L}-]+\s+)?$/iu;
/** A field of work or study: "a master's degree in special education", "certified in dyslexia intervention", "taught special ed". */
const FIELD_BEFORE = /(?<![\p{L}])(?:(?:degree|masters?|master['’]s|license|licensure|certificate|certification|certified|licensed|endorsement|background|career|job|jobs|work|works|worked|working|specialist|specializ(?:e|es|ed|ing))\s+in|teach|teaches|taught|teaching|majored\s+in|studying|studied)\s+$/iu;
/** A name followed by the student's grade ("Mateo G. in 8th grade", "Ana Ruiz, a 3rd grader"): a student, whatever the record. */
const GRADE_AFTER = /^\.?\s*,?\s*(?:(?:in|from)\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+grade|(?:an?\s+|our\s+|my\s+)?(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)[- ]?grader)(?![\p{L}])/iu;
/** A student named by first name and initial, the way teachers write them ("Lucas T", "Mateo G."). */
const INITIAL_NAME = /^\p{Lu}\p{Ll}+\s+\p{Lu}\.?$/u;

function matchesIn(re: RegExp, text: string): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(span(text, m.index, m.index + m[0].length));
  return out;
}

function lex(a: Analysis, name: string): RegExp | null {
  return a.lexicon(name);
}

/** The identifiable person a sentence talks about: a roster person, a student reference, or a proper name. */
function personIn(a: Analysis, start: number, end: number, kinds: ReadonlyArray<PersonMention['kind']>, not?: Span, keep?: (m: PersonMention) => boolean): PersonMention | undefined {
  // The matched words themselves are never the person ("Attendance in my 1st hour is way up" measures a class).
  const inside = (m: PersonMention) => m.start >= start && m.end <= end && !m.group && (not === undefined || m.end <= not.start || m.start >= not.end) && (keep === undefined || keep(m));
  const known = personMentions(a).filter((m) => inside(m) && (kinds.includes(m.kind) || m.kind === 'unknown'));
  if (known.length > 0) return known[0];
  const named = namedPeople(a, start, end).find(inside);
  return named === undefined ? undefined : (byTitle(a, named) ?? named);
}

const TITLE_SURNAME = /^(?:mr|mrs|ms|miss|dr|coach)\.?\s+(\p{Lu}[\p{L}'’-]+?)(?:['’]s)?$/iu;

/** "Mrs. Walker", "Coach Hill's": a title and the surname of exactly one employee on the roster is that employee. */
function byTitle(a: Analysis, m: PersonMention): PersonMention | undefined {
  const t = TITLE_SURNAME.exec(m.quote);
  if (t === null) return undefined;
  const ids = employeeSurnames(a).get(t[1]!.toLowerCase());
  return ids?.length === 1 ? { ...m, kind: 'employee', via: 'roster-name', personId: ids[0]! } : undefined;
}

/** Employees by lower-cased surname, built once per context. */
function employeeSurnames(a: Analysis): Map<string, string[]> {
  return a.ctx.index('employee-surnames', (c) => surnames(c.people.values(), 'employee'));
}

/** Students by lower-cased surname, built once per context. */
function studentSurnames(a: Analysis): Map<string, string[]> {
  return a.ctx.index('student-surnames', (c) => surnames(c.people.values(), 'student'));
}

/** The ids of the people of one kind by lower-cased surname (the last of two or more names). */
function surnames(people: Iterable<Person>, kind: Person['kind']): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of people) {
    if (p.kind !== kind) continue;
    const parts = p.name.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const key = parts[parts.length - 1]!.toLowerCase();
    const ids = out.get(key);
    if (ids === undefined) out.set(key, [p.id]);
    else ids.push(p.id);
  }
  return out;
}

/** A discipline record (not health, not grades): the kind a coach or a teacher tells by a player's surname. */
const DISCIPLINE_RECORD = /^(?:(?:in|out)-school\s+)?(?:suspension|suspended|detention|expelled|expulsion)/iu;
// Not part of a longer name ('Willie Nelson', 'Nelson Mandela', 'Coach Thompson').
const CAPITALISED = /(?<![\p{L}'’])(?<!\p{Lu}[\p{L}.]*\s+)(\p{Lu}\p{Ll}+)(?:['’]s)?(?![\p{L}])(?!\s+\p{Lu})/gu;

/**
 * "Berglund won't be suiting up Friday — 3-day suspension": a student named by the surname alone, capitalised, in the sentence
 * of a discipline record. Only a surname of exactly one roster student and of no employee (a surname shared with a colleague
 * or a second student points at no one).
 */
function studentBySurname(a: Analysis, sent: Span, record: Span): PersonMention | undefined {
  if (!DISCIPLINE_RECORD.test(record.quote)) return undefined;
  const students = studentSurnames(a);
  if (students.size === 0) return undefined;
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(sent.quote); m !== null; m = CAPITALISED.exec(sent.quote)) {
    const key = m[1]!.toLowerCase();
    const ids = students.get(key);
    if (ids?.length === 1 && !employeeSurnames(a).has(key)) return { start: sent.start + m.index, end: sent.start + m.index + m[1]!.length, quote: m[1]!, kind: 'student', via: 'roster-name', personId: ids[0]! };
  }
  return undefined;
}

/** A record told as someone's own thing ("her feeding tube", "his inhaler"), right after 'without'. */
const OWN_THING = /^(?:his|her|their)\s/iu;
const WITHOUT_BEFORE = /(?<![\p{L}])without\s+$/iu;

const POSSESSIVE_NAME = /(?<![\p{L}])(\p{Lu}[\p{Ll}'’-]+)['’]s(?![\p{L}])/gu;

/**
 * "Gustafson's office has been dark all week. HR walked him out": a colleague named by the surname alone, in the possessive,
 * in this sentence or one of the two before when this one refers back by a pronoun. Only a surname of exactly one employee.
 */
function surnameOwner(a: Analysis, sents: readonly Span[], sent: Span): PersonMention | undefined {
  const k = indexOfSentence(sents, sent);
  const from = REFERS_BACK.test(sent.quote) ? Math.max(0, k - 2) : k;
  for (let j = k; j >= from && j >= 0; j--) {
    const q = sents[j]!;
    POSSESSIVE_NAME.lastIndex = 0;
    for (let m = POSSESSIVE_NAME.exec(q.quote); m !== null; m = POSSESSIVE_NAME.exec(q.quote)) {
      const ids = employeeSurnames(a).get(m[1]!.toLowerCase());
      if (ids?.length === 1) return { start: q.start + m.index, end: q.start + m.index + m[1]!.length, quote: m[1]!, kind: 'employee', via: 'roster-name', personId: ids[0]! };
    }
  }
  return undefined;
}

/** A child pointed at by a family name or as 'the kid' ("the little Xiong girl's", "the Hansen twins'"; a family alone may be a neighbour's curb sale). */
const CHILD_AT_ADDRESS = /(?<![\p{L}])(?:[Tt]he|[Tt]hat|[Tt]his|[Tt]hose)\s+(?:little\s+|new\s+|two\s+)?(?:\p{Lu}\p{Ll}+\s+)?(?:kid|kids|kiddo|kiddos|girl|girls|boy|boys|student|students|child|children|twins|siblings|little\s+(?:guy|one|man|lady|dude)|bus\s+riders?|riders?)(?:['’]s)?(?![\p{L}])/u;
/** An address that is an event's place, not someone's home. */
const EVENT_AT_ADDRESS = /(?<![\p{L}])(?:garage\s+sale|yard\s+sale|estate\s+sale|rummage\s+sale|bake\s+sale|open\s+house|party|celebration|reception|potluck|gathering|get-?together|meet-?up|tailgate|fundraiser|car\s+wash|lemonade\s+stand|pop-?up|market|benefit|visitation|funeral)(?![\p{L}])/iu;

/** A subject that is no one: "no paras are", "nobody", "none of our teachers were" (right before a personnel phrase). */
const NO_ONE_BEFORE = /(?<![\p{L}])(?:no|nobody|no\s+one|none\s+of\s+(?:the|our|my|them)|not\s+(?:a\s+single|one|any))(?:\s+[\p{L}'’-]+){0,2}\s+$/iu;

/** Told as a secret: the news is not public yet. */
const SECRET = /(?<![\p{L}])(?:between\s+us|between\s+you\s+and\s+me|don['’]?t\s+tell|do\s+not\s+tell|not\s+(?:been\s+)?announced|hasn['’]?t\s+been\s+announced|isn['’]?t\s+public|not\s+public\s+yet|keep\s+(?:it|this)\s+(?:quiet|between\s+us)|you\s+didn['’]?t\s+hear\s+(?:it|this)\s+from\s+me|act\s+surprised|on\s+the\s+down\s*low|nobody\s+knows\s+yet|not\s+supposed\s+to\s+(?:know|say|tell))(?![\p{L}])|🤫|🤐/iu;

/** A sentence that goes on about someone already named: a pronoun or "the kid" ("So proud of Noah Berglund. He went from 14 absences to zero"). */
const REFERS_BACK = /(?<![\p{L}])(?:he|she|him|his|her|hers|he['’]s|she['’]s|kid|the\s+kid|this\s+kid|that\s+kid|the\s+boy|the\s+girl|el|ella|su|sus)(?![\p{L}])/iu;

/** A child pointed at as such: "this kiddo", "the little guy", "sweet boy". */
const KIDDO = /(?<![\p{L}])(?:this|that|the|my|our)\s+(?:sweet\s+|little\s+|brave\s+|tough\s+)?(?:kiddo|kiddos|little\s+(?:guy|man|one|lady|dude)|kid|boy|girl|student)(?![\p{L}])/iu;

/** A sentence with no subject that opens with a discipline or health record ("3-game suspension after ...", "Out with pneumonia again."). */
const RECORD_OPENING = /^\s*(?:(?:(?:a|an|one|two|three|four|five|\d{1,2})[-\s]+(?:game|day|week|match)\s+)|(?:a|an|another)\s+)?(?:suspension|suspended|detention|expelled|expulsion|in-school\s+suspension|out-of-school\s+suspension|out\s+(?:sick\s+)?with|failed|failing|flunked)(?![\p{L}])(?!\s+(?:of|for\s+(?:the|all))\s)/iu;

/**
 * The roster person of one of the two sentences before, when this sentence refers back to someone by a pronoun and names
 * no one itself. Only roster people (a student or a colleague on the district's list), so a pronoun never ties a record
 * to a stranger.
 */
function namedBefore(a: Analysis, sents: readonly Span[], sent: Span, kind?: PersonMention['kind']): PersonMention | undefined {
  // A telegraphic sentence that opens with the record itself ("Noah Berglund won't suit up Friday. 3-game suspension after the
  // fight.") is about the person of the sentence right before it.
  const telegraphic = !REFERS_BACK.test(sent.quote) && RECORD_OPENING.test(sent.quote);
  if (!telegraphic && !REFERS_BACK.test(sent.quote)) return undefined;
  const k = indexOfSentence(sents, sent);
  for (let j = k - 1; j >= 0 && j >= k - (telegraphic ? 1 : 2); j--) {
    const prev = sents[j]!;
    // A first name alone may be anyone's; "this kiddo", "the little guy" after it point at a child, so a student's first name counts.
    const kiddo = KIDDO.test(sent.quote);
    const found = personMentions(a).filter((m) => m.start >= prev.start && m.end <= prev.end && !m.group && m.personId !== undefined && (m.via !== 'first-name' || (kiddo && m.kind === 'student')) && (kind === undefined ? m.kind === 'student' || m.kind === 'employee' : m.kind === kind));
    // Two people named before: the pronoun could be either; only one is a clear antecedent.
    if (found.length === 1) return found[0];
    if (found.length > 1) return undefined;
  }
  return undefined;
}

/**
 * A student nobody names but everyone can tell: "the only kid in that grade with a service dog", "the one with the purple
 * wheelchair", "y'all know who I mean", "the little girl with the pink glasses", "the player who transferred from ...", "the little guy on
 * my route who lives in ...", "the quiet kid by the window", "the boy in my 4th hour", "the girl whose family lost everything in the
 * house fire" (a family's news everyone in town knows). Looked for in the record's sentence and the ones right before and after it.
 */
const DESCRIBED_STUDENT = /(?<![\p{L}])(?:the\s+only\s+(?:\d{1,2}(?:st|nd|rd|th)[- ]grader|kid|student|girl|boy|child|kiddo|one)\s+(?:in|on|at|with|who)|the\s+one\s+(?:with|in)\s+the|the\s+(?:little\s+|new\s+|tall\s+|tiny\s+)?(?:girl|boy|kid|kiddo|guy|one|student|child|(?:freshman|sophomore|junior|senior)\s+[\p{L}-]+\s+player|[\p{L}-]+\s+player|\d{1,2}(?:st|nd|rd|th)[- ]grader)\s+(?:with\s+the\s+(?:[\p{L}-]+\s+)?(?:glasses|braids|hair|hearing\s+aids?|wheelchair|walker|cast|braces|backpack|jacket|hat|cochlear\s+implants?)|(?:on\s+my\s+(?:route|bus)\s+)?who\s+(?:lives|transferred|moved\s+here|came\s+here|just\s+moved)(?![\p{L}]))|the\s+(?:[\p{L}-]+\s+)?(?:girl|boy|kid|kiddo|student|child|one)\s+(?:who\s+sits\s+|sitting\s+|that\s+sits\s+)?(?:by|near|next\s+to|closest\s+to|in)\s+the\s+(?:(?:front|back|far|last|corner)\s+)?(?:window|windows|door|row|corner|pencil\s+sharpener|seat)|the\s+(?:[\p{L}-]+\s+)?(?:girl|boy|kid|kiddo|student|child)\s+in\s+my\s+(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)[- ](?:hour|period|block)|(?:you|y['’]?all|you\s+all|you\s+guys|everyone|we\s+all)\s+know\s+who\s+(?:i\s+mean|i['’]m\s+talking\s+about)|the\s+(?:[\p{L}-]+\s+)?(?:girl|boy|kid|kiddo|student|child|one|freshman|sophomore|junior|senior|\d{1,2}(?:st|nd|rd|th)[- ]grader)\s+whose\s+(?:family|house|home|apartment|trailer|mom|dad|mother|father|parents|brother|sister|twin|grandma|grandpa|grandmother|grandfather))(?![\p{L}])/iu;

/** The post is about school children: a room, a class, a grade, a student. */
const SCHOOL_CHILD = /(?<![\p{L}])(?:room\s+\d{1,3}|iep|504|freshm[ae]n|sophomores?|juniors|(?:our|my)\s+seniors|on\s+my\s+(?:bus\s+)?route|(?:freshman|sophomore|junior|senior|jv|varsity)\s+[\p{L}-]+\s+player|class|classroom|homeroom|(?:\d{1,2}(?:st|nd|rd|th)[- ])?graders?|students?|kiddos?|school|recess|para|hallway|band\s+room|lunchroom|cafeteria|bus\s+\d{1,3}|\d(?:st|nd|rd|th)\s+(?:hour|period|block)|my\s+little\s+buddy)(?![\p{L}])/iu;
/**
 * A name the author introduces as family ("my nephew Tyler", "our daughter Emma", "my sister-in-law Jen"): the author's
 * own family, whose news is theirs to tell, not a student's or colleague's record.
 */
const FAMILY_WORDS = `(?<![\\p{L}])(?:my|our|mi|mis|nuestr[oa]s?)\\s+(?:(?:little|baby|big|older|younger|oldest|youngest|twin|middle)\\s+)?(?:step-?|grand-?|great-?)?(?:${KIN_EN}|${KIN_ES})(?:[- ]in[- ]law)?,?`;
const FAMILY_BEFORE = new RegExp(`${FAMILY_WORDS}\\s+$`, 'iu');
export const introducedAsFamily = (a: Analysis, who: Span): boolean => FAMILY_BEFORE.test(a.text.slice(Math.max(0, who.start - 48), who.start));
/** A student reference that says where the student is from ("that kid from my 3rd hour", "the kid in room 12"): a student, whoever else the sentence names. */
const SCHOOL_AFTER_REFERENCE = /(?<![\p{L}])(?:hour|period|class|classroom|grade|grader|room|school|bus|team|roster|caseload|homeroom|advisory)(?![\p{L}])/iu;
/** A relative and the next word, which names them when it is capitalised ("my little brother Jake"). */
const FAMILY_INTRO = new RegExp(`${FAMILY_WORDS}\\s+(\\p{L}[\\p{L}'’-]*)`, 'giu');
/** "My nephew Tyler got suspended again, that kid": in a sentence that introduces a relative by name, "that kid" is the relative. */
function familyNamedIn(sent: Span): boolean {
  FAMILY_INTRO.lastIndex = 0;
  const quote = sent.quote;
  for (let m = FAMILY_INTRO.exec(quote); m !== null; m = FAMILY_INTRO.exec(quote)) if (m[1]![0] !== m[1]![0]!.toLowerCase()) return true;
  return false;
}

/** "Expelled from the University of Minnesota", "dropped out of college": a record of higher education, not of a district student. */
const HIGHER_ED_AFTER = /^\s+(?:from|out\s+of|at)\s+(?:the\s+)?(?:(?:\p{Lu}[\p{L}.&'’-]*|of)\s+){0,4}(?:university|college|law\s+school|med(?:ical)?\s+school|grad(?:uate)?\s+school|seminary)(?![\p{L}])/iu;

/** The author describing themself ("I was the only kid ..."), or a family, not a school ("the only kid in my family with glasses"). */
const SELF_BEFORE = /(?<![\p{L}])(?:i|i['’]m|i\s+am|i\s+was|me)\s+(?:[\p{L}]+\s+)?$/iu;
const FAMILY_AFTER = /^\s*(?:my|our)\s+(?:family|house|neighborhood|church)(?![\p{L}])/iu;

function describedStudent(a: Analysis, sents: readonly Span[], sent: Span): PersonMention | undefined {
  // Once per check, not per record word (per word it was quadratic on a long post of many record words).
  if (!a.get('school-child-post', () => SCHOOL_CHILD.test(a.text))) return undefined;
  const k = indexOfSentence(sents, sent);
  for (const j of [k, k - 1, k + 1]) {
    const q = sents[j];
    if (q === undefined) continue;
    const m = DESCRIBED_STUDENT.exec(q.quote);
    if (m !== null && !SELF_BEFORE.test(q.quote.slice(Math.max(0, m.index - 16), m.index)) && !(/in$/i.test(m[0]) && FAMILY_AFTER.test(q.quote.slice(m.index + m[0].length, m.index + m[0].length + 24)))) return { start: q.start + m.index, end: q.start + m.index + m[0].length, quote: m[0], kind: 'student', via: 'student-reference' };
  }
  return undefined;
}

/**
 * A student told apart by a number the school gives them: a locker ("Locker 1147 at JHS: ...") or, on the author's own team,
 * a jersey ("Our #54 is done for the year — torn ACL"). The jersey only as the subject of the sentence ("our #54 is/tore/got"
 * or "our #54 —"), not a rank ("our #1 priority", "my #2 pencil").
 */
const NUMBERED_STUDENT = /(?<![\p{L}])(?:locker\s+(?:#\s?|no\.\s?|number\s+)?\d{2,5}(?!\d)|(?:our|my)\s+(?:#\s?|no\.\s?|number\s+)\d{1,2}(?!\d)(?=\s+(?:is|was|has|had|will|went|got|tore|broke|sprained|needs|came|won['’]t|can['’]t|isn['’]t|wasn['’]t)(?![\p{L}])|\s*[,:—–]|\s+-\s))/iu;

function numberedStudent(sents: readonly Span[], sent: Span): PersonMention | undefined {
  const k = indexOfSentence(sents, sent);
  for (const j of [k, k - 1]) {
    const q = sents[j];
    if (q === undefined) continue;
    const m = NUMBERED_STUDENT.exec(q.quote);
    if (m !== null) return { start: q.start + m.index, end: q.start + m.index + m[0].length, quote: m[0], kind: 'student', via: 'student-reference' };
  }
  return undefined;
}

/** "The same 7th grader", "the same kid again": one particular student, whose record the post keeps count of. */
const SAME_STUDENT = /(?<![\p{L}])the\s+same\s+(?:little\s+)?(?:\d{1,2}(?:st|nd|rd|th)[- ]grader|(?:first|second|third|fourth|fifth|sixth|seventh|eighth)[- ]grader|kid|kiddo|student|girl|boy|child|freshman|sophomore|junior|senior)(?![\p{L}])/iu;

/**
 * "Third EpiPen call this month for the same 7th grader. Zoe, sweetie, PLEASE read the labels": 'the same' student of the
 * record's sentence, named by a roster student's first name in that sentence or the next one. Both together tell who it is.
 */
function sameStudentNamed(a: Analysis, sents: readonly Span[], sent: Span): PersonMention | undefined {
  if (!SAME_STUDENT.test(sent.quote)) return undefined;
  const k = indexOfSentence(sents, sent);
  const next = sents[k + 1];
  const end = next?.end ?? sent.end;
  return personMentions(a).find((m) => m.start >= sent.start && m.end <= end && m.kind === 'student' && !m.group && m.personId !== undefined);
}

/** A colleague by role or title ("the band guy", "Coach", "Mrs.", "the new hire", "la maestra"). */
const COLLEAGUE_ROLE = /\b(?:(?:band|choir|orchestra|art|music|gym|pe|math|science|english|spanish|history|shop|drama|health|front\s+office|office)\s+(?:guy|lady|teacher|director|man|woman)|coach|mr\.?|mrs\.?|ms\.?|principal|teacher|secretary|custodian|para|bus driver|colleague|coworker|co-worker|the new hire|(?:my|our|the)\s+(?:[a-z]+\s+)?(?:supervisor|manager|boss|foreman|bookkeeper|treasurer)|maestr[oa]|profe|profesor(?:a)?|entrenador(?:a)?|director(?:a)?|subdirector(?:a)?)\b/i;

/** One colleague picked out of the staff: "one of our 8th grade teachers", "one of the paras at Lincoln", "a coworker of mine". */
const ONE_OF_STAFF = /(?<![\p{L}])(?:one\s+of\s+(?:our|my|the|his|her|their)\s+(?:[\p{L}\d-]+\s+){0,3}?(?:teachers|paras|paraprofessionals|coaches|colleagues|coworkers|co-workers|bus\s+drivers|custodians|secretaries|counselors|nurses|aides|subs|staff(?:\s+members)?|principals|administrators|admins)|an?\s+(?:coworker|co-worker|colleague)\s+of\s+(?:mine|ours))(?![\p{L}])/iu;

/**
 * "So proud of Lucas T!! He's been stuck at a 1st grade reading level", "¡Felicidades a Mateo García! Subió su calificación": the one
 * person named (off the roster) in the sentence right before, when this one refers back by a pronoun: a name with an initial
 * ("Lucas T", the way teachers write students) whatever the record, a full name for an education record (not health).
 */
function initialNameBefore(a: Analysis, sents: readonly Span[], sent: Span, education: boolean): PersonMention | undefined {
  if (!REFERS_BACK.test(sent.quote)) return undefined;
  const prev = sents[indexOfSentence(sents, sent) - 1];
  if (prev === undefined) return undefined;
  // A roster first name with a surname after it ("Mateo García" for the roster's "Mateo Garcia") is a full name too.
  const full = personMentions(a).filter((m) => m.start >= prev.start && m.end <= prev.end && m.via === 'first-name' && (m.kind === 'student' || m.kind === 'unknown') && /^[ \t]+\p{Lu}(?:[\p{Ll}'’-]+|\.)?(?![\p{L}])/u.test(a.text.slice(m.end, prev.end)));
  // A title marks an adult ("Congrats to Coach Mark Olson! He just finished his degree in ..."): not a student.
  const named = [...namedPeople(a, prev.start, prev.end), ...full].filter((m) => !/^(?:mr|mrs|ms|miss|mx|dr|coach|principal|superintendent|pastor|rev|sra?|señora?|profe)\.?\s/iu.test(m.quote));
  return named.length === 1 && (INITIAL_NAME.test(named[0]!.quote) || education) ? named[0] : undefined;
}

/** The first word of the district's name ("Alexandria" of "Alexandria Public Schools"): the town, not a person. */
function districtTown(a: Analysis): string | undefined {
  return /^\p{Lu}[\p{L}'’-]+/u.exec(a.ctx.district?.name ?? '')?.[0];
}

/** A roster student named in full (not by a first name alone) in the sentence right before. */
function studentJustBefore(a: Analysis, sents: readonly Span[], sent: Span): PersonMention | undefined {
  const prev = sents[indexOfSentence(sents, sent) - 1];
  if (prev === undefined) return undefined;
  return personMentions(a).find((m) => m.start >= prev.start && m.end <= prev.end && m.kind === 'student' && !m.group && m.personId !== undefined && (m.via === 'roster-name' || m.via === 'roster-alias'));
}
/**
 * The index of the sentence holding position `pos` (sentences are in text order, not overlapping), or -1: a binary search,
 * so a post of many sentences and many matches stays linear (a linear search per match was quadratic: seconds on a
 * 100,000-character post of "he IEP. " repeated).
 */
function sentenceAt(sents: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = sents.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = sents[mid]!;
    if (pos < x.start) hi = mid - 1;
    else if (pos >= x.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The index of a sentence of `sents` (by its start), -1 when it is not one of them. */
function indexOfSentence(sents: readonly Span[], sent: Span): number {
  const i = sentenceAt(sents, sent.start);
  return i >= 0 && sents[i] === sent ? i : -1;
}


export function confidential(a: Analysis): ConfidentialMatch[] {
  return a.get(CONFIDENTIAL, () => {
    const text = a.text;
    const out: ConfidentialMatch[] = [];
    const digits = a.holds(CHARS.digit) && /\d{3}/.test(text);
    const sents = sentences(text);
    const sentenceOf = (s: Span) => {
      const i = sentenceAt(sents, s.start);
      return i >= 0 ? sents[i]! : { start: 0, end: text.length, quote: text };
    };
    // Identifiers that are private whoever they belong to (only posts with digits can hold them).
    if (digits) {
      for (const s of matchesIn(SSN, text)) out.push({ ...s, kind: 'identifier', what: 'a Social Security number' });
      for (const s of matchesIn(STUDENT_ID, text)) out.push({ ...s, kind: 'identifier', what: 'a student ID number' });
      for (const m of personMentions(a)) if (m.via === 'student-number') out.push({ start: m.start, end: m.end, quote: m.quote, kind: 'identifier', what: 'a student ID number', about: m.personId ?? '' });
      if (/dob|birth/i.test(text)) for (const s of matchesIn(DOB, text)) out.push({ ...s, kind: 'identifier', what: 'a date of birth' });
    }
    // Phone numbers and home addresses are private when they are someone else's.
    for (const [re, what] of digits ? [
      [PHONE, 'a phone number'],
      [ADDRESS, 'a home address'],
    ] as const : []) {
      for (const s of matchesIn(re, text)) {
        const sent = sentenceOf(s);
        // Someone else's number or address: said to be theirs, or next to a person on the roster; never a business's.
        if (BUSINESS.test(sent.quote) && !POSSESSIVE.test(sent.quote)) continue;
        const who = personMentions(a).find((m) => m.start >= sent.start && m.end <= sent.end && m.personId !== undefined && m.personId !== a.post.author);
        // "the little Xiong girl's from 418 Birch Ave": a child or family pointed at beside the address (not a sale or a party there).
        const child = what === 'a home address' && who === undefined ? CHILD_AT_ADDRESS.exec(sent.quote) : null;
        if (child !== null && EVENT_AT_ADDRESS.test(sent.quote)) continue;
        // "Happy birthday Riley Chen!! Bus 4 will be honking outside 1412 Elm Ave": a student named by full name in the sentence
        // right before is whose home it is (not an event's place).
        const before = what === 'a home address' && who === undefined && child === null && !POSSESSIVE.test(sent.quote) && !EVENT_AT_ADDRESS.test(sent.quote) ? studentJustBefore(a, sents, sent) : undefined;
        if (who !== undefined || POSSESSIVE.test(sent.quote) || child !== null || before !== undefined) out.push({ ...s, kind: 'identifier', what, ...(who ? { about: who.quote } : child ? { about: child[0] } : before ? { about: before.quote } : {}) });
      }
    }
    // Student-record categories tied to an identifiable student, in the same sentence.
    const cat = lex(a, 'record-categories');
    if (cat !== null) {
      const honors = lex(a, 'public-honors');
      const honorSpans = honors === null ? [] : matchesIn(honors, text);
      for (const s of matchesIn(cat, text)) {
        if (honorSpans.some((h) => h.start <= s.start && s.end <= h.end)) continue;
        // "Ate lunch without her feeding tube", "went out for recess without his inhaler": 'without' before a possessive still says it is theirs.
        if (negatedAt(text, s.start, s.end) && !/\b(?:not|no)\b/i.test(s.quote) && !(OWN_THING.test(s.quote) && WITHOUT_BEFORE.test(text.slice(Math.max(0, s.start - 12), s.start)))) continue;
        // "by the counseling office", "the nurse's office": a place in the building, not a record.
        if (PLACE_AFTER.test(text.slice(s.end, s.end + 24))) continue;
        if (JOB_AFTER.test(text.slice(s.end, s.end + 24)) && JOB_BEFORE.test(text.slice(Math.max(0, s.start - 24), s.start))) continue;
        if (FIELD_BEFORE.test(text.slice(Math.max(0, s.start - 24), s.start))) continue;
        const sent = sentenceOf(s);
        if (HIGHER_ED_AFTER.test(text.slice(s.end, s.end + 60))) continue;
        const who = personIn(a, sent.start, sent.end, ['student', 'employee'], s, (m) => !introducedAsFamily(a, m)) ?? namedBefore(a, sents, sent) ?? initialNameBefore(a, sents, sent, !HEALTH.test(s.quote)) ?? describedStudent(a, sents, sent) ?? sameStudentNamed(a, sents, sent) ?? studentBySurname(a, sent, s) ?? (/locker|#|no\.|number/i.test(text) ? numberedStudent(sents, sent) : undefined);
        if (who === undefined || introducedAsFamily(a, who) || (who.via === 'student-reference' && !SCHOOL_AFTER_REFERENCE.test(text.slice(who.start, who.end + 24)) && familyNamedIn(sent))) continue;
        // The author's own record is theirs to share.
        if (who.personId !== undefined && who.personId === a.post.author) continue;
        if (who.kind === 'guardian') continue;
        // A name outside the roster could be anyone's (a neighbour, a celebrity): only an education record ties it to a student.
        // "Alexandria picked the wrong program for kids with dyslexia": the town the district is named after is not a person.
        if (who.via === 'proper-name' && who.quote.replace(/['’]s$/u, '') === districtTown(a)) continue;
        if (who.via === 'proper-name' && ((HEALTH.test(s.quote) && !GRADE_AFTER.test(text.slice(who.end, who.end + 24))) || districtRefs(a).some((r) => r.start < who.end && who.start < r.end))) continue;
        if (who.kind === 'employee') {
          // A colleague's health is private when the colleague is named on the roster; awareness walks and fundraisers are not about anyone
          // (whole words: "Erin Walker starts chemo" is about Erin).
          if (HEALTH.test(s.quote) && who.personId !== undefined && who.via !== 'first-name' && !/\b(?:awareness|fundrais\w*|research|relay for life|walk|walks|walking|walkathon|5k|survivors?)\b/i.test(sent.quote)) out.push({ ...s, kind: 'personnel', what: s.quote, about: who.quote });
          continue;
        }
        out.push({ ...s, kind: 'student-record', what: s.quote, about: who.quote });
      }
    }
    // Personnel matters about an identifiable employee.
    const pers = lex(a, 'personnel-matters');
    if (pers !== null) {
      for (const s of matchesIn(pers, text)) {
        const sent = sentenceOf(s);
        // "No paras are being let go this year", "nobody got fired": no one is the subject, so no one's record is told.
        if (NO_ONE_BEFORE.test(text.slice(Math.max(sent.start, s.start - 40), s.start))) continue;
        const who = personIn(a, sent.start, sent.end, ['employee']) ?? namedBefore(a, sents, sent, 'employee') ?? surnameOwner(a, sents, sent);
        // A sentence that opens on the matter ("Admin leave pending the review is brutal.") is about the person of the sentence before.
        const prev = who === undefined && /^[\s"“'‘]*$/.test(text.slice(sent.start, s.start)) ? sents[indexOfSentence(sents, sent) - 1] : undefined;
        const role = COLLEAGUE_ROLE.test(sent.quote) || ONE_OF_STAFF.test(sent.quote) || (prev !== undefined && (COLLEAGUE_ROLE.test(prev.quote) || personIn(a, prev.start, prev.end, ['employee']) !== undefined));
        if (who === undefined && !role) continue;
        if (who?.personId !== undefined && who.personId === a.post.author) continue;
        if (who !== undefined && introducedAsFamily(a, who)) continue;
        out.push({ ...s, kind: 'personnel', what: s.quote, ...(who ? { about: who.quote } : {}) });
      }
    }
    // A colleague's move, cut or departure told as a secret ("Between us, Lisa Olson is getting moved to Lincoln next fall"):
    // the same words in a public farewell or an announced change are not.
    const rumors = a.mayMatch('personnel-rumors') && SECRET.test(text) ? lex(a, 'personnel-rumors') : null;
    if (rumors !== null) {
      for (const s of matchesIn(rumors, text)) {
        const sent = sentenceOf(s);
        const who = personIn(a, sent.start, sent.end, ['employee']) ?? namedBefore(a, sents, sent, 'employee');
        if (who === undefined || (who.personId !== undefined && who.personId === a.post.author)) continue;
        if (!out.some((o) => o.start < s.end && s.start < o.end)) out.push({ ...s, kind: 'personnel', what: s.quote, about: who.quote });
      }
    }
    // Nonpublic district information: passwords and codes, drafts the board or public has not seen.
    const np = lex(a, 'nonpublic-information');
    if (np !== null) for (const s of matchesIn(np, text)) out.push({ ...s, kind: 'nonpublic', what: s.quote });
    // One finding per place in the text.
    out.sort((x, y) => x.start - y.start);
    return out.filter((m, i) => i === 0 || !(out[i - 1]!.start < m.end && m.start < out[i - 1]!.end));
  });
}
