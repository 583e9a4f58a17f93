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

/** Is `tz` a time zone Intl knows? */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock time of an instant in a time zone (UTC when none or unknown). */
export function localTime(at: Date, tz: string | undefined): LocalTime {
  const zone = tz !== undefined && isTimeZone(tz) ? tz : 'UTC';
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(at)) parts[p.type] = p.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? '').slice(0, 3).toLowerCase(),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
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
): boolean {
  if (r.validFrom !== undefined && r.validFrom > day) return false;
  if (r.validUntil !== undefined && r.validUntil !== null && r.validUntil < day) return false;
  if (r.revokedAt !== undefined && r.revokedAt !== null && r.revokedAt.slice(0, 10) <= day) return false;
  return true;
}
