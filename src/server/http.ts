// Small pieces every route file shares: the problem+json schema, If-Match parsing, the signed-in actor, dates in schemas.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../app/access.js';
import { ClearpostError } from '../core/errors.js';

export const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), field: z.string().optional() });

export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** If-Match: "3" or W/"3" → 3; absent → undefined (the use case then takes the current version). */
export function ifMatch(req: FastifyRequest): number | undefined {
  const h = req.headers['if-match'];
  if (h === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(h).trim());
  if (m === null) throw new ClearpostError('invalid-request', 'If-Match: expected the record version, e.g. "3"', 'If-Match');
  return Number(m[1]);
}

/** The same as ifMatch, but the header is required (updates that must not be blind). */
export function requireIfMatch(req: FastifyRequest): number {
  const v = ifMatch(req);
  if (v === undefined) throw new ClearpostError('invalid-request', 'If-Match: send the version you read, e.g. If-Match: "3"', 'If-Match');
  return v;
}

export function actorOf(req: FastifyRequest): Actor {
  if (req.actor === undefined) throw new ClearpostError('forbidden', 'sign in first');
  return req.actor;
}
