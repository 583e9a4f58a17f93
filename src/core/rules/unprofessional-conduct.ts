// Rule unprofessional-conduct (IV.A): respectful and professional in all communications; mocking students, families or colleagues.
import { demeaning } from '../analyzers/threat.js';
import type { Rule } from './rule.js';

export const unprofessionalConduct: Rule = {
  id: 'unprofessional-conduct',
  evaluate(a) {
    return demeaning(a).map((s) => ({
      message: `"${s.quote}" demeans or mocks students, families or colleagues.`,
      evidence: s,
    }));
  },
};
