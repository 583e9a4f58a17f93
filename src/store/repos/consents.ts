// Consents (student image, co-worker image, social network participation) and their event history.
import type { Kysely } from 'kysely';
import type { Consent, ConsentEvent, ConsentsTable, ConsentType, DB } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export type ConsentFields = Omit<ConsentsTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertConsent(db: Kysely<DB>, districtId: string, id: string, c: ConsentFields, s: Stamp): Promise<Consent> {
  const row: Consent = { ...created(districtId, id, s), ...c };
  await db.insertInto('consents').values(row).execute();
  return row;
}

export function getConsent(db: Kysely<DB>, districtId: string, id: string): Promise<Consent | undefined> {
  return db.selectFrom('consents').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export interface ConsentFilter {
  subjectIds?: readonly string[] | undefined;
  /** Consents whose subject or grantee is this person (what an employee may see). */
  involving?: string | undefined;
  type?: ConsentType | undefined;
  types?: readonly ConsentType[] | undefined;
  current?: boolean | undefined;
  /** The subject's building and grade (students). */
  buildingId?: string | undefined;
  grade?: string | undefined;
  /** In force on `day` (current), revoked, past its validUntil (expired), or not yet valid (upcoming). */
  status?: ConsentStatus | undefined;
  day?: string | undefined;
  page?: PageRequest | undefined;
}

export type ConsentStatus = 'current' | 'revoked' | 'expired' | 'upcoming';

/** The status of a consent on a day (YYYY-MM-DD). */
export function consentStatus(c: Pick<Consent, 'revoked_at' | 'valid_from' | 'valid_until'>, day: string): ConsentStatus {
  if (c.revoked_at !== null) return 'revoked';
  if (c.valid_until !== null && c.valid_until < day) return 'expired';
  if (c.valid_from > day) return 'upcoming';
  return 'current';
}

export function listConsents(db: Kysely<DB>, districtId: string, f: ConsentFilter = {}): Promise<Consent[]> {
  let q = db.selectFrom('consents').selectAll().where('district_id', '=', districtId);
  if (f.subjectIds !== undefined) {
    if (f.subjectIds.length === 0) return Promise.resolve([]);
    q = q.where('subject_id', 'in', f.subjectIds);
  }
  if (f.involving !== undefined) {
    const p = f.involving;
    q = q.where((eb) => eb.or([eb('subject_id', '=', p), eb('grantee_id', '=', p)]));
  }
  if (f.type !== undefined) q = q.where('type', '=', f.type);
  if (f.types !== undefined) q = q.where('type', 'in', f.types);
  if (f.current === true) q = q.where('revoked_at', 'is', null);
  if (f.buildingId !== undefined || f.grade !== undefined) {
    let people = db.selectFrom('people').select('id').where('district_id', '=', districtId);
    if (f.buildingId !== undefined) people = people.where('building_id', '=', f.buildingId);
    if (f.grade !== undefined) people = people.where('grade', '=', f.grade);
    q = q.where('subject_id', 'in', people);
  }
  if (f.status !== undefined) {
    const day = f.day ?? new Date().toISOString().slice(0, 10);
    if (f.status === 'revoked') q = q.where('revoked_at', 'is not', null);
    else {
      q = q.where('revoked_at', 'is', null);
      if (f.status === 'expired') q = q.where('valid_until', '<', day);
      else if (f.status === 'upcoming') q = q.where('valid_from', '>', day);
      else q = q.where('valid_from', '<=', day).where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', day)]));
    }
  }
  return keyset(q, f.page).execute();
}

export async function insertConsentEvent(db: Kysely<DB>, districtId: string, id: string, e: { consent_id: string; event: string; details: Record<string, unknown> }, s: Stamp): Promise<ConsentEvent> {
  const row: ConsentEvent = { ...created(districtId, id, s), consent_id: e.consent_id, event: e.event, details: JSON.stringify(e.details) };
  await db.insertInto('consent_events').values(row).execute();
  return row;
}

export function listConsentEvents(db: Kysely<DB>, districtId: string, consentId: string): Promise<ConsentEvent[]> {
  return db.selectFrom('consent_events').selectAll().where('district_id', '=', districtId).where('consent_id', '=', consentId).orderBy('id').execute();
}
