// The HTTP API: Fastify with zod schemas (OpenAPI from them), problem+json errors, sessions and API tokens; thin routes over use cases.
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CheckResponse, Context, Post } from '../contracts/check.js';
import { ClearpostError, type ErrorCode } from '../core/errors.js';
import type { PolicyPack } from '../core/policy/pack.js';
import type { Actor } from '../app/access.js';
import type { NotifyDeps } from '../app/notify.js';
import { runCheck } from '../app/run-check.js';
import { isTimeZone } from '../core/analyzers/time.js';
import { declineEConsent, requestEConsent, revokeEConsent, signEConsent, viewEConsent } from '../app/e-consent.js';
import { LoginThrottle, resolveApiToken, resolveSession, signInLocal, signOut, type SignedIn } from '../app/sign-in.js';
import { getDistrict } from '../store/repos/districts.js';
import { oidcPlugin, type OidcOptions } from './oidc.js';
import { payloadTooLargeDetail } from './body-limits.js';
import { installIdempotency } from './idempotency.js';
import { installRouteGuard } from './permissions.js';
import { registerRecordRoutes } from './routes/records.js';
import { registerMonitoringRoutes } from './routes/monitoring.js';
import { fillDetected, MULTIPART_LIMITS, PhotoFacts, photoFactsOf, readCheckMultipart, registerImageRoutes } from './routes/images.js';
import { createImageAnalyzer, type ImageAnalyzer } from '../images/image-pool.js';
import { registerNotificationRoutes } from './routes/notifications.js';

export interface ServerOptions {
  /** The store and clock; publicUrl (PUBLIC_URL) makes links in e-mails absolute, mailer sends them at once (else the outbox job does). */
  deps: NotifyDeps;
  pack: PolicyPack;
  webDir?: string | undefined;
  cookieSecure?: boolean;
  /** District SSO (OpenID Connect); the /auth/oidc routes exist only when this is given. */
  oidc?: OidcOptions | undefined;
  /** Where uploaded photos are analysed; default: a worker pool started on the first photo, closed with the server. */
  images?: ImageAnalyzer | undefined;
  /** Photos waiting for or in analysis beyond which a photo check is answered 429 (memory stays bounded); default 32. */
  maxQueuedPhotos?: number | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    session: SignedIn | undefined;
  }
}

const SESSION_COOKIE = 'clearpost_session';
const CSRF_COOKIE = 'clearpost_csrf';

const STATUS: Record<ErrorCode, number> = {
  'invalid-request': 400,
  'invalid-json': 400,
  'invalid-policy-pack': 500,
  'unknown-clause': 404,
  'invalid-context': 400,
  'invalid-image': 400,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  'precondition-failed': 412,
};

const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), field: z.string().optional() });

function problem(reply: FastifyReply, status: number, title: string, detail?: string, field?: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, ...(detail !== undefined ? { detail } : {}), ...(field !== undefined ? { field } : {}) });
}

