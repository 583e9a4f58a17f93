// Body size limits per route: JSON bodies 1 MB (Fastify's bodyLimit), uploads larger; a 413 problem names the limit and the route.
//
// Usage: JSON routes need nothing (app.ts sets JSON_BODY_LIMIT); a route may lower it with `bodyLimit: 64 * KB`.
// Upload routes read multipart parts with `limits: { fileSize: FORM_UPLOAD_LIMIT }` and turn the plugin's
// "file too large" into `new PayloadTooLarge(FORM_UPLOAD_LIMIT, 'form')` (see uploadedFile below); app.ts's
// error handler answers every 413 with payloadTooLargeDetail(req, err).
import type { FastifyRequest } from 'fastify';

export const KB = 1024;
export const MB = 1024 * KB;
export const JSON_BODY_LIMIT = 1 * MB;
/** A scanned signed consent form (PDF or image). */
export const FORM_UPLOAD_LIMIT = 10 * MB;
/** A OneRoster zip of a large district. */
export const ROSTER_UPLOAD_LIMIT = 200 * MB;

export function formatBytes(n: number): string {
  return n >= MB && n % MB === 0 ? `${n / MB} MB` : n >= KB && n % KB === 0 ? `${n / KB} KB` : `${n} bytes`;
}

/** A body or uploaded file over its route's limit (HTTP 413). */
export class PayloadTooLarge extends Error {
  readonly statusCode = 413;
  constructor(
    readonly limit: number,
    readonly field: string,
    route: string,
  ) {
    super(`${field}: larger than the ${formatBytes(limit)} limit of ${route}`);
  }
}

export function payloadTooLargeDetail(req: FastifyRequest, err: unknown): { detail: string; field: string } {
  if (err instanceof PayloadTooLarge) return { detail: err.message, field: err.field };
  const limit = req.routeOptions.bodyLimit ?? JSON_BODY_LIMIT;
  return { detail: `body: larger than the ${formatBytes(limit)} limit of ${req.method} ${req.routeOptions.url ?? req.url}`, field: 'body' };
}

/** The route's name for messages: "POST /api/v1/consents". */
export function routeName(req: FastifyRequest): string {
  return `${req.method} ${req.routeOptions.url ?? req.url}`;
}
