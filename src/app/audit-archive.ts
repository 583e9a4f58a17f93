// Use case: audit a whole exported archive or feed — read it streaming, check every post on all cores, write HTML, CSV and JSON reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Context, Post, Verdict } from '../contracts/check.js';
import { openSource } from '../ingest/detect.js';
import { isSourceError, type SourcePost } from '../ingest/source.js';
import readline from 'node:readline';
import { renderAuditHtmlHead, renderAuditHtmlTail, renderFlaggedRow } from '../ingest/report/html.js';
import { startWorker } from './worker-pool.js';

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
  packDir?: string;
  workers?: number;
  author?: string;
  accountKind?: 'personal' | 'district';
  formats?: Array<'html' | 'csv' | 'json'>;
  onProgress?: (done: number, read: number, total: number | undefined) => void;
}

const BATCH = 256;

function csvCell(s: string | undefined): string {
  const v = s ?? '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function auditArchive(opts: AuditOptions): Promise<{ summary: AuditSummary; flagged: number; files: string[] }> {
  const started = Date.now();
  const { source, archive } = await openSource(opts.path);
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

  const n = Math.max(1, opts.workers ?? Math.min(os.availableParallelism(), 8));
  const now = new Date().toISOString();
  const workers = Array.from({ length: n }, () => startWorker('../ingest/audit-worker', { packDir: opts.packDir, context: opts.context, now }));
  const pending = new Map<number, { posts: SourcePost[]; resolve: () => void }>();
  const idle: Worker[] = [...workers];
  const waiters: Array<() => void> = [];
  let failure: Error | undefined;

  const onResult = (w: Worker) => (msg: { seq: number; results: Array<{ verdict: Verdict; findings: AuditFinding[] }> }) => {
    const job = pending.get(msg.seq);
    pending.delete(msg.seq);
    idle.push(w);
    waiters.shift()?.();
    if (job === undefined) return;
    msg.results.forEach((r, i) => {
      const p = job.posts[i]!;
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
        flaggedOut.write(JSON.stringify(fp) + '\n');
      }
      csv?.write(
        [p.id, p.postedAt, p.link, r.verdict, [...new Set(r.findings.map((f) => f.rule))].join(' '), [...new Set(r.findings.map((f) => f.clause))].join(' '), r.findings.find((f) => f.quote)?.quote, p.text.slice(0, 280)].map(csvCell).join(',') + '\n',
      );
    });
    job.resolve();
  };
  for (const w of workers) {
    w.on('message', onResult(w));
    w.on('error', (err) => {
      failure = err;
      waiters.splice(0).forEach((f) => f());
      // Nothing more will come back: release everything waiting on results.
      for (const [k, job] of pending) {
        pending.delete(k);
        job.resolve();
      }
    });
  }

  let seq = 0;
  let read = 0;
  const inflight: Promise<void>[] = [];
  const dispatch = async (posts: SourcePost[]) => {
    while (idle.length === 0 && failure === undefined) await new Promise<void>((r) => waiters.push(r));
    if (failure) throw failure;
    const w = idle.pop()!;
    const s = seq++;
    inflight.push(new Promise<void>((resolve) => pending.set(s, { posts, resolve })));
    const asPosts: Post[] = posts.map((p) => {
      const post: Post = { text: p.text, network: p.network, account: { kind: opts.accountKind ?? 'personal' } };
      if (p.postedAt !== undefined) post.postedAt = p.postedAt;
      if (opts.author !== undefined) post.author = opts.author;
      if (p.link !== undefined) post.link = p.link;
      return post;
    });
    w.postMessage({ seq: s, posts: asPosts });
  };

  let batch: SourcePost[] = [];
  let total: number | undefined;
  try {
    for await (const item of source.items()) {
      if (isSourceError(item)) {
        summary.readErrors.push({ where: item.where, message: item.message });
        continue;
      }
      read++;
      batch.push(item);
      if (batch.length >= BATCH) {
        await dispatch(batch);
        batch = [];
        opts.onProgress?.(summary.posts, read, total);
      }
    }
    if (batch.length > 0) await dispatch(batch);
    await Promise.all(inflight);
    opts.onProgress?.(summary.posts, read, read);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    archive.close();
  }
  if (failure) throw failure;
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
