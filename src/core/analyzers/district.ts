// References to the district: its name, aliases, buildings (and their short names), mascot, e-mail domains, "the district".
import { type Analysis, memoSlot } from '../analysis.js';
import { hasJoiner, lexiconRegex, type Span } from './text.js';

// This module's memoised analyzers: a slot each in every check.
const DISTRICT_REFS = memoSlot('district-refs');
const TEXT_WITHOUT_DISCLAIMERS = memoSlot('text-without-disclaimers');
const DISCLAIMER_SPANS = memoSlot('disclaimer-spans');

const BUILDING_SUFFIX = /\s+(?:elementary(?:\s+school)?|middle\s+school|high\s+school|junior\s+high|school|academy|center|campus)$/i;

/** Names of the district built once per context: "Alexandria Public Schools", "APS", "Woodland Elementary", "Woodland". */
export function districtNames(a: Analysis): string[] {
  return a.ctx.index('district-names', (ctx) => {
    const d = ctx.district;
    if (d === undefined) return [];
    const names = new Set<string>();
    const add = (s: string | undefined) => {
      const t = s?.trim();
      // A name is literal text; one written like a lexicon pattern ("/.../") would be compiled as an expression (and a broken
      // one, "/[/", threw in every check of that context): such a name can never be typed in a post anyway.
      if (t === undefined || t.length < 2 || (t.length > 2 && t.startsWith('/') && t.endsWith('/'))) return;
      names.add(t);
    };
    add(d.name);
    d.aliases?.forEach(add);
    add(d.mascot);
    d.emailDomains?.forEach(add);
    for (const b of d.buildings ?? []) {
      add(b.name);
      b.aliases?.forEach(add);
      const short = b.name.replace(BUILDING_SUFFIX, '');
      // A building's short name ("Woodland") counts only when it is not a common word.
      if (short !== b.name && short.length >= 4 && /^\p{Lu}/u.test(short)) add(short);
    }
    return [...names];
  });
}

/**
 * The names' expression, and the first word of every name (as written: names match with their capitals): a match of a name starts a word of the
 * post, so a post none of whose words (or their parts between apostrophes and hyphens) is one of them holds no name.
 * null when a name cannot be gated so (it is an expression, or does not start with a letter or digit).
 */
interface NamesGate {
  re: RegExp | null;
  first: Set<string> | null;
}

function namesGate(a: Analysis): NamesGate {
  return a.ctx.index('district-names-gate', () => {
    const names = districtNames(a);
    const first = new Set<string>();
    let gated = true;
    for (const n of names) {
      const t = n.trim();
      const w = /^[\p{L}\p{N}]+/u.exec(t);
      if (w === null || (t.length > 2 && t.startsWith('/') && t.endsWith('/'))) gated = false;
      else first.add(w[0]);
    }
    return { re: lexiconRegex(names, 'gu'), first: gated ? first : null };
  });
}

const JOINED = /['’-]/;

function mayNameDistrict(a: Analysis, g: NamesGate): boolean {
  if (g.first === null) return true;
  for (const t of a.tokens) {
    if (g.first.has(t.text)) return true;
    if (hasJoiner(t.text)) for (const part of t.text.split(JOINED)) if (g.first.has(part)) return true;
  }
  return false;
}

/** Spans of the post that refer to the district, its schools or its governance. */
export function districtRefs(a: Analysis): Span[] {
  return a.get(DISTRICT_REFS, () => {
    // Names are matched with their capitals ("Discovery Middle School", "Lincoln"), so "a great discovery" is not the district;
    // the generic phrases ("the district", "our school") in any case, cut down to the entries the post's words let through.
    const names = namesGate(a);
    const res = [mayNameDistrict(a, names) ? names.re : null, a.lexicon('district-generic')];
    const out: Span[] = [];
    for (const re of res) {
      if (re === null) continue;
      re.lastIndex = 0;
      for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) out.push({ start: m.index, end: m.index + m[0].length, quote: m[0] });
    }
    if (out.length === 0) return out;
    // "Views are my own, not the district's": a district named in the author's own disclaimer is no talk of the district.
    const own = disclaimerSpans(a);
    return (own.length === 0 ? out : out.filter((r) => !own.some(([s, e]) => r.start >= s && r.start < e))).sort((x, y) => x.start - y.start);
  });
}

/** After a disclaimer's words, who the views are not: ", not the district's", "and not those of APS", "not my employer's". */
const DISCLAIMER_TAIL = /^[,;:]?\s*(?:and\s+|but\s+|—\s*|-\s*)?(?:not|nor|never)\s+(?:necessarily\s+)?(?:those\s+of\s+|the\s+(?:views|opinions|position)\s+of\s+)?(?:\p{L}[\p{L}.&'’-]*\s*){1,5}/iu;

/** The post's text with its own disclaimers blanked out (same length, so offsets hold): whom else the post speaks of. */
export function textWithoutDisclaimers(a: Analysis): string {
  return a.get(TEXT_WITHOUT_DISCLAIMERS, () => {
    let t = a.text;
    for (const [s, e] of disclaimerSpans(a)) t = t.slice(0, s) + ' '.repeat(e - s) + t.slice(e);
    return t;
  });
}

/** [start, end) of each disclaimer in the post's text, with the tail that names the district. */
function disclaimerSpans(a: Analysis): Array<[number, number]> {
  return a.get(DISCLAIMER_SPANS, () => {
    const re = a.lexicon('disclaimers');
    if (re === null) return [];
    const out: Array<[number, number]> = [];
    re.lastIndex = 0;
    for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) {
      const end = m.index + m[0].length;
      const tail = DISCLAIMER_TAIL.exec(a.text.slice(end, end + 80));
      out.push([m.index, end + (tail?.[0].length ?? 0)]);
    }
    return out;
  });
}

/** Does a text (a bio, say) mention the district by name, alias or building? */
export function mentionsDistrict(a: Analysis, text: string): boolean {
  const re = a.ctx.index('district-names-re', () => lexiconRegex(districtNames(a), 'iu'));
  return re !== null && re.test(text);
}
