// References to the district: its name, aliases, buildings (and their short names), mascot, e-mail domains, "the district".
import type { Analysis } from '../analysis.js';
import { lexiconRegex, type Span } from './text.js';

const BUILDING_SUFFIX = /\s+(?:elementary(?:\s+school)?|middle\s+school|high\s+school|junior\s+high|school|academy|center|campus)$/i;

/** Names of the district built once per context: "Alexandria Public Schools", "APS", "Woodland Elementary", "Woodland". */
export function districtNames(a: Analysis): string[] {
  return a.ctx.index('district-names', (ctx) => {
    const d = ctx.district;
    if (d === undefined) return [];
    const names = new Set<string>();
    const add = (s: string | undefined) => {
      if (s !== undefined && s.trim().length >= 2) names.add(s.trim());
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

/** Spans of the post that refer to the district, its schools or its governance. */
export function districtRefs(a: Analysis): Span[] {
  return a.get('district-refs', () => {
    // Names are matched with their capitals ("Discovery Middle School", "Lincoln"), so "a great discovery" is not the district;
    // the generic phrases ("the district", "our school") in any case.
    const res = a.ctx.index('district-refs-re', () => [lexiconRegex(districtNames(a), 'gu'), a.pack.compiled('district-generic', (p) => lexiconRegex(p.lexicon('district-generic')))]);
    const out: Span[] = [];
    for (const re of res) {
      if (re === null) continue;
      re.lastIndex = 0;
      for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) out.push({ start: m.index, end: m.index + m[0].length, quote: m[0] });
    }
    return out.sort((x, y) => x.start - y.start);
  });
}

/** Does a text (a bio, say) mention the district by name, alias or building? */
export function mentionsDistrict(a: Analysis, text: string): boolean {
  const re = a.ctx.index('district-names-re', () => lexiconRegex(districtNames(a), 'iu'));
  return re !== null && re.test(text);
}
