// Rule obscene-language: TODO (being implemented).
import type { Rule } from './rule.js';

export const obsceneLanguage: Rule = {
  id: 'obscene-language',
  evaluate() {
    return [];
  },
};
