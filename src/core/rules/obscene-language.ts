// Rule obscene-language (IV.A): no obscene, profane or vulgar language, disguised or not.
import { profanity } from '../analyzers/profanity.js';
import type { Rule } from './rule.js';

export const obsceneLanguage: Rule = {
  id: 'obscene-language',
  evaluate(a) {
    return profanity(a).map((s) => ({
      message: `"${s.quote}" is obscene, profane or vulgar language.`,
      evidence: s,
      remedy: `Remove or reword "${s.quote}".`,
    }));
  },
};
