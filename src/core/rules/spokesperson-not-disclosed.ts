// Rule spokesperson-not-disclosed: TODO (being implemented).
import type { Rule } from './rule.js';

export const spokespersonNotDisclosed: Rule = {
  id: 'spokesperson-not-disclosed',
  evaluate() {
    return [];
  },
};
