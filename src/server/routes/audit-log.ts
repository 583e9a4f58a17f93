// The audit log over the API: read with filters (newest first, cursor pages) or export as CSV; admins, the Superintendent, HR; each read is logged.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { exportAuditLog, readAuditLog } from '../../app/read-audit-log.js';
import type { AuditEntry } from '../../store/schema.js';
import { toCsv } from '../csv.js';
import { actorOf, Problem } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse } from '../pagination.js';

const EntryOut = z.object({ seq: z.number(), at: z.string(), actor: z.string(), action: z.string(), entity: z.string(), entityId: z.string(), details: z.record(z.string(), z.unknown()), hash: z.string() });
const entryOut = (e: AuditEntry) => ({ seq: Number(e.seq), at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entity_id, details: JSON.parse(e.details) as Record<string, unknown>, hash: e.hash });

const Filters = {
  actor: z.string().max(200).optional().describe('a user id, or system:<job>'),
  action: z.string().max(100).optional().describe("an action (consent.record), or a prefix ending in '.' (consent.)"),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  from: z.string().max(40).optional().describe('YYYY-MM-DD (UTC day, inclusive) or an ISO date-time'),
  to: z.string().max(40).optional().describe('YYYY-MM-DD (UTC day, inclusive) or an ISO date-time (exclusive)'),
};

export function registerAuditLogRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit-log',
    {
      schema: {
        tags: ['audit log'],
        description: 'Audit entries of the district, newest first, with filters. Admins, the Superintendent and HR; the read itself is written to the log (action audit-log.read).',
        querystring: listQuery(Filters),
        response: { 200: Paginated(EntryOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'audit-log', 'number');
      const { limit: _l, cursor: _c, ...filter } = req.query;
      const rows = await readAuditLog(deps, actorOf(req), filter, page);
      return pageResponse(rows, page, 'audit-log', (e) => ({ key: Number(e.seq), id: String(e.seq) }), entryOut);
    },
  );
  r.get(
    '/api/v1/audit-log/export',
    {
      schema: {
        tags: ['audit log'],
        description: 'Every matching entry as CSV (seq, at, actor, action, entity, entity_id, details, prev_hash, hash), newest first, streamed. The export is logged (action audit-log.export).',
        querystring: z.object(Filters),
      },
    },
    async (req, reply) => {
      const rows = await exportAuditLog(deps, actorOf(req), req.query);
      async function* csv(): AsyncGenerator<string> {
        yield toCsv(['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'details', 'prev_hash', 'hash'], []);
        let batch: unknown[][] = [];
        for await (const e of rows) {
          batch.push([Number(e.seq), e.at, e.actor, e.action, e.entity, e.entity_id, e.details, e.prev_hash, e.hash]);
          if (batch.length === 500) {
            yield toCsv([], batch).replace(/^\r\n/, '');
            batch = [];
          }
        }
        if (batch.length > 0) yield toCsv([], batch).replace(/^\r\n/, '');
      }
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"').send(Readable.from(csv()));
    },
  );
}
