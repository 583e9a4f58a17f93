// Rule unapproved-instructional-use (II): public networks for instruction or school activities need authorization and participation consent.
import { instructionalUse } from '../analyzers/instruction.js';
import { networkStatus } from '../analyzers/network.js';
import { currentAuthorizations, currentConsents } from '../analyzers/records.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

export const unapprovedInstructionalUse: Rule = {
  id: 'unapproved-instructional-use',
  evaluate(a) {
    // District-sponsored accounts are not "public social media outside of accounts sponsored by the district".
    if (!a.isPersonalAccount) return [];
    // Inside a group created by students or the public, clause IV.B (annual disclosure) governs the employee's part.
    const g = a.post.group;
    if (g !== undefined && g !== null && (g.createdBy === 'students' || g.createdBy === 'public')) return [];
    const use = instructionalUse(a);
    if (use === undefined) return [];
    const net = networkStatus(a);
    if (net.approved === true && net.cipaCompliant !== false) return [];
    const network = net.network ?? 'this network';
    const how = use.declared ? `a ${a.post.purpose === 'instruction' ? 'classroom instruction' : 'school-sponsored activity'} post` : `instructions addressed to students ("${use.cue?.quote}")`;
    const evidence = use.cue !== undefined ? use.cue : { field: 'post.purpose', value: a.post.purpose ?? '' };
    if (net.approved === undefined) {
      return [undecided(`This is ${how}, but whether ${network} is a district-approved tool is not known.`, 'context.district.approvedTools')];
    }
    const what = net.approved ? `${network} is approved but not CIPA-compliant` : `${network} is not a district-approved tool`;
    if (!a.ctx.has('authorizations')) {
      return [undecided(`This is ${how} on ${network}, which needs an instructional-use authorization; no authorizations were given to check.`, 'context.authorizations')];
    }
    const out: RuleResult[] = [];
    const authorized = currentAuthorizations(a, a.post.author, 'instructional-use', net.network).length > 0;
    if (!authorized) {
      out.push({
        message: `This is ${how} and ${what}; there is no current instructional-use authorization from the Superintendent or designee for ${network}.`,
        evidence,
        remedy: `Use an approved tool (${(a.ctx.district?.approvedTools ?? []).map((t) => t.network).join(', ') || 'the district platform'}), or request an instructional-use authorization for ${network} and collect written parental participation consent.`,
      });
    }
    const missing: string[] = [];
    for (const s of a.post.participants ?? []) {
      const ok = currentConsents(a, s, 'social-network-participation').some((c) => c.written !== false && (c.network === undefined || c.network.toLowerCase() === net.network));
      if (!ok) missing.push(s);
    }
    if (missing.length > 0) {
      if (!a.ctx.has('consents')) {
        out.push(undecided(`Participating students (${missing.join(', ')}) need written participation consent; no consents were given to check.`, 'context.consents'));
      } else {
        out.push({
          message: `No current written parental consent for participation on ${network} is on file for ${missing.map((id) => a.ctx.person(id)?.name ?? id).join(', ')}.`,
          evidence: { field: 'post.participants', value: missing.join(', ') },
          remedy: `Send a participation consent request for ${network} to the guardians of ${missing.join(', ')}.`,
        });
      }
    }
    return out;
  },
};
