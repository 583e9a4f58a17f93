// Rule coworker-image-without-consent: TODO (being implemented).
import type { Rule } from './rule.js';

export const coworkerImageWithoutConsent: Rule = {
  id: 'coworker-image-without-consent',
  evaluate() {
    return [];
  },
};
