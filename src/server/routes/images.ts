// Photos over HTTP: POST /api/v1/images/scrub (a copy without location and other metadata) and the multipart form of
// POST /api/v1/checks, whose photos are analysed in the image pool before the check runs. Nothing of a photo is kept.
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../app/access.js';
import type { Post } from '../../contracts/check.js';
import { ClearpostError } from '../../core/errors.js';
import type { ImageAnalysis } from '../../images/analyze-image.js';
import type { ImageAnalyzer } from '../../images/image-pool.js';
import { scrubImage } from '../../images/scrub.js';
import { Problem } from '../http.js';

/** Largest photo accepted (a 12-megapixel phone JPEG is 3–8 MB; a 48-megapixel one up to about 20 MB). */
export const MAX_PHOTO_BYTES = 25 * 1024 * 1024;
/** Photos per check (the contract allows 50 images; each photo costs about a second of a core). */
export const MAX_PHOTOS = 10;

/** Photos queued or in analysis at once, across requests (about 32 × a few MB of memory at most). */
export const MAX_QUEUED_PHOTOS = 32;

export const MULTIPART_LIMITS = { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 5, fieldSize: 1_048_576, parts: MAX_PHOTOS + 5 };

const PHOTO_PART = /^images\[(\d{1,2})\](?:\.file)?$/;

/** What POST /api/v1/checks answers besides the check when photos were uploaded: what was found in each, for drawing boxes. */
export const PhotoFacts = z
  .array(
    z.object({
      index: z.number().int(),
      width: z.number().int(),
      height: z.number().int(),
      faces: z.array(z.object({ box: z.tuple([z.number(), z.number(), z.number(), z.number()]), score: z.number() })),
      takenAt: z.string().optional(),
      gps: z.object({ lat: z.number(), lon: z.number() }).optional().describe('where the photo says it was taken (EXIF), so a client can send these facts again with later text-only checks'),
      text: z.string().optional(),
      floorPlan: z.object({ score: z.number(), reason: z.string() }).optional(),
    }),
  )
  .optional();
export type PhotoFacts = NonNullable<z.infer<typeof PhotoFacts>>;

const photos = new WeakMap<FastifyRequest, Map<number, Buffer>>();
const analysed = new WeakMap<FastifyRequest, PhotoFacts>();

