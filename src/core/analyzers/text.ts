// Text primitives every analyzer shares: spans in the author's own offsets, word tokens, phrase matchers.
import type { PolicyPack } from '../policy/pack.js';
import { table, vocabularySource, type Vocabulary } from './vocabulary.js';
export interface Span {
  start: number;
  end: number;
  quote: string;
}

/** A span of `text` (UTF-16 offsets, as JavaScript strings index). `quote` is always text.slice(start, end). */
export function span(text: string, start: number, end: number): Span {
  return { start, end, quote: text.slice(start, end) };
}

export interface Token {
  /** The word as typed. */
  text: string;
  /** Lower-cased. */
  lower: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/uy;
/** ASCII letters and digits (a table, no regular expression per character). */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;

/** The length of the letter or digit at i (2 for one outside the BMP), 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c]!;
  WORD_CHAR.lastIndex = i;
  return WORD_CHAR.test(text) ? WORD_CHAR.lastIndex - i : 0;
}

/**
 * Words with their offsets. Apostrophes and hyphens inside a word are kept ("don't", "3rd-hour").
 * A word is a letter or digit, then letters, digits, apostrophes (' ’) and hyphens, ending on a letter or digit
 * (as /[\p{L}\p{N}][\p{L}\p{N}'’-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu reads it), found with one scan of the characters.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  // One lower-casing of the whole text, sliced per word, when it maps character for character (no "İ") and
  // no word's case depends on its neighbours (the final sigma); otherwise each word is lower-cased alone.
  const whole = text.toLowerCase();
  const sliced = whole.length === n && text.indexOf('\u03a3') === -1;
  let i = 0;
  while (i < n) {
    const w = wordCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    let end = i + w;
    // Whether the word may differ from its lower-cased form: an upper-case ASCII letter or any non-ASCII character.
    const c0 = text.charCodeAt(start);
    let cased = (c0 >= 65 && c0 <= 90) || c0 >= 128;
    i = end;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 39 || c === 0x2019 || c === 45) {
        i++;
        continue;
      }
      const k = wordCharAt(text, i);
      if (k === 0) break;
      if ((c >= 65 && c <= 90) || c >= 128) cased = true;
      i += k;
      end = i;
    }
    // A word of lower-case ASCII letters and digits is its own lower-cased form: one string for both.
    const t = text.slice(start, end);
    out.push({ text: t, lower: !cased ? t : sliced ? whole.slice(start, end) : t.toLowerCase(), start, end });
    i = end;
  }
  return out;
}

/**
 * Kinds of character a text holds, one bit each (Analysis.chars): every-post tests that need one (an emoji, a digit, an
 * accented letter, a dash) are skipped by one mask test on posts that hold none. One scan of the text, per check.
 */
export const CHARS = {
  /** any character outside ASCII */
  nonAscii: 1,
  /** a character from U+2000 up (dashes, curly quotes, emoji and other symbols) */
  high: 2,
  /** a UTF-16 surrogate: a character outside the BMP (most emoji) */
  astral: 4,
  /** an ASCII digit */
  digit: 8,
  /** a hyphen, an apostrophe (' ’) or a dash (– —) */
  dashOrApostrophe: 16,
  /** a letter or number outside ASCII (é, ñ, ß, ٣): without one, Unicode letter classes reduce to ASCII (asciiSource) */
  nonAsciiWord: 32,
} as const;

/** The CHARS bits of a text. */
export function charsOf(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 48 && c <= 57) bits |= CHARS.digit;
      else if (c === 45 || c === 39) bits |= CHARS.dashOrApostrophe;
    } else {
      bits |= CHARS.nonAscii;
      if ((bits & CHARS.nonAsciiWord) === 0) {
        WORD_CHAR.lastIndex = i;
        if (WORD_CHAR.test(text)) bits |= CHARS.nonAsciiWord;
      }
      if (c >= 0x2000) {
        bits |= CHARS.high;
        if (c >= 0xd800 && c <= 0xdfff) bits |= CHARS.astral;
        else if (c === 0x2019 || c === 0x2013 || c === 0x2014) bits |= CHARS.dashOrApostrophe;
      }
    }
  }
  return bits;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regular expression matching any of the phrases on word boundaries, case-insensitively.
 * Spaces in a phrase match any run of whitespace. Longer phrases win over their prefixes.
 * Returns null for an empty list (so callers skip the pass entirely).
 */
