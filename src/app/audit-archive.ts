// Use case: audit a whole exported archive or feed — read it streaming, check every post on all cores, write HTML, CSV and JSON reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { Context, PostImage, Verdict } from '../contracts/check.js';
import type { AuditJob, AuditWorkerInit } from '../ingest/audit-worker.js';
import type { Archive } from '../ingest/archive.js';
import { openSource } from '../ingest/detect.js';
import { isPhoto, mediaIndex, readBytes } from '../ingest/media-files.js';
import { CSV_HEADER, emptyBatchReport, mergeBatchReport, reportParts, type BatchReport, type ReportFormat } from '../ingest/report/batch.js';
import { renderAuditHtmlHead, renderAuditHtmlTail } from '../ingest/report/html.js';
import { isSourceError, type SourceError, type SourceItem } from '../ingest/source.js';
import { createPool } from './worker-pool.js';

export interface AuditFinding {
  rule: string;
  clause: string;
  severity: string;
  message: string;
  remedy?: string | undefined;
  quote?: string | undefined;
}

export interface FlaggedPost {
  id: string;
  postedAt?: string | undefined;
  link?: string | undefined;
  text: string;
  verdict: Verdict;
  findings: AuditFinding[];
}

export interface AuditSummary {
  source: string;
  format: string;
  posts: number;
  verdicts: Record<Verdict, number>;
  byRule: Record<string, { clause: string; count: number }>;
  byMonth: Record<string, Record<Verdict, number>>;
  readErrors: Array<{ where: string; message: string }>;
  /** With `photos`: photos the posts reference, how many the export carried and were analysed, missing, unreadable. */
  photos?: { referenced: number; analysed: number; missing: number; unreadable: number };
  startedAt: string;
  seconds: number;
}

export interface AuditOptions {
  path: string;
  outDir: string;
  context?: Context;
  /** A context file (read and validated by each worker, so the main thread never holds a copy); instead of context. */
  contextFile?: string;
  packDir?: string;
  workers?: number;
  author?: string;
  accountKind?: 'personal' | 'district';
  formats?: ReportFormat[];
  onProgress?: (done: number, read: number, total: number | undefined) => void;
  /**
   * Analyse the photos posts reference when the export carries the files (`clearpost audit --photos`; media-files.ts
   * says where each kind of export keeps them): bytes → the facts of `post.images[i].detected`. The caller runs it
   * off this thread (the CLI's image pool); at most `photoConcurrency` photos are read and analysed at once.
   */
  photos?: (bytes: Buffer, field: string) => Promise<NonNullable<PostImage['detected']>>;
  photoConcurrency?: number;
}

const BATCH = 512;
/** Posts per batch when photos are analysed: a photo costs ~10,000 times a post, so batches stay small for progress. */
const PHOTO_BATCH = 16;

/**
 * Each worker's V8 heap. What a worker keeps is small and flat with the archive's size (the engine, the pack, the
 * context and its indexes: about 60 MB with a 40,000-student context); the rest is garbage of checks done. On a
 * machine with much memory V8 lets the old generation grow to about four times what survives before it collects,
 * so two workers held some 200 MB each by the end of a million posts. With a cap on the old generation V8 grows it
 * by about 1.4 times instead (its growing factor scales with the cap between 256 MB and 2 GB). The cap grows with
 * the context: reading, validating and indexing a context file peaks at about five times its size (a 400,000-student
 * context of 87 MB: 320 MB of heap, under a 512 MB cap as well), so 256 MB + 8 times its size leaves room to spare;
 * only a worker that truly needs more stops, with an out-of-memory error.
 */
export function auditWorkerLimits(opts: Pick<AuditOptions, 'context' | 'contextFile'>): ResourceLimits {
  let contextBytes = 0;
  if (opts.contextFile !== undefined && opts.contextFile !== '-') {
    try {
      contextBytes = fs.statSync(opts.contextFile).size;
    } catch {
      // The worker reads it and reports what is wrong.
    }
  } else if (opts.context !== undefined) {
    const c = opts.context;
    const records = (c.people?.length ?? 0) + (c.consents?.length ?? 0) + (c.authorizations?.length ?? 0) + (c.disclosures?.length ?? 0);
    contextBytes = records * 200; // about what a record takes in a context file
  }
  return { maxOldGenerationSizeMb: Math.max(512, Math.ceil(256 + (8 * contextBytes) / 1e6)) };
}