async function fileBytes(part: MultipartFile, field: string): Promise<Buffer> {
  try {
    return await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new ClearpostError('invalid-image', `${field}: the file is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, field);
    throw err;
  }
}

/**
 * preValidation of POST /api/v1/checks: a multipart/form-data request carries the JSON request in a field named
 * `request` and photos in file parts named `images[0]`, `images[1]` ... (the index in post.images; missing entries
 * are created). The JSON becomes the body, so the route's zod schema validates it as usual.
 */
export async function readCheckMultipart(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) return;
  // Photos cost seconds of a core: read them only for someone signed in.
  if (req.actor === undefined) throw new ClearpostError('forbidden', 'sign in first');
  const files = new Map<number, Buffer>();
  let json: string | undefined;
  try {
    for await (const part of req.parts() as AsyncIterable<Multipart>) {
      if (part.type === 'file') {
        const m = PHOTO_PART.exec(part.fieldname);
        if (m === null) {
          part.file.resume();
          throw new ClearpostError('invalid-request', `${part.fieldname}: photos go in file parts named images[0], images[1] ...`, part.fieldname);
        }
        files.set(Number(m[1]), await fileBytes(part, `images[${m[1]}]`));
      } else if (part.fieldname === 'request') json = String(part.value);
      else throw new ClearpostError('invalid-request', `${part.fieldname}: unknown field (send the JSON request in a field named "request")`, part.fieldname);
    }
  } catch (err) {
    if (err instanceof ClearpostError) throw err;
    const e = err as { code?: string; message?: string };
    if (e.code === 'FST_FILES_LIMIT_REACHED') throw new ClearpostError('invalid-request', `images: at most ${MAX_PHOTOS} photos per check`, 'images');
    throw new ClearpostError('invalid-request', `multipart body: ${e.message ?? 'unreadable'}`, 'body');
  }
  if (json === undefined) throw new ClearpostError('invalid-request', 'request: a multipart check needs a field "request" with the JSON { post, context? }', 'request');
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch (err) {
    throw new ClearpostError('invalid-json', `request: not valid JSON (${(err as Error).message})`, 'request');
  }
  if (typeof body !== 'object' || body === null || typeof (body as { post?: unknown }).post !== 'object' || (body as { post?: unknown }).post === null) {
    throw new ClearpostError('invalid-request', 'request.post: required', 'post');
  }
  const post = (body as { post: { images?: unknown } }).post;
  if (files.size > 0) {
    if (post.images !== undefined && !Array.isArray(post.images)) throw new ClearpostError('invalid-request', 'post.images: expected an array', 'post.images');
    const images = (post.images ?? []) as unknown[];
    const top = Math.max(...files.keys());
    if (top >= 50) throw new ClearpostError('invalid-request', `images[${top}]: a post has at most 50 images`, `images[${top}]`);
    while (images.length <= top) images.push({});
    post.images = images;
  }
  req.body = body;
  photos.set(req, files);
}

/**
 * preHandler of POST /api/v1/checks (after validation): analyse the uploaded photos in the image pool, at the same
 * time, and put what was found into post.images[i].detected (replacing anything the client claimed was detected).
 */
export function fillDetected(images: () => ImageAnalyzer, maxQueued = MAX_QUEUED_PHOTOS) {
  return async (req: FastifyRequest): Promise<void> => {
    const files = photos.get(req);
    if (files === undefined || files.size === 0) return;
    photos.delete(req);
    const post = (req.body as { post: Post }).post;
    const analyzer = images();
    // Each queued photo holds its bytes (up to 25 MB): beyond the cap, ask the client to come back instead of growing.
    if (analyzer.pending() + files.size > maxQueued) {
      throw Object.assign(new Error(`images: ${analyzer.pending()} photos are being analysed; try again in a few seconds`), { statusCode: 429 });
    }
    const entries = [...files.entries()];
    const results: Array<[number, ImageAnalysis]> = await Promise.all(entries.map(async ([i, buf]) => [i, await analyzer.analyze(buf, { field: `images[${i}]` })] as [number, ImageAnalysis]));
    const facts: PhotoFacts = [];
    for (const [i, r] of results.sort((a, b) => a[0] - b[0])) {
      post.images![i] = { ...post.images![i], detected: r.detected };
      const f: PhotoFacts[number] = { index: i, width: r.width, height: r.height, faces: r.detected.faces ?? [] };
      if (r.detected.takenAt !== undefined) f.takenAt = r.detected.takenAt;
      if (r.detected.gps !== undefined) f.gps = r.detected.gps;
      if (r.detected.text !== undefined) f.text = r.detected.text;
      if (r.detected.floorPlan !== undefined) f.floorPlan = r.detected.floorPlan;
      facts.push(f);
    }
    analysed.set(req, facts);
  };
}

/** The photo facts found for this request (undefined without uploads). */
export const photoFactsOf = (req: FastifyRequest): PhotoFacts | undefined => analysed.get(req);

export function registerImageRoutes(app: FastifyInstance, requireActor: (req: FastifyRequest) => Actor): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/images/scrub',
    {
      schema: {
        tags: ['images'],
        description:
          'Remove the location and all other metadata from a photo (the remedy the check suggests for a photo with GPS). Send multipart/form-data with one file part named `file` ' +
          `(JPEG, PNG, WebP, GIF, TIFF or AVIF, at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB). The answer is the cleaned photo itself (same format; GIF and TIFF become PNG), ` +
          'turned the right way up. HEIC is refused with 400: export the photo as JPEG. Nothing is stored.',
        consumes: ['multipart/form-data'],
        response: { 400: Problem, 403: Problem },
      },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      requireActor(req);
      if (!req.isMultipart()) throw new ClearpostError('invalid-request', 'file: send multipart/form-data with the photo in a file part named "file"', 'file');
      let buf: Buffer | undefined;
      try {
        for await (const part of req.parts() as AsyncIterable<Multipart>) {
          if (part.type !== 'file' || part.fieldname !== 'file') {
            if (part.type === 'file') part.file.resume();
            throw new ClearpostError('invalid-request', `${part.fieldname}: send only one file part named "file"`, part.fieldname);
          }
          if (buf !== undefined) throw new ClearpostError('invalid-request', 'file: one photo per request', 'file');
          buf = await fileBytes(part, 'file');
        }
      } catch (err) {
        if (err instanceof ClearpostError) throw err;
        throw new ClearpostError('invalid-request', `file: ${(err as Error).message}`, 'file');
      }
      if (buf === undefined) throw new ClearpostError('invalid-request', 'file: no photo in the request (a file part named "file")', 'file');
      const out = await scrubImage(buf, 'file');
      return reply.type(out.mime).header('content-disposition', `attachment; filename="photo-clean.${out.format === 'jpeg' ? 'jpg' : out.format}"`).header('cache-control', 'no-store').send(out.data);
    },
  );
}
