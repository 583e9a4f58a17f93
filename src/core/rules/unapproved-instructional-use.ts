// Rule unapproved-instructional-use: TODO (being implemented).
import type { Rule } from './rule.js';

export const unapprovedInstructionalUse: Rule = {
  id: 'unapproved-instructional-use',
  evaluate() {
    return [];
  },
};
