// Rule missing-disclaimer (IV.A): a personal post with a view about the district must say the views are the author's own.
import { detectPermissions } from '../analyzers/permissions.js';
import { districtOpinion, hasDisclaimer } from '../analyzers/speech.js';
import type { Rule } from './rule.js';

/**
 * Where the line is: a *view or opinion* is an evaluative or normative statement ("a great idea",
 * "the board should", "I think", "a waste of money") in a sentence about the district, its schools,
 * people, programs or decisions. Celebration and pride in students ("So proud of our robotics
 * team!"), facts, the author's own promotion (IV.C.2) and their participation in district events
 * (IV.C.3) are not views that need a disclaimer: flagging every proud-teacher post would bury the
 * real cases.
 */
export const missingDisclaimer: Rule = {
  id: 'missing-disclaimer',
  evaluate(a) {
    if (!a.isPersonalAccount) return [];
    const opinion = districtOpinion(a);
    if (opinion === undefined || hasDisclaimer(a)) return [];
    if (detectPermissions(a).includes('IV.C.2')) return [];
    return [
      {
        message: `"${opinion.quote}" expresses a view about the district, and neither the post nor the profile says the views are your own.`,
        evidence: opinion,
        remedy: 'Add "Views are my own and do not necessarily reflect those of the district." to the post or your profile.',
      },
    ];
  },
};
