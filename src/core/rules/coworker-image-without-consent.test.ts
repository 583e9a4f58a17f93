import { describe, expect, it } from 'vitest';
import type { Consent, PostImage } from '../../contracts/check.js';
import { context, example, findingsOf, people, post } from '../../../test/support/kit.js';

const RULE = 'coworker-image-without-consent';
const img = (depicts: PostImage['depicts']): PostImage => ({ description: 'two teachers', depicts, setting: 'off-site' });
const run = (consents: Consent[], depicts: PostImage['depicts'] = ['E101']) => findingsOf({ context: context({ consents }), post: post('Corn maze champions', { images: [img(depicts)] }) }, RULE);
const c = (over: Partial<Consent> = {}): Consent => ({ type: 'coworker-image', subject: 'E101', grantee: 'E100', validFrom: '2026-09-01', ...over });

describe(RULE, () => {
  it('asks for consent when a co-worker is shown without one', () => {
    const [f, ...rest] = run([]);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('revise');
    expect(f?.clause).toBe('IV.A.1');
    expect(f?.evidence).toEqual({ image: 0, person: 'E101' });
    expect(f?.message).toContain('Sam Ortiz');
  });

  it('ex-010: the corn-maze photo shows E305, who gave the author no consent; the author needs none', () => {
    const fs = findingsOf(example('ex-010').request, RULE);
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['revise', { image: 0, person: 'E305' }]]);
  });

  it('accepts a current consent given to the author', () => {
    expect(run([c()])).toEqual([]);
    expect(run([c({ validUntil: '2026-10-03' })])).toEqual([]);
    expect(run([c({ grantee: 'E999' }), c()])).toEqual([]);
  });

  it('rejects a consent given to someone else, or to nobody in particular', () => {
    expect(run([c({ grantee: 'E999' })])[0]?.message).toContain('someone else');
    expect(run([c({ grantee: undefined })])[0]?.message).toContain('does not say who it was given to');
  });

  it('rejects a consent that is revoked, expired or not yet valid', () => {
    expect(run([c({ revokedAt: '2026-09-15' })])[0]?.message).toContain('not current');
    expect(run([c({ validUntil: '2026-09-30' })])).toHaveLength(1);
    expect(run([c({ validFrom: '2026-10-04' })])).toHaveLength(1);
  });

  it('does not take a consent about someone else, or of another type', () => {
    expect(run([c({ subject: 'E100', grantee: 'E101' })])).toHaveLength(1);
    expect(run([c({ type: 'student-image' })])).toHaveLength(1);
  });

  it('does not need the author to consent to their own photo', () => {
    expect(run([], ['E100'])).toEqual([]);
    expect(findingsOf({ context: { consents: [] }, post: post('Me at the maze', { images: [img(['E100'])] }) }, RULE)).toEqual([]);
  });

  it('flags a co-worker the roster does not hold', () => {
    const fs = run([], [{ kind: 'employee', name: 'the new sub' }]);
    expect(fs.map((f) => f.evidence)).toEqual([{ image: 0, detail: 'co-worker not in the roster' }]);
    expect(fs[0]?.message).toContain('the new sub');
  });

  it('reports a co-worker once per photo, in every photo', () => {
    const fs = findingsOf({ context: context(), post: post('x', { images: [img(['E101', 'E101']), img(['E101'])] }) }, RULE);
    expect(fs.map((f) => f.evidence)).toEqual([
      { image: 0, person: 'E101' },
      { image: 1, person: 'E101' },
    ]);
  });

  it('ignores students, other people and unknown people (other rules cover them)', () => {
    expect(run([], ['S200', { kind: 'other', name: 'my brother' }, { kind: 'unknown' }])).toEqual([]);
  });

  it('is undecided without consents, without an author, or without a roster to resolve ids', () => {
    const noConsents = findingsOf({ context: { people }, post: post('x', { images: [img(['E101'])] }) }, RULE);
    expect(noConsents.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'context.consents' }]]);
    const noAuthor = findingsOf({ context: context({ consents: [c()] }), post: post('x', { author: undefined, images: [img(['E101'])] }) }, RULE);
    expect(noAuthor.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'post.author' }]]);
    const noRoster = findingsOf({ context: { consents: [] }, post: post('x', { images: [img(['E101'])] }) }, RULE);
    expect(noRoster.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'context.people' }]]);
  });
});