function requireActor(req: FastifyRequest): Actor {
  if (req.actor === undefined) throw new ClearpostError('forbidden', 'sign in first');
  return req.actor;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { deps, pack } = opts;
  const app = Fastify({ logger: false, bodyLimit: 1_048_576, trustProxy: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  let ownImages: ImageAnalyzer | undefined;
  const images = (): ImageAnalyzer => opts.images ?? (ownImages ??= createImageAnalyzer());
  app.addHook('onClose', async () => {
    await ownImages?.close();
  });
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title: 'Clearpost API', version: '1', description: 'Policy 471 checks and records. Errors are RFC 9457 problem+json naming the field.' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  const throttle = new LoginThrottle();

  app.decorateRequest('actor', undefined);
  app.decorateRequest('session', undefined);
  app.addHook('onRequest', async (req) => {
    const auth = req.headers.authorization;
    if (auth !== undefined && auth.startsWith('Bearer ')) {
      req.actor = await resolveApiToken(deps, auth.slice(7));
      if (req.actor === undefined) throw new ClearpostError('forbidden', 'the API token is not valid');
      return;
    }
    const t = req.cookies[SESSION_COOKIE];
    if (t === undefined) return;
    const s = await resolveSession(deps, t);
    if (s === undefined) return;
    // Cookie-authenticated writes must echo the CSRF token (double submit): another site cannot read it.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.headers['x-csrf-token'] !== s.csrf) {
      throw new ClearpostError('forbidden', 'missing or wrong x-csrf-token header');
    }
    req.session = s;
    req.actor = s.actor;
  });

  installIdempotency(app, deps);
  installRouteGuard(app);

  app.setErrorHandler((err, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const i = err.validation[0]!;
      const field = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      return problem(reply, 400, 'Invalid request', `${field || '(body)'}: ${i.message ?? 'invalid'}`, field || undefined);
    }
    if (err instanceof ClearpostError) return problem(reply, STATUS[err.code], err.code, err.message, err.field);
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode === 413) {
      const t = payloadTooLargeDetail(req, err);
      return problem(reply, 413, 'Payload too large', t.detail, t.field);
    }
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return problem(reply, e.statusCode, 'Bad request', e.message);
    // A photo whose analysis thread died (images/image-pool.ts): nothing wrong with the request, send it again.
    if (e.statusCode === 503) return problem(reply.header('retry-after', '1'), 503, 'Service unavailable', e.message);
    reply.log.error(err);
    return problem(reply, 500, 'Internal error', 'something went wrong; nothing was changed');
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.db.selectFrom('districts').select('id').limit(1).execute();
      return { status: 'ready' };
    } catch {
      return problem(reply, 503, 'Not ready', 'the database is not reachable');
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.post(
    '/api/v1/auth/login',
    { schema: { tags: ['sign-in'], body: z.object({ email: z.string().min(3), password: z.string().min(1) }), response: { 200: z.object({ name: z.string() }), 403: Problem } } },
    async (req, reply) => {
      const s = await signInLocal(deps, throttle, req.body.email, req.body.password, req.ip);
      const base = { path: '/', sameSite: 'lax' as const, secure: opts.cookieSecure === true, maxAge: 12 * 3600 };
      reply.setCookie(SESSION_COOKIE, s.token, { ...base, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, s.csrf, { ...base, httpOnly: false });
      const me = await resolveSession(deps, s.token);
      return { name: me?.name ?? '' };
    },
  );
  if (opts.oidc) await app.register(oidcPlugin, { ...opts.oidc, deps, cookieSecure: opts.cookieSecure === true });
  app.get('/api/v1/auth/providers', { schema: { tags: ['sign-in'], response: { 200: z.object({ oidc: z.boolean() }) } } }, async () => ({ oidc: opts.oidc !== undefined }));
  app.post('/api/v1/auth/logout', { schema: { tags: ['sign-in'], response: { 204: z.null() } } }, async (req, reply) => {
    if (req.session !== undefined) await signOut(deps, req.session);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });
  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['sign-in'],
        response: { 200: z.object({ id: z.string(), name: z.string(), email: z.string(), roles: z.array(z.string()), personId: z.string().optional(), district: z.object({ id: z.string(), name: z.string(), timezone: z.string().optional().describe('IANA time zone the district dates posts and consents in') }) }), 403: Problem },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (req.session === undefined) throw new ClearpostError('forbidden', 'sign in first');
      const d = await getDistrict(deps.db, actor.districtId);
      const tz = d === undefined ? undefined : (JSON.parse(d.settings) as { timezone?: unknown }).timezone;
      const timezone = typeof tz === 'string' && isTimeZone(tz) ? tz : undefined;
      return { id: actor.id, name: req.session.name, email: req.session.email, roles: [...actor.roles], ...(actor.personId ? { personId: actor.personId } : {}), district: { id: actor.districtId, name: d?.name ?? '', ...(timezone ? { timezone } : {}) } };
    },
  );

  app.get('/api/v1/policy', { schema: { tags: ['policy'], response: { 200: z.object({ id: z.string(), title: z.string(), versions: z.array(z.object({ version: z.string(), effective: z.string() })), rules: z.array(z.object({ id: z.string(), clause: z.string(), severity: z.string(), title: z.string() })) }) } } }, async () => ({
    id: pack.id,
    title: pack.title,
    versions: pack.versions.map((v) => ({ version: v.version, effective: v.effective })),
    rules: pack.rules.map((r) => ({ id: r.id, clause: r.clause, severity: r.severity, title: r.title })),
  }));
  app.get(
    '/api/v1/policy/clauses/:id',
    { schema: { tags: ['policy'], params: z.object({ id: z.string().min(1).max(20) }), response: { 200: z.object({ id: z.string(), title: z.string(), text: z.string() }), 404: Problem } } },
    async (req) => {
      const c = pack.clause(req.params.id);
      if (c === undefined) throw new ClearpostError('unknown-clause', `clause: no clause "${req.params.id}" in Policy ${pack.id}`, 'id');
      return { id: c.id, title: c.title, text: c.text };
    },
  );

  app.post(
    '/api/v1/checks',
    {
      schema: {
        tags: ['checks'],
        description:
          'Check a post. A signed-in employee sends { post } (the author is themselves; the context comes from the district records). An integration token with the admin or communications role may send a whole contract request { context, post }.\n\n' +
          'With photos: send multipart/form-data instead of JSON, the request JSON in a field named `request` and each photo in a file part named `images[i]` (i = its index in post.images; missing entries are created), ' +
          'at most 10 photos of 25 MB each (JPEG, PNG, WebP, GIF, TIFF or AVIF; HEIC is refused: export JPEG). Each photo is read in a worker pool before the check: EXIF time and GPS, faces (detection only), text (OCR) and floor-plan structure fill post.images[i].detected, ' +
          'and the answer lists them under `images` so faces can be drawn and tagged. A photo that cannot be read is a 400 naming images[i]; with more than 32 photos waiting across requests the answer is 429; a photo whose analysis thread stopped is a 503 with Retry-After (send the same request again). Neither the photos nor the face boxes are kept in the check history.',
        body: z.object({ post: Post, context: Context.optional() }),
        response: { 200: CheckResponse.extend({ id: z.string(), images: PhotoFacts }), 400: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
      preValidation: readCheckMultipart,
      preHandler: fillDetected(images, opts.maxQueuedPhotos),
    },
    async (req) => {
      const actor = requireActor(req);
      const r = await runCheck(deps, actor, { post: req.body.post, context: req.body.context, pack });
      const photos = photoFactsOf(req);
      return { ...r.response, id: r.id, ...(photos !== undefined ? { images: photos } : {}) };
    },
  );

  const EConsentView = z.object({
    student: z.object({ name: z.string() }),
    school: z.string(),
    type: z.string(),
    network: z.string().optional(),
    scope: z.array(z.string()).optional(),
    validFrom: z.string(),
    validUntil: z.string().nullable(),
    text: z.string(),
    status: z.enum(['pending', 'signed', 'declined', 'revoked']),
    signedAt: z.string().optional(),
  });
  const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
  app.post(
    '/api/v1/e-consent-requests',
    {
      schema: {
        tags: ['consents'],
        description: "Staff send a guardian a single-use signing link (valid 14 days). The token is returned once; only its hash is stored.",
        body: z.object({
          studentId: z.string().min(1),
          guardianId: z.string().optional(),
          type: z.enum(['student-image', 'social-network-participation']),
          scope: z.array(z.enum(['district-accounts', 'personal-accounts', 'print', 'internal'])).optional(),
          network: z.string().optional(),
          validFrom: day,
          validUntil: day.optional(),
        }),
        response: { 201: z.object({ url: z.string(), expiresAt: z.string(), guardianId: z.string() }), 400: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const r = await requestEConsent(deps, requireActor(req), req.body);
      return reply.code(201).send({ url: `/consent/${r.token}`, expiresAt: r.expiresAt, guardianId: r.guardianId });
    },
  );
  const tokenParams = z.object({ token: z.string().min(16).max(100) });
  app.get('/api/v1/e-consent/:token', { schema: { tags: ['consents'], params: tokenParams, response: { 200: EConsentView, 404: Problem } } }, async (req) => viewEConsent(deps, req.params.token));
  app.post(
    '/api/v1/e-consent/:token/sign',
    { schema: { tags: ['consents'], params: tokenParams, body: z.object({ signerName: z.string().max(200), agree: z.literal(true), language: z.enum(['en', 'es']).optional() }), response: { 200: EConsentView, 400: Problem, 404: Problem, 409: Problem } } },
    async (req) => signEConsent(deps, req.params.token, { signerName: req.body.signerName, agree: req.body.agree, ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') }),
  );
  app.post('/api/v1/e-consent/:token/decline', { schema: { tags: ['consents'], params: tokenParams, response: { 200: EConsentView, 404: Problem, 409: Problem } } }, async (req) => declineEConsent(deps, req.params.token));
  app.post('/api/v1/e-consent/:token/revoke', { schema: { tags: ['consents'], params: tokenParams, response: { 200: EConsentView, 404: Problem, 409: Problem } } }, async (req) => revokeEConsent(deps, req.params.token));

  registerRecordRoutes(app, deps, requireActor);
  registerMonitoringRoutes(app, deps, requireActor);
  registerImageRoutes(app, requireActor);
  registerNotificationRoutes(app, deps, requireActor);

  // The web app, built by Vite; unknown non-API paths get index.html (client-side routes).
  const webDir = opts.webDir === undefined ? undefined : path.resolve(opts.webDir);
  if (webDir !== undefined && fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
      return problem(reply, 404, 'Not found', `${req.method} ${req.url.split('?')[0]} is not a Clearpost route`);
    });
  } else {
    app.setNotFoundHandler((req, reply) => problem(reply, 404, 'Not found', `${req.method} ${req.url.split('?')[0]} is not a Clearpost route`));
  }
  return app;
}
