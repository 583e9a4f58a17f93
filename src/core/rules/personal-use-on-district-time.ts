// Rule personal-use-on-district-time: TODO (being implemented).
import type { Rule } from './rule.js';

export const personalUseOnDistrictTime: Rule = {
  id: 'personal-use-on-district-time',
  evaluate() {
    return [];
  },
};
