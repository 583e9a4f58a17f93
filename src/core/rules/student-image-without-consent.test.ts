import { describe, expect, it } from 'vitest';
import type { Consent, PostImage } from '../../contracts/check.js';
import { context, example, findingsOf, people, post } from '../../../test/support/kit.js';

const RULE = 'student-image-without-consent';
const img = (over: Partial<PostImage> = {}): PostImage => ({ description: 'student at the easel', depicts: ['S200'], setting: 'classroom', ...over });
const consent = (over: Partial<Consent> = {}): Consent => ({ id: 'C1', type: 'student-image', subject: 'S200', written: true, grantedBy: 'parent', validFrom: '2026-08-20', validUntil: '2027-06-30', ...over });
const run = (consents: Consent[], image = img(), p = {}) => findingsOf({ context: context({ consents }), post: post('Art day!', { images: [image], ...p }) }, RULE);

describe(RULE, () => {
  it('blocks a classroom photo of a student with no consent on file', () => {
    const [f, ...rest] = run([]);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('block');
    expect(f?.clause).toBe('IV.A.2');
    expect(f?.evidence).toEqual({ image: 0, person: 'S200' });
    expect(f?.message).toContain('Maya Lopez');
  });

  it('ex-011: the classroom photo of S402 without consent is blocked', () => {
    const fs = findingsOf(example('ex-011').request, RULE);
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['block', { image: 0, person: 'S402' }]]);
  });

  it('ex-015: a public fine-arts performance is exempt, consent or not', () => {
    expect(findingsOf(example('ex-015').request, RULE)).toEqual([]);
  });

  it('allows a student with current written parental consent, on the first and last valid day', () => {
    expect(run([consent()])).toEqual([]);
    expect(run([consent({ validFrom: '2026-10-03' })])).toEqual([]);
    expect(run([consent({ validUntil: '2026-10-03' })])).toEqual([]);
    expect(run([consent({ grantedBy: 'Legal Guardian' })])).toEqual([]);
  });

  it('allows public-arena photos (sporting events, public performances) without consent', () => {
    expect(run([], img({ setting: 'public-event', event: 'Homecoming game' }))).toEqual([]);
  });

  it('does not take an event name alone for the public arena', () => {
    expect(run([], img({ setting: 'school-building', event: 'Homecoming game' }))).toHaveLength(1);
    expect(run([], img({ setting: undefined, event: 'Spring concert' }))).toHaveLength(1);
  });

  it('does not accept revoked, expired, future, unwritten or non-parental consents', () => {
    expect(run([consent({ revokedAt: '2026-09-30T12:00:00Z' })])[0]?.message).toContain('not current');
    expect(run([consent({ revokedAt: '2026-10-03' })])).toHaveLength(1); // revoked on the post day
    expect(run([consent({ validUntil: '2026-09-30' })])).toHaveLength(1);
    expect(run([consent({ validFrom: '2026-11-01' })])).toHaveLength(1);
    expect(run([consent({ written: false })])[0]?.message).toContain('not a written consent');
    expect(run([consent({ written: undefined })])).toHaveLength(1);
    expect(run([consent({ grantedBy: 'student' })])).toHaveLength(1);
    expect(run([consent({ grantedBy: 'teacher' })])).toHaveLength(1);
    expect(run([consent({ type: 'social-network-participation' })])).toHaveLength(1);
    expect(run([consent({ subject: 'S201' })])).toHaveLength(1);
  });

  it('accepts a consent revoked after the post', () => {
    expect(run([consent({ revokedAt: '2026-12-01T12:00:00Z' })])).toEqual([]);
  });

  it('respects scope: a consent for district accounts does not cover a personal account', () => {
    const scoped = consent({ scope: ['district-accounts'] });
    expect(run([scoped])[0]?.message).toContain('personal accounts');
    expect(run([scoped], img(), { account: { kind: 'district' } })).toEqual([]);
    expect(run([consent({ scope: ['personal-accounts', 'print'] })])).toEqual([]);
    expect(run([consent({ scope: ['personal-accounts'] })], img(), { account: { kind: 'district' } })).toHaveLength(1);
    expect(run([consent({ scope: ['print', 'internal'] })])).toHaveLength(1);
    // One consent in scope is enough, whatever else is on file.
    expect(run([scoped, consent({ id: 'C2', scope: ['personal-accounts'] })])).toEqual([]);
  });

  it('needs consent for every student shown, photo by photo', () => {
    const two = img({ depicts: ['S200', 'S201'] });
    const fs = findingsOf({ context: context({ consents: [consent()] }), post: post('Lab day', { images: [img({ depicts: ['S201'] }), two] }) }, RULE);
    expect(fs.map((f) => f.evidence)).toEqual([
      { image: 0, person: 'S201' },
      { image: 1, person: 'S201' },
    ]);
  });

  it('flags a student the roster does not hold: no consent can be on file', () => {
    const fs = run([], img({ depicts: [{ kind: 'student', name: 'a visiting student' }] }));
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['block', { image: 0, detail: 'student not in the roster' }]]);
  });

  it('says nothing about photos of no students, or posts without photos', () => {
    expect(run([], img({ depicts: ['E101', { kind: 'other', name: 'my neighbor' }] }))).toEqual([]);
    expect(run([], img({ depicts: [], description: 'the lake at sunset', setting: 'off-site' }))).toEqual([]);
    expect(findingsOf({ context: context(), post: post('No photos here') }, RULE)).toEqual([]);
    expect(findingsOf({ post: post('No photos, no context') }, RULE)).toEqual([]);
  });

  it('is undecided when consents are not in the context', () => {
    const fs = findingsOf({ context: { people }, post: post('x', { images: [img()] }) }, RULE);
    expect(fs.map((f) => [f.undecided, f.severity, f.evidence])).toEqual([[true, 'advisory', { field: 'context.consents' }]]);
  });

  it('is undecided when ids cannot be resolved without a roster', () => {
    const fs = findingsOf({ context: { consents: [] }, post: post('x', { images: [img({ depicts: ['S200', 'E100'] })] }) }, RULE);
    expect(fs.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'context.people' }]]);
    expect(fs[0]?.message).toContain('S200');
    expect(fs[0]?.message).not.toContain('E100'); // the author is an employee
  });
});
