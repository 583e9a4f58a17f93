// Rule unprofessional-conduct: TODO (being implemented).
import type { Rule } from './rule.js';

export const unprofessionalConduct: Rule = {
  id: 'unprofessional-conduct',
  evaluate() {
    return [];
  },
};
