// The approved-tools catalog (III): everyone signed in reads it; the Superintendent or an admin adds a tool or retires it (If-Match).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { addApprovedTool, listApprovedToolsFor, retireApprovedTool } from '../../app/manage-approved-tools.js';
import type { ApprovedTool } from '../../store/schema.js';
import { actorOf, Problem, requireIfMatch } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse, QueryBool } from '../pagination.js';

const ToolOut = z.object({ id: z.string(), network: z.string(), name: z.string(), cipaCompliant: z.boolean(), passwordProtected: z.boolean(), active: z.boolean(), version: z.number(), updatedAt: z.string() });
const toolOut = (t: ApprovedTool) => ({ id: t.id, network: t.network, name: t.name, cipaCompliant: t.cipa_compliant === 1, passwordProtected: t.password_protected === 1, active: t.active === 1, version: t.version, updatedAt: t.updated_at });

export function registerApprovedToolRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/approved-tools',
    { schema: { tags: ['approved tools'], description: 'The networks the district approved for instruction, with CIPA status, sorted by network.', querystring: listQuery({ includeRetired: QueryBool.optional() }), response: { 200: Paginated(ToolOut), 400: Problem, 403: Problem } } },
    async (req) => {
      const page = pageRequest(req.query, 'approved-tools');
      const rows = await listApprovedToolsFor(deps, actorOf(req), { includeRetired: req.query.includeRetired === 'true', page });
      return pageResponse(rows, page, 'approved-tools', (t) => ({ key: t.network, id: t.id }), toolOut);
    },
  );
  r.post(
    '/api/v1/approved-tools',
    {
      config: { idempotent: true },
      schema: {
        tags: ['approved tools'],
        description: 'Approve a tool (the Superintendent or an admin); checks see it at once.',
        body: z.object({ network: z.string().min(1).max(50), name: z.string().max(200).optional(), cipaCompliant: z.boolean(), passwordProtected: z.boolean().optional() }),
        response: { 201: ToolOut, 400: Problem, 403: Problem, 409: Problem },
      },
    },
    async (req, reply) => reply.code(201).send(toolOut(await addApprovedTool(deps, actorOf(req), req.body))),
  );
  r.post(
    '/api/v1/approved-tools/:id/retire',
    { schema: { tags: ['approved tools'], description: 'Retire a tool (kept, marked inactive). If-Match with the version read is required; stale → 412.', params: z.object({ id: z.string().min(1).max(100) }), response: { 200: ToolOut, 400: Problem, 403: Problem, 404: Problem, 412: Problem } } },
    async (req) => toolOut(await retireApprovedTool(deps, actorOf(req), { id: req.params.id, version: requireIfMatch(req) })),
  );
}
