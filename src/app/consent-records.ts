// Consents as staff pages and guardians see them: lists with filters, a consent's history, the scanned paper form, recording a paper consent.
import { ClearpostError } from '../core/errors.js';
import { sha256Hex } from '../store/canonical-json.js';
import { consentStatus, getConsent, type ConsentStatus } from '../store/repos/consents.js';
import { listPeople } from '../store/repos/people.js';
import type { PageRequest } from '../store/page.js';
import type { Consent, ConsentEvent, ConsentType } from '../store/schema.js';
import fs from 'node:fs';
import { isStaff, notFound, requireRole, STAFF_ROLES, type Actor } from './access.js';
import { districtToday } from './dashboard.js';
import { auditRead, type AppDeps } from './deps.js';
import { recordConsent, type ConsentScope } from './record-consent.js';
import { canSeeConsent } from './revoke-consent.js';
import { listConsentsFor, viewConsent } from './view-consents.js';

export const STUDENT_CONSENT_TYPES: readonly ConsentType[] = ['student-image', 'social-network-participation'];

export interface ConsentListFilter {
  studentId?: string | undefined;
  buildingId?: string | undefined;
  grade?: string | undefined;
  status?: ConsentStatus | undefined;
  type?: ConsentType | undefined;
  page?: PageRequest | undefined;
}

export interface ConsentWithNames {
  consent: Consent;
  status: ConsentStatus;
  subjectName: string | undefined;
  granteeName: string | undefined;
}

async function withNames(deps: AppDeps, actor: Actor, rows: Consent[], day: string): Promise<ConsentWithNames[]> {
  const ids = [...new Set(rows.flatMap((c) => (c.grantee_id === null ? [c.subject_id] : [c.subject_id, c.grantee_id])))];
  const names = new Map((await listPeople(deps.db, actor.districtId, { ids })).map((p) => [p.id, p.name]));
  return rows.map((c) => ({ consent: c, status: consentStatus(c, day), subjectName: names.get(c.subject_id), granteeName: c.grantee_id === null ? undefined : names.get(c.grantee_id) }));
}

/** Student consents: staff all (the read is logged), a guardian their children's, others none. */
export async function listStudentConsents(deps: AppDeps, actor: Actor, f: ConsentListFilter): Promise<ConsentWithNames[]> {
  if (f.type !== undefined && !STUDENT_CONSENT_TYPES.includes(f.type)) throw new ClearpostError('invalid-request', 'type: student-image or social-network-participation', 'type');
  const day = await districtToday(deps, actor.districtId);
  const rows = await listConsentsFor(deps, actor, {
    types: f.type === undefined ? STUDENT_CONSENT_TYPES : [f.type],
    subjectIds: f.studentId === undefined ? undefined : [f.studentId],
    buildingId: f.buildingId,
    grade: f.grade,
    status: f.status,
    day,
    page: f.page,
  });
  return withNames(deps, actor, rows, day);
}

/** Co-worker image consents: an employee those they gave or were given; staff all. */
export async function listCoworkerConsents(deps: AppDeps, actor: Actor, f: { employeeId?: string | undefined; status?: ConsentStatus | undefined; page?: PageRequest | undefined }): Promise<ConsentWithNames[]> {
  const day = await districtToday(deps, actor.districtId);
  const rows = await listConsentsFor(deps, actor, { types: ['coworker-image'], subjectIds: f.employeeId === undefined ? undefined : [f.employeeId], status: f.status, day, page: f.page });
  return withNames(deps, actor, rows, day);
}

export async function consentWithHistory(deps: AppDeps, actor: Actor, id: string): Promise<ConsentWithNames & { events: ConsentEvent[] }> {
  const { consent, events } = await viewConsent(deps, actor, id);
  const [named] = await withNames(deps, actor, [consent], await districtToday(deps, actor.districtId));
  return { ...named!, events };
}

const FORM_TYPES: Array<{ ext: string; type: string; magic: (b: Uint8Array) => boolean }> = [
  { ext: 'pdf', type: 'application/pdf', magic: (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 },
  { ext: 'png', type: 'image/png', magic: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { ext: 'jpg', type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'tif', type: 'image/tiff', magic: (b) => (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a) },
];

export interface PaperConsentInput {
  studentId: string;
  type: 'student-image' | 'social-network-participation';
  scope?: readonly ConsentScope[] | undefined;
  network?: string | undefined;
  validFrom: string;
  validUntil?: string | undefined;
  /** The signed form, scanned: PDF, PNG, JPEG or TIFF. */
  form: Uint8Array;
}

/** Staff record a paper consent the guardian signed; the scan is stored under its sha256. */
export async function recordPaperConsent(deps: AppDeps, actor: Actor, input: PaperConsentInput): Promise<Consent> {
  requireRole(actor, STAFF_ROLES, 'record a paper consent');
  if (input.form.length === 0) throw new ClearpostError('invalid-request', 'form: the scanned signed form is empty', 'form');
  const kind = FORM_TYPES.find((t) => t.magic(input.form));
  if (kind === undefined) throw new ClearpostError('invalid-request', 'form: a scan as PDF, PNG, JPEG or TIFF', 'form');
  return recordConsent(deps, actor, { type: input.type, subjectId: input.studentId, written: true, scope: input.scope, network: input.network, validFrom: input.validFrom, validUntil: input.validUntil, form: { bytes: input.form, extension: kind.ext } });
}

/** The scanned form of a consent (staff; a guardian for their child), checked against its sha256. */
export async function readConsentForm(deps: AppDeps, actor: Actor, id: string): Promise<{ bytes: Buffer; contentType: string; sha256: string; filename: string }> {
  const c = await getConsent(deps.db, actor.districtId, id);
  if (c === undefined || !(await canSeeConsent(deps, actor, c))) throw notFound('consent', id);
  if (c.form_path === null || c.form_sha256 === null) throw new ClearpostError('not-found', `consent ${id}: no scanned form (it was signed electronically or recorded without one)`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(c.form_path);
  } catch {
    throw new ClearpostError('not-found', `consent ${id}: the stored form ${c.form_sha256} is missing from the file store`);
  }
  if (sha256Hex(bytes) !== c.form_sha256) throw new ClearpostError('conflict', `consent ${id}: the stored form does not match its sha256 ${c.form_sha256} (it was changed on disk)`);
  if (isStaff(actor) && c.type !== 'coworker-image') await auditRead(deps, actor, 'consent', [id], { form: c.form_sha256 });
  const ext = c.form_path.split('.').pop() ?? 'bin';
  return { bytes, contentType: FORM_TYPES.find((t) => t.ext === ext)?.type ?? 'application/octet-stream', sha256: c.form_sha256, filename: `consent-${id}.${ext}` };
}
