// Worker thread of `clearpost audit`: loads the pack and context once; per batch it parses raw archive elements (or takes
// posts already read), checks each post and answers with the batch's report pieces (counts, CSV rows, flagged posts).
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditFinding } from '../app/audit-archive.js';
import { loadContextFile } from '../app/load-context-file.js';
import { loadPolicyPack } from '../app/load-policy-pack.js';
import { initWorker } from '../app/worker-pool.js';
import type { CheckRequest, CheckResponse, Context, Post } from '../contracts/check.js';
import { checkMany } from '../core/check.js';
import { decodeRun } from './decoders.js';
import { BatchReporter, type ReportFormat } from './report/batch.js';
import type { RawRun, SourceItem } from './source.js';

export interface AuditWorkerInit {
  packDir?: string | undefined;
  context?: Context | undefined;
  /** Read here when no context object was given, so the main thread never holds one. */
  contextFile?: string | undefined;
  now: string;
  author?: string | undefined;
  accountKind: 'personal' | 'district';
  formats: ReportFormat[];
}

/** A batch: raw JSON elements for this worker to parse and decode, or items a reader has already read. */
export type AuditJob = { raw: RawRun } | { items: SourceItem[] };

const init = workerData as AuditWorkerInit;
const ready = initWorker(() => ({ pack: loadPolicyPack(init.packDir), context: init.context ?? loadContextFile(init.contextFile) }));
const now = new Date(init.now);
const reporter = new BatchReporter(init.formats);
/** Posts checked together (checkMany). */
const CHECK_BATCH = 256;

if (ready !== undefined) {
  const { pack, context } = ready;
  parentPort!.on('message', (m: { seq: number; batch: AuditJob }) => {
    const items = 'raw' in m.batch ? [...decodeRun(m.batch.raw)] : m.batch.items;
    // The batch's posts checked together (checkMany, in slices of 256: the same answers, each rule warm across the
    // slice), then reported in input order, unreadable items among them.
    const requests: CheckRequest[] = [];
    for (const p of items) {
      if ('error' in p) continue;
      const post: Post = { text: p.text, network: p.network, account: { kind: init.accountKind } };
      if (p.postedAt !== undefined) post.postedAt = p.postedAt;
      if (init.author !== undefined) post.author = init.author;
      if (p.link !== undefined) post.link = p.link;
      if (p.images !== undefined) post.images = p.images;
      requests.push(context === undefined ? { post } : { context, post });
    }
    const responses: CheckResponse[] = [];
    for (let i = 0; i < requests.length; i += CHECK_BATCH) responses.push(...checkMany(requests.slice(i, i + CHECK_BATCH), pack, { now }));
    let k = 0;
    for (const p of items) {
      if ('error' in p) {
        reporter.error(p);
        continue;
      }
      const res = responses[k++]!;
      // Only what the reports need.
      const findings: AuditFinding[] = [];
      for (const f of res.findings) {
        if (f.undecided) continue;
        findings.push({ rule: f.rule, clause: f.clause, severity: f.severity, message: f.message, remedy: f.remedy, quote: f.evidence && 'quote' in f.evidence ? f.evidence.quote : undefined });
      }
      reporter.add(p, res.verdict, findings);
    }
    const report = reporter.take();
    parentPort!.postMessage({ seq: m.seq, result: report }, [report.bytes.buffer as ArrayBuffer]);
  });
}
