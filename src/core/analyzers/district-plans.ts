// The district's plans stated as fact: "APS will begin construction on the new Woodland gym in March",
// "Woodland's new library is set to open in January". From an authorized spokesperson these words are the
// district's own, whatever the verb, so the spokesperson rule reads them even where no announcement phrase
// (closings, delays, board votes) appears. Hedges, wishes, questions and game previews are not plans.
import type { Analysis } from '../analysis.js';
import { districtRefs } from './district.js';
import { sentences, span, type Span } from './text.js';

/** After the district's name (or its building's, with a possessive noun or two): a plan in the future tense. */
const PLAN = /^(?:['’]s(?:\s+[\p{L}-]+){1,3}?)?\s+(?:will|is\s+going\s+to|are\s+going\s+to|plans\s+to|is\s+planning\s+to|is\s+set\s+to|are\s+set\s+to|is\s+scheduled\s+to|are\s+scheduled\s+to|has\s+decided\s+to|expects\s+to)\s+(?:officially\s+|finally\s+|also\s+|soon\s+)?(\p{L}+)/iu;
/** Not a plan the author states: hearsay, a wish, a proposal, a question, a condition. */
const HEDGE = /\?|(?<![\p{L}])(?:rumou?rs?|heard|hearing|apparently|supposedly|allegedly|might|maybe|possibly|probably|hope|hoping|wish|should|would|could|if|unless|whether|i\s+think|not\s+sure|petition|proposal|propos\w*|consider\w*)(?![\p{L}])/iu;
/** Verbs of a game, not of the district's plans ("JHS will play Brainerd Friday"). */
const GAME = /^(?:play|face|meet|take|travel|compete|win|beat|battle|need|be)$/i;

export function districtPlan(a: Analysis): Span | undefined {
  return a.get('district-plan', () => {
    const refs = districtRefs(a);
    if (refs.length === 0 || !/\b(?:will|going|plans?|planning|set|scheduled|decided|expects)\b/i.test(a.text)) return undefined;
    const text = a.text;
    for (const sent of sentences(text)) {
      if (HEDGE.test(sent.quote)) continue;
      for (const r of refs) {
        if (r.start < sent.start || r.end > sent.end) continue;
        const m = PLAN.exec(text.slice(r.end, sent.end));
        if (m === null || GAME.test(m[1]!)) continue;
        return span(text, r.start, r.end + m[0].length);
      }
    }
    return undefined;
  });
}
