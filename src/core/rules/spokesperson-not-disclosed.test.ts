import { describe, expect, it } from 'vitest';
import type { Authorization } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'spokesperson-not-disclosed';
const spokes: Authorization = { type: 'spokesperson', employee: 'E100', grantedBy: 'superintendent', validFrom: '2026-07-01' };
const text = 'Woodland Elementary is adding a second pre-K classroom in January. Enrollment forms are available from the district office now.';
const run = (bio: string, t = text, over = {}) => findingsOf({ context: context({ authorizations: [spokes], district: { ...context().district, buildings: [{ name: 'Woodland Elementary' }] } }), post: post(t, { account: { kind: 'personal', bio }, ...over }) }, RULE);

describe(RULE, () => {
  it('asks an authorized spokesperson on a personal account to disclose the employment', () => {
    const [f] = run('Gardener and dog person 🌻');
    expect(f?.severity).toBe('revise');
    expect(f?.clause).toBe('IV.A');
  });
  it('is satisfied when the post or the profile says so', () => {
    expect(run('Communications specialist for Alexandria Public Schools')).toEqual([]);
    expect(run('Gardener', `${text} (I work for the district's communications office.)`)).toEqual([]);
  });
  it('does not apply to people without authorization or to the district account', () => {
    expect(findingsOf({ context: context({ authorizations: [] }), post: post(text, { account: { kind: 'personal', bio: 'x' } }) }, RULE)).toEqual([]);
    expect(run('x', text, { account: { kind: 'district' } })).toEqual([]);
  });
});
