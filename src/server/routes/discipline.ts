// Discipline cases (V.D): HR or the Superintendent open a case on findings and reports and set its outcome (If-Match); the employee reads their own.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { disciplineCaseEvidence, listDisciplineCasesFor, OUTCOMES, openDisciplineCase, setDisciplineOutcome, viewDisciplineCase } from '../../app/open-discipline-case.js';
import type { DisciplineCase, DisciplineOutcome } from '../../store/schema.js';
import { actorOf, Problem, requireIfMatch } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse } from '../pagination.js';

const Outcome = z.enum(OUTCOMES as [DisciplineOutcome, ...DisciplineOutcome[]]);
const CaseOut = z.object({
  id: z.string(),
  employeeId: z.string(),
  summary: z.string(),
  checkIds: z.array(z.string()).describe('checks whose findings the case rests on'),
  reportIds: z.array(z.string()).describe('mandated reports the case rests on'),
  outcome: Outcome.nullable(),
  status: z.enum(['open', 'closed']),
  closedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
const EvidenceOut = z.object({
  checks: z.array(z.object({ id: z.string(), verdict: z.string(), decidedAt: z.string(), policyVersion: z.string(), findings: z.array(z.object({ rule: z.string(), clause: z.string(), severity: z.string(), message: z.string() })) })),
  reports: z.array(z.object({ id: z.string(), status: z.string(), awareAt: z.string(), dueAt: z.string(), reportedAt: z.string().nullable() })),
});
const caseOut = (c: DisciplineCase) => ({
  id: c.id,
  employeeId: c.employee_id,
  summary: c.summary,
  checkIds: JSON.parse(c.check_ids) as string[],
  reportIds: JSON.parse(c.report_ids) as string[],
  outcome: c.outcome,
  status: c.status,
  closedAt: c.closed_at,
  version: c.version,
  createdAt: c.created_at,
  createdBy: c.created_by,
});

export function registerDisciplineRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const idParams = z.object({ id: z.string().min(1).max(100) });
  r.post(
    '/api/v1/discipline-cases',
    {
      config: { idempotent: true },
      schema: {
        tags: ['discipline'],
        description: 'Open a discipline case (HR or the Superintendent) on the checks (findings) and mandated reports it rests on.',
        body: z.object({ employeeId: z.string().min(1).max(100), summary: z.string().min(1).max(5000), checkIds: z.array(z.string().max(100)).max(100).optional(), reportIds: z.array(z.string().max(100)).max(100).optional() }),
        response: { 201: CaseOut, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => reply.code(201).send(caseOut(await openDisciplineCase(deps, actorOf(req), req.body))),
  );
  r.get(
    '/api/v1/discipline-cases',
    {
      schema: {
        tags: ['discipline'],
        description: 'Discipline cases, oldest first: HR and the Superintendent all; an employee their own.',
        querystring: listQuery({ employeeId: z.string().max(100).optional(), status: z.enum(['open', 'closed']).optional() }),
        response: { 200: Paginated(CaseOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'discipline-cases');
      const rows = await listDisciplineCasesFor(deps, actorOf(req), { employeeId: req.query.employeeId, status: req.query.status, page });
      return pageResponse(rows, page, 'discipline-cases', (c) => ({ key: c.created_at, id: c.id }), caseOut);
    },
  );
  r.get(
    '/api/v1/discipline-cases/:id',
    { schema: { tags: ['discipline'], description: 'One case with what it rests on: the referenced checks with their findings (rule, clause, severity) and the referenced mandated reports.', params: idParams, response: { 200: CaseOut.extend({ evidence: EvidenceOut }), 404: Problem } } },
    async (req) => {
      const actor = actorOf(req);
      const c = await viewDisciplineCase(deps, actor, req.params.id);
      return { ...caseOut(c), evidence: await disciplineCaseEvidence(deps, actor, c) };
    },
  );
  r.post(
    '/api/v1/discipline-cases/:id/outcome',
    {
      schema: {
        tags: ['discipline'],
        description: 'Set the outcome (none … termination), and close the case with close: true. If-Match with the version read is required; stale → 412.',
        params: idParams,
        body: z.object({ outcome: Outcome, close: z.boolean().optional() }),
        response: { 200: CaseOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem },
      },
    },
    async (req) => caseOut(await setDisciplineOutcome(deps, actorOf(req), { id: req.params.id, version: requireIfMatch(req), outcome: req.body.outcome, close: req.body.close })),
  );
}
