// Record a consent: written parental consent for a student's image or network participation, or a co-worker's consent to their image.
import fs from 'node:fs';
import path from 'node:path';
import { ClearpostError } from '../core/errors.js';
import { sha256Hex } from '../store/canonical-json.js';
import { newId } from '../store/ids.js';
import { insertConsent, insertConsentEvent } from '../store/repos/consents.js';
import { getPerson, isGuardianOf } from '../store/repos/people.js';
import type { Consent, ConsentType } from '../store/schema.js';
import { hasRole, isStaff, notFound, requirePerson, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

export const CONSENT_SCOPES = ['district-accounts', 'personal-accounts', 'print', 'internal'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** An e-signature in the ESIGN/UETA style: who typed their name, when, from where, over which text. */
export interface ESignature {
  signerName: string;
  signedAt: string;
  ip: string;
  userAgent: string;
  /** sha256 of the consent text the signer was shown. */
  textHash: string;
}

export interface RecordConsentInput {
  type: ConsentType;
  subjectId: string;
  granteeId?: string | undefined;
  written?: boolean | undefined;
  scope?: readonly ConsentScope[] | undefined;
  network?: string | undefined;
  validFrom: string;
  validUntil?: string | undefined;
  /** The signed paper form, scanned: stored under its sha256. */
  form?: { bytes: Uint8Array; extension?: string } | undefined;
  signature?: ESignature | undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function storeForm(deps: AppDeps, bytes: Uint8Array, extension = 'bin'): { sha256: string; path: string } {
  const sha256 = sha256Hex(bytes);
  const dir = deps.filesDir ?? path.join('data', 'files');
  const file = path.join(dir, sha256.slice(0, 2), `${sha256}.${extension.replace(/[^a-z0-9]/gi, '') || 'bin'}`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  }
  return { sha256, path: file };
}

export async function recordConsent(deps: AppDeps, actor: Actor, input: RecordConsentInput): Promise<Consent> {
  if (!DAY.test(input.validFrom)) throw new ClearpostError('invalid-request', 'validFrom: expected a date as YYYY-MM-DD', 'validFrom');
  if (input.validUntil !== undefined && (!DAY.test(input.validUntil) || input.validUntil < input.validFrom)) {
    throw new ClearpostError('invalid-request', 'validUntil: a date as YYYY-MM-DD, not before validFrom', 'validUntil');
  }
  for (const s of input.scope ?? []) if (!CONSENT_SCOPES.includes(s)) throw new ClearpostError('invalid-request', `scope: unknown scope ${s}`, 'scope');
  const forStudent = input.type !== 'coworker-image';
  const districtId = actor.districtId;

  // Who may record it: staff for anyone; a guardian for their own child (signing); an employee for their own image.
  let grantedBy: string;
  let grantedByPerson: string | null = null;
  if (hasRole(actor, ['guardian']) && forStudent && actor.personId !== undefined && (await isGuardianOf(deps.db, districtId, actor.personId, input.subjectId))) {
    if (input.signature === undefined) throw new ClearpostError('invalid-request', 'signature: a guardian consents by signing', 'signature');
    grantedBy = 'parent';
    grantedByPerson = actor.personId;
  } else if (!forStudent && hasRole(actor, ['employee']) && actor.personId === input.subjectId) {
    grantedBy = 'self';
    grantedByPerson = requirePerson(actor, 'record consent');
  } else if (isStaff(actor)) {
    grantedBy = forStudent ? 'parent' : 'self';
  } else {
    throw notFound('person', input.subjectId);
  }

  const subject = await getPerson(deps.db, districtId, input.subjectId);
  if (subject === undefined) throw notFound('person', input.subjectId);
  if (forStudent && subject.kind !== 'student') throw new ClearpostError('invalid-request', `subjectId: ${input.type} consent is for a student`, 'subjectId');
  if (!forStudent) {
    if (subject.kind !== 'employee') throw new ClearpostError('invalid-request', 'subjectId: co-worker image consent is given by an employee', 'subjectId');
    if (input.granteeId === undefined) throw new ClearpostError('invalid-request', 'granteeId: co-worker image consent names the employee it is given to', 'granteeId');
  }
  if (input.granteeId !== undefined) {
    const grantee = await getPerson(deps.db, districtId, input.granteeId);
    if (grantee === undefined || grantee.kind !== 'employee') throw new ClearpostError('invalid-request', 'granteeId: not an employee of the district', 'granteeId');
  }
  // Policy 471 IV.A.2 and III: a student's image or participation needs *written* parental consent.
  const written = input.written === true || input.signature !== undefined || input.form !== undefined;
  if (forStudent && !written) throw new ClearpostError('invalid-request', 'written: student consent must be written parental consent (a signed form or an e-signature)', 'written');

  const form = input.form === undefined ? undefined : storeForm(deps, input.form.bytes, input.form.extension);
  const sig = input.signature;
  return write(deps, actor, async (w) => {
    const id = newId();
    const consent = await insertConsent(
      w.trx,
      districtId,
      id,
      {
        type: input.type,
        subject_id: input.subjectId,
        grantee_id: input.granteeId ?? null,
        written: written ? 1 : 0,
        granted_by: grantedBy,
        granted_by_person_id: grantedByPerson,
        scope: input.scope === undefined ? null : JSON.stringify(input.scope),
        network: input.network?.toLowerCase() ?? null,
        valid_from: input.validFrom,
        valid_until: input.validUntil ?? null,
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
        form_sha256: form?.sha256 ?? null,
        form_path: form?.path ?? null,
        signer_name: sig?.signerName ?? null,
        signed_at: sig?.signedAt ?? null,
        signer_ip: sig?.ip ?? null,
        signer_user_agent: sig?.userAgent ?? null,
        text_hash: sig?.textHash ?? null,
      },
      w.stamp,
    );
    await insertConsentEvent(w.trx, districtId, newId(), { consent_id: id, event: 'recorded', details: { grantedBy, signed: sig !== undefined, form: form?.sha256 ?? null } }, w.stamp);
    await w.audit('consent.record', 'consent', id, { type: input.type, subject: input.subjectId, grantee: input.granteeId ?? null, scope: input.scope ?? null, form: form?.sha256 ?? null, esign: sig === undefined ? null : { signer: sig.signerName, at: sig.signedAt, textHash: sig.textHash } });
    await w.contextChanged();
    return consent;
  });
}
