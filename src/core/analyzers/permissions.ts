// IV.C permissions: what the post relies on that the policy explicitly allows (never a finding by itself).
import { type Analysis, memoSlot } from '../analysis.js';
import { mentionsDistrict } from './district.js';
import { bioFact } from './speech.js';

// This module's memoised analyzer: a slot in every check.
const PERMISSIONS = memoSlot('permissions');

const JOB = /\b(?:teacher|coach|principal|counselor|secretary|specialist|coordinator|director|para(?:professional)?|librarian|nurse|custodian|bus driver|driver|superintendent|administrator|dean|advisor|instructor|educator|staff)\b/i;

/**
 * IV.C.1 work information in the profile (district name, job title, duties);
 * IV.C.2 a status update about the author's own promotion;
 * IV.C.3 the author's personal participation in a district-sponsored event, volunteering included.
 */
export function detectPermissions(a: Analysis): string[] {
  return a.get(PERMISSIONS, () => {
    const out: string[] = [];
    const bio = a.post.account?.bio;
    if (a.isPersonalAccount && bio !== undefined && bioFact(a, 'work-info', bio, (b) => mentionsDistrict(a, b) || JOB.test(b))) out.push('IV.C.1');
    const has = (name: string): boolean => {
      const re = a.lexicon(name, 'iu');
      return re !== null && re.test(a.text);
    };
    if (has('own-promotion')) out.push('IV.C.2');
    if (has('event-participation')) out.push('IV.C.3');
    return out;
  });
}
