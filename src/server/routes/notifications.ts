// Routes for the signed-in user's notices: list (unread first) and mark read. Thin: each calls one use case.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../app/access.js';
import type { AppDeps } from '../../app/deps.js';
import { listMyNotifications, markNotificationRead } from '../../app/notify.js';

const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), field: z.string().optional() });
const NotificationOut = z.object({ id: z.string(), event: z.string(), subject: z.string(), body: z.string(), link: z.string().nullable(), createdAt: z.string(), readAt: z.string().nullable(), version: z.number() });

export function registerNotificationRoutes(app: FastifyInstance, deps: AppDeps, requireActor: (req: FastifyRequest) => Actor): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        description: 'My notices (reminders, deadlines, flagged posts): unread first, then newest first; `unread` counts all unread ones.',
        querystring: z.object({ unreadOnly: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(NotificationOut), unread: z.number() }), 403: Problem },
      },
    },
    async (req) => listMyNotifications(deps, requireActor(req), { unreadOnly: req.query.unreadOnly === 'true', limit: req.query.limit }),
  );
  r.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags: ['notifications'], description: 'Mark one of my notices read (again: no change).', params: z.object({ id: z.string().min(1).max(100) }), response: { 200: NotificationOut, 403: Problem, 404: Problem } } },
    async (req) => markNotificationRead(deps, requireActor(req), req.params.id),
  );
}
