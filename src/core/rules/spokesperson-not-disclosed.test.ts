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
  it('reads the district\'s plans stated as fact by a spokesperson as speaking for it, whatever the verb', () => {
    for (const t of [
      'APS will begin construction on the new Woodland gym in March; the project is funded by the 2025 referendum. More updates soon.',
      "Woodland Elementary's new library is set to open in January.",
      'The district plans to replace every Chromebook over the next two years.',
      'Woodland Elementary will host a family literacy night on Nov. 12.',
    ]) {
      expect([t, run('Runner. Dog mom. Coffee snob.', t).length]).toEqual([t, 1]);
    }
    for (const t of [
      'I hope APS will begin construction on the new gym soon',
      'Heard the district will replace every Chromebook, anyone know more?',
      'Woodland Elementary will play Lincoln in the kickball final Friday!',
      'Woodland Elementary will be tough to beat this year',
      'I will be at the Woodland Elementary carnival tonight, come say hi',
      'So proud of Woodland Elementary today',
    ]) {
      expect([t, run('Runner. Dog mom. Coffee snob.', t)]).toEqual([t, []]);
    }
    // Disclosed in the profile: fine.
    expect(run('Communications director, Alexandria Public Schools', 'The district plans to replace every Chromebook over the next two years.')).toEqual([]);
  });
  it('does not apply to people without authorization or to the district account', () => {
    expect(findingsOf({ context: context({ authorizations: [] }), post: post(text, { account: { kind: 'personal', bio: 'x' } }) }, RULE)).toEqual([]);
    expect(run('x', text, { account: { kind: 'district' } })).toEqual([]);
  });
});
