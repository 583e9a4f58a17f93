// Rule nonpublic-premises-image: TODO (being implemented).
import type { Rule } from './rule.js';

export const nonpublicPremisesImage: Rule = {
  id: 'nonpublic-premises-image',
  evaluate() {
    return [];
  },
};
