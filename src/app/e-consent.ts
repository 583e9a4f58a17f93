// Guardian e-consent: staff send a single-use, expiring signing link; the guardian reads the text and signs (ESIGN/UETA-style record), declines, or later revokes.
import crypto from 'node:crypto';
import { ClearpostError } from '../core/errors.js';
import { sha256Hex } from '../store/canonical-json.js';
import { newId } from '../store/ids.js';
import { getDistrict } from '../store/repos/districts.js';
import { getPerson, isGuardianOf, listGuardianLinks } from '../store/repos/people.js';
import type { ConsentType } from '../store/schema.js';
import { requireRole, STAFF_ROLES, type Actor } from './access.js';
import { nowOf, write, type AppDeps } from './deps.js';
import { recordConsent, CONSENT_SCOPES, type ConsentScope } from './record-consent.js';
import { revokeConsent } from './revoke-consent.js';

const LINK_DAYS = 14;
const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

const SCOPE_TEXT: Record<ConsentScope, string> = {
  'district-accounts': "the school's and the district's own social media pages",
  'personal-accounts': "district staff members' personal social media accounts",
  print: 'printed materials such as newsletters and the yearbook',
  internal: 'displays and communications inside the school only',
};

/** The consent text the guardian reads and signs; its sha256 is kept with the signature. */
export function consentText(r: { type: ConsentType; studentName: string; districtName: string; scope: readonly ConsentScope[] | undefined; network: string | null; validFrom: string; validUntil: string | null }): string {
  const where = (r.scope && r.scope.length > 0 ? r.scope : CONSENT_SCOPES).map((s) => SCOPE_TEXT[s]).join('; ');
  const what =
    r.type === 'student-image'
      ? `I give ${r.districtName} and its staff written permission to post photographs and video in which ${r.studentName} can be recognised, on: ${where}.`
      : `I give written permission for ${r.studentName} to take part in class or school activities on ${r.network ?? 'the social network named by the school'}, as Policy 471 requires.`;
  const until = r.validUntil ? `until ${r.validUntil}` : 'until I revoke it';
  return `${what}\n\nThis permission is valid from ${r.validFrom} ${until}. I can revoke it at any time; revoking stops new posts but does not remove what was already published lawfully. Under Policy 471, images of students at public events (sporting events, public performances) may be posted without consent.\n\nI understand that typing my name below is my electronic signature.`;
}

export interface EConsentRequestInput {
  studentId: string;
  guardianId?: string | undefined;
  type: 'student-image' | 'social-network-participation';
  scope?: ConsentScope[] | undefined;
  network?: string | undefined;
  validFrom: string;
  validUntil?: string | undefined;
}

/** Staff create a signing link for a student's guardian. Returns the secret token (shown once) and when it expires. */
export async function requestEConsent(deps: AppDeps, actor: Actor, input: EConsentRequestInput): Promise<{ token: string; expiresAt: string; guardianId: string }> {
  requireRole(actor, STAFF_ROLES, 'send an e-consent link');
  const student = await getPerson(deps.db, actor.districtId, input.studentId);
  if (student === undefined || student.kind !== 'student') throw new ClearpostError('invalid-request', 'studentId: not a student of the district', 'studentId');
  const links = await listGuardianLinks(deps.db, actor.districtId, { studentId: input.studentId, activeOnly: true });
  const guardianId = input.guardianId ?? links[0]?.guardian_id;
  if (guardianId === undefined || !(await isGuardianOf(deps.db, actor.districtId, guardianId, input.studentId))) {
    throw new ClearpostError('invalid-request', 'guardianId: the student has no guardian on file with that id', 'guardianId');
  }
  if (input.type === 'social-network-participation' && input.network === undefined) throw new ClearpostError('invalid-request', 'network: participation consent names the network', 'network');
  const district = await getDistrict(deps.db, actor.districtId);
  const text = consentText({ type: input.type, studentName: student.name, districtName: district?.name ?? 'The district', scope: input.scope, network: input.network ?? null, validFrom: input.validFrom, validUntil: input.validUntil ?? null });
  const token = crypto.randomBytes(24).toString('base64url');
  const now = nowOf(deps);
  const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000).toISOString();
  const id = newId(now.getTime());
  await write(deps, actor, async (w) => {
    await w.trx
      .insertInto('consent_requests')
      .values({ id, district_id: actor.districtId, token_sha256: sha256(token), student_id: input.studentId, guardian_id: guardianId, type: input.type, scope: input.scope ? JSON.stringify(input.scope) : null, network: input.network ?? null, valid_from: input.validFrom, valid_until: input.validUntil ?? null, text, expires_at: expiresAt, status: 'requested', consent_id: null, created_at: w.stamp.at, created_by: w.stamp.by, updated_at: w.stamp.at })
      .execute();
    await w.audit('e-consent.request', 'consent-request', id, { student: input.studentId, guardian: guardianId, type: input.type, expiresAt });
  });
  return { token, expiresAt, guardianId };
}

