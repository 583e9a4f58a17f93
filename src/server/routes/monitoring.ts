// Routes for IV.E monitoring: monitored accounts (register, list, read, end, poll now) and the review queue
// (list, read, dismiss, incident, attach to a discipline case). Thin: each calls one use case.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../app/access.js';
import type { AppDeps } from '../../app/deps.js';
import { pollNow } from '../../app/poll-monitored-feed.js';
import { endMonitoring, getMonitoredAccountFor, listMonitoredAccountsFor, registerMonitoredAccount } from '../../app/register-monitored-account.js';
import { attachReviewItemToCase, dismissReviewItem, getReviewItemFor, listReviewQueue, markReviewItemIncident } from '../../app/review-queue.js';
import type { MonitoredAccount, ReviewItem } from '../../store/schema.js';
import { ifMatch, Problem } from '../http.js';
import { listQuery, Paginated, pageRequest, pageResponse, QueryBool } from '../pagination.js';

const Kind = z.enum(['personal', 'district']);
const Status = z.enum(['open', 'dismissed', 'incident', 'case']);
const Id = z.object({ id: z.string().min(1).max(100) });

const AccountOut = z.object({
  id: z.string(),
  kind: Kind,
  employeeId: z.string().nullable(),
  network: z.string(),
  handle: z.string().nullable(),
  url: z.string().nullable(),
  feedUrl: z.string().nullable(),
  pollIntervalSeconds: z.number(),
  reason: z.string(),
  requestedBy: z.string(),
  active: z.boolean(),
  lastPolledAt: z.string().nullable(),
  lastPollStatus: z.string().nullable(),
  lastPollError: z.string().nullable(),
  failures: z.number(),
  nextPollAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
});
const accountOut = (a: MonitoredAccount) => ({
  id: a.id,
  kind: a.account_kind,
  employeeId: a.employee_id,
  network: a.network,
  handle: a.handle,
  url: a.url,
  feedUrl: a.feed_url,
  pollIntervalSeconds: a.poll_interval_seconds,
  reason: a.reason,
  requestedBy: a.requested_by,
  active: a.active === 1,
  lastPolledAt: a.last_polled_at,
  lastPollStatus: a.last_poll_status,
  lastPollError: a.last_poll_error,
  failures: a.failures,
  nextPollAt: a.next_poll_at,
  createdAt: a.created_at,
  version: a.version,
});

const FindingOut = z.object({ rule: z.string(), clause: z.string(), severity: z.string(), message: z.string() }).passthrough();
const ReviewOut = z.object({
  id: z.string(),
  accountId: z.string(),
  itemUrl: z.string().nullable(),
  itemGuid: z.string().nullable(),
  publishedAt: z.string().nullable(),
  excerpt: z.string(),
  checkId: z.string().nullable(),
  verdict: z.enum(['revise', 'block']),
  findings: z.array(FindingOut),
  status: Status,
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  caseId: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
});
const reviewOut = (i: ReviewItem) => ({
  id: i.id,
  accountId: i.account_id,
  itemUrl: i.item_url,
  itemGuid: i.item_guid,
  publishedAt: i.published_at,
  excerpt: i.excerpt,
  checkId: i.check_id,
  verdict: i.verdict,
  findings: JSON.parse(i.findings) as Array<z.infer<typeof FindingOut>>,
  status: i.status,
  reason: i.reason,
  decidedBy: i.decided_by,
  decidedAt: i.decided_at,
  caseId: i.case_id,
  createdAt: i.created_at,
  version: i.version,
});

const PollOut = z.object({
  accountId: z.string(),
  status: z.enum(['ok', 'not-modified', 'malformed', 'error', 'skipped']),
  httpStatus: z.number().optional(),
  items: z.number(),
  newItems: z.number(),
  checked: z.number(),
  flagged: z.number(),
  error: z.string().optional(),
  nextPollAt: z.string().optional(),
  reviewItems: z.array(z.string()),
});

const Reason = z.string().max(2000);
const VERSION_NOTE = ' Send If-Match with the version read: a stale one gets 412.';

