// Conduct IV.A forbids discussing or encouraging: getting drunk, drinking or being high at work, illegal drugs, sexual content, crimes.
import type { Analysis } from '../analysis.js';
import { negatedAt, span, type Span } from './text.js';

export type ConductCategory = 'intoxication' | 'at-work' | 'drugs' | 'sexual' | 'crime';

export interface ConductMatch extends Span {
  category: ConductCategory;
}

const CATEGORIES: ConductCategory[] = ['at-work', 'intoxication', 'drugs', 'sexual', 'crime'];

/**
 * One combined expression, named groups telling the category, made of each list's entries that the
 * post's words let through (cached per pack by that choice of entries, so built once per distinct choice).
 */
function matcher(a: Analysis): RegExp | null {
  let key = '';
  for (const c of CATEGORIES) key += `|${a.gates.get(`conduct-${c}`)?.join(',') ?? ''}`;
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

/**
 * Conduct found in the post, with negation and condemnation removed ("never drink and drive",
 * "say no to drugs"). A glass of wine with dinner, a beer at the game or a brewery tour are not
 * in the lists at all: intensity is in the words chosen (hammered, wasted, blackout drunk).
 */
export function conduct(a: Analysis): ConductMatch[] {
  return a.get('conduct', () => {
    if (!CATEGORIES.some((c) => a.mayMatch(`conduct-${c}`))) return [];
    const re = matcher(a);
    if (re === null) return [];
    const out: ConductMatch[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const groups = m.groups ?? {};
      const category = CATEGORIES.find((c) => groups[c.replace('-', '_')] !== undefined) ?? 'intoxication';
      if (negatedAt(a.text, m.index, m.index + m[0].length)) continue;
      out.push({ ...span(a.text, m.index, m.index + m[0].length), category });
    }
    return out;
  });
}