async function requestByToken(deps: AppDeps, token: string) {
  const r = await deps.db.selectFrom('consent_requests').selectAll().where('token_sha256', '=', sha256(token)).executeTakeFirst();
  // An unknown, expired or used link all read the same: nothing to show.
  if (r === undefined || (r.status === 'requested' && r.expires_at < nowOf(deps).toISOString())) throw new ClearpostError('not-found', 'this signing link is not valid');
  return r;
}

export interface EConsentView {
  student: { name: string };
  school: string;
  type: ConsentType;
  network?: string;
  scope?: string[];
  validFrom: string;
  validUntil: string | null;
  text: string;
  status: 'pending' | 'signed' | 'declined' | 'revoked';
  signedAt?: string;
}

export async function viewEConsent(deps: AppDeps, token: string): Promise<EConsentView> {
  const r = await requestByToken(deps, token);
  const student = await getPerson(deps.db, r.district_id, r.student_id);
  const district = await getDistrict(deps.db, r.district_id);
  let status: EConsentView['status'] = r.status === 'requested' ? 'pending' : (r.status as 'signed' | 'declined');
  let signedAt: string | undefined;
  if (r.consent_id !== null) {
    const c = await deps.db.selectFrom('consents').select(['revoked_at', 'signed_at']).where('id', '=', r.consent_id).executeTakeFirst();
    if (c?.revoked_at) status = 'revoked';
    signedAt = c?.signed_at ?? undefined;
  }
  return {
    student: { name: student?.name ?? '' },
    school: district?.name ?? '',
    type: r.type,
    ...(r.network ? { network: r.network } : {}),
    ...(r.scope ? { scope: JSON.parse(r.scope) as string[] } : {}),
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    text: r.text,
    status,
    ...(signedAt ? { signedAt } : {}),
  };
}

function guardianActor(r: { district_id: string; guardian_id: string }): Actor {
  return { districtId: r.district_id, id: `guardian:${r.guardian_id}`, personId: r.guardian_id, roles: ['guardian'] };
}

/** The guardian signs: typed name and explicit agreement; the consent takes effect for checks at once. Single use. */
export async function signEConsent(deps: AppDeps, token: string, s: { signerName: string; agree: boolean; ip: string; userAgent: string }): Promise<EConsentView> {
  if (s.agree !== true) throw new ClearpostError('invalid-request', 'agree: the guardian must agree explicitly', 'agree');
  if (s.signerName.trim().length < 2) throw new ClearpostError('invalid-request', 'signerName: type your full name to sign', 'signerName');
  const r = await requestByToken(deps, token);
  if (r.status !== 'requested') throw new ClearpostError('conflict', 'this signing link was already used');
  const consent = await recordConsent(deps, guardianActor(r), {
    type: r.type,
    subjectId: r.student_id,
    scope: r.scope ? (JSON.parse(r.scope) as ConsentScope[]) : undefined,
    network: r.network ?? undefined,
    validFrom: r.valid_from,
    validUntil: r.valid_until ?? undefined,
    signature: { signerName: s.signerName.trim(), signedAt: nowOf(deps).toISOString(), ip: s.ip, userAgent: s.userAgent.slice(0, 500), textHash: sha256Hex(r.text) },
  });
  const done = await deps.db.updateTable('consent_requests').set({ status: 'signed', consent_id: consent.id, updated_at: nowOf(deps).toISOString() }).where('id', '=', r.id).where('status', '=', 'requested').executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new ClearpostError('conflict', 'this signing link was already used');
  return viewEConsent(deps, token);
}

export async function declineEConsent(deps: AppDeps, token: string): Promise<EConsentView> {
  const r = await requestByToken(deps, token);
  if (r.status !== 'requested') throw new ClearpostError('conflict', 'this signing link was already used');
  await write(deps, guardianActor(r), async (w) => {
    await w.trx.updateTable('consent_requests').set({ status: 'declined', updated_at: w.stamp.at }).where('id', '=', r.id).execute();
    await w.audit('e-consent.decline', 'consent-request', r.id, { student: r.student_id });
  });
  return viewEConsent(deps, token);
}

/** Later, from the same link: revoke what was signed (the consent is revoked, not deleted). */
export async function revokeEConsent(deps: AppDeps, token: string): Promise<EConsentView> {
  const r = await requestByToken(deps, token);
  if (r.consent_id === null) throw new ClearpostError('conflict', 'nothing was signed with this link');
  await revokeConsent(deps, guardianActor(r), { id: r.consent_id, reason: 'revoked by the guardian from the signing link' });
  return viewEConsent(deps, token);
}
