// Rule harassment-or-threat (IV.A, Policy 413): no threatening, harassing, bullying, libelous or defamatory communication.
import { harms, type HarmKind } from '../analyzers/threat.js';
import type { Rule } from './rule.js';

const WHAT: Record<HarmKind, string> = {
  threat: 'reads as a threat',
  insult: 'demeans an identifiable person (bullying)',
  accusation: 'makes a damaging factual accusation against an identifiable person (possible defamation)',
  'group-hate': 'demeans people for a protected characteristic (Policy 413)',
};

export const harassmentOrThreat: Rule = {
  id: 'harassment-or-threat',
  evaluate(a) {
    return harms(a).map((h) => ({
      message: `"${h.quote}" ${WHAT[h.kind]}${h.target !== undefined ? ` (aimed at ${h.target})` : ''}.`,
      evidence: { start: h.start, end: h.end, quote: h.quote },
    }));
  },
};
