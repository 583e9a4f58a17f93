import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentOn, localTime, parseInstant, schoolYearOf } from './time.js';

describe('time', () => {
  it('gives local day, weekday and minutes in the district time zone, across DST', () => {
    expect(localTime(new Date('2026-10-13T09:50:00-05:00'), 'America/Chicago')).toEqual({ day: '2026-10-13', weekday: 'tue', minutes: 590 });
    // 2026-11-01 07:30 UTC is 01:30 CST after the fall-back at 02:00 CDT (07:00 UTC).
    expect(localTime(new Date('2026-11-01T07:30:00Z'), 'America/Chicago')).toEqual({ day: '2026-11-01', weekday: 'sun', minutes: 90 });
    expect(localTime(new Date('2026-11-01T06:30:00Z'), 'America/Chicago')).toEqual({ day: '2026-11-01', weekday: 'sun', minutes: 90 });
    expect(localTime(new Date('2026-03-08T08:30:00Z'), 'America/Chicago').minutes).toBe(3 * 60 + 30);
    expect(localTime(new Date('2026-01-01T03:00:00Z'), 'Asia/Kolkata')).toEqual({ day: '2026-01-01', weekday: 'thu', minutes: 8 * 60 + 30 });
    expect(localTime(new Date('2026-01-01T03:00:00Z'), 'Not/AZone').day).toBe('2026-01-01');
  });
  it('agrees with Intl for a year of hourly instants', () => {
    const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000 + 17 * 60_000) {
      const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      const lt = localTime(new Date(t), 'America/Chicago');
      expect(lt.day).toBe(`${p.year}-${p.month}-${p.day}`);
      expect(lt.minutes).toBe(Number(p.hour) * 60 + Number(p.minute));
    }
  });
  it('knows school years and validity windows', () => {
    expect(schoolYearOf('2026-09-09')).toBe('2026-2027');
    expect(schoolYearOf('2027-06-30')).toBe('2026-2027');
    expect(schoolYearOf('2027-07-01')).toBe('2027-2028');
    expect(schoolYearOf('2026-08-15', '08-20')).toBe('2025-2026');
    expect(currentOn({ validFrom: '2026-09-01', validUntil: '2027-06-30' }, '2026-10-01')).toBe(true);
    expect(currentOn({ validFrom: '2026-09-01' }, '2026-08-31')).toBe(false);
    expect(currentOn({ validUntil: '2026-09-30' }, '2026-10-01')).toBe(false);
    expect(currentOn({ revokedAt: '2026-09-15T10:00:00Z' }, '2026-10-01')).toBe(false);
    expect(currentOn({ revokedAt: '2026-10-15T10:00:00Z' }, '2026-10-01')).toBe(true);
    // A revocation at 7:30 pm in Chicago (01:30 UTC the next day) stops posts of that local day, not only of the next.
    expect(currentOn({ revokedAt: '2026-12-07T01:30:00Z' }, '2026-12-06', 'America/Chicago')).toBe(false);
    expect(currentOn({ revokedAt: '2026-12-07T01:30:00Z' }, '2026-12-05', 'America/Chicago')).toBe(true);
    expect(currentOn({ revokedAt: '2026-12-07T01:30:00Z' }, '2026-12-06')).toBe(true); // no zone: UTC days
    expect(currentOn({ revokedAt: '2026-12-06' }, '2026-12-06', 'America/Chicago')).toBe(false); // a bare day is that day
  });

  it('agrees with Intl minute by quarter hour through the days the offset changes, in zones east and west', () => {
    for (const [zone, days] of [
      ['America/Chicago', ['2026-03-07', '2026-03-08', '2026-03-09', '2026-10-31', '2026-11-01', '2026-11-02']],
      ['Europe/Berlin', ['2026-03-29', '2026-10-25']],
      ['Australia/Adelaide', ['2026-04-05', '2026-10-04']],
      ['Asia/Kolkata', ['2026-06-01']],
    ] as const) {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
      for (const day of days) {
        const from = Date.parse(`${day}T00:00:00Z`) - 12 * 3_600_000;
        for (let t = from; t < from + 48 * 3_600_000; t += 15 * 60_000) {
          const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
          const lt = localTime(new Date(t), zone);
          expect(`${lt.day} ${lt.minutes}`, `${zone} ${new Date(t).toISOString()}`).toBe(`${p.year}-${p.month}-${p.day} ${Number(p.hour) * 60 + Number(p.minute)}`);
        }
      }
    }
  });
});

describe('parseInstant', () => {
  const two = (n: number): string => String(n).padStart(2, '0');
  it('reads the same instant as new Date() for ISO instants of every shape, valid or not', () => {
    const instant = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }),
        mo: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 25 }),
        mi: fc.integer({ min: 0, max: 61 }),
        sec: fc.option(fc.integer({ min: 0, max: 61 })),
        frac: fc.option(fc.stringMatching(/^[0-9]{0,5}$/)),
        zone: fc.oneof(fc.constant('Z'), fc.constant(''), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([sg, oh, om]) => `${sg}${two(oh)}:${two(om)}`)),
      })
      .map(({ y, mo, d, h, mi, sec, frac, zone }) => `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}${sec === null ? '' : ':' + two(sec) + (frac === null ? '' : '.' + frac)}${zone}`);
    fc.assert(
      fc.property(fc.oneof(instant, fc.string()), (s) => {
        const want = new Date(s).getTime();
        const got = parseInstant(s).getTime();
        expect(Number.isNaN(got) ? 'invalid' : got).toEqual(Number.isNaN(want) ? 'invalid' : want);
      }),
      { numRuns: 20_000, seed: 471 },
    );
  });

  it("reads the contract's usual instants", () => {
    for (const s of ['2026-11-25T14:05-06:00', '2026-11-25T20:05:00Z', '2026-11-25T20:05:00.250+01:00', '2026-02-28T23:59:59.9Z', '2026-02-29T10:00:00Z', 'not a date']) {
      expect(String(parseInstant(s).getTime())).toBe(String(new Date(s).getTime()));
    }
  });
});
