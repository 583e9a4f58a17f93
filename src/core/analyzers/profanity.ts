// Obscene, profane and vulgar language: obscenity's matcher (leetspeak, repeats) plus masked and spaced forms, minus school words.
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { type Analysis, memoSlot } from '../analysis.js';
import type { PolicyPack } from '../policy/pack.js';
import { emailsInText } from './email.js';
import { CHARS, escapeRegExp, findAll, phraseRegex, span, type Span } from './text.js';
import { table, type Vocabulary } from './vocabulary.js';

// This module's memoised analyzer: a slot in every check.
const PROFANITY = memoSlot('profanity');

/**
 * Where the line is: obscenity's English dataset (sexual terms, slurs, "fuck", "shit", "bitch",
 * "piss", "ass" ...) plus the district's extra list (wtf, jackass, bullshit ...). Mild words
 * ("hell", "damn", "crap", "sucks") are not flagged: they are common in ordinary adult speech,
 * and the policy's target is obscene, profane or vulgar language, not informality.
 */
interface ProfanityMatchers {
  /** Cheap first pass: stems (letters may repeat) anywhere, lower-cased text. */
  stems: RegExp | null;
  /** School words and names that contain a stem ("assessment", "Dick's Sporting Goods"). */
  allow: RegExp | null;
  /** Words with symbols or digits among letters ("sh*t", "a$$", "b1tch") or single letters spaced out ("f u c k", "s h 1 t"). */
  obscenity: RegExpMatcher;
  /** Masked words are compared to these (inflected) forms, "*" standing for any letter. */
  maskTargets: string[];
  /** Single words of the extra list ("jackass", "bullshit"). */
  extraWords: Set<string>;
  /** Stems long and unambiguous enough to count inside any word ("fuck" in "clusterfucking"). */
  longStems: string[];
  /** A profane form with 1-4 of its letters cut out at one place, keyed "left-right" ("f-ing", "sh-t", "a-hole"). */
  dashMasks: Set<string>;
}

function matchers(pack: PolicyPack): ProfanityMatchers {
  return pack.compiled('profanity', (p) => {
    // A stem written "^ass" must start a word: "ass" inside "class" or "cum" inside "document" is not worth a second pass.
    const stems = p.lexicon('profanity-stems').map((s) => s.replace(/^\^/, ''));
    const stemAlt = p
      .lexicon('profanity-stems')
      .map((s) => (s.startsWith('^') ? '(?<![a-z])' : '') + [...s.replace(/^\^/, '')].map((ch) => (/[a-z]/.test(ch) ? `${escapeRegExp(ch)}{1,10}` : escapeRegExp(ch))).join(''));
    const targets = new Set<string>();
    for (const s of stems) {
      if (!/^[a-z]+$/.test(s) || s.length < 3) continue;
      for (const suf of ['', 's', 'ty', 'tty', 'ing', 'in', 'ed', 'er', 'ers', 'y', 'head', 'hole', 'face', 'faced', 'show']) targets.add(s + suf);
    }
    // Compounds and the district's extra words can be masked too ("bulls**t", "motherf***ing").
    for (const w of p.lexicon('profanity-extra')) if (/^[a-z]+$/.test(w)) targets.add(w);
    for (const pre of ['mother', 'bull', 'horse', 'dog', 'pig', 'dip', 'bat', 'ape', 'cluster', 'chicken', 'jack', 'dumb', 'smart', 'bad']) {
      for (const root of ['fuck', 'shit', 'ass'])
        for (const suf of ['', 's', 'er', 'ers', 'ing', 'in', 'ed', 'ty', 'tty', 'hole']) targets.add(pre + root + suf);
    }
    // Only words with a vowel ("wtf", "gtfo" are already letters cut out), and three letters left showing ("b's" is a grade, "GT-R" a car).
    const dashMasks = new Set<string>();
    for (const t of targets) {
      if (!/[aeiouy]/.test(t.slice(0, 3))) continue;
      for (let i = 1; i < t.length; i++) for (let j = i + 1; j <= Math.min(t.length, i + 4); j++) if (t.length - (j - i) >= 3) dashMasks.add(`${t.slice(0, i)}-${t.slice(j)}`);
    }
    // A title or name may be hyphenated ("Moby-Dick", "pussy-willow"): each allowed phrase with spaces also in that form.
    // Real places whose names hold a stem (Penistone, Shitterton, Cock Bridge, Wetwang, Cumming, Georgia) are a list of their own.
    const allowed = [...p.lexicon('profanity-allow'), ...p.lexicon('profanity-allow-places')].flatMap((w) => (/\s/.test(w.trim()) ? [w, w.trim().replace(/\s+/g, '-')] : [w]));
    return {
      stems: stemAlt.length > 0 ? new RegExp(stemAlt.join('|'), 'g') : null,
      allow: phraseRegex(allowed, 'giu'),
      // A dot inside a short word ("sh.t"), not the labels of a domain name ("...k12.mn.us", "@aps.org", "www.aps"): a post with
      // the district's e-mail address went on to obscenity's matcher for nothing.
      obscenity: new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers, whitelistedTerms: allowed }),
      maskTargets: [...targets],
      extraWords: new Set(p.lexicon('profanity-extra').filter((w) => !/\s/.test(w)).map((w) => w.toLowerCase())),
      longStems: stems.filter((x) => /^[a-z]+$/.test(x) && x.length >= 4 && !['dick', 'cock', 'tits', 'anal', 'anus', 'porn', 'rape', 'boob', 'arse', 'piss', 'wank', 'twat'].includes(x)),
      dashMasks,
    };
  });
}

