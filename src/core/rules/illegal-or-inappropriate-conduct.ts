// Rule illegal-or-inappropriate-conduct: TODO (being implemented).
import type { Rule } from './rule.js';

export const illegalOrInappropriateConduct: Rule = {
  id: 'illegal-or-inappropriate-conduct',
  evaluate() {
    return [];
  },
};
