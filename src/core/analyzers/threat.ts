// Threats, harassment, bullying and defamation: an act aimed at an identifiable target, idioms and negation kept out.
import { KIN_EN } from './kin.js';
import { type Analysis, memoSlot } from '../analysis.js';
import { dehumanizing } from './dehumanizing.js';
import { familyJoke, pettyGrievanceJoke } from './family-joke.js';
import { namedPeople, personMentions } from './people.js';
import { profanity } from './profanity.js';
import { findAll, negatedAt, sentences, span, type Span } from './text.js';

// This module's memoised analyzers: a slot each in every check.
const HARMS = memoSlot('harms');
const DEMEANING = memoSlot('demeaning');

export type HarmKind = 'threat' | 'insult' | 'accusation' | 'group-hate';

export interface HarmMatch extends Span {
  kind: HarmKind;
  /** Who it is aimed at, when the act needs a target. */
  target?: string;
}

interface Matchers {
  threat: RegExp | null;
  insult: RegExp | null;
  accusation: RegExp | null;
  groupHate: RegExp | null;
  idioms: RegExp | null;
}

/** Each list cut to the entries the post's words let through (null: none can match). */
function matchers(a: Analysis): Matchers {
  return {
    threat: a.lexicon('harassment-threats'),
    insult: a.lexicon('harassment-insults'),
    accusation: a.lexicon('harassment-accusations'),
    groupHate: a.lexicon('harassment-group-hate'),
    idioms: a.lexicon('threat-idioms'),
  };
}

