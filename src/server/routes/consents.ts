// Consent routes: student consents (list, record a paper consent with its scanned form, the form, history, revoke with If-Match)
// and co-worker image consents (list, give). Thin: each calls a use case in src/app, which checks the role.
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { consentWithHistory, listCoworkerConsents, listStudentConsents, readConsentForm, recordPaperConsent, type ConsentWithNames } from '../../app/consent-records.js';
import type { NotifyDeps } from '../../app/notify.js';
import { askForConsent } from '../../app/ask-for-consent.js';
import { recordConsent, CONSENT_SCOPES, type ConsentScope } from '../../app/record-consent.js';
import { revokeConsent } from '../../app/revoke-consent.js';
import { ClearpostError } from '../../core/errors.js';
import { sha256Hex } from '../../store/canonical-json.js';
import type { ConsentEvent } from '../../store/schema.js';
import { FORM_UPLOAD_LIMIT, formatBytes, PayloadTooLarge, routeName } from '../body-limits.js';
import { actorOf, Day, Problem, requireIfMatch } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse } from '../pagination.js';

const Status = z.enum(['current', 'revoked', 'expired', 'upcoming']);
const Scope = z.enum(CONSENT_SCOPES);

export const ConsentOut = z.object({
  id: z.string(),
  type: z.enum(['student-image', 'social-network-participation', 'coworker-image']),
  subjectId: z.string(),
  subjectName: z.string().nullable(),
  granteeId: z.string().nullable(),
  granteeName: z.string().nullable(),
  status: Status,
  written: z.boolean(),
  grantedBy: z.string(),
  scope: z.array(z.string()).nullable().describe('null: every scope'),
  network: z.string().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  formSha256: z.string().nullable().describe('sha256 of the scanned signed form, when there is one'),
  eSignature: z.object({ signerName: z.string(), signedAt: z.string(), textHash: z.string().nullable() }).nullable(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
const EventOut = z.object({ id: z.string(), event: z.string(), at: z.string(), by: z.string(), details: z.record(z.string(), z.unknown()) });

export function consentOut(x: ConsentWithNames): z.infer<typeof ConsentOut> {
  const c = x.consent;
  return {
    id: c.id,
    type: c.type,
    subjectId: c.subject_id,
    subjectName: x.subjectName ?? null,
    granteeId: c.grantee_id,
    granteeName: x.granteeName ?? null,
    status: x.status,
    written: c.written === 1,
    grantedBy: c.granted_by,
    scope: c.scope === null ? null : (JSON.parse(c.scope) as string[]),
    network: c.network,
    validFrom: c.valid_from,
    validUntil: c.valid_until,
    revokedAt: c.revoked_at,
    revokeReason: c.revoke_reason,
    formSha256: c.form_sha256,
    eSignature: c.signer_name === null || c.signed_at === null ? null : { signerName: c.signer_name, signedAt: c.signed_at, textHash: c.text_hash },
    version: c.version,
    createdAt: c.created_at,
    createdBy: c.created_by,
  };
}
const eventOut = (e: ConsentEvent) => ({ id: e.id, event: e.event, at: e.created_at, by: e.created_by, details: JSON.parse(e.details) as Record<string, unknown> });

const PaperFields = z.object({
  studentId: z.string().min(1).max(100),
  type: z.enum(['student-image', 'social-network-participation']),
  scope: z.array(Scope).optional(),
  network: z.string().max(50).optional(),
  validFrom: Day,
  validUntil: Day.optional(),
});

/** Read a multipart paper-consent request: its fields and the one file part `form`, within FORM_UPLOAD_LIMIT. */
async function readPaperConsent(req: FastifyRequest): Promise<z.infer<typeof PaperFields> & { form: Buffer }> {
  if (!req.isMultipart()) throw new ClearpostError('invalid-request', 'form: send multipart/form-data with the fields and the scanned form in a file part named form', 'form');
  const fields: Record<string, string | string[]> = {};
  let form: Buffer | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: FORM_UPLOAD_LIMIT, files: 1, fields: 20, parts: 21, fieldSize: 10_000 } })) {
      if (part.type === 'file') {
        const f = part as MultipartFile;
        if (f.fieldname !== 'form') throw new ClearpostError('invalid-request', `${f.fieldname}: the scanned form goes in a file part named form`, f.fieldname);
        form = await f.toBuffer();
      } else {
        const v = part as MultipartValue<unknown>;
        const value = String(v.value);
        if (v.fieldname === 'scope') fields.scope = [...((fields.scope as string[] | undefined) ?? []), ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
        else fields[v.fieldname] = value;
      }
    }
  } catch (err) {
    const e = err as { code?: string; statusCode?: number };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) throw new PayloadTooLarge(FORM_UPLOAD_LIMIT, 'form', routeName(req));
    throw err;
  }
  const parsed = PaperFields.safeParse(fields);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const field = i.path.join('.') || 'body';
    throw new ClearpostError('invalid-request', `${field}: ${i.message}`, field);
  }
  if (form === undefined) throw new ClearpostError('invalid-request', `form: the scanned signed form (PDF, PNG, JPEG or TIFF, at most ${formatBytes(FORM_UPLOAD_LIMIT)}) is required`, 'form');
  return { ...parsed.data, form };
}

