// Routes for the signed-in user's notices: list (unread first, cursor pages) and mark read. Thin: each calls one use case.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../app/access.js';
import type { AppDeps } from '../../app/deps.js';
import { listMyNotifications, markNotificationRead, noticeRank } from '../../app/notify.js';
import { listQuery, Paginated, pageRequest, pageResponse, QueryBool } from '../pagination.js';

const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), field: z.string().optional() });
const NotificationOut = z.object({ id: z.string(), event: z.string(), subject: z.string(), body: z.string(), link: z.string().nullable(), createdAt: z.string(), readAt: z.string().nullable(), version: z.number() });

export function registerNotificationRoutes(app: FastifyInstance, deps: AppDeps, requireActor: (req: FastifyRequest) => Actor): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        description: 'My notices (reminders, deadlines, flagged posts): unread first, then newest first, in pages; `unread` counts all my unread ones.',
        querystring: listQuery({ unreadOnly: QueryBool.optional() }),
        response: { 200: Paginated(NotificationOut).extend({ unread: z.number() }), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'notifications');
      const r = await listMyNotifications(deps, requireActor(req), { unreadOnly: req.query.unreadOnly === 'true', page });
      return { ...pageResponse(r.items, page, 'notifications', (n) => ({ key: noticeRank(n), id: n.id }), (n) => n), unread: r.unread };
    },
  );
  r.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags: ['notifications'], description: 'Mark one of my notices read (again: no change).', params: z.object({ id: z.string().min(1).max(100) }), response: { 200: NotificationOut, 403: Problem, 404: Problem } } },
    async (req) => markNotificationRead(deps, requireActor(req), req.params.id),
  );
}
