import { describe, expect, it } from 'vitest';
import { context, district, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'personal-use-on-district-time';
const at = (postedAt: string, over = {}) => findingsOf({ context: context(), post: post('Such a nice day', { postedAt, ...over }) }, RULE);

describe(RULE, () => {
  it('flags a personal post inside duty hours on a school day', () => {
    const [f] = at('2026-10-13T09:50:00-05:00');
    expect(f?.severity).toBe('block');
    expect(f?.clause).toBe('I');
    expect(f?.message).toContain('09:50 on Tuesday');
    expect(f?.evidence).toEqual({ field: 'post.postedAt', value: '2026-10-13T09:50:00-05:00' });
  });
  it('reads the time in the district time zone, not the offset written', () => {
    expect(at('2026-10-13T14:50:00Z')).toHaveLength(1); // 09:50 in Chicago
    expect(at('2026-10-13T23:50:00Z')).toHaveLength(0); // 18:50 in Chicago
  });
  it('allows evenings, weekends, non-school days and the minute duty ends', () => {
    expect(at('2026-10-13T19:45:00-05:00')).toEqual([]);
    expect(at('2026-10-13T16:00:00-05:00')).toEqual([]);
    expect(at('2026-10-13T07:29:00-05:00')).toEqual([]);
    expect(at('2026-10-17T10:00:00-05:00')).toEqual([]); // Saturday
    expect(at('2026-10-15T10:00:00-05:00')).toEqual([]); // listed non-school day
    expect(at('2026-11-26T10:00:00-06:00')).toEqual([]); // Thanksgiving
  });
  it('flags the first minute of duty', () => {
    expect(at('2026-10-13T07:30:00-05:00')).toHaveLength(1);
  });
  it('flags a district device even in the evening', () => {
    const fs = at('2026-10-13T20:00:00-05:00', { device: 'district' });
    expect(fs.map((f) => f.evidence)).toEqual([{ field: 'post.device', value: 'district' }]);
  });
  it('never flags the district account', () => {
    expect(at('2026-10-13T09:50:00-05:00', { account: { kind: 'district' } })).toEqual([]);
  });
  it("uses the author's own duty hours when the roster has them", () => {
    const ctx = context({ people: [{ id: 'E100', kind: 'employee', name: 'Dana Whitfield', dutyHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '12:00', end: '20:00' } }] });
    const fs = findingsOf({ context: ctx, post: post('x', { postedAt: '2026-10-13T19:00:00-05:00' }) }, RULE);
    expect(fs).toHaveLength(1);
  });
  it('is undecided without time zone, duty hours or post time', () => {
    const noTz = findingsOf({ context: context({ district: { ...district, timezone: undefined } }), post: post('x', { postedAt: '2026-10-13T09:50:00-05:00' }) }, RULE);
    expect(noTz.map((f) => [f.undecided, f.severity])).toEqual([[true, 'advisory']]);
    const noTime = findingsOf({ context: context(), post: post('x', { postedAt: undefined }) }, RULE);
    expect(noTime[0]?.undecided).toBe(true);
  });
});