/** Copies a file into an open write stream (from byte `start`), minding backpressure. */
async function copyInto(file: string, out: fs.WriteStream, start = 0): Promise<void> {
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: 1 << 20 })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', r));
  }
}

export async function auditArchive(opts: AuditOptions): Promise<{ summary: AuditSummary; flagged: number; files: string[] }> {
  const started = Date.now();
  const n = Math.max(1, opts.workers ?? Math.min(os.availableParallelism(), 8));
  const now = new Date().toISOString();
  const formats: ReportFormat[] = [...new Set(opts.formats ?? (['html', 'csv', 'json'] as const))];
  // Workers start first: they load the pack and (from contextFile) the context themselves while the archive is opened.
  const init: AuditWorkerInit = { packDir: opts.packDir, context: opts.context, contextFile: opts.contextFile, now, author: opts.author, accountKind: opts.accountKind ?? 'personal', formats };
  const pool = createPool<AuditJob, BatchReport>('../ingest/audit-worker', init, n, auditWorkerLimits(opts));
  let opened: Awaited<ReturnType<typeof openSource>>;
  try {
    opened = await openSource(opts.path);
    await pool.ready();
  } catch (err) {
    await pool.close();
    throw err;
  }
  const { source, archive } = opened;
  fs.mkdirSync(opts.outDir, { recursive: true });
  const csvPath = path.join(opts.outDir, 'report.csv');
  const csv = formats.includes('csv') ? fs.createWriteStream(csvPath) : undefined;
  csv?.write(CSV_HEADER);

  const summary: AuditSummary = {
    source: source.description,
    format: source.format,
    posts: 0,
    verdicts: { allow: 0, revise: 0, block: 0 },
    byRule: {},
    byMonth: {},
    readErrors: [],
    startedAt: new Date(started).toISOString(),
    seconds: 0,
  };
  // Flagged posts go to scratch files as they come (JSON and HTML, made by the workers), so memory stays bounded
  // whatever the archive size; the reports put the summary first and copy them in after.
  const jsonScratch = formats.includes('json') ? path.join(opts.outDir, '.flagged.json.part') : undefined;
  const htmlScratch = formats.includes('html') ? path.join(opts.outDir, '.flagged.html.part') : undefined;
  const jsonOut = jsonScratch === undefined ? undefined : fs.createWriteStream(jsonScratch);
  const htmlOut = htmlScratch === undefined ? undefined : fs.createWriteStream(htmlScratch);
  let flagged = 0;

  /** One batch's report, taken in archive order. */
  const record = (r: BatchReport): void => {
    mergeBatchReport(summary, r);
    flagged += r.flagged;
    const parts = reportParts(r);
    if (parts.csv.length > 0) csv?.write(parts.csv);
    if (parts.json.length > 0) jsonOut?.write(parts.json);
    if (parts.html.length > 0) htmlOut?.write(parts.html);
  };

  // Batches in flight, oldest first: two per worker, so a worker always has the next one queued while the main
  // thread records the last. Reading waits when they are all out, and when a report file is behind on disk.
  // A read error found by this thread waits in the same queue, so errors stay in archive order.
  const inflight: Array<Promise<BatchReport> | BatchReport> = [];
  const maxInFlight = n * 2;
  let read = 0;
  let total: number | undefined;
  const takeOldest = async (): Promise<void> => {
    record(await inflight.shift()!);
    opts.onProgress?.(summary.posts, read, total);
  };
  const drained = async (w: fs.WriteStream | undefined): Promise<void> => {
    if (w !== undefined && w.writableNeedDrain) await new Promise<void>((r) => w.once('drain', r));
  };
  const send = async (job: AuditJob, transfer?: ArrayBuffer[]): Promise<void> => {
    const results = pool.run(job, transfer);
    results.catch(() => {}); // awaited in order by takeOldest; a failure is thrown there
    inflight.push(results);
    while (inflight.length >= maxInFlight) await takeOldest();
    await drained(csv);
    await drained(jsonOut);
    await drained(htmlOut);
  };
  const readError = (e: SourceError): void => {
    const r = emptyBatchReport();
    r.readErrors.push({ where: e.where, message: e.message });
    inflight.push(r);
  };

  try {
    const photos = opts.photos === undefined ? undefined : photoStep(archive, opts.photos, opts.photoConcurrency ?? n, summary);
    // With photos, posts are read here (not as raw runs for the workers): this thread finds and reads their files.
    if (source.rawRuns !== undefined && photos === undefined) {
      // Big JSON arrays: this thread only cuts the bytes into runs of whole elements; workers parse them.
      for await (const run of source.rawRuns(BATCH)) {
        if ('error' in run) {
          readError(run);
          continue;
        }
        read += run.bounds.length / 2;
        await send({ raw: run }, [run.bytes.buffer as ArrayBuffer]);
      }
    } else {
      let batch: SourceItem[] = [];
      for await (const item of source.items()) {
        if (!isSourceError(item)) read++;
        batch.push(item);
        if (batch.length >= (photos === undefined ? BATCH : PHOTO_BATCH)) {
          await photos?.(batch);
          await send({ items: batch });
          batch = [];
        }
      }
      await photos?.(batch);
      if (batch.length > 0) await send({ items: batch });
    }
    while (inflight.length > 0) await takeOldest();
    total = read;
    opts.onProgress?.(summary.posts, read, read);
  } finally {
    await pool.close();
    archive.close();
  }
  summary.seconds = (Date.now() - started) / 1000;
  if (jsonOut) await new Promise<void>((r) => jsonOut.end(r));
  if (htmlOut) await new Promise<void>((r) => htmlOut.end(r));
  const files: string[] = [];
  if (csv) {
    await new Promise<void>((r) => csv.end(r));
    files.push(csvPath);
  }
  if (jsonScratch !== undefined) {
    const json = fs.createWriteStream(path.join(opts.outDir, 'report.json'));
    json.write(`{"summary":${JSON.stringify(summary)},\n"flagged":[\n`);
    await copyInto(jsonScratch, json, 2); // the first post's ",\n" is not wanted
    await new Promise<void>((r) => json.end('\n]}\n', r));
    files.push(path.join(opts.outDir, 'report.json'));
    fs.rmSync(jsonScratch, { force: true });
  }
  if (htmlScratch !== undefined) {
    const html = fs.createWriteStream(path.join(opts.outDir, 'report.html'));
    html.write(renderAuditHtmlHead(summary, flagged));
    await copyInto(htmlScratch, html);
    await new Promise<void>((r) => html.end(renderAuditHtmlTail(flagged), r));
    files.push(path.join(opts.outDir, 'report.html'));
    fs.rmSync(htmlScratch, { force: true });
  }
  return { summary, flagged, files };
}

