// Rule unauthorized-spokesperson: TODO (being implemented).
import type { Rule } from './rule.js';

export const unauthorizedSpokesperson: Rule = {
  id: 'unauthorized-spokesperson',
  evaluate() {
    return [];
  },
};
