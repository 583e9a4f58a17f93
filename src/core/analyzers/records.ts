// Consents, authorizations and disclosures from the context, indexed once per context and read on the post's day.
import type { Authorization, Consent, Disclosure } from '../../contracts/check.js';
import type { Analysis } from '../analysis.js';
import { postLocalTime } from './duty-time.js';
import { currentOn, schoolYearOf } from './time.js';

interface DisclosedGroup {
  /** Normalised name (see normaliseName). */
  name: string;
  network: string | undefined;
}

interface RecordIndex {
  /** Key `${type}|${subject}`. */
  consents: Map<string, Consent[]>;
  authorizationsByEmployee: Map<string, Authorization[]>;
  disclosuresByEmployee: Map<string, Disclosure[]>;
  /** Key `${employee}|${schoolYear}`: every group disclosed for that year, names normalised. */
  disclosedGroups: Map<string, DisclosedGroup[]>;
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

/** Built once per context: a check then reads a handful of records, whatever the roster size. */
function recordIndex(a: Analysis): RecordIndex {
  return a.ctx.index('records', (ctx) => {
    const disclosedGroups = new Map<string, DisclosedGroup[]>();
    for (const d of ctx.raw.disclosures ?? []) {
      const k = `${d.employee}|${d.schoolYear}`;
      const list = disclosedGroups.get(k) ?? [];
      for (const g of d.groups) list.push({ name: normaliseName(g.name), network: g.network?.toLowerCase() });
      disclosedGroups.set(k, list);
    }
    return {
      consents: group(ctx.raw.consents, (c) => `${c.type}|${c.subject}`),
      authorizationsByEmployee: group(ctx.raw.authorizations, (x) => x.employee),
      disclosuresByEmployee: group(ctx.raw.disclosures, (d) => d.employee),
      disclosedGroups,
    };
  });
}

/** The post's local day in the district's time zone (YYYY-MM-DD). */
export function postDay(a: Analysis): string {
  return postLocalTime(a).day;
}

export function postSchoolYear(a: Analysis): string {
  return schoolYearOf(postDay(a), a.ctx.district?.schoolYearStart ?? '07-01');
}

const sameNetwork = (x: string | undefined, y: string | undefined): boolean => x === undefined || y === undefined || x.toLowerCase() === y.toLowerCase();

/** Current consents of a type about a subject on the post's day. */
export function currentConsents(a: Analysis, subject: string, type: Consent['type']): Consent[] {
  const day = postDay(a);
  return (recordIndex(a).consents.get(`${type}|${subject}`) ?? []).filter((c) => currentOn(c, day, a.ctx.district?.timezone));
}

/** Any consent of a type about a subject, current or not (to explain why none counts). */
export function consentsOnFile(a: Analysis, subject: string, type: Consent['type']): readonly Consent[] {
  return recordIndex(a).consents.get(`${type}|${subject}`) ?? [];
}

/** Who may give parental consent. A consent granted by anyone else (a student, a teacher) is not parental. */
const PARENTAL = /^(?:parents?|guardians?|legal[- ]guardians?|parent\/guardian|mother|father|foster[- ]parents?|custodians?|custodial parent)$/i;

/** Written consent from a parent or guardian: `written` must say so; a missing grantor is taken as the form's own. */
export function isWrittenParental(c: Consent): boolean {
  return c.written === true && (c.grantedBy === undefined || PARENTAL.test(c.grantedBy.trim()));
}

/** Does a consent's scope cover posting from this kind of account? No scope means everywhere. */
export function coversAccount(c: Consent, accountKind: 'personal' | 'district'): boolean {
  if (c.scope === undefined || c.scope.length === 0) return true;
  return c.scope.includes(accountKind === 'personal' ? 'personal-accounts' : 'district-accounts');
}

/** Current authorizations of a type held by an employee (for a network, when given). */
export function currentAuthorizations(a: Analysis, employee: string | undefined, type: Authorization['type'], network?: string): Authorization[] {
  if (employee === undefined) return [];
  const day = postDay(a);
  return (recordIndex(a).authorizationsByEmployee.get(employee) ?? []).filter(
    (x) => x.type === type && currentOn(x, day, a.ctx.district?.timezone) && (network === undefined || sameNetwork(x.network, network)),
  );
}

export function disclosuresOf(a: Analysis, employee: string | undefined): Disclosure[] {
  if (employee === undefined) return [];
  return recordIndex(a).disclosuresByEmployee.get(employee) ?? [];
}

/** Has the employee disclosed this group for the school year? Names compare loosely; networks when both are known. */
export function hasDisclosed(a: Analysis, employee: string, schoolYear: string, name: string, network: string | undefined): boolean {
  const groups = recordIndex(a).disclosedGroups.get(`${employee}|${schoolYear}`);
  if (groups === undefined) return false;
  const n = normaliseName(name);
  return groups.some((g) => g.name === n && sameNetwork(g.network, network));
}

/** Names compared loosely: case, punctuation, spacing and a leading "the" do not matter. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

export function sameName(x: string, y: string): boolean {
  return normaliseName(x) === normaliseName(y);
}
