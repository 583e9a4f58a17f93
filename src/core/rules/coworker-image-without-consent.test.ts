import { describe, expect, it } from 'vitest';
import type { Consent, PostImage } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'coworker-image-without-consent';
const img = (depicts: PostImage['depicts']): PostImage => ({ description: 'two teachers', depicts, setting: 'off-site' });
const run = (consents: Consent[], depicts: PostImage['depicts'] = ['E101']) => findingsOf({ context: context({ consents }), post: post('Corn maze champions', { images: [img(depicts)] }) }, RULE);
const c = (over: Partial<Consent> = {}): Consent => ({ type: 'coworker-image', subject: 'E101', grantee: 'E100', validFrom: '2026-09-01', ...over });

describe(RULE, () => {
  it('asks for consent when a co-worker is shown without one', () => {
    const [f] = run([]);
    expect(f?.severity).toBe('revise');
    expect(f?.clause).toBe('IV.A.1');
    expect(f?.evidence).toEqual({ image: 0, person: 'E101' });
  });
  it('accepts a current consent given to the author', () => {
    expect(run([c()])).toEqual([]);
    expect(run([c({ grantee: undefined })])).toEqual([]);
  });
  it('rejects a consent given to someone else, revoked or expired', () => {
    expect(run([c({ grantee: 'E999' })])[0]?.message).toContain('someone else');
    expect(run([c({ revokedAt: '2026-09-15' })])).toHaveLength(1);
    expect(run([c({ validUntil: '2026-09-30' })])).toHaveLength(1);
  });
  it('does not need the author to consent to their own photo', () => {
    expect(run([], ['E100'])).toEqual([]);
  });
  it('flags an unrostered co-worker', () => {
    expect(run([], [{ kind: 'employee', name: 'the new sub' }])).toHaveLength(1);
  });
  it('ignores students and other people', () => {
    expect(run([], ['S200', { kind: 'other', name: 'my brother' }])).toEqual([]);
  });
});