export function registerConsentRoutes(app: FastifyInstance, deps: NotifyDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const idParams = z.object({ id: z.string().min(1).max(100) });

  r.get(
    '/api/v1/consents',
    {
      schema: {
        tags: ['consents'],
        description: 'Student consents (image, social-network participation), oldest first. Staff see all (each read is written to the audit log); a guardian sees their own children’s.',
        querystring: listQuery({ studentId: z.string().max(100).optional(), buildingId: z.string().max(100).optional(), grade: z.string().max(20).optional(), status: Status.optional(), type: z.enum(['student-image', 'social-network-participation']).optional() }),
        response: { 200: Paginated(ConsentOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'consents');
      const q = req.query;
      const rows = await listStudentConsents(deps, actorOf(req), { studentId: q.studentId, buildingId: q.buildingId, grade: q.grade, status: q.status, type: q.type, page });
      return pageResponse(rows, page, 'consents', (x) => ({ key: x.consent.created_at, id: x.consent.id }), consentOut);
    },
  );

  r.post(
    '/api/v1/consents',
    {
      config: { idempotent: 'in-handler' },
      schema: {
        tags: ['consents'],
        description: `Staff record a written parental consent signed on paper: multipart/form-data with the fields studentId, type (student-image or social-network-participation), scope (repeated or comma-separated: ${CONSENT_SCOPES.join(', ')}; absent: every scope), network, validFrom, validUntil, and the scanned form in a file part named form (PDF, PNG, JPEG or TIFF, at most ${formatBytes(FORM_UPLOAD_LIMIT)}). The scan is stored under its sha256. Guardians sign electronically instead (e-consent).`,
        consumes: ['multipart/form-data'],
        response: { 201: ConsentOut, 400: Problem, 403: Problem, 404: Problem, 413: Problem },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const input = await readPaperConsent(req);
      const { form, ...fields } = input;
      if (await app.idempotency(req, reply, { ...fields, form: sha256Hex(form) })) return reply;
      const c = await recordPaperConsent(deps, actor, { studentId: input.studentId, type: input.type, scope: input.scope as ConsentScope[] | undefined, network: input.network, validFrom: input.validFrom, validUntil: input.validUntil, form: input.form });
      const [row] = await consentWithNames(c.id, req);
      return reply.code(201).send(row);
    },
  );

  async function consentWithNames(id: string, req: FastifyRequest) {
    const x = await consentWithHistory(deps, actorOf(req), id);
    return [consentOut(x), x.events] as const;
  }

  r.get(
    '/api/v1/consents/:id',
    { schema: { tags: ['consents'], description: 'One consent (student or co-worker) with its history of events (recorded, revoked ...). Staff reads of student consents are logged.', params: idParams, response: { 200: ConsentOut.extend({ events: z.array(EventOut) }), 404: Problem } } },
    async (req) => {
      const [c, events] = await consentWithNames(req.params.id, req);
      return { ...c, events: events.map(eventOut) };
    },
  );

  r.get(
    '/api/v1/consents/:id/history',
    { schema: { tags: ['consents'], description: 'The events of a consent, oldest first: who recorded, signed, revoked it and when.', params: idParams, response: { 200: z.object({ items: z.array(EventOut) }), 404: Problem } } },
    async (req) => ({ items: (await consentWithHistory(deps, actorOf(req), req.params.id)).events.map(eventOut) }),
  );

  r.get(
    '/api/v1/consents/:id/form',
    { schema: { tags: ['consents'], description: 'The scanned signed form of a consent, checked against its stored sha256 (409 if the file changed on disk). Staff reads are logged.', params: idParams } },
    async (req, reply) => {
      const f = await readConsentForm(deps, actorOf(req), req.params.id);
      return reply.type(f.contentType).header('content-disposition', `attachment; filename="${f.filename}"`).header('x-content-sha256', f.sha256).send(f.bytes);
    },
  );

  r.post(
    '/api/v1/consents/:id/revoke',
    {
      schema: {
        tags: ['consents'],
        description: 'Revoke a consent (staff; a guardian for their child; an employee the co-worker consent they gave). If-Match with the version read is required: a stale revoke gets 412. The consent is kept with who, when and why.',
        params: idParams,
        body: z.object({ reason: z.string().max(2000).optional() }),
        response: { 200: ConsentOut, 400: Problem, 404: Problem, 409: Problem, 412: Problem },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const c = await revokeConsent(deps, actor, { id: req.params.id, version: requireIfMatch(req), reason: req.body.reason });
      return consentOut({ consent: c, status: 'revoked', subjectName: undefined, granteeName: undefined });
    },
  );

  r.get(
    '/api/v1/coworker-consents',
    {
      schema: {
        tags: ['consents'],
        description: 'Co-worker image consents, oldest first: an employee sees those they gave or were given; staff all.',
        querystring: listQuery({ employeeId: z.string().max(100).optional().describe('the employee who gave the consent'), status: Status.optional() }),
        response: { 200: Paginated(ConsentOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'coworker-consents');
      const rows = await listCoworkerConsents(deps, actorOf(req), { employeeId: req.query.employeeId, status: req.query.status, page });
      return pageResponse(rows, page, 'coworker-consents', (x) => ({ key: x.consent.created_at, id: x.consent.id }), consentOut);
    },
  );

  r.post(
    '/api/v1/coworker-consents',
    {
      config: { idempotent: true },
      schema: {
        tags: ['consents'],
        description: 'An employee consents to a named co-worker posting their image (staff may record one for any employee with subjectId).',
        body: z.object({ granteeId: z.string().min(1).max(100), subjectId: z.string().max(100).optional(), scope: z.array(Scope).optional(), network: z.string().max(50).optional(), validFrom: Day, validUntil: Day.optional() }),
        response: { 201: ConsentOut, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const subjectId = req.body.subjectId ?? actor.personId;
      if (subjectId === undefined) throw new ClearpostError('invalid-request', 'subjectId: the signed-in user is not an employee; name the employee who consents', 'subjectId');
      const c = await recordConsent(deps, actor, { type: 'coworker-image', subjectId, granteeId: req.body.granteeId, written: true, scope: req.body.scope, network: req.body.network, validFrom: req.body.validFrom, validUntil: req.body.validUntil });
      const [row] = await consentWithNames(c.id, req);
      return reply.code(201).send(row);
    },
  );

  r.post(
    '/api/v1/consent-asks',
    {
      schema: {
        tags: ['consents'],
        description:
          "Ask for a consent by e-mail (the check page's one-click remedy; staff from the consents page). A student: each guardian with an e-mail address gets a single-use e-consent signing link by e-mail (the caller never sees it), for photos or, with type and network, participation; a co-worker: a notice asking for image consent to the caller. Once per asker, subject, type and day.",
        body: z.object({ subjectId: z.string().min(1).max(100), type: z.enum(['student-image', 'social-network-participation']).optional().describe('for a student; default student-image'), network: z.string().max(50).optional().describe('participation: the network') }),
        response: {
          201: z.object({
            kind: z.enum(['student', 'coworker']),
            subject: z.object({ id: z.string(), name: z.string() }),
            asked: z.array(z.string()).describe('guardians or the co-worker asked now'),
            alreadyAsked: z.array(z.string()).describe('asked by the caller earlier today: nothing sent again'),
            noEmail: z.array(z.string()).describe('guardians without an e-mail address on file: they need the paper form'),
          }),
          400: Problem,
          403: Problem,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await askForConsent(deps, actorOf(req), req.body)),
  );
}
