import { describe, expect, it } from 'vitest';
import type { Post } from '../../contracts/check.js';
import { context, district, example, findingsOf, people, post } from '../../../test/support/kit.js';

const RULE = 'personal-use-on-district-time';
const at = (postedAt: string, over: Partial<Post> = {}) => findingsOf({ context: context(), post: post('Such a nice day', { postedAt, ...over }) }, RULE);
const withHours = (dutyHours: { days: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>; start: string; end: string }) =>
  context({ people: [{ id: 'E100', kind: 'employee', name: 'Dana Whitfield', dutyHours }, ...people.slice(1)] });

describe(RULE, () => {
  it('flags a personal post inside duty hours on a school day', () => {
    const [f, ...rest] = at('2026-10-13T09:50:00-05:00');
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('block');
    expect(f?.clause).toBe('I');
    expect(f?.message).toContain('09:50 on Tuesday 2026-10-13');
    expect(f?.evidence).toEqual({ field: 'post.postedAt', value: '2026-10-13T09:50:00-05:00' });
  });

  it('ex-001: the 09:50 Tuesday post is on district time', () => {
    const fs = findingsOf(example('ex-001').request, RULE);
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['block', { field: 'post.postedAt', value: '2026-10-13T09:50:00-05:00' }]]);
  });

  it('ex-014: the district account posting during the school day from a district device is not personal use', () => {
    expect(findingsOf(example('ex-014').request, RULE)).toEqual([]);
  });

  it('reads the time in the district time zone, not the offset written', () => {
    expect(at('2026-10-13T14:50:00Z')).toHaveLength(1); // 09:50 in Chicago
    expect(at('2026-10-13T23:50:00Z')).toEqual([]); // 18:50 in Chicago
    expect(at('2026-10-13T10:50:00-04:00')).toHaveLength(1); // 09:50 in Chicago, written in New York time
    // 05:30 UTC Wednesday is still Tuesday 00:30 in Chicago: outside hours.
    expect(at('2026-10-14T05:30:00Z')).toEqual([]);
  });

  it('allows evenings, weekends, non-school days and the minute duty ends', () => {
    expect(at('2026-10-13T19:45:00-05:00')).toEqual([]);
    expect(at('2026-10-13T16:00:00-05:00')).toEqual([]);
    expect(at('2026-10-13T07:29:00-05:00')).toEqual([]);
    expect(at('2026-10-17T10:00:00-05:00')).toEqual([]); // Saturday
    expect(at('2026-10-18T10:00:00-05:00')).toEqual([]); // Sunday
    expect(at('2026-10-15T10:00:00-05:00')).toEqual([]); // listed non-school day
    expect(at('2026-11-26T10:00:00-06:00')).toEqual([]); // Thanksgiving
  });

  it('flags the first and the last minute of duty, also after the change to standard time', () => {
    expect(at('2026-10-13T07:30:00-05:00')).toHaveLength(1);
    expect(at('2026-10-13T15:59:00-05:00')).toHaveLength(1);
    expect(at('2026-11-03T15:30:00Z')).toHaveLength(1); // 09:30 CST
    expect(at('2026-11-03T13:15:00Z')).toEqual([]); // 07:15 CST
  });

  it('flags a district device even in the evening or on a weekend, once', () => {
    expect(at('2026-10-13T20:00:00-05:00', { device: 'district' }).map((f) => f.evidence)).toEqual([{ field: 'post.device', value: 'district' }]);
    expect(at('2026-10-17T11:00:00-05:00', { device: 'district' })).toHaveLength(1);
    // Inside hours on a district device: both facts are evidence.
    expect(at('2026-10-13T09:50:00-05:00', { device: 'district' }).map((f) => (f.evidence as { field: string }).field)).toEqual(['post.device', 'post.postedAt']);
  });

  it('never flags the district account', () => {
    expect(at('2026-10-13T09:50:00-05:00', { account: { kind: 'district' } })).toEqual([]);
    expect(at('2026-10-13T09:50:00-05:00', { account: { kind: 'district' }, device: 'district' })).toEqual([]);
  });

  it("uses the author's own duty hours when the roster has them", () => {
    const ctx = withHours({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '12:00', end: '20:00' });
    const late = findingsOf({ context: ctx, post: post('x', { postedAt: '2026-10-13T19:00:00-05:00' }) }, RULE);
    expect(late[0]?.message).toContain('your duty hours (12:00–20:00)');
    expect(findingsOf({ context: ctx, post: post('x', { postedAt: '2026-10-13T09:50:00-05:00' }) }, RULE)).toEqual([]);
  });

  it('handles a night shift that runs past midnight', () => {
    const ctx = withHours({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '06:30' });
    const on = (postedAt: string) => findingsOf({ context: ctx, post: post('x', { postedAt }) }, RULE);
    expect(on('2026-10-13T23:00:00-05:00')).toHaveLength(1); // Tuesday night shift
    expect(on('2026-10-14T03:00:00-05:00')).toHaveLength(1); // still Tuesday's shift
    expect(on('2026-10-14T07:00:00-05:00')).toEqual([]);
    expect(on('2026-10-24T03:00:00-05:00')).toHaveLength(1); // Friday's shift runs into Saturday
    expect(on('2026-10-17T03:00:00-05:00')).toEqual([]); // Friday 10-16 is a non-school day
    expect(on('2026-10-25T03:00:00-05:00')).toEqual([]); // no shift began on Saturday
  });

  it('does not count weekend duty days as school days', () => {
    const ctx = withHours({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '07:30', end: '16:00' });
    expect(findingsOf({ context: ctx, post: post('x', { postedAt: '2026-10-17T10:00:00-05:00' }) }, RULE)).toEqual([]);
  });

  it('is undecided, never silent, without time zone, duty hours or post time', () => {
    const noTz = findingsOf({ context: context({ district: { ...district, timezone: undefined } }), post: post('x', { postedAt: '2026-10-13T09:50:00-05:00' }) }, RULE);
    expect(noTz.map((f) => [f.undecided, f.severity, f.evidence])).toEqual([[true, 'advisory', { field: 'context.district.timezone' }]]);
    const badTz = findingsOf({ context: context({ district: { ...district, timezone: 'Central/Minnesota' } }), post: post('x') }, RULE);
    expect(badTz[0]?.message).toContain('"Central/Minnesota" is not a time zone');
    const noHours = findingsOf({ context: context({ district: { ...district, dutyHours: undefined } }), post: post('x') }, RULE);
    expect(noHours.map((f) => f.evidence)).toEqual([{ field: 'context.district.dutyHours' }]);
    const noTime = findingsOf({ context: context(), post: post('x', { postedAt: undefined }) }, RULE);
    expect(noTime.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'post.postedAt' }]]);
    const noContext = findingsOf({ post: post('x') }, RULE);
    expect(noContext.map((f) => f.undecided)).toEqual([true]);
  });

  it('on a district device, missing time context does not hide the device finding', () => {
    const fs = findingsOf({ context: {}, post: post('x', { device: 'district' }) }, RULE);
    expect(fs.map((f) => [f.severity, f.undecided])).toEqual([['block', undefined]]);
  });
});
