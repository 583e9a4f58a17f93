// Rule missing-disclaimer (IV.A): a personal post with a view about the district must say the views are the author's own.
import { backstop } from '../analyzers/backstop.js';
import { detectPermissions } from '../analyzers/permissions.js';
import { districtRefs } from '../analyzers/district.js';
import { districtOpinion, hasDisclaimer } from '../analyzers/speech.js';
import type { Rule } from './rule.js';
import { mockery, toneMockery } from './unprofessional-conduct.js';

/**
 * Where the line is: a *view or opinion* is an evaluative or normative statement ("a great idea",
 * "the board should", "I think", "a waste of money") in a sentence about the district, its schools,
 * people, programs or decisions. Celebration and pride in students ("So proud of our robotics
 * team!"), facts, the author's own promotion (IV.C.2) and their participation in district events
 * (IV.C.3) are not views that need a disclaimer: flagging every proud-teacher post would bury the
 * real cases. Pride in how the board or the administration handled something is a view about governance;
 * demeaning students, families or colleagues (unprofessional-conduct) is a view about the district's people.
 */
export const missingDisclaimer: Rule = {
  id: 'missing-disclaimer',
  evaluate(a) {
    if (!a.isPersonalAccount) return [];
    // Mocking the district's students, families or staff is a view about its people too ("my 6th hour are the rudest bunch").
    // A sentence only the tone model reads as mockery ("some of the teachers in my building think paras are their assistants 🙄") too:
    // unprofessional-conduct asks the model for the same post when the phrase lists find nothing, and the answer is kept, so it runs once.
    const lexical = districtOpinion(a) ?? mockery(a)[0] ?? toneMockery(a);
    // The lexicons found no view: the backstop model (policy/471/models/backstop-opinion.json) may still flag a sentence.
    // Only a post that names the district, a school or its offices can hold a view about them.
    const opinion = lexical ?? (districtRefs(a).length > 0 ? backstop(a, 'opinion') : undefined);
    if (opinion === undefined || hasDisclaimer(a)) return [];
    const by = lexical === undefined ? ' (recognised by a learned model, not a word-list match)' : '';
    if (detectPermissions(a).includes('IV.C.2')) return [];
    return [
      {
        message: `"${opinion.quote}" expresses a view about the district${by}, and neither the post nor the profile says the views are your own.`,
        evidence: opinion,
        remedy: 'Add "Views are my own and do not necessarily reflect those of the district." to the post or your profile.',
      },
    ];
  },
};
