// Conduct IV.A forbids discussing or encouraging: getting drunk, drinking or being high at work, illegal drugs, sexual content, crimes.
import { type Analysis, memoSlot } from '../analysis.js';
import { CHARS, findAll, negatedAt, span, type Span } from './text.js';

// This module's memoised analyzer: a slot in every check.
const CONDUCT = memoSlot('conduct');

export type ConductCategory = 'intoxication' | 'at-work' | 'drugs' | 'sexual' | 'crime';

export interface ConductMatch extends Span {
  category: ConductCategory;
}

/** Getting drunk in a masked word ("get absolutely sh*tfaced", "sh!t-faced"). */
const MASKED_DRUNK = /(?<![\p{L}])(?:sh|\$h)[*#@!1-]{1,3}t[\s-]?faced(?![\p{L}])/giu;

/** The winks that mean sex on their own beside a private setting. */
const STRONG_WINK = /if\s+you\s+know\s+what\s+i\s+mean|wink\s*wink|😈|🍆|💦/iu;
/** Time away from the kids: room service, the bedroom, a kid-free weekend, the kids at grandma's, a honeymoon (a hotel alone is a family trip too). */
const PRIVATE_SETTING = /(?<![\p{L}])(?:room\s+service|bedroom|kid-?free|child-?free|no\s+kids|kids\s+(?:are\s+)?(?:at|with)\s+(?:grandma|grandpa|the\s+grandparents|their\s+dad|their\s+mom)|babysitter|honeymoon|anniversary\s+(?:night|weekend|trip|getaway))(?![\p{L}])/iu;

/** A wink beside an innuendo: the smirk, peach, eggplant or droplets, a winking face, or the words for one. */
const WINK = /😏|😈|🍆|🍑|💦|😉|😜|;\)|(?<![\p{L}])(?:wink|if\s+(?:you|u|ya)\s+know\s+what\s+i\s+mean|let['’]?s\s+just\s+say)(?![\p{L}])/iu;

/** Shots that are not drinks: vaccinations and attempts at a goal or basket. */
export const NOT_DRINK_SHOTS = /(?<![\p{L}])(?:flu|covid|vaccin\w*|immuni[sz]\w*|booster|clinic|nurse|pharmac\w*|dose|doses|given|administered|arm|💉|on\s+goal|on\s+net|goalie|saves|three[- ]pointers?|3[- ]pointers?|free\s+throws?|field\s+goals?|hoops|basketball|hockey|soccer|lacrosse|golf|photo\w*|camera|pictures?|pics|fired|firing|fire|firework\w*|guns?|rifles?|pistols?|range|hunt\w*|deer|pheasants?|ducks?)(?![\p{L}])/iu;

const CATEGORIES: ConductCategory[] = ['at-work', 'intoxication', 'drugs', 'sexual', 'crime'];
/** Their lexicons' names, made once (not per post). */
const CATEGORY_LEXICONS = CATEGORIES.map((c) => `conduct-${c}`);

/**
 * One combined expression, named groups telling the category, made of each list's entries that the
 * post's words let through (cached per pack by that choice of entries, so built once per distinct choice).
 */
function matcher(a: Analysis): RegExp | null {
  // The parts are the expressions for ASCII letters on a text whose letters are all ASCII (Analysis.lexicon): the key says which.
  let key = (a.chars & CHARS.nonAsciiWord) === 0 ? 'ascii' : '';
  for (const name of CATEGORY_LEXICONS) key += `|${a.gates.get(name)?.join(',') ?? ''}`;
  const cache = a.pack.compiled('conduct-matchers', () => new Map<string, RegExp | null>());
  let re = cache.get(key);
  if (re === undefined) {
    const parts: string[] = [];
    for (const c of CATEGORIES) {
      const part = a.lexicon(`conduct-${c}`);
      if (part !== null) parts.push(`(?<${c.replace('-', '_')}>${part.source})`);
    }
    re = parts.length === 0 ? null : new RegExp(parts.join('|'), 'giu');
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** A drink with no alcohol after "chugged a" / "chugging" (energy drinks, coffee, water, sports drinks, milk, soda). */
const SOFT_DRINK_AFTER = /^\s*(?:(?:a|an|the|my|his|her|their|two|three|four|\d+|whole|entire|full|another|gallon\s+of|liter\s+of|litre\s+of|bottle\s+of|can\s+of|cup\s+of|jug\s+of|pot\s+of|mug\s+of|glass\s+of|pint\s+of|quart\s+of|carton\s+of|big|huge|large|giant|venti|iced|hot|cold|black|chocolate|diet|sugar-free)\s+){0,3}(?:monsters?|red\s*bulls?|rockstars?|energy\s+drinks?|coffees?|cold\s+brews?|lattes?|espressos?|tea|water|gatorades?|powerades?|milk|sodas?|pop|cokes?|pepsis?|mountain\s+dews?|dews?|sprites?|juice|smoothies?|protein\s+shakes?|shakes?|celsius|bangs?|primes?|lemonade|kombucha|cocoa|slushies?|icees?)(?![\p{L}])/iu;

/** A run of blanks no phrase of the lists spans. */
const BLANK_RUN = /\s{200,}/g;

/**
 * re.exec(text) from re.lastIndex, never starting a match inside a long run of blanks: the run is stepped over instead of
 * tried position by position (a post of gate words around 50,000 spaces cost the combined expression over a minute of CPU in
 * some runs). Only a post holding such a run takes this path; the others run re.exec as it is.
 */
function execSkippingBlanks(re: RegExp, text: string): RegExpExecArray | null {
  if (text.length < 400) return re.exec(text);
  for (;;) {
    BLANK_RUN.lastIndex = re.lastIndex;
    const run = BLANK_RUN.exec(text);
    if (run === null) return re.exec(text);
    // Look for a match in the text before the run (a match may not start in the run, and none spans it).
    const upto = text.slice(0, run.index);
    const from = re.lastIndex;
    const m = re.exec(upto);
    if (m !== null) return m;
    re.lastIndex = Math.max(from, run.index + run[0].length);
  }
}

/** The sentence around an offset (ends at . ! ? or a line break). */
function sentenceOf(text: string, at: number): string {
  let s = at;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1]!)) s--;
  let e = at;
  while (e < text.length && !/[.!?\n]/.test(text[e]!)) e++;
  return text.slice(s, e);
}

/**
 * Conduct found in the post, with negation and condemnation removed ("never drink and drive",
 * "say no to drugs"). A glass of wine with dinner, a beer at the game or a brewery tour are not
 * in the lists at all: intensity is in the words chosen (hammered, wasted, blackout drunk).
 */
export function conduct(a: Analysis): ConductMatch[] {
  return a.get(CONDUCT, () => {
    const innuendo = a.mayMatch('conduct-innuendo');
    // A masked "sh*tfaced" has no whole word to gate on: a substring test first (nanoseconds), the expression only then.
    const masked = a.lower.includes('faced') ? findAll(MASKED_DRUNK, a.text) : [];
    // A strong wink ("if you know what I mean", 😈) about time away from the kids says it without any prop:
    // "kid-free weekend 😈 room service saw more of us than the lake did, if you know what I mean".
    const lower = a.lower;
    const wink = (lower.includes('know what i mean') || lower.includes('wink wink') || (a.holds(CHARS.astral) && /😈|🍆|💦/u.test(a.text))) && PRIVATE_SETTING.test(a.text) ? STRONG_WINK.exec(a.text) : null;
    if (!innuendo && masked.length === 0 && wink === null && !CATEGORY_LEXICONS.some((name) => a.mayMatch(name))) return [];
    const re = matcher(a);
    const out: ConductMatch[] = [];
    if (re !== null) re.lastIndex = 0;
    for (let m = re === null ? null : execSkippingBlanks(re, a.text); re !== null && m !== null; m = execSkippingBlanks(re, a.text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const groups = m.groups ?? {};
      const category = CATEGORIES.find((c) => groups[c.replace('-', '_')] !== undefined) ?? 'intoxication';
      if (negatedAt(a.text, m.index, m.index + m[0].length)) continue;
      if (/shots(?![\p{L}])/iu.test(m[0]) && NOT_DRINK_SHOTS.test(sentenceOf(a.text, m.index))) continue;
      // "Chugged a Monster", "chugging coffee", "chugged a gallon of water": a drink with no alcohol in it.
      if (/^chug/i.test(m[0]) && SOFT_DRINK_AFTER.test(a.text.slice(m.index + m[0].length, m.index + m[0].length + 48))) continue;
      out.push({ ...span(a.text, m.index, m.index + m[0].length), category });
    }
    for (const m of masked) if (!out.some((o) => o.start < m.end && m.start < o.end) && !negatedAt(a.text, m.start, m.end)) out.push({ ...m, category: 'intoxication' });
    // Innuendo: bedroom props and hints ("the headboard lost the battle", "handcuffs packed", "not walking straight") are
    // sexual content only with a wink beside them (😏, 🍑, "if you know what I mean"); alone they are furniture and sprains.
    if (wink !== null && !out.some((o) => o.start < wink.index + wink[0].length && wink.index < o.end)) out.push({ ...span(a.text, wink.index, wink.index + wink[0].length), category: 'sexual' });
    if (innuendo && WINK.test(a.text)) {
      for (const m of findAll(a.lexicon('conduct-innuendo'), a.text)) {
        if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push({ ...m, category: 'sexual' });
      }
      out.sort((x, y) => x.start - y.start);
    }
    return out;
  });
}