/** Individuals a sentence can aim at: a named person, "you", or a person by role. */
const INDIVIDUAL = /(?<![\p{L}])(?:(?:mr|mrs|ms|miss|dr|coach|principal|superintendent|nurse|profe|maestr[oa]|señora?|sra?)\.?\s+\p{Lu}\p{L}+|(?:ese|esa|este|esta|el|la)\s+(?:maestr[oa]|profe|profesor(?:a)?|entrenador(?:a)?|director(?:a)?|árbitro|arbitro|papá|mamá|señor(?:a)?|conserje|secretari[oa])(?:\s+nuev[oa])?|you|u|ur|you'?re|he|she|he'?s|she'?s|(?:my|our|the|this|that|his|her|a\s+certain)\s+(?:new\s+|old\s+|former\s+)?(?:\p{Lu}[\p{L}]*\s+){0,2}(?:principal|vice principal|assistant principal|ap|superintendent|boss|supervisor|coworker|co-worker|colleague|department head|dept head|ref|referee|umpire|ump|bus driver|secretary|custodian|janitor|sub|substitute|neighbor|teammate|coach|team mom|booster president|booster club treasurer|booster treasurer|treasurer|bookkeeper|business manager|athletic director|activities director|board member|para|paraprofessional|aide|counselor|librarian|ex|man|guy|woman|lady|(?:[\p{Ll}]+\s+)?teacher))(?![\p{L}])/giu;
const GROUP_SUBJECT = /(?<![\p{L}])(?:kids|students|class|classes|freshmen|sophomores|juniors|seniors|parents|families|coworkers|co-workers|colleagues|teachers|players|they|we|people)\s*$/iu;
const PROTECTED = /somali|mogadishu|muslim|islam|mosque|lesbian|somalia|guatemala|honduras|haiti|syria|afghan|ethiopia|eritrea|sudan|congo|mexico|tijuana|mexican|muslim|hmong|immigra|refugee|illegals|foreigner|jewish|jews|black|hispanic|latino|asian|african|arab|chinese|indian|native/i;
const CONDEMN = /unacceptable|not ok(?:ay)?|condemn|disgust|vile|shameful|racist|bigot|reported (?:it|this|them)|won'?t tolerate|will not tolerate|stand against|hate speech|appall|horrif|sicken|no place for|wrong and|has no place|we reject|ashamed|hateful|xenophob|islamophob|antisemit|anything\s+but\s+hate|(?:hate|hatred|racism|bigotry)(?:\s+like\s+(?:that|this))?\s+has\s+no\s+(?:home|room)|no\s+room\s+for\s+(?:hate|hatred|racism|bigotry)|sick\s+(?:about|over)\s+(?:it|this|that)|(?:is|'s|’s)\s+not\s+who\s+(?:we|[a-z]+)\s+(?:are|is)|report\s+(?:it|this|them)(?![a-z])|screenshot\s+(?:it|this|them)|tell\s+(?:an?|your|a\s+trusted)\s+(?:adult|teacher|counselor|grown-?up)|(?:that|this|it)(?:['’]s|\s+is|\s+was)\s+(?:nothing\s+but\s+|pure\s+|plain\s+|just\s+|straight[- ]up\s+|flat[- ]out\s+)?(?:hate|hatred|bigotry)(?![a-z])/i;
/** Sneering that people will not learn or speak English ("can't be bothered to learn English", "refuse to speak English"). */
const LANGUAGE_SNEER = /(?:can['’]?t|won['’]?t|don['’]?t|didn['’]?t|refuse\s+to|bothered\s+to|even\s+try\s+to|too\s+lazy\s+to|never)\s+(?:\p{L}+\s+)?(?:learn|speak|speaking|learning)\s+(?:a\s+word\s+of\s+)?english(?![\p{L}])/iu;
/** People, not things, sent "back where they came from". */
const ORIGIN_PEOPLE = /(?<![\p{L}])(?:families|people|folks|newcomers|kids|parents|students|these\s+(?:\p{L}+\s+)?(?:ones|guys))(?![\p{L}])/iu;
/** Someone was told or called the words that follow, in quotes ("got told 'go back ...'", "was called a ..."). */
const TOLD_QUOTE = /(?<![\p{L}])(?:got|gets|get|was|were|been|being|getting)\s+(?:told|called|yelled\s+at|screamed\s+at|asked)(?:\s+(?:to|that))?\s*[:,]?\s*["“'‘][^"“”'‘’\n]{0,40}$/iu;
/** Words called false: a lie, a myth, a stereotype, propaganda. */
const REFUTED = /(?<![\p{L}])(?:lies|lie|myths?|false|untrue|debunked|propaganda|stereotypes?|conspiracy\s+theor(?:y|ies))(?![\p{L}])/iu;
/** An opening quote mark (not an apostrophe inside a word) or a verb of saying before the words. */
const QUOTED_OR_CLAIMED = /["“”]|(?<![\p{L}])['‘]|(?<![\p{L}])(?:claiming|claimed|claims|said|says|saying|wrote|posted|read)(?![\p{L}])/iu;
const REPORTED = /["“”'‘’]|\b(?:wrote|written|said|yelled|yelling|shouted|shouting|screamed|screaming|scrawled|graffiti|called (?:him|her|them|me))\b/i;

/** Friendly words around "I know where you live". */
const KIND = /(?<![\p{L}])(?:cookies|congrat\w*|welcome|housewarming|a\s+plate\s+of|a\s+card|a\s+gift|expect\s+(?:me|a|some)|stop\s+by|visit|headlights|lights\s+(?:are\s+)?on|keys|jumper\s+cables|flat\s+tire|carpool)(?![\p{L}])/iu;

/** Signs that a remark is about sexual orientation: pride and rainbow flags, a same-sex partner. */
const ORIENTATION_CUE = /(?<![\p{L}])(?:pride|rainbow|gay|lgbt\w*|queer|his\s+boyfriend|her\s+girlfriend|his\s+husband|her\s+wife|flamboyant|limp[- ]wristed)(?![\p{L}])|🏳️‍🌈|🌈/iu;

/** The author's own family or pet, as a target. */
const OWN_FAMILY = new RegExp(`^(?:my|our)\\s+(?:${KIN_EN}|baby|toddler|little\\s+one|dog|cat|boy|girl|boys|girls|\\d+[- ]?(?:yo|year[- ]old))(?![\\p{L}])`, 'iu');

/** The author's relative named right before the name ("my granddaughter Ava", "our son Eli"). */
const OWN_RELATIVE_BEFORE = /(?<![\p{L}])(?:my|our)\s+(?:(?:little|baby|youngest|oldest|middle|\d+[- ]?(?:yo|year[- ]old))\s+)?(?:kid|son|daughter|baby|toddler|nephew|niece|grandson|granddaughter|grandbaby|grandkid|godson|goddaughter|brother|sister|cousin|stepson|stepdaughter)\s*,?\s*$/iu;

/** Is the target a name the sentence before the act introduces as the author's family? */
function ownFamilyNamed(before: string, target: string): boolean {
  const i = before.lastIndexOf(target);
  return i > 0 && OWN_RELATIVE_BEFORE.test(before.slice(0, i));
}

/** A story, not a person: the novel, the episode, the character (a book fair is money, not a story). */
const FICTION = /(?<![\p{L}])(?:novel|book(?![\s-]+(?:fair|sale|drive|fund|order)s?(?![\p{L}]))|story|character|characters|episode|season\s+finale|movie|film|play|musical|podcast|chapter|read-?aloud|plot)(?![\p{L}])/iu;

/** A person hinted at without a name: "a certain band director", "a certain someone". */
const HINTED_PERSON = /(?<![\p{L}])a\s+certain\s+(?:[\p{L}-]+\s+){0,2}?(?:director|teacher|coach|principal|ap|assistant\s+principal|para|paraprofessional|secretary|custodian|counselor|nurse|librarian|driver|admin|administrator|board\s+member|athletic\s+director|AD|bookkeeper|treasurer|business\s+manager|colleague|coworker|co-worker|someone|somebody|person|guy|lady|woman|man|staff\s+member|parent|mom|dad|ref|referee)(?![\p{L}])/iu;

/** "a certain AD" in capitals is the athletic director; "a certain ad" is an advertisement. */
function hintedPerson(str: string): string | undefined {
  const m = HINTED_PERSON.exec(str)?.[0];
  return m === undefined || (/ad$/i.test(m) && !/AD$/.test(m)) ? undefined : m;
}

/** Money in an insinuation ("the booster money", "the gate receipts", "$800"). */
const MONEY = /(?<![\p{L}])(?:money|cash|funds|deposits?|donations?|dues|fees|receipts|proceeds|fundraiser\s+\p{L}+)(?![\p{L}])|\$\s?\d/iu;

/** A roster or proper-named person inside a span, if any. */
function personIn(a: Analysis, s: Span): string | undefined {
  return [...personMentions(a), ...namedPeople(a, s.start, s.end)].find((m) => m.start >= s.start && m.end <= s.end && !m.group)?.quote;
}

/** Every match of a (global) lexicon expression: the shared findAll. */
const collect = findAll;

const CAPITALISED = /(?<![\p{L}])\p{Lu}\p{Ll}{2,}(?![\p{L}])/gu;
/** Surnames of the roster's people (the last word of a name of two or more), built once per context. */
function rosterSurnames(a: Analysis): ReadonlySet<string> {
  return a.ctx.index('roster-surnames', (c) => {
    const out = new Set<string>();
    for (const p of c.people.values()) {
      const parts = p.name.trim().split(/\s+/);
      if (parts.length >= 2) out.add(parts[parts.length - 1]!.toLowerCase());
    }
    return out;
  });
}

/** "Some of / all of / half of / those of" right before "you": a part of a crowd. */
const GROUP_OF_YOU = /(?<![\p{L}])(?:some|all|any|many|most|half|few|none|those|lots|a\s+lot|a\s+bunch|a\s+couple|several|certain\s+ones)\s+of\s+$/iu;
/** A plural right after "you": "you parents", "you guys", "you people", "you all". */
const YOU_GROUP = /^\s+(?:all|guys|people|folks|lot|parents|moms|dads|families|kids|students|players|fans|teachers|coaches|refs|adults|grown-?ups)(?![\p{L}])/iu;

/** The individual a sentence names before an act, if any (roster person, proper name, "you", a role). */
function individualBefore(a: Analysis, sentenceStart: number, actStart: number): string | undefined {
  const before = a.text.slice(sentenceStart, actStart);
  if (GROUP_SUBJECT.test(before.trimEnd())) return undefined;
  const candidates = [...personMentions(a), ...namedPeople(a, sentenceStart, actStart)];
  const named = candidates.filter((m) => m.start >= sentenceStart && m.end <= actStart && !m.group);
  if (named.length > 0) return named[named.length - 1]!.quote;
  // A roster person by surname alone ("Waxaan arkay Hill oo ... drunk on the sideline").
  const surnames = rosterSurnames(a);
  if (surnames.size > 0) {
    let found: string | undefined;
    for (const m of before.matchAll(CAPITALISED)) if (surnames.has(m[0].toLowerCase())) found = m[0];
    if (found !== undefined) return found;
  }
  // A sentence that opens on the person it goes on about: "Kid should quit", "Buddy, nobody is laughing with you".
  const bare = /^\s*(kid|buddy|bro|pal|dude|sweetie|honey)\b/iu.exec(before);
  if (bare !== null) return bare[1];
  INDIVIDUAL.lastIndex = 0;
  let last: string | undefined;
  for (let m = INDIVIDUAL.exec(before); m !== null; m = INDIVIDUAL.exec(before)) {
    // "Some of you parents need to ...", "you guys", "all of you": a crowd addressed, no one in particular.
    if (/^(?:you|u)$/iu.test(m[0]) && (GROUP_OF_YOU.test(before.slice(Math.max(0, m.index - 24), m.index)) || YOU_GROUP.test(before.slice(m.index + m[0].length, m.index + m[0].length + 24)))) continue;
    last = m[0];
  }
  return last;
}

/** Slurs for a sexual orientation, a gender identity, a disability or a race: said of anyone ("the choir teacher is a f*ggot"), they demean. */
const IDENTITY_SLURS = ['faggot', 'fagot', 'fag', 'dyke', 'tranny', 'retard', 'nigger', 'nigga'];
/** What ties an identity slur to someone: being one ("is a", "he's such a"), or a pointer as for any slur. */
const IDENTITY_POINTER = /(?<![\p{L}])(?:is|was|['’]s|are|['’]re|such)\s+(?:a|an|such\s+a|total|complete|(?:a|an)\s+[\p{L}]+)?\s*$/iu;

/** Slurs that name a person ("b!tch", "wh*re"), read from the profanity pass's words with their masks. */
const SLUR_WORDS = ['bitch', 'bitches', 'biatch', 'cunt', 'whore', 'slut', 'skank', 'bastard', 'asshole', 'dickhead', 'douchebag', 'twat', 'prick', ...IDENTITY_SLURS];
/** What points a slur at someone: "that b!tch in room 204", "you're a ...", "she's such a ...". */
const SLUR_POINTER = /(?<![\p{L}])(?:that|this|the|you|ur|you['’]?re\s+(?:a|an|such\s+a)|(?:he|she)['’]?s\s+(?:a|an|such\s+a)|(?:he|she)\s+is\s+(?:a|an|such\s+a))\s+(?:(?:stupid|dumb|lazy|fat|old|little|nasty|crazy|useless)\s+)?$/iu;

/** Does a word, its symbols read back as letters and its masks as any letter ("b!tch", "f*ggot"), spell one of the words? */
/** The whole word around a profanity span, its masks included ("little sh*ts" around "sh*t"): [start, end). */
export function maskedWordAround(text: string, p: Span): [number, number] {
  let ws = p.start;
  let we = p.end;
  while (ws > 0 && MASKED_WORD_CHAR.test(text[ws - 1]!)) ws--;
  while (we < text.length && MASKED_WORD_CHAR.test(text[we]!)) we++;
  return [ws, we];
}
const MASKED_WORD_CHAR = /[\p{L}!@$*#1|0]/u;

export function readsAs(quote: string, words: readonly string[]): boolean {
  const w = quote.toLowerCase().replace(/[!1|]/g, 'i').replace(/@/g, 'a').replace(/\$/g, 's').replace(/0/g, 'o').replace(/[^a-z]/g, '.');
  return words.some((t) => t.length === w.length && [...w].every((ch, i) => ch === '.' || ch === t[i]));
}

/** A slur aimed at a person: the word read back from its mask, pointed at someone, not "of a" something ("this b*tch of a winter"). */
function slursAtPeople(a: Analysis): HarmMatch[] {
  const spans = profanity(a);
  if (spans.length === 0) return [];
  const text = a.text;
  const out: HarmMatch[] = [];
  for (const p of spans) {
    const [ws, we] = maskedWordAround(text, p);
    const word = text.slice(ws, we);
    if (!readsAs(word, SLUR_WORDS)) continue;
    const before = text.slice(Math.max(0, ws - 30), ws);
    const identity = readsAs(word, IDENTITY_SLURS);
    const pointer = SLUR_POINTER.exec(before) ?? (identity ? IDENTITY_POINTER.exec(before) : null);
    if (pointer === null || /^\s+of\s+(?:a|an)\s/iu.test(text.slice(we, we + 8))) continue;
    // "The b*tch who parks in the handicap spot": "the" points at someone only when who or where follows.
    if (/^the\s/iu.test(pointer[0]) && !/^\s+(?:who|that\s+(?:keeps|parks|works|sits|teaches|drives)|in\s+(?:room|the\s+office|the\s+front|accounting|hr)|at\s+the\s+front|from\s+(?:hr|the\s+office|accounting|room|\d))/iu.test(text.slice(we, we + 24))) continue;
    out.push({ ...span(text, ws - pointer[0].length, we), kind: 'insult', target: pointer[0].trim() });
  }
  return out;
}

export function harms(a: Analysis): HarmMatch[] {
  return a.get(HARMS, () => {
    const text = a.text;
    const slurs = slursAtPeople(a);
    if (!['harassment-threats', 'harassment-insults', 'harassment-accusations', 'harassment-group-hate'].some((n) => a.mayMatch(n))) return slurs;
    const m = matchers(a);
    const idioms = collect(m.idioms, text);
    const inIdiom = (s: Span) => idioms.some((i) => i.start <= s.start && s.end <= i.end + 12 && i.start < s.end);
    const condemned = CONDEMN.test(text);
    const sents = sentences(text);
    const sentenceOf = (s: Span) => sents.find((x) => x.start <= s.start && s.start < x.end) ?? { start: 0, end: text.length, quote: text };
    const out: HarmMatch[] = [];
    for (const s of collect(m.threat, text)) {
      if (inIdiom(s) || negatedAt(text, s.start, s.end)) continue;
      const sent = sentenceOf(s);
      if (condemned && REPORTED.test(text.slice(sent.start, s.start))) continue;
      // "Now I know where you live, neighbor: expect a plate of cookies" is a welcome.
      if (/^(?:i|we)\s+know\s+(?:[\p{L}]+\s+){0,2}(?:where|which)/iu.test(s.quote) && KIND.test(sent.quote)) continue;
      if (familyJoke(text, s) || pettyGrievanceJoke(text, s)) continue;
      out.push({ ...s, kind: 'threat' });
    }
    for (const [kind, re] of [
      ['insult', m.insult],
      ['accusation', m.accusation],
    ] as const) {
      for (const s of collect(re, text)) {
        if (negatedAt(text, s.start, s.end) || out.some((o) => o.start < s.end && s.start < o.end)) continue;
        const sent = sentenceOf(s);
        // A character in a book, a show or a lesson is accused of nothing real ("he was arrested for drunk driving in the novel we're reading").
        if (kind === 'accusation' && FICTION.test(sent.quote)) continue;
        // "This lazy troll under the bridge stole the show in our play": a role in a story, not a person called names.
        if (kind === 'insult' && /^(?:this|that)\s/iu.test(s.quote) && FICTION.test(sent.quote)) continue;
        // "Which way he swings", "what team he plays for" are about orientation only beside a sign of it (a pride flag); else a batter or a player.
        if (kind === 'insult' && /(?:plays|bats|swings)(?:\s+for)?$|loafers$/iu.test(s.quote) && !ORIENTATION_CUE.test(text)) continue;
        // "You're a loser", "she's a liar": the act names its own target.
        const own = /^(?:you|he|she|they|koj)\b|\b(?:this|that)\s+(?:kid|boy|girl|child)\b|\b(?:this|that)\s+(?:fat|old|lazy|stupid|ugly|dumb|useless)\s+(?:cow|pig|hag|witch|slob|heifer|walrus|troll)\b|^(?:ese|este|esa|esta)\s+(?:niño|niña|chamac[oa]|muchach[oa]|alumn[oa]|chav[oa])(?![\p{L}])|^(?:that|this)\s+(?:lazy|useless|worthless|miserable|stupid|fat|ugly|nasty)\s+(?:sack|bag|pile|piece|waste)(?![\p{L}])/iu.exec(s.quote)?.[0];
        // "Everybody is laughing at you", "the kids call him a joke": the act holds its target.
        // "which way he swings", "what team she plays for": the pronoun inside is the target.
        const at =
          /(?<![\p{L}])(?:at|of|stand|hates|despises|with)\s+(you|him|her)$|(?<![\p{L}])(?:call|calls|called|calling)\s+(you|him|her)\s|(?<![\p{L}])(he|she)\s+(?:plays|bats|swings)(?![\p{L}])/iu
            .exec(s.quote)
            ?.slice(1)
            .find((x) => x !== undefined);
        // An insinuation carries its target inside ("Funny how the new treasurer bought a boat the same month $8,000 went missing").
        // Money that 'goes missing' with a person hinted at after it in the sentence ("... right after a certain AD books his trips").
        const within =
          kind === 'accusation' && /^funny\s+how/iu.test(s.quote)
            ? (individualBefore(a, s.start, s.end) ?? (MONEY.test(s.quote) ? hintedPerson(text.slice(s.end, sent.end)) : undefined))
            : undefined;
        // "Not saying anything about a certain band director, but ... 👀 draw your own conclusions": the person is hinted at inside.
        const hinted = kind === 'accusation' && /^(?:not|i['’]?m\s+not|no)\s+(?:saying|naming|names)/iu.test(s.quote) ? (hintedPerson(s.quote) ?? personIn(a, s)) : undefined;
        // "Ramirez prances around that gym like a little fairy": the capitalised word right before the mocking verb is its subject,
        // even opening the sentence (a pronoun or 'My daughter' is not: 'She pranced around like a princess' is about a child at play).
        const mocker =
          kind === 'insult' && /^(?:prances?|prancing|pranced|minces?|mincing|minced|sashays?|sashaying|sashayed|flits?|flitting)(?![\p{L}])/iu.test(s.quote)
            ? /(?<![\p{L}])(?!(?:He|She|They|It|We|You|I)\s)(\p{Lu}[\p{L}'’-]+)\s+$/u.exec(text.slice(Math.max(sent.start, s.start - 40), s.start))?.[1]
            : undefined;
        const target = own ?? at ?? individualBefore(a, sent.start, s.start) ?? within ?? mocker ?? hinted;
        // Prancing 'like a little princess/fairy' mocks a man's manner; said of a girl or a woman ("She prances around the kitchen") it is play.
        if (mocker === undefined && /^(?:prances?|prancing|pranced|minces?|mincing|minced|sashays?|sashaying|sashayed|flits?|flitting)(?![\p{L}])/iu.test(s.quote) && /^(?:she|her)$/iu.test(target ?? '')) continue;
        if (target === undefined) continue;
        // "My kid sings like a dying cat in the shower", "my granddaughter Ava throws like a toddler": a joke about the author's own family, not bullying.
        if (kind === 'insult' && /\s(?:like|than)\s+(?:a|my)\s/iu.test(s.quote) && (OWN_FAMILY.test(target) || ownFamilyNamed(text.slice(sent.start, s.start), target))) continue;
        out.push({ ...span(text, s.start, s.end), kind, target });
      }
    }
    for (const s of collect(m.groupHate, text)) {
      if (negatedAt(text, s.start, s.end)) continue;
      // "Send them back" is hate only when the post is about people by origin or faith.
      // So are "ship 'em all back" and "the halls smell like a goat farm".
      if (/^(?:send|ship|shipping|deport|deporting)\s/i.test(s.quote) || /(?:smell|stink|stank|reek)/i.test(s.quote)) {
        // "... can't be bothered to learn English. Send them back where they came from": refusing the language marks people by
        // origin; and "back where they came from" said of families or people (not of parcels) is about origin too.
        if (!PROTECTED.test(text) && !LANGUAGE_SNEER.test(text) && !(/came\s+from$/i.test(s.quote) && ORIGIN_PEOPLE.test(text))) continue;
      }
      // "Go back home." told to a group by origin or faith: an imperative opening its sentence (or after "or", "just"), not
      // "we had to go back home" after a field trip.
      if (/^go\s+back\s+(?:home|to\s+(?:your|their)\s+(?:own\s+)?countr(?:y|ies))$/i.test(s.quote) && (!PROTECTED.test(text) || !/^(?:\s*|.*(?<![\p{L}])(?:or|just|so)\s+)$/iu.test(text.slice(sentenceOf(s).start, s.start)))) continue;
      const sent = sentenceOf(s);
      if (condemned && REPORTED.test(text.slice(sent.start, sent.end))) continue;
      // "A kid in my town got told 'go back where you came from'": words someone was told, quoted, are reported, not the author's.
      if (TOLD_QUOTE.test(text.slice(Math.max(sent.start, s.start - 80), s.start))) continue;
      // "A flyer claiming 'the X control the media.' It's one of the oldest lies": words reported and called a lie or a myth.
      if (QUOTED_OR_CLAIMED.test(text.slice(sent.start, s.start)) && REFUTED.test(text)) continue;
      out.push({ ...s, kind: 'group-hate' });
    }
    for (const s of slurs) if (!out.some((o) => o.start < s.end && s.start < o.end)) out.push(s);
    return out.sort((x, y) => x.start - y.start);
  });
}


const ABOUT_PEOPLE = /kids|students|class|period|hour|schoolers|bus\s+riders|(?:primera|segunda|tercera|cuarta|quinta|sexta|s[ée]ptima|octava)\s+hora|alumn|estudiante|chamac|niños|muchachos|chavos|padres|papás|mamás|colegas|maestr|compañeros|freshm|sophomore|junior|senior|parent|families|moms|dads|coworker|co-worker|colleague|staff|teacher|principal|coach|secretary|players|athletes|grader|grade|band|choir|orchestra|team|brats|children|teenagers|\b(?:mom|dad|mother|father|sons?|daughters?|child|kid)\b|conferences?\b|open house|\badmins?\b|administration|central\s+office|district\s+office|front\s+office|squad|roster|\bjv\b|varsity|\bap\b|assistant\s+principal|\bvp\b|department|custodians?|crew|kinder|\bpd\b|\bplc\b|\b\d{1,2}(?:a|ra|da|ta|va|na|ma)\s+hora\b/i;
/** The match names the people itself ("nobody from that house" is a family), in a post about school (not a family reunion). */
const PEOPLE_IN_MATCH = /\b(?:house|household|family|guardians?)\b/i;
const SCHOOL_HINT = /\b(?:absent|absences|attendance|office|school|class|teacher|conferences?|homework|folder|pick-?up|drop-?off|bus|tardy|tardies|iep|report\s+card)\b/i;
/** Teams of grown-ups' games and leagues, which no school group is: fantasy football, bowling, trivia, darts, a rec or beer league. */
const ADULT_TEAM = /(?<![\p{L}])(?:fantasy(?:\s+(?:football|baseball|basketball|hockey|soccer|golf|league))?|bowling|trivia|pub\s+quiz|darts?|beer\s+league|rec\s+league|adult\s+league|curling|cornhole|pickleball|golf\s+league|softball\s+league)\s+(?:team|squad|roster|lineup|league|crew)(?![\p{L}])/giu;

/** Demeaning or mocking students, families or colleagues as a group (no individual target: that is harassment). */
export function demeaning(a: Analysis): Span[] {
  return a.get(DEMEANING, () => {
    const found = collect(a.lexicon('unprofessional'), a.text);
    if (found.length === 0) return [];
    const sents = sentences(a.text);
    const taken: Span[] = harms(a);
    // A protected group dehumanised in the same words is harassment (the graver finding), not mere mockery.
    const hate = dehumanizing(a).filter((d) => d.group === 'protected');
    return found.filter((s) => {
      if (taken.some((h) => h.start < s.end && s.start < h.end) || hate.some((h) => h.start < s.end && s.start < h.end)) return false;
      if (negatedAt(a.text, s.start, s.end)) return false;
      // About students, families or colleagues: said in the sentence, or in the post around it ("Asked my juniors ... We are doomed").
      const sent = sents.find((x) => x.start <= s.start && s.start < x.end);
      // A fantasy, bowling or trivia team is no school group ("My fantasy football team is a circus").
      const text = a.text.replace(ADULT_TEAM, ' ');
      return ABOUT_PEOPLE.test((sent?.quote ?? a.text).replace(ADULT_TEAM, ' ')) || ABOUT_PEOPLE.test(text) || (PEOPLE_IN_MATCH.test(s.quote) && SCHOOL_HINT.test(text));
    });
  });
}
