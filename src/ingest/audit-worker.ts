// Worker thread of `clearpost audit`: loads the pack and context once, then checks batches of posts sent by the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckRequest, Context, Post } from '../contracts/check.js';
import { loadPolicyPack } from '../app/load-policy-pack.js';
import { check } from '../core/check.js';

interface Init {
  packDir?: string;
  context?: Context;
  now: string;
}

const init = workerData as Init;
const pack = loadPolicyPack(init.packDir);
const context = init.context;
const now = new Date(init.now);

parentPort!.on('message', (batch: { seq: number; posts: Post[] }) => {
  const results = batch.posts.map((post) => {
    const req: CheckRequest = context === undefined ? { post } : { context, post };
    const res = check(req, pack, { now });
    // Only what the reports need travels back.
    return { verdict: res.verdict, findings: res.findings.filter((f) => !f.undecided).map((f) => ({ rule: f.rule, clause: f.clause, severity: f.severity, message: f.message, remedy: f.remedy, quote: f.evidence && 'quote' in f.evidence ? f.evidence.quote : undefined })) };
  });
  parentPort!.postMessage({ seq: batch.seq, results });
});
