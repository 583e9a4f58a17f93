// People in a post: roster names, aliases and student numbers; "my student X", "a kid in my 3rd hour"; other proper names.
import { createRequire } from 'node:module';
import type Nlp from 'compromise';
import type { Person } from '../../contracts/check.js';
import { type Analysis, memoSlot } from '../analysis.js';
import type { CompiledContext } from '../context.js';
import { span, tokenize, type Span, type Token } from './text.js';
import { FIRST_NAME_WORDS, KNOWN_WORDS, OTHER_NAME_WORDS } from './compromise-words.js';

// This module's memoised analyzers: a slot each in every check.
const PERSON_MENTIONS = memoSlot('person-mentions');
const STUDENT_MENTIONS = memoSlot('student-mentions');

let nlpLoaded: typeof Nlp | undefined;
/**
 * compromise, loaded on first use (only to find names in a sentence, properNames and nameBeforeClass): a check --jsonl
 * worker or an API server that meets no post needing it never pays for it, and its one-file CommonJS build (what the package exports to require) loads in ~130 ms of CPU against ~220 ms for
 * the 456 files of its ES modules (same version, same model).
 */
function nlp(): typeof Nlp {
  return (nlpLoaded ??= createRequire(import.meta.url)('compromise') as typeof Nlp);
}

export type MentionKind = 'student' | 'employee' | 'guardian' | 'other' | 'unknown';
export type MentionVia = 'roster-name' | 'roster-alias' | 'first-name' | 'student-number' | 'student-reference' | 'proper-name';

export interface PersonMention extends Span {
  /** Id in context.people when the mention resolves to exactly one roster person. */
  personId?: string;
  kind: MentionKind;
  via: MentionVia;
  /** A group of students ("my 5th period", "my 3rd hour kids"), not one identifiable person. */
  group?: boolean;
}

interface RosterIndex {
  /** Normalised full name or alias ("maya lopez", "maya l") → people. */
  names: Map<string, { people: Person[]; alias: boolean }>;
  /** Lower-cased first name → people. */
  firstNames: Map<string, Person[]>;
  studentNumbers: Map<string, Person>;
  maxTokens: number;
}

function normalise(name: string): string[] {
  return tokenize(name).map((t) => t.lower);
}

/** Built once per context (40,000 students in well under a second); a check then costs O(words). */
export function rosterIndex(ctx: CompiledContext): RosterIndex {
  return ctx.index('roster-index', (c) => {
    const names = new Map<string, { people: Person[]; alias: boolean }>();
    const firstNames = new Map<string, Person[]>();
    const studentNumbers = new Map<string, Person>();
    let maxTokens = 1;
    const add = (key: string[], p: Person, alias: boolean): void => {
      if (key.length === 0) return;
      maxTokens = Math.max(maxTokens, key.length);
      const k = key.join(' ');
      const e = names.get(k);
      if (e === undefined) names.set(k, { people: [p], alias });
      else if (!e.people.includes(p)) e.people.push(p);
    };
    for (const p of c.people.values()) {
      const full = normalise(p.name);
      // Single-token names are looked up as first names only: "Grace" alone is too common a word.
      if (full.length >= 2) add(full, p, false);
      if (full.length >= 3) add([full[0]!, full[full.length - 1]!], p, false);
      const first = full[0];
      if (first !== undefined) {
        const list = firstNames.get(first);
        if (list === undefined) firstNames.set(first, [p]);
        else list.push(p);
      }
      for (const al of p.aliases ?? []) {
        const key = normalise(al);
        if (key.length >= 2 || (key[0]?.length ?? 0) >= 4) add(key, p, true);
      }
      if (p.studentNumber !== undefined && p.studentNumber.length >= 4) studentNumbers.set(p.studentNumber, p);
    }
    return { names, firstNames, studentNumbers, maxTokens: Math.min(maxTokens, 5) };
  });
}

