// Drug and alcohol talk beyond the fixed phrases of the conduct lists: drug words in any sentence that is not
// about gardens, laws, health or teaching ("no thoughts, just weed"), and drinking told by quantity or intensity
// ("three shots deep"), or at a school event. Each family runs only when its lexicon's gate words are in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import { NOT_DRINK_SHOTS, type ConductMatch } from './conduct.js';
import { findAll, negatedAt, sentences, span, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const SUBSTANCE_USE = memoSlot('substance-use');

/** A sentence about drugs as a subject (law, health, prevention, teaching, a complaint), not the author's use or praise of it. */
const ABOUT_DRUGS = /(?<![\p{L}])(?:legal\w*|illegal|laws?|bill|ballot|vot(?:e|ed|ing)|dispensar\w*|policy|policies|prevention|awareness|educat\w*|curriculum|lesson|unit|health\s+class|d\.?a\.?r\.?e\.?|red\s+ribbon|addict\w*|overdos\w*|recovery|rehab|sober\w*|research|stud(?:y|ies)|medical|prescri\w*|dangers?|risks?|caught|confiscat\w*|arrest\w*|police|smell\w*|stink\w*|reek\w*|odou?r|complain\w*|detectors?|drug[- ]free|say\s+no|talk\s+to\s+(?:your|our)\s+kids|tax\w*|revenue|zoning|city\s+council|news|article|report(?:ed|s)?|documentar\w*|guides?|handouts?|pamphlets?|brochures?|flyers?|resources?|webinar|info\s+session|start\s+the\s+conversation|(?:have|having)\s+the\s+(?:talk|conversation)|warning\s+signs|signs\s+of|mdh|cdc|health\s+department|public\s+health|podcast|film(?!\s+night)|movie(?!\s+night)|book(?!\s+club)|history)(?![\p{L}])/iu;
/** Garden and chore words around "weed". */
const GARDEN = /(?<![\p{L}])(?:pull\w*|garden\w*|yard|lawn|flower\s*beds?|mulch|dandelions?|hoe|hoeing|whack\w*|spray\w*|killer|patio|sidewalk|cracks?)(?![\p{L}])/iu;
/** School events and duties: drinking before or at them is conduct at work. */
const SCHOOL_EVENT = /(?<![\p{L}])(?:homecoming|prom|graduation|commencement|school\s+dance|the\s+dance|pep\s+rally|field\s+trip|open\s+house|conferences|assembly|banquet|staff\s+meeting|faculty\s+meeting|in-?service|chaperon\w*|recess|lunch\s+duty|bus\s+duty|hall\s+duty|first\s+hour|1st\s+hour|homeroom|class|school|work)(?![\p{L}])/iu;

/** A stop that is a place: the bus stop, a truck stop, the last stop. */
const STOP_PLACE = /(?<![\p{L}])(?:bus|truck|pit|rest|last|next|first|one|full|whistle|coffee|photo|tour|train|subway)[\s-]+stops?(?![\p{L}])/giu;

/**
 * negatedAt() within the clause of the span only: "no thoughts, just weed" is not negated by the "no" before the comma,
 * "never smoked weed" is.
 */
export function negatedInClause(text: string, sent: Span, s: Span): boolean {
  let from = s.start;
  while (from > sent.start && !/[,;:—–(]/.test(text[from - 1]!)) from--;
  let to = s.end;
  while (to < sent.end && !/[,;:—–)]/.test(text[to]!)) to++;
  // "Stop" as a place is no negation ("at the bus stop and you'll find out what happens"): blanked, offsets kept.
  const clause = text.slice(from, to).replace(STOP_PLACE, (m) => ' '.repeat(m.length));
  return negatedAt(clause, s.start - from, s.end - from);
}

export function sentenceAt(sents: readonly Span[], at: number, text: string): Span {
  return sents.find((s) => s.start <= at && at < s.end) ?? { start: 0, end: text.length, quote: text };
}

/** Words that make a sentence about cannabis law or shops rather than use ("legal", "dispensary", "recreational"). */
const LEGAL_WORDS = /(?<![\p{L}])(?:legal\w*|dispensar\w*|recreational)(?![\p{L}])/giu;
/** The author's own use ("tried", "picked up", "first time"), with no one else as its subject. */
const OWN_USE = /(?<![\p{L}])(?:tried|try|trying|smoked|smoking|ate|eating|took|taking|bought|buying|picked\s+up|hit\s+up|visited|stopped\s+(?:by|at)|went\s+to|first\s+time|sampl\w+|enjoy\w*)(?![\p{L}])/iu;
const SOMEONE_ELSE = /(?<![\p{L}])(?:he|she|they|students?|kids?|someone|people|parents?|a\s+(?:kid|student|parent))(?![\p{L}])/iu;

/**
 * "Spent the weekend in Denver, tried a legal dispensary": drug use legal in a state is still illegal under federal law
 * (rules.md), so a sentence that is about the law or a shop only through those words still tells the author's own use.
 */
function ownUseWhereLegal(q: string): boolean {
  return OWN_USE.test(q) && !SOMEONE_ELSE.test(q) && !ABOUT_DRUGS.test(q.replace(LEGAL_WORDS, ' '));
}

export function substanceUse(a: Analysis): ConductMatch[] {
  return a.get(SUBSTANCE_USE, () => {
    const drugs = a.mayMatch('substance-drug-terms');
    const drink = a.mayMatch('substance-drink-quantity');
    if (!drugs && !drink) return [];
    const text = a.text;
    const sents = sentences(text);
    const out: ConductMatch[] = [];
    if (drugs) {
      for (const s of findAll(a.lexicon('substance-drug-terms'), text)) {
        const sent = sentenceAt(sents, s.start, text);
        if (negatedInClause(text, sent, s) || (ABOUT_DRUGS.test(sent.quote) && !ownUseWhereLegal(sent.quote))) continue;
        if (/^weed/i.test(s.quote) && GARDEN.test(text.slice(Math.max(sent.start, s.start - 40), Math.min(sent.end, s.end + 40)))) continue;
        out.push({ ...s, category: 'drugs' });
      }
    }
    if (drink) {
      for (const s of findAll(a.lexicon('substance-drink-quantity'), text)) {
        const sent = sentenceAt(sents, s.start, text);
        if (negatedInClause(text, sent, s) || ABOUT_DRUGS.test(sent.quote)) continue;
        // Shots at a clinic are vaccinations ("63 shots given"), shots in a game are attempts ("23 shots on goal").
        if (/shots?(?![\p{L}])/iu.test(s.quote) && NOT_DRINK_SHOTS.test(sent.quote)) continue;
        const atSchool = SCHOOL_EVENT.test(text.slice(s.start, sent.end));
        out.push({ ...span(text, s.start, s.end), category: atSchool ? 'at-work' : 'intoxication' });
      }
    }
    return out.sort((x, y) => x.start - y.start);
  });
}
