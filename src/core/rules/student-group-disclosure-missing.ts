// Rule student-group-disclosure-missing: TODO (being implemented).
import type { Rule } from './rule.js';

export const studentGroupDisclosureMissing: Rule = {
  id: 'student-group-disclosure-missing',
  evaluate() {
    return [];
  },
};