/** Capitalised words that start sentences or are common words, never taken for a first name on their own. */
const NOT_A_NAME = new Set(
  'a an the i we he she they it this that these those my our your his her their so and but or if when what who why how well great good happy thanks thank congrats congratulations go let lets hope just also today tonight tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december mr mrs ms dr coach miss will grace hope faith joy summer autumn dawn rose june april may mark bill art'.split(
    ' ',
  ),
);

const ORDINAL = String.raw`(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)`;
const STUDENT_NOUN = String.raw`(?:student|kid|boy|girl|child|freshman|sophomore|junior|senior|(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)[- ]grader|athlete|player|runner|swimmer|wrestler|advisee|pupil|learner|mentee)`;
const CLASS_GROUP = String.raw`(?:${ORDINAL}\s+(?:hour|period|block)|homeroom|advisory|class|team|roster|section|caseload)`;
/** "a kid in my 3rd hour", "one of my students", "this student in 5th period", "the 7th grader who keeps coming to my office". */
const STUDENT_REFERENCE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:one|two|three|some|a\s+couple)\s+of\s+my\s+${STUDENT_NOUN}s|(?:a|an|one|this|that|my|our)\s+(?:\w+\s+)?${STUDENT_NOUN}(?:\s+(?:in|from|on)\s+(?:my|our)\s+(?:${ORDINAL}\s+)?${CLASS_GROUP})?|the\s+(?:\w+\s+)?${STUDENT_NOUN}(?=\s+(?:who|whose)\s+(?:keeps|kept|just|came|comes|was|is\s+always|has\s+been|got|mom|dad|parents?)(?![\p{L}])))(?![\p{L}\p{N}])`,
  'giu',
);
/** "the Swenson boy", "the Okafor twins": a family name before a child (case-sensitive: the name is capitalised; one child, or twins). */
const FAMILY_CHILD = /(?<![\p{L}\p{N}])[Tt]he\s+\p{Lu}\p{Ll}+\s+(?:boy|girl|kid|child|twins)(?![\p{L}\p{N}])/gu;
/** A name right after a student reference ("my student Tyler", "a junior, Maya"): case-sensitive on purpose. */
const FOLLOWING_NAME = /,?\s+(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\.?(?!\p{L}))?)(?![\p{L}\p{N}])/uy;
/** "my 5th period", "my 3rd hour kids": a group of students. */
const CLASS_REFERENCE = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:my|our)\s+${ORDINAL}\s+(?:hour|period|block|graders?)(?:\s+(?:class|kids|students|crew|bunch))?(?![\p{L}\p{N}])`, 'giu');
/** "Jake in my 3rd hour": a first name tied to a class. */
const NAME_IN_CLASS = new RegExp(String.raw`(\p{Lu}\p{Ll}+)\s+(?:in|from)\s+(?:my|our)\s+(?:${ORDINAL}\s+(?:hour|period|block)|homeroom|advisory|class)(?![\p{L}\p{N}])`, 'gu');
/** Words before "in my 3rd hour" that speak of the class as a whole ("Everyone in my 3rd hour", "Kids in my 1st period"). */
const GROUP_WORDS = new Set(
  'everyone everybody nobody somebody someone anyone anybody all half most none several many few both each some kids students boys girls seniors juniors sophomores freshmen athletes players classmates peers friends teams groups'.split(' '),
);
/** Common-noun endings ("Attendance", "Participation", "Behavior", "Tardies"): such a word opening "X in my 3rd hour" is what is measured, not a student. */
const NOUN_ENDING = /(?:tions?|sions?|ments?|ness|ances?|ences?|ity|ities|isms?|ships?|iou?rs?|ies|ings?|ures?|ades)$/;

/** Is the word captured before "in my 3rd hour" a first name? Not a group word; a noun-shaped word only when compromise knows it as a first name ("Lawrence", "Constance"). */
function nameBeforeClass(word: string): boolean {
  const w = word.toLowerCase();
  if (GROUP_WORDS.has(w) || NOT_A_NAME.has(w)) return false;
  if (!NOUN_ENDING.test(w)) return true;
  try {
    return nlp()(word).has('#FirstName');
  } catch {
    return false;
  }
}

