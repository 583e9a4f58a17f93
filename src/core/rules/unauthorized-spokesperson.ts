// Rule unauthorized-spokesperson (IV.A): only employees authorized by the Superintendent or designee speak for the district.
import { backstop } from '../analyzers/backstop.js';
import { detectPermissions } from '../analyzers/permissions.js';
import { currentAuthorizations } from '../analyzers/records.js';
import { districtDecisionClaim } from '../analyzers/district-claims.js';
import { districtRefs } from '../analyzers/district.js';
import { creditsDistrict, districtAnnouncement } from '../analyzers/speech.js';
import { undecided, type Rule } from './rule.js';

export const unauthorizedSpokesperson: Rule = {
  id: 'unauthorized-spokesperson',
  evaluate(a) {
    // The district's own sponsored accounts are its channels; sharing or crediting the district's announcement is not speaking for it.
    if (!a.isPersonalAccount) return [];
    const lexical = districtAnnouncement(a) ?? districtDecisionClaim(a);
    // The lexicons found nothing: the backstop model (policy/471/models/backstop-announcement.json) may still flag a sentence.
    // Only about the district: a post that names no school, building or district office speaks for no one but its author
    // ("Heads up neighbors: street sweeping moves to Monday mornings").
    const ann = lexical ?? (districtRefs(a).length > 0 ? backstop(a, 'announcement') : undefined);
    const by = lexical === undefined ? ' (recognised by a learned model, not a word-list match)' : '';
    if (ann === undefined || creditsDistrict(a)) return [];
    // The author's own promotion (IV.C.2: "happy to share that I have been named department chair at ...") is news about
    // themselves, not the district's; the lexicons never read it as an announcement, the model might.
    if (lexical === undefined && detectPermissions(a).includes('IV.C.2')) return [];
    if (!a.ctx.has('authorizations')) {
      return [undecided(`"${ann.quote}" speaks for the district${by}, but no authorizations were given to check whether you are a spokesperson.`, 'context.authorizations')];
    }
    if (currentAuthorizations(a, a.post.author, 'spokesperson').length > 0) return [];
    return [
      {
        message: `"${ann.quote}" announces a district decision as news${by}, and you hold no current spokesperson authorization.`,
        evidence: ann,
        remedy: "Share or link the district's own announcement instead, or request a spokesperson authorization from the Superintendent or designee.",
      },
    ];
  },
};