/**
 * The photo step of an audit: for each post of a batch, the photos of its media that the export carries are read and
 * analysed (at most `concurrency` at once) and become `post.images` with their `detected` facts, in media order.
 * A photo the export does not carry is counted as missing; one that cannot be read or decoded is a read error naming
 * its file, and its post is checked without it.
 */
function photoStep(archive: Archive, analyze: NonNullable<AuditOptions['photos']>, concurrency: number, summary: AuditSummary): (batch: SourceItem[]) => Promise<void> {
  const index = mediaIndex(archive);
  const counts = (summary.photos = { referenced: 0, analysed: 0, missing: 0, unreadable: 0 });
  return async (batch) => {
    const tasks: Array<() => Promise<void>> = [];
    for (const item of batch) {
      if (isSourceError(item) || item.media === undefined) continue;
      const post = item;
      const found: Array<PostImage | undefined> = [];
      for (const m of post.media!) {
        if (!isPhoto(m)) continue;
        counts.referenced++;
        const file = index.resolve(post, m);
        if (file === undefined) {
          counts.missing++;
          continue;
        }
        const slot = found.length;
        found.push(undefined);
        tasks.push(async () => {
          try {
            const detected = await analyze(await readBytes(archive, file), file);
            found[slot] = { ...(m.alt !== undefined && m.alt !== '' ? { description: m.alt } : {}), detected };
            counts.analysed++;
          } catch (err) {
            counts.unreadable++;
            summary.readErrors.push({ where: `${file} (post ${post.id})`, message: (err as Error).message });
          }
          const images = found.filter((x): x is PostImage => x !== undefined);
          if (images.length > 0) post.images = images;
        });
      }
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, async () => {
        while (next < tasks.length) await tasks[next++]!();
      }),
    );
  };
}
