// Idempotency-Key for creating POSTs: a retry with the same key and body gets the first answer again, without a second write.
//
// Usage: a route opts in with one line in its options, `config: { idempotent: true }`:
//   r.post('/api/v1/things', { config: { idempotent: true }, schema: { body: ThingIn, response: { 201: ThingOut } } }, handler);
// app.ts calls installIdempotency(app, deps) once, before any route is added; the header then shows in OpenAPI.
// A client sends `Idempotency-Key: <1..200 visible ASCII characters>` (a UUID is a good key). The first 2xx answer
// (status and body) is kept per district, signed-in actor and key for 24 hours; the same key with the same route and
// body replays it with `Idempotent-Replayed: true`; the same key with another route or body is a 422 problem; a
// retry while the first is still running is a 409. A failed request (not 2xx) keeps nothing, so it can be retried.
// Without the header nothing changes. Multipart uploads parse their body in the handler: they opt in with
// `config: { idempotent: 'in-handler' }` and call `if (await app.idempotency(req, reply, parsed)) return reply;` after
// parsing (hash the file, e.g. its sha256, not its bytes): true means it answered (replay, 409 or 422).
// Limit: the answer is saved right after the use case commits, not in its transaction; a crash in between
// leaves a key whose first request never finished, which a retry takes over after 60 seconds. Answers are kept
// in plain text for 24 hours: never opt in a route whose answer is a secret shown once (e-consent signing links).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { nowOf, type AppDeps } from '../app/deps.js';
import { ClearpostError } from '../core/errors.js';
import { canonicalJson, sha256Hex } from '../store/canonical-json.js';
import { claimIdempotencyKey, completeIdempotencyKey, purgeExpiredIdempotencyKeys, releaseIdempotencyKey, type KeyRef } from '../store/repos/idempotency.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accept an Idempotency-Key header (creating POSTs): see src/server/idempotency.ts. */
    idempotent?: boolean | 'in-handler';
  }
  interface FastifyInstance {
    /** For `idempotent: 'in-handler'` routes: claim the key for this parsed request; true when it answered (replay, 409, 422). */
    idempotency(req: FastifyRequest, reply: FastifyReply, parsed: unknown): Promise<boolean>;
  }
  interface FastifyRequest {
    idempotencyKey: KeyRef | undefined;
  }
}

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** A claimed key whose first request has not answered after this long is taken over by a retry. */
export const IDEMPOTENCY_STALE_MS = 60 * 1000;
const KEY = /^[\x21-\x7e]{1,200}$/;

const KeyHeader = z.string().describe('Idempotency-Key: a retry with the same key and body gets the first answer again (kept 24 hours)');

function problem(reply: FastifyReply, status: number, title: string, detail: string): true {
  void reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail, field: 'Idempotency-Key' });
  return true;
}

export function installIdempotency(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('idempotencyKey', undefined);
  let lastPurge = 0;

  // Document (and pass through) the header on routes that opt in.
  app.addHook('onRoute', (route) => {
    if (route.config?.idempotent === undefined || route.config.idempotent === false || route.schema === undefined) return;
    const headers = route.schema.headers as z.ZodObject | undefined;
    const extra = { 'idempotency-key': KeyHeader.optional() };
    route.schema.headers = headers === undefined ? z.looseObject(extra) : headers.extend(extra).loose();
  });

  // Answers true when it sent the reply. (Never return the reply from an async function: a reply is thenable,
  // so the promise would resolve to undefined once it is sent.)
  async function claim(req: FastifyRequest, reply: FastifyReply, body: unknown): Promise<boolean> {
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return false;
    const key = Array.isArray(raw) ? raw[0]! : raw;
    if (!KEY.test(key)) throw new ClearpostError('invalid-request', 'Idempotency-Key: 1 to 200 visible ASCII characters, e.g. a UUID', 'Idempotency-Key');
    const actor = req.actor;
    if (actor === undefined) return false; // the handler refuses anonymous callers
    const now = nowOf(deps);
    if (now.getTime() - lastPurge > 60_000) {
      lastPurge = now.getTime();
      await purgeExpiredIdempotencyKeys(deps.db, now.toISOString());
    }
    const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
    const sha = sha256Hex(canonicalJson({ route, params: req.params ?? null, query: req.query ?? null, body: body ?? null }));
    const ref: KeyRef = { districtId: actor.districtId, actor: actor.id, key };
    const existing = await claimIdempotencyKey(deps.db, ref, {
      route,
      requestSha256: sha,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
      staleBefore: new Date(now.getTime() - IDEMPOTENCY_STALE_MS).toISOString(),
    });
    if (existing === undefined) {
      req.idempotencyKey = ref;
      return false;
    }
    if (existing.route !== route || existing.request_sha256 !== sha) {
      return problem(reply, 422, 'Idempotency-Key reused', `Idempotency-Key ${key} was used for ${existing.route === route ? 'a request with another body' : existing.route} within the last 24 hours; use a new key for a new request`);
    }
    if (existing.status === null || existing.response === null) {
      return problem(reply, 409, 'Request in progress', `the first request with Idempotency-Key ${key} is still being handled; retry in a moment`);
    }
    reply.code(existing.status).header('idempotent-replayed', 'true');
    const ct = existing.content_type ?? 'application/json';
    void reply.type(ct).send(ct.includes('json') ? (JSON.parse(existing.response) as unknown) : existing.response);
    return true;
  }

  app.decorate('idempotency', claim);
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.routeOptions.config.idempotent !== true) return;
    if (await claim(req, reply, req.body)) return reply;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const ref = req.idempotencyKey;
    if (ref === undefined) return payload;
    req.idempotencyKey = undefined;
    if (reply.statusCode >= 200 && reply.statusCode < 300 && (typeof payload === 'string' || payload === null)) {
      await completeIdempotencyKey(deps.db, ref, { status: reply.statusCode, response: payload ?? 'null', contentType: String(reply.getHeader('content-type') ?? 'application/json') });
    } else {
      await releaseIdempotencyKey(deps.db, ref);
    }
    return payload;
  });
}
