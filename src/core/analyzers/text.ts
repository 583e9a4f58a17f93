// Text primitives every analyzer shares: spans in the author's own offsets, word tokens, phrase matchers.
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

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** Words with their offsets. Apostrophes and hyphens inside a word are kept ("don't", "3rd-hour"). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
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

/** Sentences as spans (split on . ! ? and line breaks); used to keep a target and an act in one clause. */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^.!?\n]+[.!?]*/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const s = m[0];
    const lead = s.length - s.trimStart().length;
    const t = s.trim();
    if (t.length > 0) out.push({ start: m.index + lead, end: m.index + lead + t.length, quote: t });
  }
  return out;
}

/**
 * A lexicon as one regular expression: plain entries are phrases (word boundaries, any case,
 * spaces match any whitespace); entries written "/source/" are regular expressions, for the few
 * cases a phrase cannot say ("got (so )?hammered"). Validated at pack load (see pack.ts).
 */
export function lexiconRegex(entries: readonly string[], flags = 'giu'): RegExp | null {
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
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt.replace(/'/g, "['’]")})(?![\\p{L}\\p{N}])`, flags);
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
  return /\b(?:is|are|was)\s+(?:never|not)\s+(?:ok|okay|acceptable|cool|funny|fine)\b|\bis\s+wrong\b|\bis\s+illegal\b|\bshame\b/i.test(after);
}
