// Rule confidential-information: TODO (being implemented).
import type { Rule } from './rule.js';

export const confidentialInformation: Rule = {
  id: 'confidential-information',
  evaluate() {
    return [];
  },
};
