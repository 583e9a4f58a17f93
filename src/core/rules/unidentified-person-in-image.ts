// Rule unidentified-person-in-image: TODO (being implemented).
import type { Rule } from './rule.js';

export const unidentifiedPersonInImage: Rule = {
  id: 'unidentified-person-in-image',
  evaluate() {
    return [];
  },
};
