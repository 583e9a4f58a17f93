// Routes for the employee's records: annual disclosures, mandated reports, authorization requests and decisions. Thin: each calls one use case.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../app/access.js';
import type { NotifyDeps } from '../../app/notify.js';
import { listMyChecks, myCheckOf } from '../../app/check-history.js';
import { decideAuthorization } from '../../app/decide-authorization.js';
import { fileDisclosure, listDisclosuresFor } from '../../app/file-disclosure.js';
import { listMandatedReportsFor, markReportMade, reportConcern, type MandatedReportView } from '../../app/file-mandated-report.js';
import { listAuthorizationsFor, requestAuthorization } from '../../app/request-authorization.js';
import { getPerson } from '../../store/repos/people.js';
import type { Authorization, Disclosure } from '../../store/schema.js';
import { Day as day, ifMatch, Problem, requireIfMatch } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse, QueryBool } from '../pagination.js';
import { registerMoreRecordRoutes } from './more-records.js';

const DisclosureOut = z.object({ id: z.string(), employeeId: z.string(), schoolYear: z.string(), groups: z.array(z.object({ name: z.string(), network: z.string().optional() })), version: z.number(), createdAt: z.string() });
const ReportOut = z.object({ id: z.string(), reporterId: z.string(), what: z.string(), whereSeen: z.string(), awareAt: z.string(), dueAt: z.string(), status: z.string(), overdue: z.boolean(), reportedTo: z.string().nullable(), version: z.number() });
const AuthorizationOut = z.object({ id: z.string(), type: z.string(), employeeId: z.string(), status: z.string(), network: z.string().nullable(), activity: z.string().nullable(), reason: z.string().nullable(), validFrom: z.string().nullable(), validUntil: z.string().nullable(), decidedAt: z.string().nullable(), version: z.number(), createdAt: z.string().describe('when it was requested'), employeeName: z.string().nullable().optional().describe('in lists: the employee’s name from the roster') });

const MyCheckOut = z.object({ id: z.string(), decidedAt: z.string(), verdict: z.string(), text: z.string(), network: z.string().nullable(), photos: z.number(), rules: z.array(z.string()), createdAt: z.string() });

const disclosureOut = (d: Disclosure) => ({ id: d.id, employeeId: d.employee_id, schoolYear: d.school_year, groups: JSON.parse(d.groups) as Array<{ name: string; network?: string }>, version: d.version, createdAt: d.created_at });
const reportOut = (r: MandatedReportView) => ({ id: r.id, reporterId: r.reporter_id, what: r.what, whereSeen: r.where_seen, awareAt: r.aware_at, dueAt: r.due_at, status: r.status, overdue: r.overdue, reportedTo: r.reported_to, version: r.version });
const authorizationOut = (a: Authorization) => ({ id: a.id, type: a.type, employeeId: a.employee_id, status: a.status, network: a.network, activity: a.activity, reason: a.reason, validFrom: a.valid_from, validUntil: a.valid_until, decidedAt: a.decided_at, version: a.version, createdAt: a.created_at });

