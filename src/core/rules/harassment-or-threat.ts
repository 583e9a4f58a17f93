// Rule harassment-or-threat: TODO (being implemented).
import type { Rule } from './rule.js';

export const harassmentOrThreat: Rule = {
  id: 'harassment-or-threat',
  evaluate() {
    return [];
  },
};
