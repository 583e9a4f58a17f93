// Theft told in the first person or recommended ("I lifted a candle from Target", "self-checkout 'mistakes' are a
// discount, just scan the cheap avocados for the expensive ones"), past the idioms that share its verbs ("stole the
// show", "lifted weights", "swiped right", "stole this idea from my teaching partner"). Runs only when the
// theft-acts lexicon's gate words are in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import type { ConductMatch } from './conduct.js';
import { negatedInClause } from './substances.js';
import { findAll, sentences, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const THEFT = memoSlot('theft');

/** What the taking verbs also mean: a show, a base, a heart, weights, a card, a right swipe, a look, an idea. */
const IDIOM_OBJECT = /^\s+(?:(?:the|a|an|my|your|his|her|our|their|some|this|that)\s+)?(?:(?:whole|entire|little|quick|few|brief|second|first)\s+)?(?:show|spotlight|scene|base|bases|second|third|home|heart|hearts|kiss|kisses|glance|glances|look|looks|moment|nap|minute|minutes|second|breath|weights?|spirits?|mood|ban|restrictions?|mask\s+mandate|right|left|up|my\s+card|card|badge|idea|ideas|recipe|line|joke|quote|look|win|victory|lead|ball|puck|pass|rebound|title|crown|game|seat|spot|picture|photo|pic|selfie|nerve|muscle|cold|covid|bug|flu|virus|lunch\s+break|day\s+off|shower|bath|walk|drive|test|quiz|exam|class|course|break|turns?|time|deep\s+breath|step\s+back|chance|shot|job|position|role|nap)(?![\p{L}])/iu;
/** Where the taking is theft: from a store, a restaurant, a hotel or the workplace, or without paying. */
const ILLICIT = /(?<![\p{L}])(?:from\s+(?:the\s+|a\s+|work|my\s+job)?(?:store|shop|mall|supermarket|grocery(?:\s+store)?|gas\s+station|hotel|motel|restaurant|bar|target|walmart|costco|cub|aldi|kohl'?s|menards|fleet\s+farm|kwik\s+trip|holiday|casey'?s|cvs|walgreens|best\s+buy|home\s+depot|lowe'?s|dollar\s+(?:store|general|tree)|work|the\s+office|supply\s+closet|the\s+supply\s+room|the\s+school|the\s+cafeteria|the\s+lounge|concessions?|the\s+concession\s+stand)|without\s+paying|for\s+free|didn'?t\s+pay|never\s+paid|no\s*one\s+noticed|nobody\s+noticed|no\s*one\s+saw|nobody\s+saw|got\s+away\s+with|five[- ]finger|shoplift\w*)(?![\p{L}])/iu;
/** Self-checkout with a wink: "mistakes" in quotes, a discount, not scanning, scanning one thing as another. */
const CHECKOUT_FRAUD = /["“”'‘’](?:mistakes?|accidents?|forgot|forgets|oops)|(?<![\p{L}])(?:discount|free\s+(?:stuff|groceries|food)|don'?t\s+scan|didn'?t\s+scan|never\s+scan|skip\s+scanning|forget\s+to\s+scan|forgot\s+to\s+scan|(?:scan(?:ned|ning|s)?|ring(?:s|ing)?(?:\s+up)?|rang(?:\s+up)?|key(?:s|ed)?\s+in|punch(?:es|ed)?\s+in|weigh(?:s|ed)?)\s+(?:the|a|an|it|them|your|my|our|those|these)(?:\s+[^.!?]{0,30}?)?\s+(?:as|for|instead\s+of)|(?:never|doesn'?t|does\s+not|won'?t|can'?t)\s+(?:notice|notices|check|checks|tell\s+the\s+difference)|banana\s+(?:trick|code)|nobody\s+checks|no\s*one\s+checks)(?![\p{L}])/iu;
/** Leaving with goods told as free: "the cameras are fake anyway", "nobody notices", "without paying". */
const UNPAID = /(?<![\p{L}])(?:without\s+paying|for\s+free|free\s+stuff|didn'?t\s+pay|never\s+pa(?:id|ys?)|no\s*one\s+(?:notices|noticed|checks|cares|stops\s+you)|nobody\s+(?:notices|noticed|checks|cares|stops\s+you)|never\s+(?:notices|notice|checks|check)|cameras?\s+(?:are|is)\s+(?:fake|off|broken|not\s+real)|no\s+cameras|five[- ]finger\s+discount)(?![\p{L}])/iu;
/** Talking about theft as a problem or a warning, not doing it. */
const ABOUT_THEFT = /(?<![\p{L}])(?:caught|arrest\w*|charged|police|cops|security|shoplifters|thieves|thief|crime|scam\w*|steal\s+from\s+us|someone\s+stole|somebody\s+stole|got\s+stolen|was\s+stolen|were\s+stolen|lesson|unit|students?\s+(?:learned|discussed|read|wrote)|story|novel|character|returned|went\s+back\s+(?:in\s+)?(?:to\s+)?pay|paid\s+(?:for\s+it\s+)?(?:later|after)|(?:told|called|flagged|waved|asked|got)\s+(?:over\s+|down\s+)?(?:the|an)\s+(?:cashier|attendant|clerk|manager|employee|worker)|fixed\s+it|corrected\s+it|paid\s+for\s+it|apologi\w*)(?![\p{L}])/iu;

export function theft(a: Analysis): ConductMatch[] {
  return a.get(THEFT, () => {
    if (!a.mayMatch('theft-acts')) return [];
    const text = a.text;
    const sents = sentences(text);
    const out: ConductMatch[] = [];
    for (const s of findAll(a.lexicon('theft-acts'), text)) {
      const sent: Span = sents.find((x) => x.start <= s.start && s.start < x.end) ?? { start: 0, end: text.length, quote: text };
      if (negatedInClause(text, sent, s) || ABOUT_THEFT.test(sent.quote)) continue;
      const rest = text.slice(s.end, sent.end);
      if (/^(?:i|we)\s/i.test(s.quote)) {
        // "I took / grabbed / stole ...": theft only when the sentence says from where or that nobody paid.
        if (IDIOM_OBJECT.test(rest) || !ILLICIT.test(rest)) continue;
      } else if (/^self/i.test(s.quote)) {
        if (!CHECKOUT_FRAUD.test(text)) continue;
      } else if (/^(?:(?:just|simply|then)\s+)?walk/i.test(s.quote)) {
        // "walk out with it": advice to leave without paying only when the post says nobody pays or notices.
        if (!UNPAID.test(text)) continue;
      }
      out.push({ ...s, category: 'crime' });
    }
    return out;
  });
}
