// Dehumanising comparisons: a group of people said to be (or be like) animals, vermin, a disease, zombies, trash.
// A group named by origin, faith, race, sexuality, gender or disability is hate (harassment-or-threat, Policy 413);
// students, families or colleagues are mocked (unprofessional-conduct). The term must be what the group is said to
// be ("Muslims are a cancer on this country", "my 7th hour is a room full of zombies"), so "my kids dressed as
// zombies", "4-H kids showed their pigs", "women are cancer survivors" and "stop treating refugees like animals" are not.
// Runs only when a word of the dehumanizing-terms lexicon is in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import { negatedInClause } from './substances.js';
import { findAll, sentences, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const DEHUMANIZING = memoSlot('dehumanizing');

export type GroupKind = 'protected' | 'school';

export interface Dehumanizing extends Span {
  group: GroupKind;
  /** The group as written. */
  who: string;
}

export const PROTECTED_GROUP = /(?<![\p{L}])(?:somalíes|somalies|mexicanos|musulmanes|inmigrantes|refugiados|judíos|judios|negros|latinos|hispanos|asiáticos|asiaticos|muslims|jews|jewish\s+people|christians|catholics|mormons|hindus|sikhs|immigrants|migrants|refugees|illegals|foreigners|mexicans|somalis|hmong|blacks|black\s+people|black\s+folks|whites|white\s+people|asians|chinese\s+people|chinese|indians|arabs|africans|natives|native\s+americans|latinos|latinas|latinx|hispanics|gays|gay\s+people|gay\s+men|lesbians|queers|trans\s+people|trans\s+kids|trans\s+women|trans\s+men|transgender\s+people|women|girls|disabled\s+people|disabled\s+kids|autistic\s+(?:kids|people)|sped\s+kids|special\s+ed\s+kids|people\s+from\s+(?:the|that|those)\s+(?:reservations?|rez)|(?:somali|mexican|muslim|hmong|immigrant|refugee|black|hispanic|latino|asian|jewish|gay|lesbian|bisexual|queer|nonbinary|non-binary|trans|transgender|disabled|autistic|arab|african|indian|native)\s+(?:families|kids|students|people|children|parents|folks|men|women|neighbors|teachers|coaches|staff|employees|workers|colleagues|couples))(?![\p{L}])/iu;
export const SCHOOL_GROUP = /(?<![\p{L}])(?:(?:my|our|this|these|those|the|his|her|their)\s+)?(?:(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)\s+(?:hour|period|block|graders?)(?:\s+(?:class|kids|students|crew|bunch))?|(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)[- ]graders|students|kids|class|classes|homeroom|advisory|freshmen|sophomores|juniors|seniors|middle\s+schoolers|teenagers|teens|parents|families|moms|dads|coworkers|co-workers|colleagues|staff|teachers|faculty|admin|administrators|administration|children|bus\s+kids|lunch\s+crowd)(?![\p{L}])/iu;
/** What joins the group to the term: being, becoming, acting like, a room (bunch, pack) of. */
const LINK = /(?<![\p{L}])(?:are|were|is|was|['’]re|r|be|being|become|became|turned\s+into|turn\s+into|acting\s+like|act\s+like|acts\s+like|live\s+like|lives\s+like|living\s+like|lived\s+like|behaving\s+like|behave\s+like|behaves\s+like|nothing\s+but|room\s+full\s+of|roomful\s+of|full\s+of|bunch\s+of|pack\s+of|herd\s+of|horde\s+of|hordes\s+of|flock\s+of|swarm\s+of|zoo\s+of)\s+(?:(?:a|an|the|such|absolute|complete|total|utter|little|mindless|brainless|walking|dirty|filthy|wild|feral|rabid|savage|disgusting|lazy|literal|literally|basically|just|all|straight\s+up|nothing\s+but|a\s+bunch\s+of|a\s+room\s+full\s+of|a\s+pack\s+of|a\s+herd\s+of|a\s+zoo\s+of|like)\s+){0,3}$/iu;
/** The term names what they are, not a kind of thing ("cancer survivors", "zombie run", "animals unit"). */
const AFTER_TERM = /^(?:\s*$|\s*[,.;:!?…)"”'’]|\s+(?:on|in|to|of|for|who|that|which|and|with|from|than|this|these|all|when|everywhere|again|now|today|some\s+days|most\s+days|every\s+day|half\s+the\s+time|lol|smh|honestly|tbh|i\s|we\s)|\s+\p{L}+ing(?![\p{L}])|\s*\p{Extended_Pictographic})/iu;
/** Reporting, condemning or describing how others treat a group ("treated like animals", "calling refugees vermin is wrong", "quit talking about them like ..."). */
export const NOT_THEIRS = /(?<![\p{L}])(?:treat\w*|talk\w*\s+about|speak\w*\s+(?:of|about)|refer\w*\s+to|seen\s+as|viewed\s+as|portray\w*|depict\w*|describ\w*|call\w*|label\w*|compar\w*|dehumaniz\w*|dehumanis\w*|forced\s+to|had\s+to|made\s+to|racis\w*|bigot\w*|hate\s+speech|unacceptable|wrong|disgusting\s+to\s+(?:call|say)|no\s+place|condemn\w*|stand\s+(?:with|against)|propaganda|history|holocaust|genocide|nazis?|lesson|unit|novel|book)(?![\p{L}])|["“”]/iu;
/** Someone else's words, reported before them ("my uncle said immigrants are animals"). */
export const REPORTED = /(?<![\p{L}])(?:said|says|saying|wrote|written|scrawled|yelled|yelling|shouted|shouting|screamed|screaming|chanted|chanting|claims?|claimed|claiming|posted|heard)(?![\p{L}])/iu;
/** School words around a harmless sentence: costumes, a 5K, a farm, a lesson about animals. */
const HARMLESS_SCHOOL = /(?<![\p{L}])(?:costumes?|dress(?:ed|ing)?\s+(?:up\s+)?(?:as|like)|halloween|parade|5k|fun\s+run|musical|play|makeup|face\s+paint|tag|movie|book|story|novel|unit|lesson|dissect\w*|learn\w*|stud(?:y|ied|ying)|zoo\s+trip|farm|fair|4-h|ffa|barn|science|biology|mascot|pets?|adopt\w*|shelter|rescue|lovers?|obsessed|fundraiser|walk|race|flash\s+mob|theme|dress[- ]up|spirit\s+(?:week|day)|nativity|pageant|defen[cs]e|defensive|offen[cs]e|weight\s+room|on\s+the\s+(?:field|court|mat|ice|floor)|hustle|competitors?)(?![\p{L}])/iu;

export function dehumanizing(a: Analysis): Dehumanizing[] {
  return a.get(DEHUMANIZING, () => {
    if (!a.mayMatch('dehumanizing-terms')) return [];
    const text = a.text;
    const terms = findAll(a.lexicon('dehumanizing-terms'), text);
    if (terms.length === 0) return [];
    const sents = sentences(text);
    const out: Dehumanizing[] = [];
    for (const t of terms) {
      const sent = sents.find((x) => x.start <= t.start && t.start < x.end) ?? { start: 0, end: text.length, quote: text };
      const before = text.slice(sent.start, t.start);
      const link = LINK.exec(before);
      if (link === null || !AFTER_TERM.test(text.slice(t.end, t.end + 12))) continue;
      if (negatedInClause(text, sent, { start: sent.start + link.index, end: t.end, quote: '' }) || NOT_THEIRS.test(sent.quote) || REPORTED.test(before)) continue;
      // The group is the subject of the link: named in the words before it, in the same clause.
      const subject = before.slice(0, link.index);
      const clauseStart = Math.max(subject.lastIndexOf(','), subject.lastIndexOf(';'), subject.lastIndexOf(':')) + 1;
      const clause = subject.slice(clauseStart);
      // Offsets of the group: the sentence's start plus the clause's start within it.
      const at = sent.start + clauseStart;
      const prot = PROTECTED_GROUP.exec(clause);
      if (prot !== null) {
        out.push({ start: at + prot.index, end: t.end, quote: text.slice(at + prot.index, t.end), group: 'protected', who: prot[0] });
        continue;
      }
      const school = SCHOOL_GROUP.exec(clause);
      if (school !== null && !HARMLESS_SCHOOL.test(sent.quote)) {
        out.push({ start: at + school.index, end: t.end, quote: text.slice(at + school.index, t.end), group: 'school', who: school[0] });
      }
    }
    return out;
  });
}
