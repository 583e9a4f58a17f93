// A threat's words said in jest about the author's own family ("My sister ate my last tamale. I'm going to kill her 😂",
// "Lo voy a matar, jajaja"): a laugh or "just kidding" right after the words, and a relative of the author's named before them.
// Both are needed: a laugh after a threat at a colleague or a coach is no excuse. The same laugh after a threat at whoever took
// the author's pens or lunch ("Whoever keeps stealing my good pens: I will find you 😂") is the office joke it reads as.
import { KIN_EN, KIN_ES } from './kin.js';
import type { Span } from './text.js';

/** A laugh or "just kidding" right after the words ("😂", "lol", "jk", "es broma", "jajaja"). */
const JOKE_AFTER = /^[^.!?\n]{0,12}?(?:[.!?]+\s*)?(?:\(?\s*)?(?:😂|🤣|😆|😹|(?<![\p{L}])(?:lol|lmao|haha\w*|jaja\w*|jeje\w*|jk|j\/k|(?:just\s+|only\s+)?(?:kidding|joking)|es\s+broma|(?:es\s+)?(?:una\s+)?broma|no\s+es\s+cierto|not\s+really)(?![\p{L}]))/iu;
/** The author's own family named before ("my sister", "mi hermana", "our son"). */
const OWN_RELATIVE = new RegExp(`(?<![\\p{L}])(?:my|our|mi|mis|nuestr[oa]s?)\\s+(?:(?:little|big|older|younger|baby|twin|peque[ñn][oa]|hermanit[oa])\\s+)?(?:(?:${KIN_EN}|${KIN_ES})(?:-in-law)?|roommate|dog|cat|perr[oa]|gat[oa])(?![\\p{L}])`, 'iu');
/** Someone else before the words, who could be the one meant: a role, or a name inside a sentence ("Coach Dahl benched my son"). */
const OTHER_PERSON = /(?<![\p{L}])(?:coach|principal|teacher|ref|referee|umpire|boss|supervisor|coworker|co-worker|colleague|admin|superintendent|neighbou?r|parent|student|driver|profe|maestr[oa]|entrenador[a]?|director[a]?|jef[ea]|vecin[oa]|compañer[oa])s?(?![\p{L}])/iu;
const NAME_INSIDE = /(?<=[\p{Ll},;]\s)\p{Lu}\p{Ll}+/u;

/** "My sister ate my last tamale. I'm going to kill her 😂": a joke about the author's own family, marked as one. */
export function familyJoke(text: string, s: Span): boolean {
  if (!JOKE_AFTER.test(text.slice(s.end, s.end + 40))) return false;
  const before = text.slice(Math.max(0, s.start - 160), s.start);
  return OWN_RELATIVE.test(before) && !OTHER_PERSON.test(before) && !NAME_INSIDE.test(before);
}

/** Whoever took a small thing of the author's: "whoever keeps stealing my pens", "to the person who ate my yogurt". */
const PETTY_CULPRIT = /(?<![\p{L}])(?:whoever|who\s*ever|to\s+the\s+(?:one|person|monster|thief|culprit)\s+who|(?:the|some)\s+(?:one|person|monster|thief|culprit)\s+who|someone|somebody)\s+(?:(?:keeps|kept|has\s+been|just)\s+)?(?:took|takes|taking|stole|steals|stealing|swiped|swipes|swiping|ate|eats|eating|drank|drinks|drinking|finished|borrowed|borrows|borrowing|used\s+up|walked\s+off\s+with|moved|moves|took\s+off\s+with)\s+(?:[\p{L}'’-]+\s+){0,4}?(?:pens?|pencils?|stapler|scissors|tape|markers?|highlighters?|sharpies?|expo\s+markers?|lunch|leftovers|yogh?urt|snacks?|candy|chocolate|cookies?|donuts?|doughnuts?|bagels?|coffee|creamer|k-?cups?|mug|cup|charger|chair|parking\s+spot|spot|remote|fork|spoon|tupperware|sticky\s+notes|post-?its|paper\s+clips|granola\s+bars?|la\s*croix|seltzers?|diet\s+coke|pop|soda|pizza|cake|cupcakes?|salsa|chips|hot\s+cheetos|laminator|paper\s+cutter|copy\s+paper)(?![\p{L}])/iu;

/** "Whoever keeps stealing my good pens from the workroom: I will find you 😂": a mock threat at an unknown pen thief, marked as a joke. */
export function pettyGrievanceJoke(text: string, s: Span): boolean {
  if (!JOKE_AFTER.test(text.slice(s.end, s.end + 40))) return false;
  const before = text.slice(Math.max(0, s.start - 160), s.start);
  return PETTY_CULPRIT.test(before);
}