export function registerRecordRoutes(app: FastifyInstance, deps: NotifyDeps, requireActor: (req: FastifyRequest) => Actor): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/disclosures',
    { config: { idempotent: true }, schema: { tags: ['records'], description: 'File the annual disclosure of student or public groups (IV.B); a new filing for the same year supersedes the old one.', body: z.object({ schoolYear: z.string().regex(/^\d{4}-\d{4}$/, 'expected YYYY-YYYY'), groups: z.array(z.object({ name: z.string().min(1).max(200), network: z.string().max(50).optional() })).max(100), employeeId: z.string().optional() }), response: { 201: DisclosureOut, 400: Problem, 403: Problem } } },
    async (req, reply) => reply.code(201).send(disclosureOut(await fileDisclosure(deps, requireActor(req), req.body))),
  );
  r.get(
    '/api/v1/disclosures',
    { schema: { tags: ['records'], description: 'Disclosures in force, oldest first: an employee their own; HR, the Superintendent and admins everyone’s.', querystring: listQuery({ schoolYear: z.string().regex(/^\d{4}-\d{4}$/, 'expected YYYY-YYYY').optional(), employeeId: z.string().max(100).optional() }), response: { 200: Paginated(DisclosureOut), 400: Problem, 403: Problem } } },
    async (req) => {
      const page = pageRequest(req.query, 'disclosures');
      const rows = await listDisclosuresFor(deps, requireActor(req), { schoolYear: req.query.schoolYear, employeeId: req.query.employeeId, page });
      return pageResponse(rows, page, 'disclosures', (d) => ({ key: d.created_at, id: d.id }), disclosureOut);
    },
  );
  r.post(
    '/api/v1/mandated-reports',
    { config: { idempotent: true }, schema: { tags: ['records'], description: 'Report a concern (mandated reporting): due 24 hours after the employee became aware.', body: z.object({ what: z.string().min(1).max(5000), whereSeen: z.string().min(1).max(500), awareAt: z.string() }), response: { 201: ReportOut, 400: Problem, 403: Problem } } },
    async (req, reply) => reply.code(201).send(reportOut(await reportConcern(deps, requireActor(req), req.body))),
  );
  r.get(
    '/api/v1/mandated-reports',
    { schema: { tags: ['records'], description: 'Mandated reports, oldest first: an employee their own; building supervisors, HR and the Superintendent all.', querystring: listQuery({ overdueOnly: QueryBool.optional() }), response: { 200: Paginated(ReportOut), 400: Problem, 403: Problem } } },
    async (req) => {
      const page = pageRequest(req.query, 'mandated-reports');
      const rows = await listMandatedReportsFor(deps, requireActor(req), { overdueOnly: req.query.overdueOnly === 'true', page });
      return pageResponse(rows, page, 'mandated-reports', (x) => ({ key: x.created_at, id: x.id }), reportOut);
    },
  );
  r.post(
    '/api/v1/mandated-reports/:id/made',
    { schema: { tags: ['records'], description: 'Record that the concern was reported to the authorities (to whom, when; late if after the 24-hour deadline), and optionally close it. The reporter or building supervisors, HR and the Superintendent. If-Match is required: a stale version gets 412.', params: z.object({ id: z.string() }), body: z.object({ reportedTo: z.string().min(1).max(500), reportedAt: z.string().datetime({ offset: true }).optional(), close: z.boolean().optional() }), response: { 200: ReportOut, 400: Problem, 403: Problem, 404: Problem, 412: Problem } } },
    async (req) => reportOut(await markReportMade(deps, requireActor(req), { id: req.params.id, version: requireIfMatch(req), reportedTo: req.body.reportedTo, reportedAt: req.body.reportedAt, close: req.body.close })),
  );
  r.post(
    '/api/v1/authorizations',
    { config: { idempotent: true }, schema: { tags: ['records'], description: 'Request a spokesperson or instructional-use authorization from the Superintendent or designee.', body: z.object({ type: z.enum(['spokesperson', 'instructional-use']), network: z.string().max(50).optional(), activity: z.string().max(500).optional(), reason: z.string().max(2000).optional(), validFrom: day.optional(), validUntil: day.optional() }), response: { 201: AuthorizationOut, 400: Problem, 403: Problem } } },
    async (req, reply) => reply.code(201).send(authorizationOut(await requestAuthorization(deps, requireActor(req), req.body))),
  );
  r.get(
    '/api/v1/authorizations',
    { schema: { tags: ['records'], description: 'Authorizations, oldest first: an employee their own; communications, HR, the Superintendent and admins all.', querystring: listQuery({ status: z.enum(['requested', 'approved', 'denied', 'revoked']).optional(), employeeId: z.string().max(100).optional() }), response: { 200: Paginated(AuthorizationOut), 400: Problem, 403: Problem } } },
    async (req) => {
      const page = pageRequest(req.query, 'authorizations');
      const actor = requireActor(req);
      const rows = await listAuthorizationsFor(deps, actor, { status: req.query.status, employeeId: req.query.employeeId, page });
      // The approvals queue shows who asked by name (the readers of all authorizations are district staff).
      const names = new Map<string, string | null>();
      for (const id of new Set(rows.map((a) => a.employee_id))) names.set(id, (await getPerson(deps.db, actor.districtId, id))?.name ?? null);
      return pageResponse(rows, page, 'authorizations', (a) => ({ key: a.created_at, id: a.id }), (a) => ({ ...authorizationOut(a), employeeName: names.get(a.employee_id) ?? null }));
    },
  );
  r.post(
    '/api/v1/authorizations/:id/decision',
    { schema: { tags: ['records'], description: 'The Superintendent or designee approves or denies a request. Send If-Match with the version read: a stale decision gets 412.', params: z.object({ id: z.string() }), body: z.object({ decision: z.enum(['approved', 'denied']), reason: z.string().max(2000).optional(), validFrom: day.optional(), validUntil: day.optional() }), response: { 200: AuthorizationOut, 400: Problem, 403: Problem, 404: Problem, 412: Problem } } },
    async (req) => authorizationOut(await decideAuthorization(deps, requireActor(req), { id: req.params.id, version: ifMatch(req), ...req.body })),
  );
  r.get(
    '/api/v1/checks',
    {
      schema: {
        tags: ['checks'],
        description: 'My check history: the checks of my own posts, newest first (the text, the verdict and the rules that decided it; photos only counted).',
        querystring: listQuery({}),
        response: { 200: Paginated(MyCheckOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'my-checks');
      const rows = await listMyChecks(deps, requireActor(req), { page });
      return pageResponse(rows, page, 'my-checks', (c) => ({ key: c.created_at, id: c.id }), myCheckOf);
    },
  );
  registerMoreRecordRoutes(app, deps);
}
