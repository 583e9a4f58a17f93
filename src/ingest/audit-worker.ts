// Worker thread of `clearpost audit`: loads the pack and context once, then checks batches of posts sent by the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckRequest, Context, Post } from '../contracts/check.js';
import type { AuditResult } from '../app/audit-archive.js';
import { loadContextFile } from '../app/load-context-file.js';
import { loadPolicyPack } from '../app/load-policy-pack.js';
import { initWorker } from '../app/worker-pool.js';
import { check } from '../core/check.js';

interface Init {
  packDir?: string;
  context?: Context;
  /** Read here when no context object was given, so the main thread never holds one. */
  contextFile?: string;
  now: string;
}

const init = workerData as Init;
const ready = initWorker(() => ({ pack: loadPolicyPack(init.packDir), context: init.context ?? loadContextFile(init.contextFile) }));
const now = new Date(init.now);

if (ready !== undefined) {
  const { pack, context } = ready;
  parentPort!.on('message', (m: { seq: number; batch: Post[] }) => {
    const result: AuditResult[] = m.batch.map((post) => {
      const req: CheckRequest = context === undefined ? { post } : { context, post };
      const res = check(req, pack, { now });
      // Only what the reports need travels back.
      return {
        verdict: res.verdict,
        findings: res.findings
          .filter((f) => !f.undecided)
          .map((f) => ({ rule: f.rule, clause: f.clause, severity: f.severity, message: f.message, remedy: f.remedy, quote: f.evidence && 'quote' in f.evidence ? f.evidence.quote : undefined })),
      };
    });
    parentPort!.postMessage({ seq: m.seq, result });
  });
}