export function registerMonitoringRoutes(app: FastifyInstance, deps: AppDeps, requireActor: (req: FastifyRequest) => Actor): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['monitoring'];

  r.post(
    '/api/v1/monitored-accounts',
    {
      config: { idempotent: true },
      schema: {
        tags,
        description:
          "Monitor an employee's site or account (IV.E: building supervisors, HR, the Superintendent) or one of the district's own accounts (also communications), with the reason. With feedUrl (RSS, Atom or JSON Feed) it is polled every pollIntervalSeconds, first at once.",
        body: z.object({
          kind: Kind.default('personal'),
          employeeId: z.string().max(100).optional(),
          network: z.string().min(1).max(50),
          handle: z.string().max(200).optional(),
          url: z.string().max(2000).optional(),
          feedUrl: z.string().max(2000).optional(),
          pollIntervalSeconds: z.number().int().min(60).max(604_800).optional(),
          reason: z.string().min(1).max(2000),
        }),
        response: { 201: AccountOut, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const a = await registerMonitoredAccount(deps, requireActor(req), { accountKind: b.kind, employeeId: b.employeeId, network: b.network, handle: b.handle, url: b.url, feedUrl: b.feedUrl, pollIntervalSeconds: b.pollIntervalSeconds, reason: b.reason });
      return reply.code(201).send(accountOut(a));
    },
  );
  r.get(
    '/api/v1/monitored-accounts',
    {
      schema: {
        tags,
        description: 'Monitored accounts, oldest first: all for monitors, the district’s own accounts for communications. Ended ones with includeEnded=true.',
        querystring: listQuery({ kind: Kind.optional(), employeeId: z.string().max(100).optional(), includeEnded: QueryBool.optional() }),
        response: { 200: Paginated(AccountOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'monitored-accounts');
      const rows = await listMonitoredAccountsFor(deps, requireActor(req), { kind: req.query.kind, employeeId: req.query.employeeId, includeEnded: req.query.includeEnded === 'true', page });
      return pageResponse(rows, page, 'monitored-accounts', (a) => ({ key: a.created_at, id: a.id }), accountOut);
    },
  );
  r.get(
    '/api/v1/monitored-accounts/:id',
    { schema: { tags, description: 'One monitored account with its polling state (last poll, status, error, failures, next poll).', params: Id, response: { 200: AccountOut, 403: Problem, 404: Problem } } },
    async (req) => accountOut(await getMonitoredAccountFor(deps, requireActor(req), req.params.id)),
  );
  r.post(
    '/api/v1/monitored-accounts/:id/end',
    { schema: { tags, description: `End monitoring (the record stays, inactive; polling stops).${VERSION_NOTE}`, params: Id, body: z.object({ reason: Reason.optional() }).default({}), response: { 200: AccountOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem } } },
    async (req) => accountOut(await endMonitoring(deps, requireActor(req), { id: req.params.id, version: ifMatch(req), reason: req.body.reason })),
  );
  r.post(
    '/api/v1/monitored-accounts/:id/poll',
    { schema: { tags, description: 'Poll the feed now (conditional GET; items seen before are not checked again); answers what the poll did.', params: Id, response: { 200: PollOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem } } },
    async (req) => pollNow(deps, requireActor(req), req.params.id),
  );

  r.get(
    '/api/v1/review-items',
    {
      schema: {
        tags,
        description: 'The review queue: monitored posts whose check was not allow, oldest first; filter by status and account. Communications sees the district accounts’ items only.',
        querystring: listQuery({ status: Status.optional(), accountId: z.string().max(100).optional() }),
        response: { 200: Paginated(ReviewOut), 400: Problem, 403: Problem },
      },
    },
    async (req) => {
      const page = pageRequest(req.query, 'review-items');
      const rows = await listReviewQueue(deps, requireActor(req), { status: req.query.status, accountId: req.query.accountId, page });
      return pageResponse(rows, page, 'review-items', (i) => ({ key: i.created_at, id: i.id }), reviewOut);
    },
  );
  r.get(
    '/api/v1/review-items/:id',
    { schema: { tags, description: 'One review item with its findings.', params: Id, response: { 200: ReviewOut, 403: Problem, 404: Problem } } },
    async (req) => reviewOut(await getReviewItemFor(deps, requireActor(req), req.params.id)),
  );
  r.post(
    '/api/v1/review-items/:id/dismiss',
    { schema: { tags, description: `Dismiss an open item with the reason.${VERSION_NOTE}`, params: Id, body: z.object({ reason: Reason.min(1) }), response: { 200: ReviewOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem } } },
    async (req) => reviewOut(await dismissReviewItem(deps, requireActor(req), { id: req.params.id, version: ifMatch(req), reason: req.body.reason })),
  );
  r.post(
    '/api/v1/review-items/:id/incident',
    { schema: { tags, description: `Turn an open item into an incident, with the reason.${VERSION_NOTE}`, params: Id, body: z.object({ reason: Reason.min(1) }), response: { 200: ReviewOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem } } },
    async (req) => reviewOut(await markReviewItemIncident(deps, requireActor(req), { id: req.params.id, version: ifMatch(req), reason: req.body.reason })),
  );
  r.post(
    '/api/v1/review-items/:id/attach',
    {
      schema: {
        tags,
        description: `Attach an open item or incident to an open discipline case of the same employee (HR, the Superintendent); the item's check joins the case.${VERSION_NOTE}`,
        params: Id,
        body: z.object({ caseId: z.string().min(1).max(100), reason: Reason.optional() }),
        response: { 200: z.object({ item: ReviewOut, caseId: z.string(), caseVersion: z.number() }), 400: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem },
      },
    },
    async (req) => {
      const { item, disciplineCase } = await attachReviewItemToCase(deps, requireActor(req), { id: req.params.id, version: ifMatch(req), caseId: req.body.caseId, reason: req.body.reason });
      return { item: reviewOut(item), caseId: disciplineCase.id, caseVersion: disciplineCase.version };
    },
  );
}