/** What a store does, after "Dick's" opening a sentence ("Dick's has ...", "Dicks is having a sale", "Dick's at the mall closes at 9"). */
const STORE_VERB = /^(?:['’]s|s)\s+(?:has|had|have|is|was|will|got|gets|sells|sold|carries|carried|opens|opened|closes|closed|restocked|still|just|always|finally|at|near|online|clearance|black\s+friday|gift\s+cards?)(?![\p{L}])/iu;
/** A bird after "cock" (the male): "cock pheasant", "a cock robin", "cock grouse". */
const BIRD_AFTER = /^[- ](?:pheasants?|robins?|sparrows?|grouse|partridges?|birds?|finch(?:es)?|turkeys?|quail|of[- ]the[- ]rock)(?![\p{L}])/iu;
/** The kind of booby (a seabird): "blue-footed boobies", "a masked booby". */
const BOOBY_BEFORE = /(?:blue[- ]footed|red[- ]footed|brown|masked|nazca|peruvian|abbott['’]?s)\s+$/iu;
/** What a store sells or a sale, after the store's name. */
const SHOPPING_NEAR = /(?<![\p{L}])(?:\d+\s*%\s*off|on\s+sale|sale|clearance|hoodies?|jerseys?|sweatshirts?|cleats|sneakers|shoes|gear|coupons?|gift\s+cards?|in\s+stock|restocked|sporting\s+goods|black\s+friday|deals?)(?![\p{L}])/iu;
/** Before a sea wall: an article or the kind of dyke ("along the dyke", "the old sea dyke", "Dutch dykes"). */
const DYKE_WALL_BEFORE = /(?<![\p{L}])(?:the|this|that|these|those|sea|river|flood|old|dutch|along|canal|coastal|earthen|grass)\s+$/iu;
/** Water, floods or the Low Countries near it. */
const WATER_NEAR = /(?<![\p{L}])(?:sea|seas|ocean|tide|tides|coast|coastal|holland|dutch|netherlands|amsterdam|zeeland|friesland|canals?|floods?|flooding|rivers?|polders?|windmills?|dams?|levees?|marsh|marshes|fens|embankments?|ditch|dikes?|north\s+sea|storm\s+surge|lowlands?|sheep)(?![\p{L}])/iu;
// The first alternative starts only at a word's first letter and reads at most 40 characters on either side of the mask: a
// word is never longer, and unbounded it was quadratic (each letter of a 50,000-letter run read the whole run: seconds a post).
/** A disguised word, for the first pass: letters with symbols or digits among them, spaced letters, a dotted abbreviation-like word. */
export const DISGUISE = /[a-z][*#@$!%1-9|+][a-z*#@$!%]|[a-z]([1-9])\1[a-z]|[a-z][*#@$][*#@$]*(?![a-z])|\b[a-z]\W[a-z]\W[a-z]\b|(?<![\w.@])[a-z]{1,3}\.[a-z]{1,3}(?!\w|\.\w)|[@$][$@]|[a-z]0[a-z]|(?<![\w.@])@(?:ss|\$\$|\$s|s\$)(?![a-z]{4})|\$h[!1i*]t/i;
/**
 * What every match of DISGUISE holds, as one cheap expression: a symbol, a digit or "!" right after a letter, a doubled
 * digit between letters ("a55hole"), "0" or "." between letters, or three spaced letters. Ordinary posts hold none ("Great game!", "7:55", "Tuesday."), so the full
 * expression runs only on the few that do.
 */
const DISGUISE_HINT = /[*#@$%|+]|[a-z][!1-9][a-z*#@$!%]|[a-z]([1-9])\1[a-z]|[a-z][0.][a-z]|\b[a-z]\W[a-z]\W[a-z]\b/i;

/** DISGUISE.test(text), cheaper (the same answer: a test over the corpus holds them equal). */
export function mayBeDisguised(text: string): boolean {
  return DISGUISE_HINT.test(text) && DISGUISE.test(text);
}

const MASKED_WORD = /(?<![A-Za-z])[A-Za-z][A-Za-z0-9*#@$%!]{0,40}[*#@%][A-Za-z0-9*#@$%!]{0,40}|(?<![\w@$])[@$][@$!0-9]*[A-Za-z][A-Za-z0-9@$!]*|[*#@][A-Za-z]+[*#@]*[A-Za-z]*|(?<![A-Za-z.])[A-Za-z]{1,3}\.[A-Za-z]{1,3}(?![A-Za-z.])/g;
const SPACED = /(?<![A-Za-z0-9])[A-Za-z](?:[ ._-][A-Za-z0-9@$!]){2,}(?![A-Za-z0-9])/g;
/** Letters cut out with a hyphen or dash, or a few ("f-ing", "sh--t", "a-hole", "motherf—ing"), or after one letter with an apostrophe ("f'ing"). */
const DASHED = /(?<![\p{L}\p{N}-])(?:[A-Za-z]{1,8}[-–—]{1,4}|[A-Za-z]['’])[A-Za-z]{0,6}(?![\p{L}\p{N}-])/gu;

/** Masked words whose mask is a hyphen, dash or apostrophe: compared with the profane forms cut at one place. */
function dashMasked(m: ProfanityMatchers, text: string): Span[] {
  if (!/[-–—'’]/.test(text)) return [];
  const out: Span[] = [];
  DASHED.lastIndex = 0;
  for (let r = DASHED.exec(text); r !== null; r = DASHED.exec(text)) {
    if (m.dashMasks.has(r[0].toLowerCase().replace(/[-–—'’]+/, '-'))) out.push(span(text, r.index, r.index + r[0].length));
  }
  return out;
}

/** "A tiny prick in the arm", "a needle prick": a jab of a needle or a pin, not the insult. */
const PRICK_AT_BODY = /^\s+(?:in|on|to|of)\s+(?:the|your|my|his|her|their|a)\s+(?:arm|upper\s+arm|finger|fingertip|skin|thumb|hand|shoulder|heel|needle|pin)(?![\p{L}])/iu;
const NEEDLE_BEFORE = /(?:needle|pin|finger|heel|thorn)[- ]?$/iu;
function needlePrick(text: string, s: number, e: number): boolean {
  return /^prick$/i.test(text.slice(s, e)) && (PRICK_AT_BODY.test(text.slice(e, e + 32)) || NEEDLE_BEFORE.test(text.slice(Math.max(0, s - 8), s)));
}

/** Words for the body's parts in plain anatomy ("penis", "vulva", "testicles"): obscene only outside a clinical or teaching context. */
const ANATOMY_TERM = /^(?:penis(?:es)?|vaginas?|vulvas?|anus|testicles?|scrotum)$/i;
/** A health lesson, a doctor's visit, a body-safety talk: the words name body parts there. */
const CLINICAL_CONTEXT = /(?<![\p{L}])(?:health\s+(?:class|classes|unit|teacher|curriculum|lessons?|ed)|sex\s+ed(?:ucation)?|sexual\s+health|reproductive|anatomy|anatomical(?:ly)?|biology|bio\s+class|puberty|human\s+growth|body\s+parts|body\s+safety|medical(?:ly)?|doctors?|doctor['’]s|nurses?|urologist|urology|gynecolog\w*|ob-?gyn|pediatrician|clinic|diagnos\w*|cancer|surgery|screening|textbook|diagrams?|scientific|(?:correct|proper|real)\s+(?:names|words|terms))(?![\p{L}])/iu;
/** The word thrown at someone ("such a penis", "acting like a total penis"), or an insult made of it ("penis-breath"). */
const INSULT_BEFORE = /(?<![\p{L}])(?:you|ur|you['’]re|such\s+a|what\s+a|like\s+a|a\s+(?:total|complete|giant|huge|little|massive))\s+(?:[\p{L}]+\s+)?$/iu;
const INSULT_AFTER = /^[- ]?(?:breath|head|face|brain|wrinkle)(?![\p{L}])/iu;
/** A body part named in a health lesson or a doctor's visit ("the reproductive system unit: penis and uterus"), not at someone. */
function anatomyTerm(text: string, s: number, e: number, clinical: () => boolean): boolean {
  return ANATOMY_TERM.test(text.slice(s, e)) && !INSULT_BEFORE.test(text.slice(Math.max(0, s - 32), s)) && !INSULT_AFTER.test(text.slice(e, e + 10)) && clinical();
}

/** A letter with a diacritic, precomposed or combining ("fück", "shìt"). */
const ACCENT = /[\u00C0-\u024F]|\p{M}/gu;
const WORD_CHAR = /[\p{L}\p{M}]/u;
/** A word read without its diacritics ("fück" → "fuck"). */
const withoutMarks = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '');
/**
 * Profane words disguised with a diacritic ("what the fück", "bítch"): each word holding an accented letter, read without its
 * marks, compared with the profane forms of four letters or more ("cúm", the flu in Vietnamese, is not "cum"). Each word is
 * read once (the search goes on after its end), so a long text stays linear.
 */
function accentMasked(m: ProfanityMatchers, mm: MaskMemo, text: string): Span[] {
  const out: Span[] = [];
  ACCENT.lastIndex = 0;
  for (let r = ACCENT.exec(text); r !== null; r = ACCENT.exec(text)) {
    let ws = r.index;
    let we = r.index + 1;
    while (ws > 0 && WORD_CHAR.test(text[ws - 1]!) && r.index - ws < 40) ws--;
    while (we < text.length && WORD_CHAR.test(text[we]!) && we - r.index < 40) we++;
    // Past the word, and at least past the mark itself: a mark outside the BMP is two code units, and a unicode expression
    // set inside such a pair starts again at its first half (the property test found the endless loop).
    ACCENT.lastIndex = Math.max(we, r.index + r[0].length);
    const word = text.slice(ws, we).toLowerCase();
    const plain = withoutMarks(word);
    if (plain === word || plain.length < 4 || !/^[a-z]+$/.test(plain) || m.extraWords.has(word)) continue;
    if (mm.targets.has(plain) || m.extraWords.has(plain)) out.push(span(text, ws, we));
  }
  return out;
}

/** A match on a word of three letters or fewer with a diacritic ("bị cúm", the flu in Vietnamese): another language's word. */
function shortAccented(text: string, s: number, e: number): boolean {
  ACCENT.lastIndex = 0;
  if (!ACCENT.test(text.slice(s, e))) return false;
  let ws = s;
  let we = e;
  while (ws > 0 && s - ws < 8 && WORD_CHAR.test(text[ws - 1]!)) ws--;
  while (we < text.length && we - e < 8 && WORD_CHAR.test(text[we]!)) we++;
  return withoutMarks(text.slice(ws, we)).length < 4;
}

function overlaps(list: Span[], s: number, e: number): boolean {
  return list.some((x) => x.start < e && s < x.end);
}

/**
 * The stem pass's own first pass: a stem of letters and digits lies inside one word, so a post none of
 * whose words holds one (each word looked at once per pack, then remembered) skips the scan of its text.
 * Stems with other characters ("damn it") are looked for in the whole text.
 */
interface StemFilter {
  inWord: RegExp | null;
  others: RegExp | null;
  /** word (lower-cased) → does it hold a stem of letters and digits? */
  seen: Map<string, boolean>;
}

const WORD_STEM = /^\^?[a-z0-9]+$/;

function stemFilter(pack: PolicyPack): StemFilter {
  return pack.compiled('profanity-stem-filter', (p) => {
    // The same expression per stem as the stem pass (letters may repeat; "^" starts a word).
    const alt = (s: string) => (s.startsWith('^') ? '(?<![a-z])' : '') + [...s.replace(/^\^/, '')].map((ch) => (/[a-z]/.test(ch) ? `${escapeRegExp(ch)}{1,10}` : escapeRegExp(ch))).join('');
    const stems = p.lexicon('profanity-stems');
    const inWord = stems.filter((s) => WORD_STEM.test(s)).map(alt);
    const others = stems.filter((s) => !WORD_STEM.test(s)).map(alt);
    return { inWord: inWord.length > 0 ? new RegExp(inWord.join('|')) : null, others: others.length > 0 ? new RegExp(others.join('|')) : null, seen: new Map() };
  });
}

/** For each word of the vocabulary: does it hold a stem of letters and digits (1, 0; -1 not yet asked)? Filled as words come. */
const stemByWord = (v: Vocabulary): Int8Array => table(v, 'profanity-stem-in-word', () => new Int8Array(v.words.length).fill(-1));

/** Can the post's lower-cased text hold a stem at all? (Exact: no when the stem pass would find none.) */
function mayHoldStem(a: Analysis): boolean {
  const f = stemFilter(a.pack);
  if (f.others !== null && f.others.test(a.lower)) return true;
  if (f.inWord === null) return false;
  // A word of the pack's vocabulary keeps its answer by its number (no lookup); others in the map of words seen.
  const ids = a.wordIds;
  const known = stemByWord(a.vocabulary);
  const toks = a.tokens;
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.lower;
    const id = ids[i]!;
    if (id >= 0) {
      let k = known[id]!;
      if (k === -1) known[id] = k = f.inWord.test(w) ? 1 : 0;
      if (k === 1) return true;
      continue;
    }
    let v = f.seen.get(w);
    if (v === undefined) {
      v = f.inWord.test(w);
      if (f.seen.size >= 50_000) f.seen.clear();
      f.seen.set(w, v);
    }
    if (v) return true;
  }
  return false;
}

function stemOutsideAllowed(m: ProfanityMatchers, lower: string): boolean {
  if (m.stems === null) return false;
  m.stems.lastIndex = 0;
  let allowed: Span[] | undefined;
  for (let r = m.stems.exec(lower); r !== null; r = m.stems.exec(lower)) {
    allowed ??= findAll(m.allow, lower);
    const s = r.index;
    const e = s + r[0].length;
    if (!allowed.some((x) => x.start <= s && e <= x.end)) return true;
  }
  return false;
}

/** Per pack: the masked forms as a set, and masked words already compared with them (the same few come back: "sh*t", "f**k"). */
interface MaskMemo {
  targets: Set<string>;
  masked: Map<string, boolean>;
}

function maskMemo(pack: PolicyPack, m: ProfanityMatchers): MaskMemo {
  return pack.compiled('profanity-mask-memo', () => ({ targets: new Set(m.maskTargets), masked: new Map() }));
}

/** Does a masked word ("sh*tty", "*" for one or more letters, as many as stars) stand for a profane form? */
function maskedProfane(mm: MaskMemo, m: ProfanityMatchers, w: string): boolean {
  let v = mm.masked.get(w);
  if (v === undefined) {
    const re = new RegExp('^' + w.replace(/[*#%]+/g, (g) => `[a-z]{1,${g.length}}`) + '$');
    v = m.maskTargets.some((t) => re.test(t));
    if (mm.masked.size >= 10_000) mm.masked.clear();
    mm.masked.set(w, v);
  }
  return v;
}

/** Endings a profane word takes ("a55hole", "sh1tty", "f4cking"): a match with digits followed by one of them is the word. */
const PROFANE_ENDING = /^(?:s|es|ty|tty|y|ing|in|ed|er|ers|head|hole|hat|face|faced|show|wipe|clown|bag|load|hole?s)?$/;

/**
 * A match with digits for letters inside a longer ordinary word ("a55embly", "cla55"): the word read back with digits as
 * letters is no profane form, and the letters around the match are no profane ending.
 */
function insideOrdinaryWord(text: string, s: number, e: number, mm: MaskMemo, m: ProfanityMatchers): boolean {
  let ws = s;
  let we = e;
  while (ws > 0 && /[\p{L}0-9]/u.test(text[ws - 1]!)) ws--;
  while (we < text.length && /[\p{L}0-9]/u.test(text[we]!)) we++;
  if (ws === s && PROFANE_ENDING.test(text.slice(e, we).toLowerCase())) return false;
  const word = text.slice(ws, we).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'i').replace(/3/g, 'e').replace(/4/g, 'a').replace(/5/g, 's').replace(/7/g, 't');
  return !mm.targets.has(word) && !m.extraWords.has(word) && !m.longStems.some((st) => word.includes(st));
}

export function profanity(a: Analysis): Span[] {
  return a.get(PROFANITY, () => {
    const m = matchers(a.pack);
    const text = a.text;
    const lower = a.lower;
    // Cheap first pass (about a microsecond): only posts with a stem outside the allowed words,
    // an extra word or a disguised word go on to obscenity's matcher (about 40 µs).
    // Each only on a post holding what it looks for (a dash or apostrophe; a letter outside ASCII): one mask test each.
    const dashed = a.holds(CHARS.dashOrApostrophe) ? dashMasked(m, text) : [];
    if (a.holds(CHARS.nonAscii)) dashed.push(...accentMasked(m, maskMemo(a.pack, m), text));
    // The extra list runs only on posts holding one of its words, and then only its entries those words let through (the
    // shared gate pass: a few entries with no gate word, "đm", would otherwise run the whole list on every post).
    const extra = a.lexicon('profanity-extra');
    if (dashed.length === 0 && !(mayHoldStem(a) && stemOutsideAllowed(m, lower)) && !mayBeDisguised(text) && !(extra !== null && ((extra.lastIndex = 0), extra.test(text)))) return [];
    const out: Span[] = [...dashed];
    // Looked for once per post, and only when a body part's name matched (per match it was quadratic on a long post).
    let clinicalPost: boolean | undefined;
    const clinical = (): boolean => (clinicalPost ??= CLINICAL_CONTEXT.test(text));
    const mm = maskMemo(a.pack, m);
    const emails = emailsInText(a);
    for (const x of m.obscenity.getAllMatches(text, true)) {
      const s = x.startIndex;
      const e = x.endIndex + 1;
      const quote = text.slice(s, e);
      // The @ of an e-mail address read as a letter ("dana@alexandria..." as "anal"): an address, not a word.
      if (quote.includes('@') && overlaps(emails, s, e)) continue;
      // "Dick" as a first name ("Dick Van Dyke", "Coach Dick Olson") is a name, not vulgarity.
      // So is "Dick" after a family word or a title ("Grandpa Dick turns 90", "Uncle Dick's boat").
      // "Dick's" or "Dicks" with a capital inside a sentence is the store or a person's ("at Dick's in St. Cloud", "Dicks in Maple Grove").
      if (/^Dick$/.test(quote) && /^(?:['’]s|s)(?![\p{L}])/u.test(text.slice(e, e + 3)) && /[\p{Ll},]\s+$/u.test(text.slice(Math.max(0, s - 8), s))) continue;
      // "Dick's has hoodies 40% off", "Dicks is open till 9": the store opening a sentence, followed by what a store does.
      if (/^Dick$/.test(quote) && (/^\s*$/.test(text.slice(0, s)) || /[.!?\n:•–—-]\s*$/u.test(text.slice(Math.max(0, s - 3), s))) && STORE_VERB.test(text.slice(e, e + 24))) continue;
      if (/^Dick$/.test(quote) && (/^\s+[A-Z]/.test(text.slice(e, e + 3)) || /(?<![\p{L}])(?:grandpa|grampa|gramps|grandad|granddad|grandfather|great-grandpa|uncle|great-uncle|cousin|brother|coach|pastor|father|fr\.?|mr\.?|dr\.?|sir|old\s+man|neighbor|neighbour|papa|pops)\s+$/iu.test(text.slice(Math.max(0, s - 16), s)))) continue;
      // "A cock pheasant strutting in the ditch", "the blue-footed boobies": a male bird, and a seabird, by its kind.
      if (/^cocks?$/i.test(quote) && BIRD_AFTER.test(text.slice(e, e + 20))) continue;
      if (/^boob(?:y|ies)$/i.test(quote) && BOOBY_BEFORE.test(text.slice(Math.max(0, s - 14), s))) continue;
      // "Dick's in the mall has hoodies 40% off": the store, with what it sells or a sale in the sentence.
      if (/^Dick$/.test(quote) && /^['’]?s(?![\p{L}])/u.test(text.slice(e, e + 3)) && SHOPPING_NEAR.test(text.slice(e, e + 90))) continue;
      // "Walked the dyke at sunset in Holland", "the old sea dyke": a sea wall, with water or the Low Countries near it.
      if (/^dykes?$/i.test(quote) && DYKE_WALL_BEFORE.test(text.slice(Math.max(0, s - 12), s)) && WATER_NEAR.test(text.slice(Math.max(0, s - 90), e + 90))) continue;
      // A short match inside a longer ordinary word ("ass" in "assume", "assassination") is not the word itself,
      // unless the whole word is a known profane form ("asshole", "dumbass", "fucking").
      if (/^[a-z]+$/i.test(quote)) {
        let ws = s;
        let we = e;
        while (ws > 0 && /\p{L}/u.test(text[ws - 1]!)) ws--;
        while (we < text.length && /\p{L}/u.test(text[we]!)) we++;
        const word = text.slice(ws, we).toLowerCase();
        if (word.length > quote.length && !mm.targets.has(word) && !m.extraWords.has(word) && !m.longStems.some((st) => word.includes(st))) continue;
      } else if (/^[a-z][a-z0-9]*[0-9][a-z0-9]*$/i.test(quote) && insideOrdinaryWord(text, s, e, mm, m)) continue;
      if (needlePrick(text, s, e) || anatomyTerm(text, s, e, clinical) || shortAccented(text, s, e)) continue;
      if (!overlaps(out, s, e)) out.push(span(text, s, e));
    }
    if (extra !== null) {
      extra.lastIndex = 0;
      for (let r = extra.exec(text); r !== null; r = extra.exec(text)) {
        if (needlePrick(text, r.index, r.index + r[0].length)) continue;
        if (!overlaps(out, r.index, r.index + r[0].length)) out.push(span(text, r.index, r.index + r[0].length));
      }
    }
    // Masked words: "sh*tty", "f**k", "b!tch" compared letter by letter with profane forms.
    MASKED_WORD.lastIndex = 0;
    for (let r = MASKED_WORD.exec(text); r !== null; r = MASKED_WORD.exec(text)) {
      // A single dot inside a short word masks a letter too ("sh.t", "f.ck"); abbreviations never match a profane form.
      const w = r[0].toLowerCase().replace(/[$]/g, 's').replace(/[@]/g, 'a').replace(/!/g, 'i').replace(/\./g, '*');
      if (w.length > 40 || w.replace(/[^a-z]/g, '').length < 1) continue;
      if (!/[*#%]/.test(w)) {
        // Symbols and digits standing for letters, none cut out ("@$$h0le", "$h!thead", "@$$clown"): the word itself, read back.
        const read = w.replace(/0/g, 'o').replace(/1/g, 'i').replace(/3/g, 'e').replace(/4/g, 'a').replace(/5/g, 's').replace(/7/g, 't');
        if (/^[a-z]+$/.test(read) && (mm.targets.has(read) || m.extraWords.has(read)) && !overlaps(out, r.index, r.index + r[0].length)) out.push(span(text, r.index, r.index + r[0].length));
        continue;
      }
      if (maskedProfane(mm, m, w) && !overlaps(out, r.index, r.index + r[0].length)) out.push(span(text, r.index, r.index + r[0].length));
    }
    // Spaced letters: "f u c k", "s.h.i.t".
    SPACED.lastIndex = 0;
    for (let r = SPACED.exec(text); r !== null; r = SPACED.exec(text)) {
      // Digits and symbols among the spaced letters are read back ("b u l l s h 1 t").
      const joined = r[0].replace(/[ ._-]/g, '').toLowerCase().replace(/0/g, 'o').replace(/1|!/g, 'i').replace(/3/g, 'e').replace(/4|@/g, 'a').replace(/5|\$/g, 's').replace(/7/g, 't');
      // The article before the letters is a word of its own ("what a d u m b a s s call"): the run without it.
      const article = /^[ai][ ._-]/i.test(r[0]) && mm.targets.has(joined.slice(1));
      if ((mm.targets.has(joined) || article) && !overlaps(out, r.index, r.index + r[0].length)) out.push(article ? span(text, r.index + 2, r.index + r[0].length) : span(text, r.index, r.index + r[0].length));
    }
    return out.sort((x, y) => x.start - y.start);
  });
}
