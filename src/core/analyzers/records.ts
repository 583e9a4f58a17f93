// Consents, authorizations and disclosures from the context, indexed once per context and read on the post's day.
import type { Authorization, Consent, Disclosure } from '../../contracts/check.js';
import type { Analysis } from '../analysis.js';
import { currentOn, localDay, schoolYearOf } from './time.js';

interface RecordIndex {
  consentsBySubject: Map<string, Consent[]>;
  authorizationsByEmployee: Map<string, Authorization[]>;
  disclosuresByEmployee: Map<string, Disclosure[]>;
}

function group<T>(items: readonly T[] | undefined, key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items ?? []) {
    const k = key(it);
    const list = m.get(k);
    if (list === undefined) m.set(k, [it]);
    else list.push(it);
  }
  return m;
}

function recordIndex(a: Analysis): RecordIndex {
  return a.ctx.index('records', (ctx) => ({
    consentsBySubject: group(ctx.raw.consents, (c) => c.subject),
    authorizationsByEmployee: group(ctx.raw.authorizations, (x) => x.employee),
    disclosuresByEmployee: group(ctx.raw.disclosures, (d) => d.employee),
  }));
}

/** The post's local day in the district's time zone (YYYY-MM-DD). */
export function postDay(a: Analysis): string {
  return a.get('post-day', () => localDay(a.postedAt, a.ctx.district?.timezone));
}

export function postSchoolYear(a: Analysis): string {
  return schoolYearOf(postDay(a), a.ctx.district?.schoolYearStart ?? '07-01');
}

const sameNetwork = (x: string | undefined, y: string | undefined): boolean => x === undefined || y === undefined || x.toLowerCase() === y.toLowerCase();

/** Current consents of a type about a subject on the post's day. */
export function currentConsents(a: Analysis, subject: string, type: Consent['type']): Consent[] {
  const day = postDay(a);
  return (recordIndex(a).consentsBySubject.get(subject) ?? []).filter((c) => c.type === type && currentOn(c, day));
}

/** Current authorizations of a type held by an employee (for a network, when given). */
export function currentAuthorizations(a: Analysis, employee: string | undefined, type: Authorization['type'], network?: string): Authorization[] {
  if (employee === undefined) return [];
  const day = postDay(a);
  return (recordIndex(a).authorizationsByEmployee.get(employee) ?? []).filter(
    (x) => x.type === type && currentOn(x, day) && (network === undefined || sameNetwork(x.network, network)),
  );
}

export function disclosuresOf(a: Analysis, employee: string | undefined): Disclosure[] {
  if (employee === undefined) return [];
  return recordIndex(a).disclosuresByEmployee.get(employee) ?? [];
}

/** Names compared loosely: case, punctuation and spacing do not matter. */
export function sameName(x: string, y: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return n(x) === n(y);
}
