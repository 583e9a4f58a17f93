// IV.E access requests: during selection, promotion or discipline HR or the Superintendent ask an employee for access to a personal site; the employee answers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { answerSiteAccess, listAccessRequestsFor, requestSiteAccess } from '../../app/request-site-access.js';
import type { AccessRequest } from '../../store/schema.js';
import { actorOf, Problem, requireIfMatch } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse } from '../pagination.js';

const Status = z.enum(['requested', 'provided', 'declined', 'withdrawn']);
const AccessOut = z.object({ id: z.string(), employeeId: z.string(), process: z.enum(['selection', 'promotion', 'discipline']), network: z.string().nullable(), site: z.string().nullable(), reason: z.string(), status: Status, requestedBy: z.string(), respondedAt: z.string().nullable(), version: z.number(), createdAt: z.string() });
const accessOut = (a: AccessRequest) => ({ id: a.id, employeeId: a.employee_id, process: a.process, network: a.network, site: a.site, reason: a.reason, status: a.status, requestedBy: a.requested_by, respondedAt: a.responded_at, version: a.version, createdAt: a.created_at });

export function registerAccessRequestRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/access-requests',
    {
      config: { idempotent: true },
      schema: {
        tags: ['IV.E'],
        description: 'HR or the Superintendent ask an employee to disclose and give access to a personal site during selection, promotion or discipline (Policy 471 IV.E).',
        body: z.object({ employeeId: z.string().min(1).max(100), process: z.enum(['selection', 'promotion', 'discipline']), network: z.string().max(50).optional(), site: z.string().max(500).optional(), reason: z.string().min(1).max(2000) }),
        response: { 201: AccessOut, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => reply.code(201).send(accessOut(await requestSiteAccess(deps, actorOf(req), req.body))),
  );
  r.get(
    '/api/v1/access-requests',
    { schema: { tags: ['IV.E'], description: 'Access requests, oldest first: HR and the Superintendent all; an employee those addressed to them.', querystring: listQuery({ employeeId: z.string().max(100).optional(), status: Status.optional() }), response: { 200: Paginated(AccessOut), 400: Problem, 403: Problem } } },
    async (req) => {
      const page = pageRequest(req.query, 'access-requests');
      const rows = await listAccessRequestsFor(deps, actorOf(req), { employeeId: req.query.employeeId, status: req.query.status, page });
      return pageResponse(rows, page, 'access-requests', (a) => ({ key: a.created_at, id: a.id }), accessOut);
    },
  );
  r.post(
    '/api/v1/access-requests/:id/answer',
    {
      schema: {
        tags: ['IV.E'],
        description: 'The employee answers provided or declined; HR or the Superintendent may withdraw the request. If-Match with the version read is required; stale → 412.',
        params: z.object({ id: z.string().min(1).max(100) }),
        body: z.object({ answer: z.enum(['provided', 'declined', 'withdrawn']) }),
        response: { 200: AccessOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem },
      },
    },
    async (req) => accessOut(await answerSiteAccess(deps, actorOf(req), { id: req.params.id, version: requireIfMatch(req), answer: req.body.answer })),
  );
}
