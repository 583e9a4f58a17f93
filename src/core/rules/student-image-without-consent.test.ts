import { describe, expect, it } from 'vitest';
import type { Consent, PostImage } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'student-image-without-consent';
const img = (over: Partial<PostImage> = {}): PostImage => ({ description: 'student at the easel', depicts: ['S200'], setting: 'classroom', ...over });
const consent = (over: Partial<Consent> = {}): Consent => ({ id: 'C1', type: 'student-image', subject: 'S200', written: true, grantedBy: 'parent', validFrom: '2026-08-20', validUntil: '2027-06-30', ...over });
const run = (consents: Consent[], image = img(), p = {}) => findingsOf({ context: context({ consents }), post: post('Art day!', { images: [image], ...p }) }, RULE);

describe(RULE, () => {
  it('blocks a classroom photo of a student with no consent on file', () => {
    const [f] = run([]);
    expect(f?.severity).toBe('block');
    expect(f?.clause).toBe('IV.A.2');
    expect(f?.evidence).toEqual({ image: 0, person: 'S200' });
  });
  it('allows a student with current written parental consent', () => {
    expect(run([consent()])).toEqual([]);
  });
  it('allows public-arena photos (sporting events, public performances) without consent', () => {
    expect(run([], img({ setting: 'public-event', event: 'Homecoming game' }))).toEqual([]);
  });
  it('does not accept revoked, expired, future, verbal or non-parental consents', () => {
    expect(run([consent({ revokedAt: '2026-09-30T12:00:00Z' })])).toHaveLength(1);
    expect(run([consent({ validUntil: '2026-09-30' })])).toHaveLength(1);
    expect(run([consent({ validFrom: '2026-11-01' })])).toHaveLength(1);
    expect(run([consent({ written: false })])[0]?.message).toContain('not a written consent');
    expect(run([consent({ grantedBy: 'student' })])).toHaveLength(1);
    expect(run([consent({ type: 'social-network-participation' })])).toHaveLength(1);
  });
  it('accepts a consent revoked after the post', () => {
    expect(run([consent({ revokedAt: '2026-12-01T12:00:00Z' })])).toEqual([]);
  });
  it('respects scope: a consent for district accounts does not cover a personal account', () => {
    const scoped = consent({ scope: ['district-accounts'] });
    expect(run([scoped])[0]?.message).toContain("personal accounts");
    expect(run([scoped], img(), { account: { kind: 'district' } })).toEqual([]);
    expect(run([consent({ scope: ['personal-accounts', 'print'] })])).toEqual([]);
  });
  it('flags a student the roster does not hold', () => {
    const fs = run([], img({ depicts: [{ kind: 'student', name: 'a visiting student' }] }));
    expect(fs.map((f) => f.evidence)).toEqual([{ image: 0, detail: 'unidentified student' }]);
  });
  it('says nothing about photos of no students', () => {
    expect(run([], img({ depicts: ['E101'] }))).toEqual([]);
    expect(findingsOf({ context: context(), post: post('No photos here') }, RULE)).toEqual([]);
  });
  it('is undecided when consents are not in the context', () => {
    const fs = findingsOf({ context: { people: context().people }, post: post('x', { images: [img()] }) }, RULE);
    expect(fs.map((f) => f.undecided)).toEqual([true]);
  });
});
