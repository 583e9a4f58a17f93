// Hate beyond name-calling: a group named by origin, faith, race, sexuality, gender or disability as the subject of an
// exclusion or a blanket charge ("Muslims don't belong in this country", "these illegals are stealing our jobs",
// "Somalis ruin every neighborhood they move into", "gay people shouldn't be around kids"). Condemnation, reported
// words and negation are left out ("saying immigrants don't belong here is racist"). Runs only when a word of the
// group-hate-predicates lexicon is in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import { NOT_THEIRS, PROTECTED_GROUP, REPORTED } from './dehumanizing.js';
import { negatedInClause } from './substances.js';
import { findAll, sentences, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const GROUP_HATE_PREDICATES = memoSlot('group-hate-predicates');

/** Naming a stereotype to refute it ("the myth that immigrants are criminals"). */
const MYTH = /(?<![\p{L}])(?:myths?|stereotypes?|debunk\w*|false|lies?|misconceptions?|tropes?|data\s+shows?|studies\s+show|fact[- ]check\w*)(?![\p{L}])/iu;

/** A pronoun subject that stands for a group: "they", "these people", "people like that", "'em". */
const PRONOUN_SUBJECT = /(?<![\p{L}])(?:they|these\s+people|those\s+people|these\s+folks|those\s+folks|people\s+like\s+(?:that|them|him|her)|them|['’]?em)(?![\p{L}])/iu;
/** The same pronouns opening the sentence, the predicate a few clauses on. */
const SENTENCE_PRONOUN = /^\s*(?:they|these\s+people|those\s+people|these\s+folks|those\s+folks)(?![\p{L}])/iu;
/** An origin, faith or gender identity named as an adjective of anyone ("Somali interpreters", "Muslim neighbors", boys who "feel like girls"). */
const PROTECTED_ORIGIN = /(?<![\p{L}])(?:trans|transgender|nonbinary|non-binary|gay|lesbian|queer|(?:feel|feels|identify|identifies)\s+(?:like|as)\s+(?:a\s+)?(?:girl|boy|woman|man)|somali|mexican|muslim|hmong|immigrant|refugee|hispanic|latino|jewish|arab|african|haitian|syrian|afghan|ukrainian|guatemalan|honduran|karen|oromo|ethiopian|eritrean|sudanese|congolese)s?(?![\p{L}])/iu;

/** A stand-in for a group inside the predicate itself ("nobody wants that kind of guy / people like that around kids"). */
const IN_PREDICATE = /(?<![\p{L}])(?:that\s+kind\s+of\s+\p{L}+|people\s+like\s+(?:that|him|her|them)|those\s+people|him|her|them|['’]?em)(?![\p{L}])/iu;
/** A colleague's same-sex partner named before such a stand-in ("Patel can keep his boyfriend stuff at home."). */
const SAME_SEX_PARTNER = /(?<![\p{L}])(?:his\s+boyfriend|her\s+girlfriend|his\s+husband|her\s+wife)(?![\p{L}])/iu;

export function groupHatePredicates(a: Analysis): Span[] {
  return a.get(GROUP_HATE_PREDICATES, () => {
    if (!a.mayMatch('group-hate-predicates')) return [];
    const text = a.text;
    const found = findAll(a.lexicon('group-hate-predicates'), text);
    if (found.length === 0) return [];
    const sents = sentences(text);
    const out: Span[] = [];
    for (const p of found) {
      const sent = sents.find((x) => x.start <= p.start && p.start < x.end) ?? { start: 0, end: text.length, quote: text };
      const before = text.slice(sent.start, p.start);
      // The group is the subject: named in the same clause, at most eight words before the predicate.
      const clause = before.slice(Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':')) + 1);
      const near = clause.split(/\s+/).slice(-9).join(' ');
      let g = PROTECTED_GROUP.exec(near);
      let gStart = g === null ? 0 : sent.start + before.length - near.length + g.index;
      if (g === null) {
        // "They" or "these people" standing for a group named by origin or faith in the sentence before or earlier in this one
        // ("Every year more Somalis move in ... They breed like rabbits", "Half the booths had Somali interpreters. These people
        // come here, won't learn English"): the pronoun in the clause, or opening the sentence.
        const inClause = PRONOUN_SUBJECT.exec(near);
        // (The predicate may open with the pronoun itself: "They're mentally ill".)
        const opening = inClause === null ? SENTENCE_PRONOUN.exec(text.slice(sent.start, p.end)) : null;
        // "Nobody wants that kind of guy around middle schoolers": the stand-in for the group is inside the predicate.
        const within = inClause === null && opening === null ? IN_PREDICATE.exec(p.quote) : null;
        const pro = inClause ?? opening ?? within;
        if (pro === null) continue;
        const proStart = inClause !== null ? sent.start + before.length - near.length + pro.index : opening !== null ? sent.start + pro.index : p.start + pro.index;
        const k = sents.indexOf(sent);
        // Two sentences back: "boys who 'feel like girls' get the girls' locker room? Not on my watch. These people are ...".
        const earlier = text.slice(k > 1 ? sents[k - 2]!.start : k > 0 ? sents[k - 1]!.start : sent.start, proStart);
        if (!PROTECTED_GROUP.test(earlier) && !PROTECTED_ORIGIN.test(earlier) && !(within !== null && SAME_SEX_PARTNER.test(earlier))) continue;
        g = pro;
        gStart = proStart;
      }
      if (sent.quote.includes('?') || MYTH.test(sent.quote) || NOT_THEIRS.test(sent.quote) || REPORTED.test(before) || /(?<![\p{L}])(?:racis\w*|bigot\w*|hate|hateful|wrong|gross|disgusting|ignorant)(?![\p{L}])/iu.test(text.slice(p.end, sent.end))) continue;
      // Negation before the group or inside the predicate's clause ("no one thinks immigrants ...").
      // (Not when the stand-in is inside the predicate: its 'nobody wants' is the exclusion itself.)
      if (!(p.start <= gStart && gStart < p.end) && negatedInClause(text, sent, { start: gStart, end: gStart + g[0].length, quote: g[0] })) continue;
      out.push({ start: gStart, end: p.end, quote: text.slice(gStart, p.end) });
    }
    return out;
  });
}
