// Local calendar time in the district's time zone: days, minutes, school years. Pure (Intl only).
const fmtCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

export interface LocalTime {
  /** YYYY-MM-DD */
  day: string;
  /** mon..sun */
  weekday: string;
  /** minutes since local midnight */
  minutes: number;
}

/** The two or four digits at s[i..i+len) as a number, -1 when one is not a digit. */
function digitsAt(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `new Date(s)`, read without the general date parser when `s` has the contract's usual shape ("2026-11-25T14:05-06:00",
 * "2026-11-25T20:05:00Z", "...:00.250+01:00"): the same instant (a test compares the two over generated strings), about a
 * tenth of the time. Anything else (days past the 28th, more than three fraction digits, other shapes) goes to the parser.
 */
export function parseInstant(s: string): Date {
  const n = s.length;
  if (n >= 17 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58) {
    const y = digitsAt(s, 0, 4);
    const mo = digitsAt(s, 5, 2);
    const d = digitsAt(s, 8, 2);
    const h = digitsAt(s, 11, 2);
    const mi = digitsAt(s, 14, 2);
    let i = 16;
    let sec = 0;
    let ms = 0;
    if (s.charCodeAt(i) === 58) {
      sec = digitsAt(s, 17, 2);
      i = 19;
      if (s.charCodeAt(i) === 46) {
        let j = i + 1;
        while (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
        const len = j - i - 1;
        if (len < 1 || len > 3) return new Date(s);
        ms = digitsAt(s, i + 1, len) * (len === 1 ? 100 : len === 2 ? 10 : 1);
        i = j;
      }
    }
    let off = NaN;
    if (i === n - 1 && s.charCodeAt(i) === 90) off = 0;
    else if (i === n - 6 && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) && s.charCodeAt(i + 3) === 58) {
      const oh = digitsAt(s, i + 1, 2);
      const om = digitsAt(s, i + 4, 2);
      if (oh >= 0 && oh <= 23 && om >= 0 && om <= 59) off = (s.charCodeAt(i) === 45 ? -1 : 1) * (oh * 60 + om);
    }
    if (!Number.isNaN(off) && y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59) {
      return new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - off * 60_000);
    }
  }
  return new Date(s);
}

/** Is `tz` a time zone Intl knows? */
export function isTimeZone(tz: string): boolean {
  if (fmtCache.has(tz)) return true;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SLOT = 15 * 60_000;

/** Offset (minutes east of UTC) of a zone at an instant, from Intl (a few µs). */
function offsetAt(t: number, zone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(t))) parts[p.type] = p.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((asUtc - t) / 60_000);
}

/**
 * Per zone and UTC day: the offset, when it is the same at the day's start and end (a day without a
 * change of offset: all but two a year), else NaN and the offset is read per quarter hour (changes
 * happen on quarter hours; Adelaide's at half past a UTC hour).
 */
const dayOffsets = new Map<string, Map<number, number>>();
const slotOffsets = new Map<string, Map<number, number>>();

function offsetMinutes(at: Date, zone: string): number {
  const t = at.getTime();
  const day = Math.floor(t / DAY);
  let days = dayOffsets.get(zone);
  if (days === undefined) dayOffsets.set(zone, (days = new Map()));
  let off = days.get(day);
  if (off === undefined) {
    const first = offsetAt(day * DAY, zone);
    off = first === offsetAt(day * DAY + DAY - SLOT, zone) ? first : NaN;
    if (days.size > 100_000) days.clear();
    days.set(day, off);
  }
  if (!Number.isNaN(off)) return off;
  const slot = Math.floor(t / SLOT);
  let slots = slotOffsets.get(zone);
  if (slots === undefined) slotOffsets.set(zone, (slots = new Map()));
  let o = slots.get(slot);
  if (o === undefined) {
    o = offsetAt(slot * SLOT, zone);
    if (slots.size > 100_000) slots.clear();
    slots.set(slot, o);
  }
  return o;
}

const pad = (n: number): string => (n < 10 ? '0' + n : String(n));

/** Wall-clock time of an instant in a time zone (UTC when none or unknown). */
export function localTime(at: Date, tz: string | undefined): LocalTime {
  const zone = tz !== undefined && isTimeZone(tz) ? tz : 'UTC';
  const local = new Date(at.getTime() + offsetMinutes(at, zone) * 60_000);
  return {
    day: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    weekday: WEEKDAYS[local.getUTCDay()]!,
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

export function localDay(at: Date, tz: string | undefined): string {
  return localTime(at, tz).day;
}

/** "HH:MM" → minutes. */
export function hhmmToMinutes(s: string): number {
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

/** The school year (e.g. "2026-2027") a day belongs to, given the year's start "MM-DD" (default 07-01). */
export function schoolYearOf(day: string, start = '07-01'): string {
  const y = Number(day.slice(0, 4));
  const first = day.slice(5) >= start ? y : y - 1;
  return `${first}-${first + 1}`;
}

/** Is a record valid on a day: validFrom ≤ day ≤ validUntil, and not revoked on or before that day. */
export function currentOn(
  r: { validFrom?: string | undefined; validUntil?: string | null | undefined; revokedAt?: string | null | undefined },
  day: string,
  /** The district's zone: `day` is a local day there, so a revocation instant is read as a local day there too. */
  timeZone?: string | undefined,
): boolean {
  if (r.validFrom !== undefined && r.validFrom > day) return false;
  if (r.validUntil !== undefined && r.validUntil !== null && r.validUntil < day) return false;
  if (r.revokedAt !== undefined && r.revokedAt !== null && revokedDay(r.revokedAt, timeZone) <= day) return false;
  return true;
}

/** The local day a revocation took effect: an instant ("2026-12-07T01:30:00Z") is 2026-12-06 in Chicago; a bare day is itself. */
function revokedDay(revokedAt: string, timeZone: string | undefined): string {
  const t = revokedAt.includes('T') ? Date.parse(revokedAt) : Number.NaN;
  return Number.isNaN(t) ? revokedAt.slice(0, 10) : localDay(new Date(t), timeZone);
}