function kindOf(people: readonly Person[]): MentionKind {
  const k = people[0]?.kind;
  return k !== undefined && people.every((p) => p.kind === k) ? k : 'unknown';
}

function mention(s: Span, people: readonly Person[], via: MentionVia): PersonMention {
  const m: PersonMention = { ...s, kind: kindOf(people), via };
  if (people.length === 1) m.personId = people[0]!.id;
  return m;
}

/** Roster people and student references named in the post, sorted by position, without overlaps. */
/** A token that ends in a possessive 's (straight or curly apostrophe). */
const POSSESSIVE_END = /['’]s$/;

export function personMentions(a: Analysis): PersonMention[] {
  return a.get(PERSON_MENTIONS, () => {
    const text = a.text;
    const out: PersonMention[] = [];
    const taken: Array<[number, number]> = [];
    const free = (s: number, e: number): boolean => taken.every(([ts, te]) => e <= ts || s >= te);
    const take = (m: PersonMention): void => {
      if (!free(m.start, m.end)) return;
      taken.push([m.start, m.end]);
      out.push(m);
    };
    if (a.ctx.people.size > 0) {
      const idx = rosterIndex(a.ctx);
      const toks = a.tokens;
      for (let i = 0; i < toks.length; i++) {
        const t = toks[i]!;
        const c0 = t.text.charCodeAt(0);
        // Names are written with a capital (and student numbers with digits): other words cannot start one.
        if (!(c0 >= 65 && c0 <= 90) && !(c0 >= 48 && c0 <= 57) && !(c0 > 127 && t.text[0] !== t.lower[0])) continue;
        // Longest roster name starting here.
        let matched = false;
        for (let n = Math.min(idx.maxTokens, toks.length - i); n >= 2 && !matched; n--) {
          let key = t.lower;
          for (let j = 1; j < n; j++) key += ' ' + toks[i + j]!.lower;
          // A possessive ("Mateo Garcia's mom") is the name too: the token holds its "'s".
          const exact = idx.names.get(key);
          const poss = exact === undefined && POSSESSIVE_END.test(key) ? 2 : 0;
          const hit = exact ?? (poss > 0 ? idx.names.get(key.slice(0, -2)) : undefined);
          if (hit !== undefined) {
            take(mention(span(text, t.start, toks[i + n - 1]!.end - poss), hit.people, hit.alias ? 'roster-alias' : 'roster-name'));
            i += n - 1;
            matched = true;
          }
        }
        if (matched) continue;
        const single = idx.names.get(t.lower);
        if (single !== undefined && single.alias) {
          take(mention(span(text, t.start, t.end), single.people, 'roster-alias'));
          continue;
        }
        if (/^\d{4,}$/.test(t.text)) {
          const p = idx.studentNumbers.get(t.text);
          if (p !== undefined) take(mention(span(text, t.start, t.end), [p], 'student-number'));
          continue;
        }
        // A capitalised first name from the roster ("Jake failed his retake"): ambiguous unless unique.
        if (c0 >= 65 && c0 <= 90 && !NOT_A_NAME.has(t.lower)) {
          const own = POSSESSIVE_END.test(t.lower) && !idx.firstNames.has(t.lower) ? 2 : 0;
          const ps = idx.firstNames.get(own > 0 ? t.lower.slice(0, -2) : t.lower);
          if (ps !== undefined) take(mention(span(text, t.start, t.end - own), ps, 'first-name'));
        }
      }
    }
    // Student references do not need a roster.
    if (/(?:student|kid|boy|girl|child|grader|hour|period|freshm|sophomore|junior|senior|athlete|player|runner|swimmer|wrestler|advisee|pupil|learner|mentee|block|homeroom|class)/i.test(text)) {
      for (const re of [NAME_IN_CLASS, STUDENT_REFERENCE, CLASS_REFERENCE, FAMILY_CHILD]) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          if (re === NAME_IN_CLASS && !nameBeforeClass(m[1]!) && !out.some((o) => o.start === m!.index && o.via === 'first-name')) continue;
          let end = m.index + m[0].length;
          let named = re === NAME_IN_CLASS;
          if (re === STUDENT_REFERENCE) {
            FOLLOWING_NAME.lastIndex = end;
            const n = FOLLOWING_NAME.exec(text);
            if (n !== null && !NOT_A_NAME.has(n[1]!.toLowerCase())) {
              end += n[0].length;
              named = true;
            }
          }
          const s = span(text, m.index, end);
          const existing = out.find((o) => o.start < s.end && s.start < o.end);
          if (existing !== undefined) {
            // "Jake in my 3rd hour": the roster first-name mention becomes a student reference.
            if (existing.via === 'first-name' && re === NAME_IN_CLASS) {
              existing.kind = 'student';
              existing.via = 'student-reference';
              taken.push([s.start, s.end]);
            }
            continue;
          }
          const pm: PersonMention = { ...s, kind: 'student', via: 'student-reference' };
          if (!named && (re === CLASS_REFERENCE || /\bof\s+my\b/i.test(m[0]))) pm.group = true;
          take(pm);
        }
      }
    }
    out.sort((x, y) => x.start - y.start);
    return out;
  });
}

