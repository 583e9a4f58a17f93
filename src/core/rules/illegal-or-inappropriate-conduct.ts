// Rule illegal-or-inappropriate-conduct (IV.A): no discussing or encouraging illegal activity, drunkenness, illegal drugs or sexual behavior.
import { backstop, byModel } from '../analyzers/backstop.js';
import { conduct, type ConductCategory, type ConductMatch } from '../analyzers/conduct.js';
import { substanceUse } from '../analyzers/substances.js';
import { theft } from '../analyzers/theft.js';
import type { Rule } from './rule.js';

const WHAT: Record<ConductCategory, string> = {
  intoxication: 'inappropriate use of alcohol (getting drunk)',
  'at-work': 'alcohol or drug use at work or before working with students',
  drugs: 'illegal drug use (illegal under state or federal law)',
  sexual: 'sexual behavior',
  crime: 'illegal activity presented approvingly',
};

/** The phrase lists first, then the general detectors (drug and drink families, theft) where they add a new span. */
function found(a: Parameters<Rule['evaluate']>[0]): ConductMatch[] {
  const out = [...conduct(a)];
  for (const m of [...substanceUse(a), ...theft(a)]) if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push(m);
  return out;
}

export const illegalOrInappropriateConduct: Rule = {
  id: 'illegal-or-inappropriate-conduct',
  evaluate(a) {
    const hits = found(a);
    if (hits.length === 0) {
      // The lexicons left the post clean: the backstop model (policy/471/models/backstop-conduct.json) may still flag a sentence.
      const s = backstop(a, 'conduct');
      return s === undefined ? [] : [{ message: byModel(s, 'discusses illegal or inappropriate conduct (drinking, drugs, theft or fraud, sexual behavior)'), evidence: { start: s.start, end: s.end, quote: s.quote } }];
    }
    return hits.map((m) => ({
      message: `"${m.quote}" discusses ${WHAT[m.category]}.`,
      evidence: { start: m.start, end: m.end, quote: m.quote },
    }));
  },
};
