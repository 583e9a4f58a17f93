// personal-use-on-district-time and a photo's capture time (EXIF detected.takenAt): a question where the post time is not enough.
import { describe, expect, it } from 'vitest';
import type { Post, PostImage } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'personal-use-on-district-time';
const run = (images: PostImage[], over: Partial<Post> = {}) => findingsOf({ context: context(), post: post('Such a nice day', { postedAt: '2026-10-13T19:45:00-05:00', images, ...over }) }, RULE);

describe(`${RULE}: capture time of photos`, () => {
  it('asks (advisory, undecided) when an evening post carries a photo taken in duty hours on a school day, naming the building from GPS', () => {
    const [f, ...rest] = run([{ detected: { takenAt: '2026-10-13T10:12:30-05:00', gps: { lat: 45.8853, lon: -95.3776 } } }]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'advisory', undecided: true, evidence: { image: 0, detail: 'taken 2026-10-13T10:12:30-05:00' } });
    expect(f?.message).toBe('Photo 1 was taken at 10:12 on Tuesday 2026-10-13, a school day, inside duty hours (07:30–16:00) at Jefferson High School: if it was taken for personal use, that was district time.');
  });

  it('reads a capture time without offset as the district wall clock, one with an offset in the district time zone', () => {
    expect(run([{ detected: { takenAt: '2026-10-13T10:12:30' } }])).toHaveLength(1);
    expect(run([{ detected: { takenAt: '2026-10-13T15:12:30Z' } }])).toHaveLength(1); // 10:12 in Chicago
    expect(run([{ detected: { takenAt: '2026-10-13T23:12:30Z' } }])).toEqual([]); // 18:12 in Chicago
  });

  it('says nothing for photos taken after hours, on weekends, or without a capture time', () => {
    expect(run([{ detected: { takenAt: '2026-10-13T18:00:00-05:00' } }, { detected: { takenAt: '2026-10-17T10:00:00-05:00' } }, { description: 'no exif' }])).toEqual([]);
  });

  it('a post inside duty hours is the finding; the photo adds nothing', () => {
    const fs = run([{ detected: { takenAt: '2026-10-13T09:00:00-05:00' } }], { postedAt: '2026-10-13T09:50:00-05:00' });
    expect(fs.map((f) => f.severity)).toEqual(['block']);
  });

  it('without a post time: the undecided note stays and the photo is asked about as well', () => {
    const fs = run([{ detected: { takenAt: '2026-10-13T10:00:00-05:00' } }], { postedAt: undefined });
    expect(fs.map((f) => [f.undecided, f.evidence])).toEqual([
      [true, { field: 'post.postedAt' }],
      [true, { image: 0, detail: 'taken 2026-10-13T10:00:00-05:00' }],
    ]);
  });
});
