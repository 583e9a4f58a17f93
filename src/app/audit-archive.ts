// Use case: audit a whole exported archive or feed — read it streaming, check every post on all cores, write HTML, CSV and JSON reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Context, Post, Verdict } from '../contracts/check.js';
import { openSource } from '../ingest/detect.js';
import { isSourceError, type SourcePost } from '../ingest/source.js';
import readline from 'node:readline';
import { renderAuditHtmlHead, renderAuditHtmlTail, renderFlaggedRow } from '../ingest/report/html.js';
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
  formats?: Array<'html' | 'csv' | 'json'>;
  onProgress?: (done: number, read: number, total: number | undefined) => void;
}

const BATCH = 512;

function csvCell(s: string | undefined): string {
  const v = s ?? '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** What a worker sends back per post: only what the reports need. */
export interface AuditResult {
  verdict: Verdict;
  findings: AuditFinding[];
}

export async function auditArchive(opts: AuditOptions): Promise<{ summary: AuditSummary; flagged: number; files: string[] }> {
  const started = Date.now();
  const n = Math.max(1, opts.workers ?? Math.min(os.availableParallelism(), 8));
  const now = new Date().toISOString();
  // Workers start first: they load the pack and (from contextFile) the context themselves while the archive is opened.
  const pool = createPool<Post[], AuditResult[]>('../ingest/audit-worker', { packDir: opts.packDir, context: opts.context, contextFile: opts.contextFile, now }, n);
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
  const formats = new Set(opts.formats ?? ['html', 'csv', 'json']);
  const csvPath = path.join(opts.outDir, 'report.csv');
  const csv = formats.has('csv') ? fs.createWriteStream(csvPath) : undefined;
  csv?.write('id,posted_at,link,verdict,rules,clauses,quote,text\n');

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
  // Flagged posts go to a scratch file as they come, so memory stays bounded whatever the archive size.
  const flaggedPath = path.join(opts.outDir, '.flagged.jsonl');
  const flaggedOut = fs.createWriteStream(flaggedPath);
  let flagged = 0;

  /** Results of one batch, taken in archive order: summary, CSV row, flagged post. */
  const record = (posts: SourcePost[], results: AuditResult[]): void => {
    let rows = '';
    let flaggedLines = '';
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      const p = posts[i]!;
      summary.posts++;
      summary.verdicts[r.verdict]++;
      const month = (p.postedAt ?? '').slice(0, 7) || 'undated';
      (summary.byMonth[month] ??= { allow: 0, revise: 0, block: 0 })[r.verdict]++;
      for (const f of r.findings) {
        const e = (summary.byRule[f.rule] ??= { clause: f.clause, count: 0 });
        e.count++;
      }
      if (r.verdict !== 'allow') {
        flagged++;
        const fp: FlaggedPost = { id: p.id, postedAt: p.postedAt, link: p.link, text: p.text, verdict: r.verdict, findings: r.findings };
        flaggedLines += JSON.stringify(fp) + '\n';
      }
      if (csv) {
        const rules = r.findings.length === 0 ? '' : [...new Set(r.findings.map((f) => f.rule))].join(' ');
        const clauses = r.findings.length === 0 ? '' : [...new Set(r.findings.map((f) => f.clause))].join(' ');
        const quote = r.findings.length === 0 ? undefined : r.findings.find((f) => f.quote)?.quote;
        rows += `${csvCell(p.id)},${csvCell(p.postedAt)},${csvCell(p.link)},${r.verdict},${csvCell(rules)},${csvCell(clauses)},${csvCell(quote)},${csvCell(p.text.slice(0, 280))}\n`;
      }
    }
    // One write per batch and per file.
    if (flaggedLines !== '') flaggedOut.write(flaggedLines);
    if (rows !== '') csv?.write(rows);
  };

  const author = opts.author;
  const kind = opts.accountKind ?? 'personal';
  const toPosts = (posts: SourcePost[]): Post[] =>
    posts.map((p) => {
      const post: Post = { text: p.text, network: p.network, account: { kind } };
      if (p.postedAt !== undefined) post.postedAt = p.postedAt;
      if (author !== undefined) post.author = author;
      if (p.link !== undefined) post.link = p.link;
      return post;
    });

  // Batches in flight, oldest first: two per worker, so a worker always has the next one queued while the main
  // thread records the last. Reading waits when they are all out, and when a report file is behind on disk.
  const inflight: Array<{ posts: SourcePost[]; results: Promise<AuditResult[]> }> = [];
  const maxInFlight = n * 2;
  let read = 0;
  let total: number | undefined;
  const takeOldest = async (): Promise<void> => {
    const job = inflight.shift()!;
    record(job.posts, await job.results);
    opts.onProgress?.(summary.posts, read, total);
  };
  const drained = async (w: fs.WriteStream | undefined): Promise<void> => {
    if (w !== undefined && w.writableNeedDrain) await new Promise<void>((r) => w.once('drain', r));
  };
  const send = async (posts: SourcePost[]): Promise<void> => {
    const results = pool.run(toPosts(posts));
    results.catch(() => {}); // awaited in order by takeOldest; a failure is thrown there
    inflight.push({ posts, results });
    while (inflight.length >= maxInFlight) await takeOldest();
    await drained(csv);
    await drained(flaggedOut);
  };

  let batch: SourcePost[] = [];
  try {
    for await (const item of source.items()) {
      if (isSourceError(item)) {
        summary.readErrors.push({ where: item.where, message: item.message });
        continue;
      }
      read++;
      batch.push(item);
      if (batch.length >= BATCH) {
        await send(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await send(batch);
    while (inflight.length > 0) await takeOldest();
    total = read;
    opts.onProgress?.(summary.posts, read, read);
  } finally {
    await pool.close();
    archive.close();
  }
  summary.seconds = (Date.now() - started) / 1000;
  await new Promise<void>((r) => flaggedOut.end(r));
  const files: string[] = [];
  if (csv) {
    await new Promise<void>((r) => csv.end(r));
    files.push(csvPath);
  }
  const json = formats.has('json') ? fs.createWriteStream(path.join(opts.outDir, 'report.json')) : undefined;
  const html = formats.has('html') ? fs.createWriteStream(path.join(opts.outDir, 'report.html')) : undefined;
  json?.write(`{"summary":${JSON.stringify(summary)},\n"flagged":[\n`);
  html?.write(renderAuditHtmlHead(summary, flagged));
  let first = true;
  for await (const line of readline.createInterface({ input: fs.createReadStream(flaggedPath), crlfDelay: Infinity })) {
    if (line === '') continue;
    if (json && !json.write((first ? '' : ',\n') + line)) await new Promise<void>((r) => json.once('drain', r));
    if (html && !html.write(renderFlaggedRow(JSON.parse(line) as FlaggedPost))) await new Promise<void>((r) => html.once('drain', r));
    first = false;
  }
  if (json) {
    await new Promise<void>((r) => json.end('\n]}\n', r));
    files.push(path.join(opts.outDir, 'report.json'));
  }
  if (html) {
    await new Promise<void>((r) => html.end(renderAuditHtmlTail(flagged), r));
    files.push(path.join(opts.outDir, 'report.html'));
  }
  fs.rmSync(flaggedPath, { force: true });
  return { summary, flagged, files };
}
