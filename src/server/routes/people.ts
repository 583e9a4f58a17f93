// People search (name, building, grade, kind) with cursor pagination: staff see roster fields, employees names only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { listBuildingsFor, searchPeople } from '../../app/search-people.js';
import { actorOf, Problem } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse, QueryBool } from '../pagination.js';

const PersonOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['employee', 'student', 'guardian']),
  grade: z.string().nullable().optional(),
  buildingId: z.string().nullable().optional(),
  active: z.boolean().optional(),
});

export function registerPeopleRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/people',
    {
      schema: {
        tags: ['people'],
        description:
          'Search the district’s people, sorted by name. Staff (building supervisors, communications, HR, the Superintendent, admins) get grade, building and status; an employee gets id, name and kind of employees and students only (to tag photos). Every read of students by staff or employees is written to the audit log.',
        querystring: listQuery({
          query: z.string().max(100).optional().describe('part of the name, any case'),
          kind: z.enum(['employee', 'student', 'guardian']).optional(),
          buildingId: z.string().max(100).optional(),
          grade: z.string().max(20).optional(),
          includeInactive: QueryBool.optional().describe('staff only: also people the roster deactivated'),
        }),
        response: { 200: Paginated(PersonOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'people');
      const q = req.query;
      const { rows, hits } = await searchPeople(deps, actorOf(req), { name: q.query, kind: q.kind, buildingId: q.buildingId, grade: q.grade, includeInactive: q.includeInactive === 'true', page });
      const byId = new Map(hits.map((h) => [h.id, h]));
      return pageResponse(rows, page, 'people', (p) => ({ key: p.name, id: p.id }), (p) => byId.get(p.id)!);
    },
  );

  r.get(
    '/api/v1/buildings',
    {
      schema: {
        tags: ['people'],
        description: 'The district’s buildings, sorted by name (for the building filters of people, consents and coverage).',
        querystring: listQuery({ includeInactive: QueryBool.optional() }),
        response: { 200: Paginated(z.object({ id: z.string(), name: z.string(), kind: z.string(), active: z.boolean() })), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'buildings');
      const rows = await listBuildingsFor(deps, actorOf(req), { includeInactive: req.query.includeInactive === 'true', page });
      return pageResponse(rows, page, 'buildings', (b) => ({ key: b.name, id: b.id }), (b) => ({ id: b.id, name: b.name, kind: b.kind, active: b.active === 1 }));
    },
  );
}
