import { describe, expect, it } from 'vitest';
import type { Authorization, Consent, Post } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'unapproved-instructional-use';
const auth: Authorization = { type: 'instructional-use', employee: 'E100', network: 'instagram', grantedBy: 'superintendent', validFrom: '2026-09-01' };
const part: Consent = { type: 'social-network-participation', subject: 'S200', written: true, network: 'instagram', validFrom: '2026-09-01' };
const run = (p: Partial<Post>, over: { authorizations?: Authorization[]; consents?: Consent[] } = {}) =>
  findingsOf({ context: context(over), post: post(p.text ?? 'Science club: post a pic of your cloud observations with #APSscience', { network: 'instagram', purpose: 'instruction', participants: ['S200'], ...p }) }, RULE);

describe(RULE, () => {
  it('blocks instruction on a public network without authorization or consent', () => {
    const fs = run({});
    expect(fs.map((f) => f.severity)).toEqual(['block', 'block']);
    expect(fs[0]?.clause).toBe('II');
    expect(fs[1]?.evidence).toEqual({ field: 'post.participants', value: 'S200' });
  });
  it('allows it with a current authorization for the network and participation consent', () => {
    expect(run({}, { authorizations: [auth], consents: [part] })).toEqual([]);
  });
  it('still needs consent for every participating student', () => {
    const fs = run({ participants: ['S200', 'S201'] }, { authorizations: [auth], consents: [part] });
    expect(fs).toHaveLength(1);
    expect(fs[0]?.message).toContain('Jake Peterson');
  });
  it('does not accept an authorization for another network, or an expired one', () => {
    expect(run({}, { authorizations: [{ ...auth, network: 'youtube' }], consents: [part] })).toHaveLength(1);
    expect(run({}, { authorizations: [{ ...auth, validUntil: '2026-09-30' }], consents: [part] })).toHaveLength(1);
  });
  it('allows approved CIPA-compliant tools, but not approved tools that are not compliant', () => {
    expect(run({ network: 'schoology' })).toEqual([]);
    const ctx = context({ district: { ...context().district, approvedTools: [{ network: 'padlet', cipaCompliant: false }] } });
    const fs = findingsOf({ context: ctx, post: post('Period 3: post your answers here', { network: 'padlet', purpose: 'instruction' }) }, RULE);
    expect(fs[0]?.message).toContain('not CIPA-compliant');
  });
  it('sees instructions addressed to students even when purpose says personal', () => {
    const fs = run({ purpose: 'personal', participants: [], text: 'XC team challenge: post a pic of your Saturday long-run route with #APSxc' });
    expect(fs).toHaveLength(1);
    expect((fs[0]?.evidence as { quote: string }).quote).toBe('team challenge:');
  });
  it('does not take a teacher talking about their own work for instruction', () => {
    for (const text of ['Grading homework all weekend, send coffee', 'Report cards are due Friday, wish me luck', 'Great practice today, proud of these runners', 'My students, you make me proud every day']) {
      expect(run({ purpose: 'personal', participants: [], text })).toEqual([]);
    }
  });
  it('leaves group posts to IV.B and district accounts alone', () => {
    expect(run({ group: { name: 'JHS XC Runners', createdBy: 'students', representsDistrictStudents: true } })).toEqual([]);
    expect(run({ account: { kind: 'district' } })).toEqual([]);
  });
});
