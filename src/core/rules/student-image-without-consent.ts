// Rule student-image-without-consent: TODO (being implemented).
import type { Rule } from './rule.js';

export const studentImageWithoutConsent: Rule = {
  id: 'student-image-without-consent',
  evaluate() {
    return [];
  },
};