/** Mentions that point at students: roster students, and references to a student or a class of them. */
export function studentMentions(a: Analysis): PersonMention[] {
  return a.get(STUDENT_MENTIONS, () => personMentions(a).filter((m) => m.kind === 'student'));
}

const TITLE = /^(?:mr|mrs|ms|dr|coach|miss|principal|superintendent)\.?\s/i;

/**
 * compromise's own word lists (the words it knows; those it can take for part of a person's name, and for a first name or
 * title), generated from its lexicon into compromise-words.ts: reading them costs a few milliseconds, where loading
 * compromise to read its lexicon cost ~130-200 ms of CPU in every process and --jsonl worker (most checks need only these).
 */
let nameWords: Map<string, boolean> | undefined;
let known: Set<string> | undefined;
/** Is the word one compromise knows at all (a name, a noun, an adverb ...)? */
function knownWord(lower: string): boolean {
  nameWordsOf();
  return known!.has(lower);
}
function nameWordsOf(): Map<string, boolean> {
  if (nameWords === undefined) {
    known = new Set(KNOWN_WORDS.split('\n'));
    nameWords = new Map();
    for (const w of FIRST_NAME_WORDS.split('\n')) nameWords.set(w, true);
    for (const w of OTHER_NAME_WORDS.split('\n')) nameWords.set(w, false);
  }
  return nameWords;
}
function isNameWord(lower: string): boolean {
  return nameWordsOf().has(lower);
}
function isFirstNameOrTitle(lower: string): boolean {
  return nameWordsOf().get(lower) === true;
}

const isCapital = (t: Token): boolean => {
  const c = t.text.charCodeAt(0);
  return c >= 65 && c <= 90;
};

/**
 * Names shaped like a name: a first name or title compromise knows, then one or two capitalised words
 * beside it ("Alex Hernandez", "Mr. Moen", "Mary Ann Lee"), or a capitalised word compromise does not
 * know at all before a last name it does ("Hana Patel"; not "Honestly Jefferson"), not a roster
 * mention already. Found without compromise; when there is none, `namedPeople` asks compromise.
 */
/**
 * The index of the first token starting at or after `pos` (tokens are in text order): a binary search, so an analyzer
 * asked about each sentence of a long post reads that sentence's tokens only (reading from the first token every time
 * was quadratic: seconds on a 100,000-character post of short sentences).
 */
