// Rule unapproved-instructional-use (II): public networks for instruction or school activities need authorization and participation consent.
import { backstop } from '../analyzers/backstop.js';
import { instructionalUse } from '../analyzers/instruction.js';
import { networkStatus } from '../analyzers/network.js';
import { currentAuthorizations, currentConsents, isWrittenParental } from '../analyzers/records.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

export const unapprovedInstructionalUse: Rule = {
  id: 'unapproved-instructional-use',
  evaluate(a) {
    // A district-sponsored account is not "public social media outside of accounts sponsored by the district", so it
    // needs no instructional-use authorization; but on a public network that is not CIPA-compliant ("and/or" in
    // clause II) students still take part only with their parents' written consent for that network.
    const districtAccount = !a.isPersonalAccount;
    if (districtAccount && (a.post.participants ?? []).length === 0) return [];
    // The lexicons found no instruction: the backstop model (policy/471/models/backstop-instruction.json) may still flag a
    // sentence directing students to a tool; the network and authorization checks below apply to it as to a lexicon cue.
    const lexical = instructionalUse(a);
    const modelCue = lexical === undefined ? backstop(a, 'instruction') : undefined;
    const use = lexical ?? (modelCue === undefined ? undefined : { declared: false, participants: false, cue: modelCue });
    if (use === undefined) return [];
    // Inside a group created by students or the public, what the employee writes is governed by IV.B
    // (annual disclosure, ex-013); only a declared instructional purpose brings clause II back.
    const g = a.post.group;
    const inStudentGroup = g !== undefined && g !== null && (g.createdBy === 'students' || g.createdBy === 'public');
    if (inStudentGroup && !use.declared) return [];

    const how = use.declared
      ? `a ${a.post.purpose === 'instruction' ? 'classroom instruction' : 'school-sponsored activity'} post`
      : use.cue !== undefined
        ? `instructions addressed to students ("${use.cue.quote}"${modelCue !== undefined ? ', recognised by a learned model, not a word-list match' : ''})`
        : 'a post in which students take part';
    const net = networkStatus(a);
    if (net.network === undefined) return [undecided(`This is ${how}, but the post does not say which network it is on.`, 'post.network')];
    if (net.approved === undefined) return [undecided(`This is ${how}, but whether ${net.network} is a district-approved tool is not known.`, 'context.district.approvedTools')];
    // An approved tool whose CIPA status is unknown is taken as vetted; one marked non-compliant is not.
    if (net.approved && net.cipaCompliant !== false) return [];
    const network = net.network;
    const what = net.approved ? `${network} is approved but not CIPA-compliant` : `${network} is not a district-approved tool`;
    // The words in the post when there are some, else the field that says so.
    const evidence = use.cue ?? (use.declared ? { field: 'post.purpose', value: a.post.purpose ?? '' } : { field: 'post.participants', value: (a.post.participants ?? []).join(', ') });

    const out: RuleResult[] = [];
    // No authorization to check on a district-sponsored account.
    if (!districtAccount) {
      if (!a.ctx.has('authorizations')) {
        out.push(undecided(`This is ${how} and ${what}: it needs an instructional-use authorization, but no authorizations were given to check.`, 'context.authorizations'));
      } else if (a.post.author === undefined) {
        out.push(undecided(`This is ${how} and ${what}, but the post names no author whose authorization could be checked.`, 'post.author'));
      } else if (currentAuthorizations(a, a.post.author, 'instructional-use', network).length === 0) {
        const tools = (a.ctx.district?.approvedTools ?? []).filter((t) => t.cipaCompliant !== false).map((t) => t.network);
        out.push({
          message: `This is ${how} and ${what}; there is no current instructional-use authorization from the Superintendent or designee for ${network}.`,
          evidence,
          remedy: `Use an approved tool (${tools.join(', ') || 'the district platform'}), or request an instructional-use authorization for ${network} and collect written parental participation consent.`,
        });
      }
    }

    const participants = [...new Set(a.post.participants ?? [])];
    if (participants.length > 0) {
      if (!a.ctx.has('consents')) {
        out.push(undecided(`Participating students (${participants.join(', ')}) need written parental consent for ${network}; no consents were given to check.`, 'context.consents'));
      } else {
        const missing = participants.filter(
          (s) => !currentConsents(a, s, 'social-network-participation').some((c) => isWrittenParental(c) && (c.network === undefined || c.network.toLowerCase() === network)),
        );
        if (missing.length > 0) {
          out.push({
            message: `No current written parental consent for participation on ${network} is on file for ${missing.map((id) => a.ctx.person(id)?.name ?? id).join(', ')}.`,
            evidence: { field: 'post.participants', value: missing.join(', ') },
            remedy: `Send a participation consent request for ${network} to the guardians of ${missing.join(', ')}, or leave them out until it is signed.`,
          });
        }
      }
    }
    return out;
  },
};
