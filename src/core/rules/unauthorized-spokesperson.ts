// Rule unauthorized-spokesperson (IV.A): only employees authorized by the Superintendent or designee speak for the district.
import { currentAuthorizations } from '../analyzers/records.js';
import { districtDecisionClaim } from '../analyzers/district-claims.js';
import { creditsDistrict, districtAnnouncement } from '../analyzers/speech.js';
import { undecided, type Rule } from './rule.js';

export const unauthorizedSpokesperson: Rule = {
  id: 'unauthorized-spokesperson',
  evaluate(a) {
    // The district's own sponsored accounts are its channels; sharing or crediting the district's announcement is not speaking for it.
    if (!a.isPersonalAccount) return [];
    const ann = districtAnnouncement(a) ?? districtDecisionClaim(a);
    if (ann === undefined || creditsDistrict(a)) return [];
    if (!a.ctx.has('authorizations')) {
      return [undecided(`"${ann.quote}" speaks for the district, but no authorizations were given to check whether you are a spokesperson.`, 'context.authorizations')];
    }
    if (currentAuthorizations(a, a.post.author, 'spokesperson').length > 0) return [];
    return [
      {
        message: `"${ann.quote}" announces a district decision as news, and you hold no current spokesperson authorization.`,
        evidence: ann,
        remedy: "Share or link the district's own announcement instead, or request a spokesperson authorization from the Superintendent or designee.",
      },
    ];
  },
};
