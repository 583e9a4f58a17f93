// allowedBy on the shared examples that say which IV.C permissions they rely on.
import { describe, expect, it } from 'vitest';
import { context, post, run } from './support/kit.js';

describe('allowedBy (IV.C)', () => {
  it('ex-016: own promotion with job title in profile is allowed by IV.C.2 and IV.C.1', () => {
    const res = run({
      context: context(),
      post: post("Happy to share that I've been named Social Studies Department Chair at Jefferson High School for next year.", {
        network: 'linkedin',
        account: { kind: 'personal', bio: 'Social Studies teacher, Jefferson High School' },
        postedAt: '2027-05-08T10:00:00-05:00',
      }),
    });
    expect(res.verdict).toBe('allow');
    expect(res.allowedBy?.sort()).toEqual(['IV.C.1', 'IV.C.2']);
  });
  it('volunteering at a district event is IV.C.3', () => {
    const res = run({ context: context(), post: post('I volunteered at the Woodland fun run this morning, 300 kids ran!') });
    expect(res.allowedBy).toContain('IV.C.3');
  });
  it('a post that relies on nothing lists nothing', () => {
    const res = run({ context: context(), post: post('Pumpkin bread recipe in the comments', { account: { kind: 'personal', bio: 'Baker' } }) });
    expect(res.allowedBy).toBeUndefined();
  });
});
