// Rule missing-disclaimer: TODO (being implemented).
import type { Rule } from './rule.js';

export const missingDisclaimer: Rule = {
  id: 'missing-disclaimer',
  evaluate() {
    return [];
  },
};
