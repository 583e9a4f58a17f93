// Rule illegal-or-inappropriate-conduct (IV.A): no discussing or encouraging illegal activity, drunkenness, illegal drugs or sexual behavior.
import { conduct, type ConductCategory } from '../analyzers/conduct.js';
import type { Rule } from './rule.js';

const WHAT: Record<ConductCategory, string> = {
  intoxication: 'inappropriate use of alcohol (getting drunk)',
  'at-work': 'alcohol or drug use at work or before working with students',
  drugs: 'illegal drug use (illegal under state or federal law)',
  sexual: 'sexual behavior',
  crime: 'illegal activity presented approvingly',
};

export const illegalOrInappropriateConduct: Rule = {
  id: 'illegal-or-inappropriate-conduct',
  evaluate(a) {
    return conduct(a).map((m) => ({
      message: `"${m.quote}" discusses ${WHAT[m.category]}.`,
      evidence: { start: m.start, end: m.end, quote: m.quote },
    }));
  },
};