function firstTokenFrom(toks: readonly { start: number }[], pos: number): number {
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nameShaped(a: Analysis, from: number, to: number): PersonMention[] {
  const toks = a.tokens;
  const known = personMentions(a);
  const out: PersonMention[] = [];
  for (let i = firstTokenFrom(toks, from); i < toks.length - 1; i++) {
    const t = toks[i]!;
    // A name starting at or after `to` would end after it: the rest cannot count.
    if (t.start >= to) break;
    if (t.start < from || !isCapital(t) || NOT_A_NAME.has(t.lower)) continue;
    const prev = a.text[t.start - 1];
    if (prev === '#' || prev === '@') continue;
    const next = toks[i + 1]!;
    const first = isFirstNameOrTitle(t.lower) || (!knownWord(t.lower) && isCapital(next) && isNameWord(next.lower) && !isFirstNameOrTitle(next.lower));
    if (!first) continue;
    let j = i;
    while (j + 1 < toks.length && j - i < 2) {
      const n = toks[j + 1]!;
      if (n.end > to || !isCapital(n) || !/^\.?[ \t]+$/.test(a.text.slice(toks[j]!.end, n.start))) break;
      j++;
    }
    if (j === i) continue;
    const start = t.start;
    const end = toks[j]!.end;
    if (!known.some((k) => k.start < end && start < k.end)) out.push({ ...span(a.text, start, end), kind: 'unknown', via: 'proper-name' });
    i = j;
  }
  return out;
}

/** Names of people outside the roster in a stretch: shaped like a name, else what compromise finds (when it may find any). */
export function namedPeople(a: Analysis, from: number, to: number): PersonMention[] {
  return a.get(`named-people:${from}:${to}`, () => {
    const shaped = nameShaped(a, from, to);
    if (shaped.length > 0) return shaped;
    // properNames drops whatever overlaps a roster mention, so the words of those mentions ("Board member
    // Amir Torres", a roster employee) cannot make compromise worth its cost.
    return mayNameSomeone(a, from, to, personMentions(a)) ? properNames(a, from, to) : [];
  });
}

/**
 * Could this stretch of the post name someone compromise would find, outside the `known` mentions? Only if a word other than the
 * sentence's first (and "I"), not a hashtag or a handle, is capitalised, and some capitalised word is
 * one compromise's lexicon holds as a name or title ("Kyle", "Hernandez", "Mr.", either half of "Moby-Dick") or two capitalised
 * words stand together ("Leo Erickson"): compromise finds people by its lexicon, and an unknown
 * capitalised word alone ("Berglund") is not one to it either. A cheap test that spares most posts
 * the milliseconds compromise costs.
 */
/** A lower-case particle joined by a hyphen or apostrophe to a capitalised part: 'al-Adha', 'bin-Salem', "d'Artagnan". */
const PARTICLE_JOINED = /^(?:al|el|bin|ibn|abu|de|da|di|du|d|l|van|von)[-'’]\p{Lu}/u;
const NAME_PARTICLES = new Set(['de', 'del', 'da', 'das', 'do', 'dos', 'di', 'du', 'van', 'von', 'der', 'den', 'la', 'le', 'y', 'e', 'bin', 'al']);

/** A hyphenated word whose parts all start with a capital ("Spider-Man", "Jean-Luc", "Smith-Jones"). */
const CAPITALISED_PARTS = /^\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)+$/u;

/** compromise takes a word shaped like a Scottish or Irish surname for a person ("McDonald's", "MacKenzie", "O'Brien"). */
const MC_NAME = /^(?:Ma?c\p{Lu}|O['’]\p{Lu})/u;

/** A kinship or friendship word right before a capitalised word ("my cousin Jan", "Aunt May"). */
const KIN_BEFORE = /(?<![\p{L}])(?:cousin|aunt|auntie|uncle|brother|sister|friend|neighbou?r|grandma|grandpa|nephew|niece|son|daughter|husband|wife)\s$/iu;

export function mayNameSomeone(a: Analysis, start: number, end: number, known: readonly Span[] = []): boolean {
  const toks = a.tokens;
  let capitalisedInside = false;
  let nameLike = false;
  let prevCapitalEnd = -1;
  for (let i = firstTokenFrom(toks, start); i < toks.length; i++) {
    const t = toks[i]!;
    if (t.start >= end) break;
    if (t.start < start || t.end > end) continue;
    const c = t.text.charCodeAt(0);
    // A word of a mention already known (`known`) is as good as not capitalised: compromise's people there are dropped.
    // A particle joined to a capitalised part ('al-Adha', "d'Artagnan") is a capitalised name word to compromise ('Eid al-Adha').
    const particleJoined = c >= 97 && c <= 122 && PARTICLE_JOINED.test(t.text);
    if (!((c >= 65 && c <= 90) || (c > 127 && /^\p{Lu}/u.test(t.text)) || particleJoined) || (known.length > 0 && known.some((k) => k.start < t.end && t.start < k.end))) {
      // A particle between capitalised words keeps them together for compromise ("Día de Acción", "Van der Berg").
      if (prevCapitalEnd >= 0 && NAME_PARTICLES.has(t.lower) && /^[ \t]+$/.test(a.text.slice(prevCapitalEnd, t.start))) prevCapitalEnd = t.end;
      else prevCapitalEnd = -1;
      continue;
    }
    const prev = a.text[t.start - 1];
    if (prev === '#' || prev === '@') {
      prevCapitalEnd = -1;
      continue;
    }
    // Capitalised words side by side (or with a comma between: compromise reads "January, Discovery" as "Surname, Given"), or capitalised parts of one hyphenated word ("Spider-Man", "Jean-Luc"), may be a name to compromise.
    // A word set off by commas as one addressed ("Sure, Jan, I'll cover ..."), or after a kinship word ("my cousin Jan"), is a name to
    // compromise even when it is also a month.
    if (!nameLike && (isNameWord(t.lower) || (/,\s$/.test(a.text.slice(Math.max(0, t.start - 2), t.start)) && /^[,.!?]/.test(a.text.slice(t.end, t.end + 1))) || KIN_BEFORE.test(a.text.slice(Math.max(0, t.start - 12), t.start)) || (prevCapitalEnd >= 0 && /^,?[ \t]+$/.test(a.text.slice(prevCapitalEnd, t.start))) || (t.lower.includes("'") && isNameWord(t.lower.replace(/['’]s$/, ''))) || (t.lower.includes('-') && (t.lower.split('-').some(isNameWord) || CAPITALISED_PARTS.test(t.text))) || MC_NAME.test(t.text) || particleJoined)) nameLike = true;
    prevCapitalEnd = t.end;
    if (capitalisedInside || t.text === 'I' || t.text.startsWith("I'") || t.start === start) continue;
    const before = a.text.slice(Math.max(start, t.start - 3), t.start);
    if (/[.!?:]\s*$/.test(before) || /^\s*$/.test(a.text.slice(start, t.start))) continue;
    capitalisedInside = true;
  }
  return capitalisedInside && nameLike;
}

/**
 * Person-like proper names that are not in the roster ("Kyle Berglund"), found with compromise.
 * Costs about a millisecond: call it only after a cheap pass found something that needs a target.
 */
export function properNames(a: Analysis, from = 0, to = a.text.length): PersonMention[] {
  // compromise costs about a microsecond per character: it reads only the stretch a rule asks about (a sentence).
  return a.get(`proper-names:${from}:${to}`, () => {
    const text = a.text;
    const part = text.slice(from, to);
    if (!/\p{Lu}/u.test(part)) return [];
    const known = personMentions(a);
    const out: PersonMention[] = [];
    let found: Array<{ text: string; offset: { start: number; length: number } }>;
    try {
      found = nlp()(part).people().out('offset') as typeof found;
    } catch {
      return [];
    }
    let at = 0;
    for (const f of found) {
      const raw = f.text.replace(/[\s,.;:!?'"’)]+$/u, '').replace(/^[\s("'“]+/u, '');
      if (raw.length < 2) continue;
      let rel = part.slice(f.offset.start, f.offset.start + raw.length) === raw ? f.offset.start : part.indexOf(raw, at);
      if (rel < 0) rel = part.indexOf(raw);
      if (rel < 0) continue;
      at = rel + raw.length;
      const start = from + rel;
      const end = start + raw.length;
      if (known.some((k) => k.start < end && start < k.end)) continue;
      // A lone first word of a sentence ("Honestly") is not a name: require a capital and, if one word, a title or a second capital.
      if (!/^\p{Lu}/u.test(raw) && !TITLE.test(raw)) continue;
      out.push({ ...span(text, start, end), kind: 'unknown', via: 'proper-name' });
    }
    return out;
  });
}
