// A district decision stated as settled fact: an assertion ("Confirmed:", "it's official", "breaking:", "I can confirm")
// or a date to come ("next fall", "starting in January") in a sentence whose subject is the district or one of its
// schools, followed by a change it makes ("APS is switching every student to iPads next fall"). Hearsay, hopes and
// questions ("rumor is", "I hope APS is switching") are not; an employee's own plans ("I'm switching to 2nd grade at
// Lincoln next fall") are not, since the district is not the one acting. Crediting or linking the district's own
// announcement is left to the rules (creditsDistrict). Runs only when a word of district-decision-claims is in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import { districtRefs } from './district.js';
import { findAll, sentences, span, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const DISTRICT_DECISION_CLAIM = memoSlot('district-decision-claim');

/** Right after the district's name: a change it makes ("is switching", "will cut", or in the present: "APS goes to a 4-day week"). */
const CHANGE = /^(?:['’]s|(?:\s+(?:football|athletics|sports|activities|transportation|administration|band|music|hockey|basketball|volleyball|soccer|wrestling|theater|theatre|robotics|food\s+service))?\s+(?:officially\s+|finally\s+|now\s+|just\s+)?(?:is|are|will\s+be|will|is\s+going\s+to|are\s+going\s+to|is\s+gonna|plans\s+to|is\s+planning\s+to|has\s+decided\s+to|decided\s+to|voted\s+to|is\s+about\s+to|has|have)|(?=\s+(?:goes|moves|switches|cuts|drops|adds|bans|closes|eliminates|adopts|replaces|consolidates|merges|extends|shortens|cancels|shifts|launches|outsources|mandates|requires)\s))\s+(?:not\s+|never\s+)?(?:officially\s+|finally\s+|now\s+|quietly\s+)?(?:switch\w*|mov(?:e|es|ed|ing)\s+(?:to|all|every|from|away|(?:(?!(?:my|our|his|her)\s)[\p{L}-]+\s+){1,2}?(?:to|from)(?=\s))|cut\w*|replac\w*|retir\w*|drop\w*|add\w*|eliminat\w*|clos\w*|getting\s+rid\s+of|get\s+rid\s+of|gotten\s+rid\s+of|chang\w*|end(?:s|ed|ing)?|ban\w*|requir\w*|buy\w*|bought|purchas\w*|lay\w*\s+off|laid\s+off|consolidat\w*|merg\w*|rais\w*|extend\w*|shorten\w*|cancel\w*|shift\w*|phas\w*\s+out|roll\w*\s+out|launch\w*|adopt\w*|implement\w*|outsourc\w*|reduc\w*|increas\w*|go(?:es|ing)?\s+to\s+(?:a\s+)?(?:four|4)[- ]day|go(?:es|ing)?\s+to\s+(?:a\s+)?(?:new|different)|start\w*\s+(?:later|earlier)|mandat\w*)(?![\p{L}])/iu;
/** Markers of inside knowledge rather than assertion. */
const INSIDER = /^(?:hearing|heard|word|straight|can|not\s+supposed|off|insider|you\s+heard|got|getting|just|keep|don)/iu;
/** A district change named as coming: cuts, layoffs, closings, a new leader. */
const COMING_CHANGE = /(?<![\p{L}])(?:(?:teacher|staff|budget|program|position|bus|arts|music|sports)\s+)?(?:cuts|layoffs|lay-offs|closures?|closing|consolidation|reductions?|pink\s+slips|furloughs|(?:\d+|two|three|four|five|six|several|a\s+dozen|a\s+few)\s+(?:[\p{L}-]+\s+)?positions|new\s+(?:principal|superintendent|start\s+times?|schedule|calendar|policy)|(?:four|4)[- ]day\s+(?:school\s+)?weeks?)(?![\p{L}])/iu;
/** A secret of the author's own: a party, a gift, a surprise. */
const PRIVATE_SECRET = /(?<![\p{L}])(?:surprise|party|birthday|gift|present|shower|proposal|engaged|pregnant|baby)(?![\p{L}])/iu;
const HEARD_IT_FIRST = /you\s+heard\s+it\s+here\s+first/giu;
/** Not a claim: hearsay, a wish, a proposal, a question, or a game. */
const NOT_A_CLAIM = /\?|(?<![\p{L}])(?:rumou?rs?|heard|hearing|apparently|supposedly|allegedly|might|may|maybe|possibly|probably|hope|hoping|wish|should|would|could|petition|proposal|propos\w*|consider\w*|survey|thinking\s+about|talking\s+about|discuss\w*|i\s+think|not\s+sure|if|unless|whether|playoffs?|semi-?finals?|finals|state\s+tournament|sections|championship|to\s+state)(?![\p{L}])/iu;

export function districtDecisionClaim(a: Analysis): Span | undefined {
  return a.get(DISTRICT_DECISION_CLAIM, () => {
    if (!a.mayMatch('district-decision-claims')) return undefined;
    const text = a.text;
    const markers = findAll(a.lexicon('district-decision-claims'), text);
    if (markers.length === 0) return undefined;
    const refs = districtRefs(a);
    if (refs.length === 0) return undefined;
    const sents = sentences(text);
    for (const m of markers) {
      const at = sents.findIndex((s) => s.start <= m.start && m.start < s.end);
      // "Confirmed!" on its own: the claim is the next sentence.
      const own = sents[at];
      const targets = own !== undefined && own.end - m.end <= 2 && at + 1 < sents.length ? [own, sents[at + 1]!] : own !== undefined ? [own] : [];
      for (const sent of targets) {
        // Inside knowledge ("hearing from the board", "can't say much yet"): a coming change named anywhere in the sentence is the claim.
        if (INSIDER.test(m.quote)) {
          const c = COMING_CHANGE.exec(sent.quote);
          // "our new principal" is someone already here; a party or a gift is the secret, not a decision.
          const settled = c !== null && (/(?:our|my|your|his|her|their)\s+$/iu.test(sent.quote.slice(0, c.index)) || PRIVATE_SECRET.test(sent.quote));
          if (c !== null && !settled && !/\?/.test(sent.quote)) return span(text, sent.start + c.index, sent.start + c.index + c[0].length);
        }
        // "You heard it here first" boasts of the news; it is not hearsay.
        if (NOT_A_CLAIM.test(sent.quote.replace(HEARD_IT_FIRST, ''))) continue;
        for (const r of refs) {
          if (r.start < sent.start || r.end > sent.end) continue;
          const c = CHANGE.exec(text.slice(r.end, sent.end));
          if (c !== null) return span(text, r.start, r.end + c[0].length);
        }
      }
    }
    return undefined;
  });
}
