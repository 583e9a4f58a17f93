// Rule district-email-on-public-network (IV.A): no district e-mail address on public networks the district has not approved.
import { districtDomains, districtEmailsInText, isDistrictEmail } from '../analyzers/email.js';
import { networkStatus } from '../analyzers/network.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

export const districtEmailOnPublicNetwork: Rule = {
  id: 'district-email-on-public-network',
  evaluate(a) {
    const inText = districtEmailsInText(a);
    const accountEmail = a.post.account?.email;
    const domains = districtDomains(a);
    const accountIsDistrict = accountEmail !== undefined && domains.length > 0 && isDistrictEmail(accountEmail, domains);
    if (inText.length === 0 && !accountIsDistrict) {
      if (domains.length === 0 && (a.text.includes('@') || accountEmail !== undefined)) {
        return [undecided('The district e-mail domains are not known, so e-mail addresses could not be checked.', 'context.district.emailDomains')];
      }
      return [];
    }
    // The district's own sponsored accounts may carry district contact addresses.
    if (!a.isPersonalAccount) return [];
    const net = networkStatus(a);
    if (net.approved === true) return [];
    if (net.approved === undefined) {
      return [undecided('A district e-mail address is used, but whether this network is an approved tool is not known.', 'post.network')];
    }
    const out: RuleResult[] = [];
    for (const s of inText) {
      out.push({
        message: `The district e-mail address "${s.quote}" appears in a post on ${net.network}, which is not a district-approved tool.`,
        evidence: s,
        remedy: 'Remove the district e-mail address from the post; use a personal address on public networks.',
      });
    }
    if (accountIsDistrict) {
      out.push({
        message: `This ${net.network} account is registered with the district e-mail address ${accountEmail}; ${net.network} is not a district-approved tool.`,
        evidence: { field: 'account.email', value: accountEmail },
        remedy: 'Change the account to a personal e-mail address.',
      });
    }
    return out;
  },
};
