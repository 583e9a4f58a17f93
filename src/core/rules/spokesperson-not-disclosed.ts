// Rule spokesperson-not-disclosed (IV.A): an authorized spokesperson must disclose the employment relationship.
import { currentAuthorizations } from '../analyzers/records.js';
import { districtDecisionClaim } from '../analyzers/district-claims.js';
import { districtPlan, familyNotice, levyBallot, levyFacts } from '../analyzers/district-plans.js';
import { creditsByLabelOnly, creditsDistrict, disclosesEmployment, districtAnnouncement } from '../analyzers/speech.js';
import type { Rule } from './rule.js';

export const spokespersonNotDisclosed: Rule = {
  id: 'spokesperson-not-disclosed',
  evaluate(a) {
    if (!a.isPersonalAccount) return [];
    // A spokesperson stating the district's plans ("APS will begin construction in March") or telling its families a date
    // ("Reminder for Discovery families: conferences are Oct 13 & 14") or a levy's tax impact speaks for it too.
    const ann = districtAnnouncement(a) ?? districtDecisionClaim(a) ?? districtPlan(a) ?? familyNotice(a) ?? levyFacts(a) ?? levyBallot(a);
    // "Reminder from APS: ..." with no link is the spokesperson's own voice: they write the district's announcements.
    if (ann === undefined || (creditsDistrict(a) && !creditsByLabelOnly(a))) return [];
    if (currentAuthorizations(a, a.post.author, 'spokesperson').length === 0) return [];
    if (disclosesEmployment(a)) return [];
    return [
      {
        message: `You speak for the district ("${ann.quote}") from a personal account, and neither the post nor your profile says you work for the district.`,
        evidence: ann,
        remedy: 'Say that you work for the district, in the post ("I work for the district as ...") or in your profile.',
      },
    ];
  },
};
