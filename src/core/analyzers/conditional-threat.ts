// Conditional threats: a condition on someone's behaviour ("if", "next time", "one more time", "ever again") and
// a harm that follows for them ("you will be picking it up in pieces", "I'll punch you", "you'll be sorry").
// A harm that only may sound like one ("in pieces", "in the hospital", "be sorry") needs a warning to count: a
// repeated behaviour ("one more time", "next time", "again") or a vow ("I swear", "mark my words", "or else"),
// so "if you drop it, it arrives in pieces" is not a threat. Runs only when a word of threat-consequences is in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import { familyJoke } from './family-joke.js';
import { negatedInClause } from './substances.js';
import { findAll, sentences, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const CONDITIONAL_THREATS = memoSlot('conditional-threats');

const CONDITION = /(?<![\p{L}])(?:la\s+pr[oó]xima\s+vez|otra\s+vez|una\s+vez\s+m[aá]s|si\s+(?:vuelves|vuelve|vuelven|te\s+vuelvo|lo\s+vuelves)|if|when|whenever|next\s+time|one\s+more\s+time|ever\s+again|again|once\s+more|or\s+else|keep\s+(?:it\s+up|doing|parking|letting|talking|texting|calling|running\s+your\s+mouth|running\s+(?:his|her|their|that)\s+mouth|mouthing\s+off|posting|commenting|trash[- ]talking|talking\s+trash|messing|bothering|harassing|showing\s+up|yelling)|touch(?:es)?\s+(?:my|me)|come\s+(?:near|around)|show\s+(?:your|his|her|their)\s+face)(?![\p{L}])/iu;
const WARNING = /(?<![\p{L}])(?:la\s+pr[oó]xima\s+vez|otra\s+vez|si\s+(?:vuelves|vuelve|vuelven)|next\s+time|one\s+more\s+time|ever\s+again|again|once\s+more|i\s+swear|swear\s+to\s+god|i\s+promise|mark\s+my\s+words|or\s+else|try\s+me|that['’]?s\s+a\s+promise|i\s+dare\s+you|keep\s+(?:it\s+up|doing|parking|letting|talking|texting|calling|running\s+your\s+mouth|running\s+(?:his|her|their|that)\s+mouth|mouthing\s+off|posting|commenting|trash[- ]talking|talking\s+trash|messing|bothering|harassing|showing\s+up|yelling))(?![\p{L}])/iu;
/** Whom the harm is for: someone addressed or spoken of. */
const TARGET = /(?<![\p{L}])(?:you|your|ya|u|te|tu|tú|usted|vuelves|vuelvas|him|his|he|she|her|they|them|their|whoever|(?:that|this|the)\s+(?:kid|guy|lady|woman|man|parent|dad|mom|ref|coach|driver|dude|girl|boy|jerk|idiot))(?![\p{L}])|\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+,/iu;
const IMPERATIVE = /^\s*(?:@[\w.]+[,:]?\s+)?(?:keep|touch|try|say|come|call|text|park|mess|talk|lay|put|bring|show)(?![\p{L}])/iu;
/** Menace that needs no condition: "I'm coming for you", "you better hope I never ...", "that kid needs to be smacked". */
const STANDALONE = /^(?:i['’]?m|i\s+am|i\s+know\s+where|you['’]?d|you\s+had|you\s+better|better\s+hope|needs?|deserves?)/iu;
/** Harms that are plain acts of violence on a person. */
const VIOLENT = /(?<![\p{L}])(?:hurt|punch|slap|kick|shoot|stab|choke|strangle|drown|kill|murder|run\s+over|knock\s+out|deck|smack|jump|pound|rip\s+apart|tear\s+apart|end|catch|broken|teeth|walk|body\s+bags?|coffin|casket|stretcher|ambulance|gurney|alive|survive|caminando|andando|viv[oa]s?|enter[oa]s?|ilesos?|ilesas?|parad[oa]s?)(?![\p{L}])/iu;
/** Talk about a game, a recipe or the speaker's own body, where the same words are harmless. */
const HARMLESS = /(?<![\p{L}])(?:game|match|tournament|cribbage|euchre|fortnite|chess|recipe|pie|cake|cookies|chili|soup|dinner|food|dessert|brownies|pizza|tacos|lasagna|casserole|vase|package|shipping|box|puzzle|lego|legos|knees?|back|hip|doctor|surgeon|surgery|physical\s+therapy|pt|nurse|er\s+visit|flu|covid|ice|icy|sidewalk|ladder|trampoline|doing\s+what\s+you|great|amazing|awesome|progress|grow\w*|success|practic\w*|studying|reading)(?![\p{L}])/iu;
/** No one acts: "somebody's getting hurt", "your tires won't survive"; a hazard or a road says the same words. */
const AGENTLESS = /^(?:somebody|someone|tires|car|truck|windows|windshield|house|mailbox)/iu;
const HAZARD = /(?<![\p{L}])(?:salt\w*|parking\s+lot|stairs|steps|potholes?|gravel|road|highway|playground|bleachers|equipment|crosswalk|wet\s+floor|ice|icy|sidewalk|ladder|trampoline)(?![\p{L}])/iu;
/** A place to meet someone alone: what turns "you better hope I don't see you" after a game into a threat. */
const MEETING = /(?<![\p{L}])(?:parking\s+lot|outside|alone|in\s+person|at\s+your\s+(?:house|door|car|work)|in\s+the\s+(?:hallway|alley|locker\s+room))(?![\p{L}])/iu;
/** Friendly news: "now I know where you work, expect me at the drive-thru". */
const FRIENDLY = /(?<![\p{L}])(?:congrat\w*|visit|stop\s+by|drop\s+by|say\s+hi|expect\s+me|cookies|gift|welcome|drive-?thru)(?![\p{L}])/iu;

export function conditionalThreats(a: Analysis): Span[] {
  return a.get(CONDITIONAL_THREATS, () => {
    if (!a.mayMatch('threat-consequences')) return [];
    const text = a.text;
    const found = findAll(a.lexicon('threat-consequences'), text);
    if (found.length === 0) return [];
    const sents = sentences(text);
    const out: Span[] = [];
    for (const s of found) {
      const sent = sents.find((x) => x.start <= s.start && s.start < x.end) ?? { start: 0, end: text.length, quote: text };
      const before = text.slice(sent.start, s.start);
      // Someone named or addressed, or told what not to do ("Keep talking trash about my kid and see what happens").
      if (!(TARGET.test(sent.quote) || IMPERATIVE.test(sent.quote)) || negatedInClause(text, sent, s)) continue;
      if (AGENTLESS.test(s.quote) && (HARMLESS.test(sent.quote) || HAZARD.test(sent.quote))) continue;
      // "Santa better hope he doesn't run into me before I finish wrapping": a menace only with a place to meet alone.
      if (/^better\s+hope/iu.test(s.quote) && !MEETING.test(sent.quote)) continue;
      if (familyJoke(text, s)) continue;
      if (STANDALONE.test(s.quote)) {
        // A game is harmless ("you better hope we never see you in the playoffs"), unless the menace names a place to meet.
        if ((!HARMLESS.test(sent.quote) || MEETING.test(sent.quote)) && !FRIENDLY.test(sent.quote)) out.push(s);
        continue;
      }
      const cond = CONDITION.exec(before) ?? CONDITION.exec(text.slice(s.end, sent.end));
      if (cond === null) continue;
      if (!VIOLENT.test(s.quote) && (!WARNING.test(sent.quote) || HARMLESS.test(sent.quote))) continue;
      out.push(s);
    }
    return out;
  });
}