export function phraseRegex(phrases: readonly string[], flags = 'giu'): RegExp | null {
  const uniq = [...new Set(phrases.map((p) => p.trim()).filter((p) => p.length > 0))];
  if (uniq.length === 0) return null;
  uniq.sort((a, b) => b.length - a.length);
  const alt = uniq.map((p) => escapeRegExp(p).replace(/\s+/g, '\\s+')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt})(?![\\p{L}\\p{N}])`, flags);
}

/** Every match of a global regex as spans. */
export function findAll(re: RegExp | null, text: string): Span[] {
  if (re === null) return [];
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, quote: m[0] });
  }
  return out;
}

const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|st|sr|jr|vs|etc|no|mt|ft|gov|sen|rep|prof|coach|a\.m|p\.m|[a-z])$/i;

let lastSentenceText: string | undefined;
let lastSentences: readonly Span[] = [];

/**
 * Sentences as spans (split on . ! ? and line breaks, not after "Mr." or an initial); keeps a target and an act in one clause.
 * The last text's sentences are kept: the analyzers of one check ask for the post's sentences many times.
 */
export function sentences(text: string): readonly Span[] {
  if (text === lastSentenceText) return lastSentences;
  lastSentences = splitSentences(text);
  lastSentenceText = text;
  return lastSentences;
}

function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (t.length > 0) out.push({ start: start + lead, end: start + lead + t.length, quote: t });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      push(i);
      start = i + 1;
    } else if (c === '.' || c === '!' || c === '?') {
      if (c === '.' && ABBREVIATION.test(text.slice(Math.max(0, i - 6), i))) continue;
      let j = i + 1;
      while (j < text.length && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
      push(j);
      start = j;
      i = j - 1;
    }
  }
  push(text.length);
  return out;
}

/** ' → ['’] outside character classes (inside one, ’ is added to the class). */
function curlyApostrophes(src: string): string {
  return rewriteSource(src, undefined, (c, inClass) => (c !== "'" ? c : inClass ? "'’" : "['’]"));
}

/**
 * An expression's source rewritten piece by piece, knowing whether each piece is inside a character class: `escape(src, i,
 * inClass)` gives [replacement, index of the escape's last character] for an escape at i that it rewrites (undefined keeps it
 * as it is), `char(c, inClass)` the replacement of a character that is no escape.
 */
function rewriteSource(src: string, escape: ((src: string, i: number, inClass: boolean) => [string, number] | undefined) | undefined, char: (c: string, inClass: boolean) => string): string {
  let out = '';
  let cls = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const r = escape?.(src, i, cls);
      if (r !== undefined) {
        out += r[0];
        i = r[1];
      } else {
        out += c + (src[i + 1] ?? '');
        i++;
      }
      continue;
    }
    out += char(c, cls);
    if (cls ? c === ']' : c === '[') cls = !cls;
  }
  return out;
}

/** The letter and number properties asciiSource cuts to ASCII (those whose other members are letters or numbers). */
const WORD_PROPERTIES = new Set(['L', 'Letter', 'Lu', 'Uppercase_Letter', 'Ll', 'Lowercase_Letter', 'N', 'Number', 'Nd', 'Decimal_Number']);

/** The characters of a text without non-ASCII letters or numbers that a property escape (`\p{L}`, `\P{Lu}`) matches under the flags' case rule, as class items. */
const ASCII_MEMBERS = new Map<string, string>();
function asciiMembers(escape: string, ignoreCase: boolean): string {
  const key = (ignoreCase ? 'i' : '') + escape;
  let items = ASCII_MEMBERS.get(key);
  if (items === undefined) {
    // The engine itself says which ASCII characters the escape matches (with /i, the case-folded ones too).
    const re = new RegExp(`^${escape}$`, ignoreCase ? 'iu' : 'u');
    const hex = (c: number): string => `\\x${c.toString(16).padStart(2, '0')}`;
    items = '';
    for (let c = 0; c < 128; c++) {
      if (!re.test(String.fromCharCode(c))) continue;
      let e = c;
      while (e + 1 < 128 && re.test(String.fromCharCode(e + 1))) e++;
      items += e === c ? hex(c) : `${hex(c)}-${hex(e)}`;
      c = e;
    }
    // A negated letter or number property (\P{L}) matches every other character of such a text: all of those outside ASCII.
    if (escape[1] === 'P') items += '\\x80-\\u{10ffff}';
    ASCII_MEMBERS.set(key, items);
  }
  return items;
}

/**
 * The expression's source for texts whose letters and numbers are all ASCII (no CHARS.nonAsciiWord; emoji,
 * curly quotes and dashes are fine): each letter or number property escape (`\p{L}`, `\p{N}`, `\P{Lu}` ...)
 * becomes the characters it matches in such a text. On those texts both expressions find the same
 * matches, and this one compiles several times faster: V8 builds every Unicode property class anew for
 * each expression (~0.3 ms for `[\p{L}\p{N}]`, twice that with /i), which made compiling the cut-down
 * lexicon expressions that posts' words choose the largest part of a worker's first thousand checks.
 * Other properties (\p{Extended_Pictographic}) stay as they are.
 */
export function asciiSource(src: string, ignoreCase: boolean): string {
  if (!src.includes('\\p{') && !src.includes('\\P{')) return src;
  return rewriteSource(
    src,
    (s, i, inClass) => {
      const k = s[i + 1];
      const close = k === 'p' || k === 'P' ? s.indexOf('}', i + 3) : -1;
      if (!(close > 0 && s[i + 2] === '{' && WORD_PROPERTIES.has(s.slice(i + 3, close)))) return undefined;
      const items = asciiMembers(s.slice(i, close + 1), ignoreCase);
      return [inClass ? items : `[${items}]`, close];
    },
    (c) => c,
  );
}

/**
 * A lexicon as one regular expression: plain entries are phrases (word boundaries, any case,
 * spaces match any whitespace); entries written "/source/" are regular expressions, for the few
 * cases a phrase cannot say ("got (so )?hammered"). Validated at pack load (see pack.ts). `asciiWords`: the
 * expression for texts whose letters and numbers are all ASCII (asciiSource), the same matches on them.
 */
export function lexiconRegex(entries: readonly string[], flags = 'giu', asciiWords = false): RegExp | null {
  const phrases: string[] = [];
  const patterns: string[] = [];
  for (const e of entries) {
    const t = e.trim();
    if (t.length > 2 && t.startsWith('/') && t.endsWith('/')) patterns.push(t.slice(1, -1));
    else if (t.length > 0) phrases.push(t);
  }
  if (phrases.length === 0 && patterns.length === 0) return null;
  phrases.sort((a, b) => b.length - a.length);
  const alt = [...patterns.map((p) => `(?:${p})`), ...phrases.map((p) => escapeRegExp(p).replace(/\s+/g, '\\s+'))].join('|');
  // Typed apostrophes are often curly (’): an apostrophe in a lexicon matches both.
  const src = `(?<![\\p{L}\\p{N}])(?:${curlyApostrophes(alt)})(?![\\p{L}\\p{N}])`;
  return new RegExp(asciiWords ? asciiSource(src, flags.includes('i')) : src, flags);
}

const NEGATORS = /(?:^|[^\p{L}])(?:not|never|no|don['’]?t|doesn['’]?t|didn['’]?t|won['’]?t|wouldn['’]?t|isn['’]?t|wasn['’]?t|aren['’]?t|can['’]?t|cannot|without|stop|stopped|against|avoid|quit|anti|nobody|none|zero|refuse[sd]?)(?:[^\p{L}]|$)/iu;

/**
 * Is the span negated or condemned nearby? Looks a few words back within its sentence
 * ("never drink and drive", "I don't hate anyone") and a few words on ("... is never ok").
 */
export function negatedAt(text: string, start: number, end: number): boolean {
  let from = start;
  let words = 0;
  while (from > 0 && words < 5) {
    const ch = text[from - 1]!;
    if (ch === '.' || ch === '!' || ch === '?' || ch === '\n') break;
    if (ch === ' ') words++;
    from--;
  }
  if (NEGATORS.test(text.slice(from, start))) return true;
  const after = text.slice(end, end + 40).split(/[.!?\n]/)[0] ?? '';
  return /\b(?:is|are|was)\s+(?:never|not)\s+(?:ok|okay|acceptable|cool|funny|fine)\b|\bis\s+wrong\b|\bis\s+illegal\b|\b(?:is|are)\s+(?:a\s+)?(?:crimes?|felon(?:y|ies)|against\s+the\s+law)\b|\bshame\b/i.test(after);
}

const GATE_STOP = new Set('the and for was are you your his her hers him she they them their with that this our not but all can has had have were will one out get got its who how what when than then from into over just very too any some each been being did does doing don'.split(' '));

/** Words too common to be a useful gate on their own: a required set made of them is avoided when another exists. */
const COMMON = new Set('school schools team kids class new good great such time more most today tonight day week year first last back next night friday home work staff teacher teachers students parents family families people thing things make made going went come came every some like love proud fun happy share start sign know mean should'.split(' '));

/** Words of 3+ letters or digits; common words are kept (a required word is required) and only scored down in bestSet. */
function wordsOf(s: string): string[] {
  // Letters of any script: "opinión" is one word, as tokenize() sees it (an ASCII-only split gave "opini", which no post holds).
  return s.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
}

/** Split a regex source at its top-level "|". */
function topAlternatives(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cls = false;
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (cls) {
      if (c === ']') cls = false;
    } else if (c === '[') cls = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(src.slice(from, i));
      from = i + 1;
    }
  }
  out.push(src.slice(from));
  return out;
}

/** Escapes that stand for a space, a boundary or a punctuation mark (not for part of a word). */
const SEPARATOR_ESCAPE = /^\\(?:[sbntrfv]|[^\p{L}\p{N}])/u;
/** A quantifier at the start of a string; optional when it allows none. */
const QUANTIFIER = /^(?:[?*+]|\{\d*,?\d*\})\??/;
const optionalQuantifier = (q: string): boolean => q.startsWith('?') || q.startsWith('*') || /^\{0?,|^\{0\}/.test(q);

interface Piece {
  /** The piece as written (a letter, an escape, a class, a group) and its quantifier. */
  src: string;
  quant: string;
}

/** A sequence (one alternative) cut into its pieces. */
function piecesOf(alt: string): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < alt.length; i = pieceEnd) out.push(pieceAt(alt, i));
  return out;
}

/** The index of the ")" closing the group that opens at src[start], escapes and character classes skipped ("(?:[,.)]|x)"); src.length when none does. */
function closingParen(src: string, start: number): number {
  let depth = 0;
  let j = start;
  for (; j < src.length; j++) {
    const d = src[j]!;
    if (d === '\\') j++;
    else if (d === '[') {
      j++;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
    } else if (d === '(') depth++;
    else if (d === ')' && --depth === 0) break;
  }
  return j;
}

/** Where the last piece read by pieceAt ends (with its quantifier). */
let pieceEnd = 0;
/** The quantifier at an offset (sticky: read in place). */
const QUANTIFIER_AT = /(?:[?*+]|\{\d*,?\d*\})\??/y;

/** The piece of a sequence that starts at `start` (piecesOf, one at a time); sets pieceEnd. */
function pieceAt(alt: string, start: number): Piece {
  let i = start;
  const c = alt[i]!;
  if (c === '\\') i = alt[i + 1] === 'p' || alt[i + 1] === 'P' ? (alt[i + 2] === '{' ? alt.indexOf('}', i) + 1 : i + 2) : i + 2;
  else if (c === '[') {
    let j = i + 1;
    while (j < alt.length && alt[j] !== ']') j += alt[j] === '\\' ? 2 : 1;
    i = j + 1;
  } else if (c === '(') i = closingParen(alt, i) + 1;
  else i++;
  if (i <= start) i = start + 1;
  QUANTIFIER_AT.lastIndex = i;
  const quant = QUANTIFIER_AT.exec(alt)?.[0] ?? '';
  pieceEnd = i + quant.length;
  return { src: alt.slice(start, i), quant };
}

/**
 * Can a character class (its body, between the brackets) match a letter or digit? A negated class can; escapes
 * of spaces and marks ("\\s", "\\n", "\\.") are not letters, though "n" is one.
 */
function classMayHoldLetter(body: string): boolean {
  // A negated class of letters and digits ("[^\p{L}\p{N}\s]") holds neither.
  if (body.startsWith('^')) return !(body.includes('\\p{L}') && body.includes('\\p{N}'));
  return /[\p{L}\p{N}]|\\[wdpSDWPu]/u.test(body.replace(/\\(?:[sbntrfv]|[^\p{L}\p{N}])/gu, ''));
}

/** Does the piece take no characters (an anchor or a lookaround)? */
const zeroWidth = (p: Piece): boolean => /^(?:\^|\$|\\[bB]|\(\?<?[=!])/.test(p.src);

/** Can the piece's match begin (`end` false) or end (`end` true) with a letter or digit? */
function pieceWordish(p: Piece, end: boolean): boolean {
  const s = p.src;
  if (s.startsWith('(')) return wordish(s.slice(1, -1).replace(/^\?(?::|<[a-zA-Z_]+>)/, ''), end);
  if (s.startsWith('[')) return classMayHoldLetter(s.slice(1, -1));
  if (s.startsWith('\\')) return !SEPARATOR_ESCAPE.test(s);
  return /[\p{L}\p{N}.]/u.test(s);
}

/** Most results each memo of the gate derivation keeps (cleared when full). */
const MAX_MEMO = 50_000;
/** Set while gateSetsPlain runs: no memo, every reading and starting set read (the derivation as written, for tests). */
let plainDerivation = false;

/**
 * Can a match of this expression begin (`end` false) or end (`end` true) with a letter or digit? Only one
 * that surely starts (ends) with a space or a mark says no; an optional piece there is looked through.
 */
function wordish(src: string, end: boolean): boolean {
  if (plainDerivation) return wordishOf(src, end);
  const memo = end ? WORDISH_END : WORDISH_START;
  let known = memo.get(src);
  if (known === undefined) {
    known = wordishOf(src, end);
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(src, known);
  }
  return known;
}
const WORDISH_START = new Map<string, boolean>();
const WORDISH_END = new Map<string, boolean>();

function wordishOf(src: string, end: boolean): boolean {
  for (const alt of topAlternatives(src)) {
    const ps = piecesOf(alt).filter((p) => !zeroWidth(p));
    if (end) ps.reverse();
    let decided = false;
    for (const p of ps) {
      if (pieceWordish(p, end)) return true;
      if (!optionalQuantifier(p.quant)) {
        decided = true;
        break;
      }
    }
    if (!decided) return true; // the alternative can match nothing: the letters beside it touch
  }
  return false;
}

/** Can a match of this expression end with a letter or digit, and can it match nothing (every piece optional or zero-width)? */
function endsOf(src: string): { letter: boolean; empty: boolean } {
  if (plainDerivation) return endsOfSource(src);
  let known = ENDS_MEMO.get(src);
  if (known === undefined) {
    known = endsOfSource(src);
    if (ENDS_MEMO.size >= MAX_MEMO) ENDS_MEMO.clear();
    ENDS_MEMO.set(src, known);
  }
  return known;
}
const ENDS_MEMO = new Map<string, { letter: boolean; empty: boolean }>();

function endsOfSource(src: string): { letter: boolean; empty: boolean } {
  let letter = false;
  let empty = false;
  for (const alt of topAlternatives(src)) {
    const ps = piecesOf(alt).filter((p) => !zeroWidth(p)).reverse();
    let decided = false;
    for (const p of ps) {
      if (pieceWordish(p, true)) {
        letter = true;
        decided = true;
        break;
      }
      if (!optionalQuantifier(p.quant)) {
        decided = true;
        break;
      }
    }
    if (!decided) empty = true;
  }
  return { letter, empty };
}

/**
 * Sets of words such that every match of the regex source holds at least one word of each set
 * (so any one set is a correct gate). Built from the required pieces of the top-level sequence:
 * literal runs and non-optional groups whose every alternative has a required set. Letters glued to
 * a class, a group or an escape that may add letters ("llegu[ée]", "llam(?:ó|aron)", "(?:c|k)asa") are
 * part of a longer word, not a word a post holds: they are no gate. `gluedLeft`/`gluedRight`: the
 * source itself sits between letters (a group inside a word).
 */
function requiredSets(src: string, gluedLeft = false, gluedRight = false): string[][] {
  // The same sub-expressions come back in many alternatives, readings and entries ("(?:is|are|was)" in each of the
  // hundreds of spelled-out readings of one entry): each is read once per process. The result is shared, never changed.
  if (plainDerivation) return requiredSetsOf(src, gluedLeft, gluedRight);
  const memo = REQUIRED_MEMO[(gluedLeft ? 2 : 0) + (gluedRight ? 1 : 0)]!;
  const known = memo.get(src);
  if (known !== undefined) return known;
  const result = requiredSetsOf(src, gluedLeft, gluedRight);
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(src, result);
  return result;
}
/** requiredSets by glue (left, right: one map each way) and source (pure, so kept per process; cleared when full). */
const REQUIRED_MEMO = [0, 1, 2, 3].map(() => new Map<string, string[][]>());

function requiredSetsOf(src: string, gluedLeft: boolean, gluedRight: boolean): string[][] {
  const alts = topAlternatives(src);
  if (alts.length > 1) {
    const per = alts.map((x) => bestSet(requiredSets(x, gluedLeft, gluedRight)));
    return per.every((x) => x !== undefined && x.length > 0) ? [[...new Set(per.flat() as string[])]] : [];
  }
  // A separator that may be left out between letters ("self[- ]?checkouts?", "don['’]?t", "wake\\s*(?:n|and)\\s*bake") joins
  // the words beside it into one ("selfcheckout", "dont", "wakenbake"): each such separator is read both ways, left out
  // and required, and only what every reading requires is kept (the joined word gates the reading that joins).
  const joins = optionalJoins(src, gluedLeft, gluedRight);
  if (joins.length > 0) return joinedReadings(src, joins, gluedLeft, gluedRight);
  const sets: string[][] = [];
  let i = 0;
  let run = '';
  /** Does the current run start glued to letters before it? */
  let runGlued = gluedLeft;
  /** Letters of a word that has an optional letter inside it: not a word any post holds as typed. */
  let skipWord = false;
  /** The run's words; its first (when glued at the start) and last (when `gluedEnd`) are fragments if they touch the run's ends. */
  const flushRun = (gluedEnd = false) => {
    const lower = run.toLowerCase();
    for (const m of lower.matchAll(/[\p{L}\p{N}]{3,}/gu)) {
      if (runGlued && m.index === 0) continue;
      if (gluedEnd && m.index + m[0].length === lower.length) continue;
      sets.push([m[0]]);
    }
    run = '';
    skipWord = false;
    runGlued = false;
  };
  const optionalAt = (j: number) => src[j] === '?' || src[j] === '*' || (src[j] === '{' && /^\{0[,}]/.test(src.slice(j)));
  /** Do letters follow at j (directly, or at the end of the source when it is glued on the right)? */
  const lettersAt = (j: number) => {
    // A letter, or a group, class or escape that may begin with one ("(?:zlib|libgen)(?:and|plus)"), looking through
    // anchors and optional marks.
    for (let at = j; at < src.length; ) {
      const p = pieceAt(src, at);
      at = pieceEnd;
      if (zeroWidth(p)) continue;
      if (pieceWordish(p, false)) return true;
      if (!optionalQuantifier(p.quant)) return false;
    }
    return gluedRight;
  };
  const endsInLetter = () => run.length > 0 && (run.charCodeAt(run.length - 1) < 128 ? letterOrDigit(run[run.length - 1]!) : /[\p{L}\p{N}]$/u.test(run));
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const start = i;
      if (src[i + 1] === 'p' && src[i + 2] === '{') i = src.indexOf('}', i) + 1;
      else i += 2;
      const wordlike = !SEPARATOR_ESCAPE.test(src.slice(start, i));
      flushRun(wordlike);
      i += QUANTIFIER.exec(src.slice(i))?.[0].length ?? 0;
      runGlued = wordlike;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      const body = src.slice(i + 1, j);
      // A class of spaces and punctuation only separates words; any other class can add letters.
      const wordlike = classMayHoldLetter(body);
      flushRun(wordlike);
      i = j + 1;
      i += QUANTIFIER.exec(src.slice(i))?.[0].length ?? 0;
      runGlued = wordlike;
      continue;
    }
    if (c === '(') {
      const j = closingParen(src, i);
      const raw = src.slice(i + 1, j);
      const inner = raw.replace(/^\?(?::|<?[=!]|<[a-zA-Z_]+>)/, '');
      const lookaround = /^\?<?[=!]/.test(raw);
      const leftGlue = !lookaround && (endsInLetter() || (run.length === 0 && runGlued));
      const q = QUANTIFIER.exec(src.slice(j + 1))?.[0] ?? '';
      const optional = optionalQuantifier(q);
      const k = j + 1 + q.length;
      const rightGlue = !lookaround && lettersAt(k);
      if (lookaround) flushRun();
      else {
        // An optional group of endings right after a stem ("kill(?:ed|s)?") leaves the stem, whose inflections gate (gateIndex).
        const stemEnding = optional && endsInLetter() && isInflectionGroup(/[\p{L}\p{N}]+$/u.exec(run)![0].toLowerCase(), inner);
        flushRun(!stemEnding && wordish(inner, false));
      }
      i = k;
      if (!optional && !lookaround) {
        const b = bestSet(requiredSets(inner, leftGlue, rightGlue));
        if (b !== undefined) sets.push(b);
      }
      // After the group, letters touch the next run when the group can end in one, or when it can be left out or match
      // nothing ("(?:^|[.!?\n]\s*)") and letters touched it on the left.
      const end = endsOf(inner);
      runGlued = !lookaround && (end.letter || ((optional || end.empty) && leftGlue));
      continue;
    }
    if (letterOrDigit(c)) {
      if (skipWord) {
        i++;
        continue;
      }
      if (optionalAt(i + 1)) {
        // An optional last letter ("bottles?") leaves the stem, whose inflections gate too (gateIndex);
        // an optional letter inside a word ("neighbou?r", "cancell?ed") leaves no whole word to gate on.
        if (letterOrDigit(src[i + 2] ?? '')) {
          run = '';
          skipWord = true;
        } else flushRun();
        i += 2;
        continue;
      }
      if (src[i + 1] === '+' || (src[i + 1] === '{' && /^\{\d/.test(src.slice(i + 1)))) {
        // A repeated letter ("so+", "no{2,}") makes a longer word than the one written.
        run += c;
        flushRun(true);
        skipWord = true;
        i += 1 + (QUANTIFIER.exec(src.slice(i + 1))?.[0].length ?? 1);
        continue;
      }
      run += c;
      i++;
      continue;
    }
    flushRun();
    i++;
  }
  flushRun(gluedRight);
  return sets;
}

/** Does the string (one character of an expression) hold a letter or digit of any script? ASCII without a regex. */
function letterOrDigit(c: string): boolean {
  const k = c.charCodeAt(0);
  if (k < 128) return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57);
  return /[\p{L}\p{N}]/u.test(c);
}

/** Can the piece only match spaces and marks (no letter or digit)? A group, a class, an escape or a literal character. */
function separatorPiece(p: Piece): boolean {
  const x = p.src;
  if (x.startsWith('(')) {
    if (/^\(\?<?[=!]/.test(x)) return false;
    const inner = x.slice(1, -1).replace(/^\?(?::|<[a-zA-Z_]+>)/, '');
    return inner !== '' && !/[\p{L}\p{N}.]|\\[wdpSDWPuxck]/u.test(inner.replace(/\{\d*,?\d*\}/g, '').replace(/\\(?:[sbntrfv]|[^\p{L}\p{N}])/gu, '').replace(/\[(?:[^\]\\]|\\.)*\]/g, (c) => (classMayHoldLetter(c.slice(1, -1)) ? 'a' : '')));
  }
  if (x.startsWith('[')) return !classMayHoldLetter(x.slice(1, -1));
  if (x.startsWith('\\')) return SEPARATOR_ESCAPE.test(x) && !/^\\[bB]$/.test(x);
  return !/[\p{L}\p{N}.^$|)]/u.test(x);
}

/**
 * The pieces of a sequence that are separators which may match nothing while letters may stand on both sides of them
 * (looking through other such separators, and out of the sequence when it is glued there). Their offsets in `src`.
 */
function optionalJoins(src: string, gluedLeft: boolean, gluedRight: boolean): Array<{ start: number; end: number; quant: string }> {
  if (!/[?*]|\{0/.test(src)) return [];
  const ps = piecesOf(src);
  const offs: number[] = [];
  let o = 0;
  for (const p of ps) {
    offs.push(o);
    o += p.src.length + p.quant.length;
  }
  const optSep = (k: number) => optionalQuantifier(ps[k]!.quant) && separatorPiece(ps[k]!);
  const out: Array<{ start: number; end: number; quant: string }> = [];
  for (let k = 0; k < ps.length; k++) {
    if (!optSep(k)) continue;
    let l = k - 1;
    while (l >= 0 && (optSep(l) || zeroWidth(ps[l]!))) l--;
    let r = k + 1;
    while (r < ps.length && (optSep(r) || zeroWidth(ps[r]!))) r++;
    const left = l < 0 ? gluedLeft : pieceWordish(ps[l]!, true);
    const right = r >= ps.length ? gluedRight : pieceWordish(ps[r]!, false);
    if (left && right) out.push({ start: offs[k]!, end: offs[k]! + ps[k]!.src.length + ps[k]!.quant.length, quant: ps[k]!.quant });
  }
  return out;
}

/** A quantifier without its lazy mark ("{0,3}?" → "{0,3}", "??" → "?"; "?" stays). */
const lazyless = (q: string): string => (q.length > 1 && q.endsWith('?') ? q.slice(0, -1) : q);

/** Most sequences a group may be spelled out into (spelledOut). */
const MAX_SPELLED = 2048;

/**
 * A sequence as the alternatives of the sequences its groups make, one alternative of each group at a time
 * ("a(?:b|c)?d" → "ad", "abd", "acd"): the same matches, with the letters of each spelled out beside their neighbours.
 * A repeated group stays whole (left out, or one or more). undefined when the product would be too large.
 */
function spelledOut(src: string, gluedLeft: boolean, gluedRight: boolean): string[] | undefined {
  let combos = [''];
  const ps = piecesOf(src);
  const solid = ps.map((p) => !zeroWidth(p));
  /** Letters may touch the piece at k on the left or on the right (only such groups are spelled out). */
  const glued = (k: number): boolean => {
    // Looking through optional pieces, which may be left out ("and(?:the\s+)?(?:copy|copier)").
    const touches = (from: number, step: number, edge: boolean): boolean => {
      for (let j = from; j >= 0 && j < ps.length; j += step) {
        if (!solid[j]) continue;
        if (pieceWordish(ps[j]!, step < 0)) return true;
        if (!optionalQuantifier(ps[j]!.quant)) return false;
      }
      return edge;
    };
    const p = ps[k]!;
    return (pieceWordish(p, false) && touches(k - 1, -1, gluedLeft)) || (pieceWordish(p, true) && touches(k + 1, 1, gluedRight));
  };
  // Each piece's options first: a product too large is known before any sequence is built.
  const all: string[][] = [];
  let product = 1;
  for (const [k, p] of ps.entries()) {
    let options: string[];
    if (p.src.startsWith('(') && !/^\(\?<?[=!]/.test(p.src) && glued(k)) {
      const inner = p.src.slice(1, -1).replace(/^\?(?::|<[a-zA-Z_]+>)/, '');
      const q = lazyless(p.quant);
      if (q === '') options = topAlternatives(inner);
      else if (q === '?') options = ['', ...topAlternatives(inner)];
      else if (optionalQuantifier(q)) options = ['', `(?:${inner})${q === '*' ? '+' : q.replace(/^\{0?,/, '{1,')}`];
      else options = [p.src + p.quant];
    } else if (p.src === '\\d' && p.quant === '' && glued(k)) options = [...'0123456789'];
    else options = [p.src + p.quant];
    product *= options.length;
    if (product > MAX_SPELLED) return undefined;
    all.push(options);
  }
  for (const options of all) combos = options.length === 1 ? combos.map((c) => c + options[0]!) : combos.flatMap((c) => options.map((o) => c + o));
  return combos.length > 1 ? combos : undefined;
}

/** Most separators that may be left out, read both ways, in one sequence (2^n readings). */
const MAX_JOINS = 6;

/** requiredSets of a sequence whose joining separators are read both ways: the sets every reading requires, and the union of each reading's best set. */
function joinedReadings(src: string, joins: Array<{ start: number; end: number; quant: string }>, gluedLeft: boolean, gluedRight: boolean): string[][] {
  if (joins.length > MAX_JOINS) return [];
  return joinedReadingsOf(src, joins, gluedLeft, gluedRight);
}

function joinedReadingsOf(src: string, joins: Array<{ start: number; end: number; quant: string }>, gluedLeft: boolean, gluedRight: boolean): string[][] {
  const readings: string[][][] = [];
  /** The sets of the readings before spelling out: each starts a candidate. */
  const seeds: string[][] = [];
  for (let mask = 0; mask < 1 << joins.length; mask++) {
    let v = '';
    let at = 0;
    joins.forEach((j, b) => {
      v += src.slice(at, j.start);
      // Left out, or required once or more (the same matches as the optional piece, less the empty one).
      if (mask & (1 << b)) {
        const piece = src.slice(j.start, j.end - j.quant.length);
        const q = lazyless(j.quant);
        v += piece + (q === '?' ? '' : q === '*' ? '+' : q.replace(/^\{0?,/, '{1,').replace(/^\{0\}$/, '{1}'));
      }
      at = j.end;
    });
    v += src.slice(at);
    // A joined word ("selfcheckout" of "self[- ]?checkouts?") is no word of the entry's own source, where gateIndex
    // finds stems: a joined stem brings its inflections here.
    const lower = src.toLowerCase();
    const inflected = (sets: string[][], from: string) => sets.map((set) => [...new Set(set.flatMap((x) => (!lower.includes(x) && isStem(from, x) ? inflections(x) : [x])))]);
    const sets = inflected(requiredSets(v, gluedLeft, gluedRight), v);
    seeds.push(...sets);
    // Joined, a word may be glued to a group ("wake(?:n|and)bake", "(?:a|an)?(?:idiot|moron)"): spelled out, the group's
    // alternatives make whole words again ("wakenbake", "anidiot"); each alternative is a reading of its own.
    const spelled = spelledOut(v, gluedLeft, gluedRight);
    if (spelled === undefined) readings.push(sets);
    else for (const alt of spelled) readings.push([...sets, ...inflected(requiredSets(alt, gluedLeft, gluedRight), alt)]);
  }
  // A set is required by the entry when each reading requires a set inside it: from each set of any reading, add
  // for every reading that holds no set inside it yet the one that adds the fewest (sharpest) words.
  // A reading that comes again asks nothing more (the first left a set of it inside the candidate), and the same
  // starting set makes the same candidate: each is read once (the candidates still set in the order of the starts).
  const distinct = plainDerivation ? readings : distinctLists(readings);
  const key = (set: string[]) => [...set].sort().join(' ');
  const candidates = new Map<string, string[]>();
  const made = new Map<string, [string, string[]] | null>();
  for (const s0 of seeds.length > 0 ? seeds : readings.flat()) {
    if (s0.length === 0) continue;
    const k0 = JSON.stringify(s0);
    let c = plainDerivation ? undefined : made.get(k0);
    if (c === undefined) {
      const u = candidateOf(s0, distinct);
      c = u === null ? null : [key(u), u];
      made.set(k0, c);
    }
    if (c !== null) candidates.set(c[0], [...c[1]]);
  }
  // A set holding another is no further requirement.
  const all = [...candidates.values()];
  const out = all.filter((x) => !all.some((y) => y !== x && y.length < x.length && y.every((w) => x.includes(w))));
  return out;
}

/** The starting set grown by, for each reading that holds no set inside it yet, the set that adds the fewest (sharpest) words; null when a reading has none. */
function candidateOf(s0: readonly string[], readings: readonly string[][][]): string[] | null {
  const u = new Set(s0);
  for (const r of readings) {
    if (holdsSetOf(u, r)) continue;
    const add = plainDerivation ? bestSet(r.map((x) => x.filter((w) => !u.has(w)))) : bestSetWithout(r, u);
    if (add === undefined) return null;
    for (const w of add) u.add(w);
  }
  return [...u];
}

/** Does `u` hold every word of one (non-empty) set of the reading? */
function holdsSetOf(u: ReadonlySet<string>, reading: readonly string[][]): boolean {
  for (const x of reading) {
    if (x.length === 0) continue;
    let all = true;
    for (const w of x) {
      if (!u.has(w)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** Is a group only endings the stem's inflections cover ("kill" + "(?:ed|s)", "scan" + "(?:ned|ning|s)")? */
function isInflectionGroup(stem: string, inner: string): boolean {
  const forms = inflections(stem);
  return topAlternatives(inner).every((x) => /^[a-z]+$/.test(x) && forms.includes(stem + x));
}

/** The sharpest required set: fewest common words, then fewest words. */
function bestSet(sets: readonly string[][]): string[] | undefined {
  return bestSetWithout(sets, undefined);
}

/** bestSet of the sets with the words of `held` taken out (the first of the sharpest, as a new array; sets left empty are skipped). */
function bestSetWithout(sets: readonly string[][], held: ReadonlySet<string> | undefined): string[] | undefined {
  let best: string[] | undefined;
  let score = Infinity;
  for (const s of sets) {
    // Fewest common words, then fewest words, then the longest shortest word (longer words are rarer).
    let n = 0;
    let stop = 0;
    let common = 0;
    let shortest = 20;
    for (const w of s) {
      if (held?.has(w)) continue;
      n++;
      if (GATE_STOP.has(w)) stop++;
      if (COMMON.has(w)) common++;
      if (w.length < shortest) shortest = w.length;
    }
    if (n === 0) continue;
    const sc = stop * 100_000 + common * 1000 + n * 20 - shortest;
    if (sc < score) {
      score = sc;
      best = s;
    }
  }
  return best === undefined || held === undefined ? best : best.filter((w) => !held.has(w));
}

/** The lists in order, each only at its first appearance (same items in the same order). */
function distinctLists<T extends readonly unknown[]>(lists: readonly T[]): T[] {
  const seen = new Set<string>();
  return lists.filter((l) => {
    const k = JSON.stringify(l);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The gate words of one lexicon entry: every match of the entry holds one of them ([] = cannot gate). */
export function gateWords(entry: string): string[] {
  return entryGates(entry).words;
}

/**
 * Every required set of one entry (each match holds a word of each set), stems widened to their
 * inflections: a post lacking any one set cannot match the entry. [] when nothing can be required.
 */
export function gateSets(entry: string): string[][] {
  return entryGates(entry.trim()).sets;
}

/**
 * gateWords and gateSets of one entry derived as written, without the shared memo or the skipping of readings and
 * starting sets that come again: slower, for the test that the fast derivation (and so gateIndex) gives the same.
 */
export function gateSetsPlain(entry: string): { words: string[]; sets: string[][] } {
  plainDerivation = true;
  try {
    return entryGates(entry.trim());
  } finally {
    plainDerivation = false;
  }
}

/** An entry's gate words (`gateWords`) and its required sets (`gateSets`), from one reading of the expression. */
export function entryGates(entry: string): { words: string[]; sets: string[][] } {
  if (!(entry.startsWith('/') && entry.endsWith('/'))) {
    const ws = wordsOf(entry);
    return { words: bestSet(ws.map((w) => [w])) ?? [], sets: [...new Set(ws)].map((w) => [w]) };
  }
  const t = entry.trim();
  const sets = requiredSets(entry.slice(1, -1));
  return { words: bestSet(sets) ?? [], sets: sets.map((set) => [...new Set(set.flatMap((x) => (isStem(t, x) ? inflections(x) : [x])))]) };
}

/** Is the word followed in the expression by an optional letter or group ("bottle" in "bottles?", "kill" in "kill(?:ed|s)?")? */
function isStem(source: string, w: string): boolean {
  const src = source.toLowerCase();
  for (let i = src.indexOf(w); i !== -1; i = src.indexOf(w, i + 1)) {
    if (i > 0 && /[\p{L}\p{N}]/u.test(src[i - 1]!)) continue;
    const j = i + w.length;
    if (/^[\p{L}\p{N}][?*]/u.test(src.slice(j, j + 2))) return true;
    if (src[j] === '(') {
      const close = src.indexOf(')', j);
      if (close !== -1 && !src.slice(j + 1, close).includes('(') && (src[close + 1] === '?' || src[close + 1] === '*')) return true;
    }
  }
  return false;
}

/** A stem and the endings an optional suffix in an expression may add to it (a few extra index keys, no cost per post). */
function inflections(w: string): string[] {
  const out = [w, `${w}s`, `${w}es`, `${w}ed`, `${w}d`, `${w}ing`, `${w}er`, `${w}ers`, `${w}y`];
  const last = w[w.length - 1]!;
  // Doubled consonants: "cancelled", "shopping".
  if (/[bdglmnprt]/.test(last)) out.push(`${w}${last}ed`, `${w}${last}ing`, `${w}${last}er`);
  return out;
}

/**
 * The cheap first pass of every lexicon, entry by entry: word → the lexicon entries whose every match
 * holds it. A post whose words (split at apostrophes and hyphens) hit none of an entry's gate words
 * cannot match that entry, so the entry is left out of the expression run on the post; a lexicon
 * none of whose entries is hit is not run at all. An entry made only of common words is always run.
 */
export interface GateIndex {
  /** word → lexicons with an entry it gates */
  words: Map<string, string[]>;
  /** lexicons with an entry that no word gates */
  always: Set<string>;
  /** word → the entries it gates, by entry number (see `lexiconOf`, `entryOf`) */
  entries: Map<string, number[]>;
  /** entries that no word gates: run on every post */
  alwaysEntries: number[];
  /** For each of alwaysEntries, strings (lower-cased) of which every match holds one per set (entryLiterals); [] when none is known. */
  alwaysLiterals: string[][][];
  /** The same sets as tests on the lower-cased text: a set of up to four strings by includes(), a larger one by one expression (one scan, not one per string). */
  alwaysLiteralTests: Array<Array<readonly string[] | RegExp>>;
  /** For each of alwaysEntries, the CHARS bits (non-ASCII, U+2000 up, outside the BMP) that every match holds: a post lacking one skips it. */
  alwaysChars: number[];
  /** entry number → its lexicon, its index in the lexicon, and the other words it also needs (one of each set) */
  lexiconOf: string[];
  entryOf: number[];
  alsoNeeds: Array<string[][] | undefined>;
  /** The same, by number, for the one pass per post: every gate or needed word → its number; */
  wordId: Map<string, number>;
  /** word number → the entries it gates (empty for a word only needed beside another); */
  entriesOf: number[][];
  /** entry number → the other words it needs, as word numbers. */
  needsOf: Array<number[][] | undefined>;
}

/** The pack's gate index: each entry's gates as precomputed in the pack (gates.json), else derived here. */
export function gateIndex(pack: PolicyPack): GateIndex {
  return pack.compiled('gate-index', (p) => buildGateIndex(p, (t) => p.precomputedGates(t) ?? entryGates(t)));
}

/** The gate index of a pack, each entry's gates derived by `derive` (entryGates; gateSetsPlain in the test that both agree). */
export function buildGateIndex(p: PolicyPack, derive: (entry: string) => { words: string[]; sets: string[][] }): GateIndex {
  const ix: GateIndex = { words: new Map(), always: new Set(), entries: new Map(), alwaysEntries: [], alwaysLiterals: [], alwaysLiteralTests: [], alwaysChars: [], lexiconOf: [], entryOf: [], alsoNeeds: [], wordId: new Map(), entriesOf: [], needsOf: [] };
  for (const name of p.lexiconNames()) {
    p.lexicon(name).forEach((e, i) => {
      const g = ix.lexiconOf.length;
      ix.lexiconOf.push(name);
      ix.entryOf.push(i);
      const t = e.trim();
      const { words: ws, sets } = derive(t);
      // The entry's other required sets ("drunk at work" needs "work" as well as "drunk").
      const others = sets.filter((set) => !set.some((w) => ws.includes(w)));
      ix.alsoNeeds.push(ws.length > 0 && others.length > 0 ? others : undefined);
      if (ws.length === 0) {
        ix.always.add(name);
        ix.alwaysEntries.push(g);
        const lits = entryLiterals(t);
        ix.alwaysLiterals.push(lits);
        ix.alwaysLiteralTests.push(lits.map((set) => (set.length <= 4 ? set : new RegExp(set.map(escapeRegExp).join('|')))));
        ix.alwaysChars.push(lits.reduce((bits, set) => bits | charsEveryOneHolds(set), 0));
      }
      // In an expression a gate word can be the stem before an optional ending ("bottles?", "kill(?:ed|ing)?")
      // while the post holds the inflected word: that stem's inflections gate the entry too.
      for (const w of new Set(t.startsWith('/') ? ws.flatMap((x) => (isStem(t, x) ? inflections(x) : [x])) : ws)) {
        const list = ix.words.get(w);
        if (list === undefined) ix.words.set(w, [name]);
        else if (!list.includes(name)) list.push(name);
        const refs = ix.entries.get(w);
        if (refs === undefined) ix.entries.set(w, [g]);
        else refs.push(g);
      }
    });
  }
  const idOf = (w: string): number => {
    let id = ix.wordId.get(w);
    if (id === undefined) {
      id = ix.entriesOf.length;
      ix.wordId.set(w, id);
      ix.entriesOf.push(ix.entries.get(w) ?? []);
    }
    return id;
  };
  for (const w of ix.entries.keys()) idOf(w);
  ix.needsOf = ix.alsoNeeds.map((needs) => needs?.map((set) => set.map(idOf)));
  return ix;
}

/** What a post's words let through: for each lexicon that may match, the indexes of its entries that may (ascending). */
export type PostGates = Map<string, number[]>;

/** Entry numbers already taken, and word numbers the post holds, for the current post (a stamp each instead of sets per post). */
let stamps = new Uint32Array(0);
let wordStamps = new Uint32Array(0);
let stamp = 0;
/** The current post's word numbers, in order of first appearance. */
const held: number[] = [];

/** Every word that gates or is needed joins the vocabulary (the one lookup per word of a check). */
vocabularySource((p) => gateIndex(p).wordId.keys());

/** Vocabulary number → gate word number (-1 for a word that neither gates nor is needed). */
function gateIdsOf(v: Vocabulary, index: GateIndex): Int32Array {
  return table(v, 'gate-ids', () => Int32Array.from(v.words, (w) => index.wordId.get(w) ?? -1));
}

/**
 * What the post's words let through, in one pass over them. `wordIds` (with `vocab`) are the tokens' numbers in the
 * pack's vocabulary (Analysis.wordIds), so no word is looked up again here; without them each word is looked up.
 */
export function postGates(tokens: readonly Token[], index: GateIndex, lower?: string, wordIds?: Int32Array, vocab?: Vocabulary, chars?: number): PostGates {
  if (stamps.length < index.lexiconOf.length) stamps = new Uint32Array(index.lexiconOf.length);
  if (wordStamps.length < index.entriesOf.length) wordStamps = new Uint32Array(index.entriesOf.length);
  if (++stamp === 0xffffffff) {
    stamps.fill(0);
    wordStamps.fill(0);
    stamp = 1;
  }
  const st = stamp;
  const ws = wordStamps;
  const wordId = index.wordId;
  // The words (and, for "don't" or "3rd-hour", their parts) that gate or are needed: one lookup each.
  const ids = held;
  ids.length = 0;
  const byVocab = wordIds !== undefined && vocab !== undefined ? gateIdsOf(vocab, index) : undefined;
  for (let k = 0; k < tokens.length; k++) {
    const w = tokens[k]!.lower;
    // The gate word's number, -1 for none: read by the word's vocabulary number when the caller has them.
    const v = byVocab !== undefined ? wordIds![k]! : -1;
    const id = byVocab !== undefined ? (v < 0 ? -1 : byVocab[v]!) : (wordId.get(w) ?? -1);
    if (id >= 0 && ws[id] !== st) {
      ws[id] = st;
      ids.push(id);
    }
    if (w.length > 2 && hasJoiner(w)) {
      for (const part of w.split(JOINER)) {
        const pid = wordId.get(part);
        if (pid !== undefined && ws[pid] !== st) {
          ws[pid] = st;
          ids.push(pid);
        }
      }
    }
  }
  const out: PostGates = new Map();
  // Entries no word gates: still left out when the lower-cased text lacks a string every match holds.
  const literal = lower !== undefined && lower.indexOf('\u017f') === -1 && lower.indexOf('\u0131') === -1;
  const always = index.alwaysEntries;
  // The CHARS bits of the text (Analysis.chars), when the caller has them: an entry whose every match holds an emoji is skipped
  // on a post without one by a mask test.
  const textChars = chars ?? ~0;
  for (let k = 0; k < always.length; k++) {
    const g = always[k]!;
    const needs = index.alwaysChars[k]!;
    if ((textChars & needs) !== needs) continue;
    if (literal && !holdsLiterals(lower, index.alwaysLiteralTests[k]!)) continue;
    if (stamps[g] === st) continue;
    stamps[g] = st;
    const name = index.lexiconOf[g]!;
    const list = out.get(name);
    if (list === undefined) out.set(name, [index.entryOf[g]!]);
    else list.push(index.entryOf[g]!);
  }
  for (let k = 0; k < ids.length; k++) addEntries(out, index, index.entriesOf[ids[k]!]!, st);
  // Ascending (a list is short: insertion sort, no comparator calls).
  for (const list of out.values()) {
    for (let i = 1; i < list.length; i++) {
      const v = list[i]!;
      let j = i - 1;
      for (; j >= 0 && list[j]! > v; j--) list[j + 1] = list[j]!;
      list[j + 1] = v;
    }
  }
  return out;
}

/** An apostrophe or hyphen inside a word: its parts gate too ("don't" → "don", "t"; "3rd-hour" → "3rd", "hour"). */
const JOINER = /['’-]/;

/** Does `lower` hold a string of each set (a few strings, or an expression of its strings: no flags, so test() keeps no state)? */
function holdsLiterals(lower: string, sets: ReadonlyArray<readonly string[] | RegExp>): boolean {
  for (const x of sets) if (!(x instanceof RegExp ? x.test(lower) : holdsOne(lower, x))) return false;
  return true;
}

function holdsOne(lower: string, strings: readonly string[]): boolean {
  for (let i = 0; i < strings.length; i++) if (lower.includes(strings[i]!)) return true;
  return false;
}

/** Characters a literal may be made of here: ASCII letters and digits, and marks that are no syntax of an expression (no apostrophe: it matches ’ too). */
const LITERAL_CHAR = /^[A-Za-z0-9:#@%&=,;<>!~"_-]$/;
/**
 * Also a literal: a Latin letter with a diacritic ("é", "đ", "ụ"; its lower-cased form is what "i" and "u" fold it to, so
 * a lower-cased text holds it wherever the expression matches), the curly apostrophe, and a character outside the BMP
 * (an emoji: no case). Not "ſ", "ı", "İ", "ß" (folded otherwise than lower-cased), nor "×" and "÷".
 */
const LITERAL_WIDE = /^(?:[\u00C0-\u017F\u1EA0-\u1EF9\u2019]|[\u{10000}-\u{10FFFF}])$/u;
function isLiteralChar(ch: string): boolean {
  if (ch.length === 1 && ch.charCodeAt(0) < 128) return LITERAL_CHAR.test(ch);
  return LITERAL_WIDE.test(ch) && !'ſıİß×÷'.includes(ch);
}

/** The CHARS bits every string of the set holds (0 when none is shared): a text lacking one of them holds none of the set. */
function charsEveryOneHolds(set: readonly string[]): number {
  let bits = ~0;
  for (const s of set) bits &= charsOf(s) & (CHARS.nonAscii | CHARS.high | CHARS.astral);
  return set.length === 0 ? 0 : bits;
}

/**
 * Strings (lower-cased) every match of an entry holds, one of each set: the runs of plain characters and the groups of plain
 * alternatives that the entry requires (neither optional nor inside an alternative). For entries that no word gates
 * ("opini[oó]n\s*:" holds "opini", "wine ...{0,40}? (?:bottle|bottles)" one of "bottle", "bottles"): a text lacking
 * them cannot match, whatever its words. Sound under the flags "i" and "u" for a text lower-cased whole (JavaScript's
 * toLowerCase), except for "ſ" and "ı", which match "s" and "i" case-insensitively: postGates ignores these strings for
 * a text holding either. Strings of one character are left out (no use as a filter). [] when nothing is known.
 */
export function entryLiterals(entry: string): string[][] {
  const t = entry.trim();
  if (!(t.length > 2 && t.startsWith('/') && t.endsWith('/'))) {
    // A phrase: each of its words, spaces matching any run of white space; a typed apostrophe matches a curly one too
    // ("f'in" holds "f'in" or "f’in").
    return t.split(/\s+/).flatMap((w) => {
      const apostrophes = w.split("'").length - 1;
      if (w.length < 2 || apostrophes > 1 || ![...w].every((c) => c === "'" || isLiteralChar(c))) return [];
      const lw = w.toLowerCase();
      return [apostrophes === 0 ? [lw] : [lw, lw.replace("'", '’')]];
    });
  }
  const src = t.slice(1, -1);
  // Alternatives at the top: every match holds a string of one of them, so one string of each alternative's first set
  // makes a set (when every alternative has one).
  const tops = topAlternatives(src);
  if (tops.length > 1) {
    const union = new Set<string>();
    for (const alt of tops) {
      const lits = entryLiterals(`/${alt}/`);
      if (lits.length === 0) return [];
      for (const s of lits[0]!) union.add(s);
    }
    return [[...union]];
  }
  const out: string[][] = [];
  let run = '';
  const endRun = (): void => {
    if (run.length >= 2) out.push([run.toLowerCase()]);
    run = '';
  };
  /** The quantifier at j: its text, and whether it lets the piece be left out. */
  const quant = (j: number): { len: number; optional: boolean } => {
    const c = src[j];
    let len = 0;
    let optional = false;
    if (c === '?' || c === '*') {
      len = 1;
      optional = true;
    } else if (c === '+') len = 1;
    else if (c === '{') {
      const m = /^\{(\d*)(,\d*)?\}/.exec(src.slice(j));
      if (m !== null) {
        len = m[0].length;
        optional = m[1] === '' || Number(m[1]) === 0;
      }
    }
    if (len > 0 && src[j + len] === '?') len++;
    return { len, optional };
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '|') return []; // alternatives at the top: nothing every match holds (kept simple)
    if (c === '\\') {
      endRun();
      // An escape: \p{..}, \u{..}, \k<..>, or two characters (a quantifier after it is skipped with it).
      const m = /^\\(?:[pPu]\{[^}]*\}|k<[^>]*>|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|.)/su.exec(src.slice(i));
      i += m === null ? 1 : m[0].length;
      i += quant(i).len;
      continue;
    }
    if (c === '[') {
      endRun();
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      i += quant(i).len;
      continue;
    }
    if (c === '(') {
      endRun();
      // The matching parenthesis (classes and escapes skipped).
      const j = closingParen(src, i);
      if (j >= src.length) return [];
      const inner = src.slice(i + 1, j);
      const q = quant(j + 1);
      i = j + 1 + q.len;
      if (q.optional || /^\?<?[=!]/.test(inner)) continue;
      const body = inner.replace(/^\?(?::|<[A-Za-z_$][\w$]*>)/, '');
      const alts = body.split('|');
      if (alts.every((x) => x.length >= 2 && [...x].every(isLiteralChar))) out.push([...new Set(alts.map((x) => x.toLowerCase()))]);
      continue;
    }
    // A character outside the BMP is two code units, quantified as one.
    const w = c >= '\ud800' && c <= '\udbff' && i + 1 < src.length ? 2 : 1;
    const ch = src.slice(i, i + w);
    const q = quant(i + w);
    if (!isLiteralChar(ch) || q.optional) {
      endRun();
      i += w + q.len;
      continue;
    }
    run += ch;
    i += w + q.len;
    // A repeated character may come again: the run ends with it.
    if (q.len > 0) endRun();
  }
  endRun();
  return out;
}

/** Does the word hold a JOINER (a scan of its characters, no expression run)? */
export function hasJoiner(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 39 || c === 45 || c === 0x2019) return true;
  }
  return false;
}

/** Into `out`, the entries of `refs` not yet taken for this post whose other needed words the post holds. */
function addEntries(out: PostGates, index: GateIndex, refs: readonly number[], st: number): void {
  const ws = wordStamps;
  for (let r = 0; r < refs.length; r++) {
    const g = refs[r]!;
    if (stamps[g] === st) continue;
    stamps[g] = st;
    const needs = index.needsOf[g];
    if (needs !== undefined && !holdsOneOfEach(needs, ws, st)) continue;
    const name = index.lexiconOf[g]!;
    const list = out.get(name);
    if (list === undefined) out.set(name, [index.entryOf[g]!]);
    else list.push(index.entryOf[g]!);
  }
}

/** Does the post hold a word of each set (word numbers stamped with `st`)? */
function holdsOneOfEach(needs: readonly number[][], ws: Uint32Array, st: number): boolean {
  for (const set of needs) {
    let found = false;
    for (let i = 0; i < set.length; i++) {
      if (ws[set[i]!] === st) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

export interface GatedLexicon {
  name: string;
  re: RegExp | null;
}

/** A whole lexicon compiled once per pack (for texts other than the post, which have no gate: a bio, text read from an image). */
export function gatedLexicon(pack: PolicyPack, name: string, flags = 'giu', asciiWords = false): GatedLexicon {
  return pack.compiled(`gated:${name}:${flags}${asciiWords ? ':ascii' : ''}`, () => ({ name, re: lexiconRegex(pack.lexicon(name), flags, asciiWords) }));
}

/** One lexicon's cut-down expressions under one set of flags: by entry for a single entry, by the entries' numbers otherwise. */
interface SubsetCache {
  single: Array<RegExp | null | undefined>;
  multi: Map<string, RegExp | null>;
}
const SUBSETS = new WeakMap<PolicyPack, Map<string, Map<string, SubsetCache>>>();
/** Distinct entry subsets seen before a lexicon's cache starts over (each is one compiled expression, a few KB). */
const SUBSET_CACHE_MAX = 20_000;

/**
 * A lexicon's expression cut down to some of its entries (in the lexicon's own order, so a match is the
 * one the whole expression would give wherever the left-out entries cannot match). Cached per pack, found
 * with no key built per call for the common case of one entry. `asciiWords`: for a text whose letters and numbers are all ASCII.
 */
export function lexiconSubsetRegex(pack: PolicyPack, name: string, ids: readonly number[], flags = 'giu', asciiWords = false): RegExp | null {
  const all = pack.lexicon(name);
  if (ids.length === all.length) return gatedLexicon(pack, name, flags, asciiWords).re;
  let byName = SUBSETS.get(pack);
  if (byName === undefined) SUBSETS.set(pack, (byName = new Map()));
  let byFlags = byName.get(name);
  if (byFlags === undefined) byName.set(name, (byFlags = new Map()));
  const flagsKey = asciiWords ? `${flags}:ascii` : flags;
  let cache = byFlags.get(flagsKey);
  if (cache === undefined) byFlags.set(flagsKey, (cache = { single: new Array<RegExp | null | undefined>(all.length).fill(undefined), multi: new Map() }));
  if (ids.length === 1) {
    const id = ids[0]!;
    let re = cache.single[id];
    if (re === undefined) cache.single[id] = re = lexiconRegex([all[id]!], flags, asciiWords);
    return re;
  }
  const key = ids.join(',');
  let re = cache.multi.get(key);
  if (re === undefined) {
    if (cache.multi.size >= SUBSET_CACHE_MAX) cache.multi.clear();
    re = lexiconRegex(
      ids.map((i) => all[i]!),
      flags,
      asciiWords,
    );
    cache.multi.set(key, re);
  }
  return re;
}

/** Lexicon names a post's words may match (computed once per post from its tokens). */
export function lexiconHits(tokens: readonly Token[], index: GateIndex): Set<string> {
  return new Set(postGates(tokens, index).keys());
}
