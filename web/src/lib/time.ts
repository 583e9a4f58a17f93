// Clock helpers for the pages: a ticking "now" for live countdowns, and deadlines said in hours and minutes.
import { useEffect, useState } from 'react';

/** The current time, re-rendered every `everyMs` (a countdown needs no more than once a second). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return now;
}

/** "3 h 05 min left" before the deadline, "overdue by 1 h 10 min" after it. */
export function countdown(dueIso: string, now: number): { overdue: boolean; text: string } {
  const ms = Date.parse(dueIso) - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const span = d > 0 ? `${d} d ${h} h ${m} min` : h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(s).padStart(2, '0')} s`;
  return ms > 0 ? { overdue: false, text: `${span} left` } : { overdue: true, text: `overdue by ${span}` };
}

/** Today (YYYY-MM-DD) in the district's time zone, which the server dates consents and posts by; else the browser's. */
export function districtToday(timeZone: string | undefined, now: Date = new Date()): string {
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    } catch {
      // an unknown zone: the browser's day below
    }
  }
  const d = new Date(now);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 10);
}

/** The last day of the school year `day` is in (June 30). */
export function schoolYearEndOf(day: string): string {
  const y = Number(day.slice(0, 4));
  return `${day.slice(5) >= '07-01' ? y + 1 : y}-06-30`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
