// Worker of `clearpost check --jsonl`: parses, checks and serialises a batch of lines; errors become error objects on their line.
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from '../contracts/check.js';
import { loadPolicyPack } from '../app/load-policy-pack.js';
import { parseCheckRequest, parseJson } from '../app/parse-check-request.js';
import { check } from '../core/check.js';
import { ClearpostError } from '../core/errors.js';
import { exitForVerdict } from './exit-codes.js';

const { packDir, context } = workerData as { packDir?: string; context?: Context };
const pack = loadPolicyPack(packDir);

parentPort!.on('message', (m: { seq: number; batch: string[] }) => {
  let out = '';
  let worst = 0;
  let bad = false;
  for (const line of m.batch) {
    try {
      const req = parseCheckRequest(parseJson(line, 'line'));
      if (req.context === undefined && context !== undefined) req.context = context;
      const res = check(req, pack, { now: new Date() });
      worst = Math.max(worst, exitForVerdict(res.verdict));
      out += JSON.stringify(res) + '\n';
    } catch (err) {
      bad = true;
      const e = err instanceof ClearpostError ? err : new ClearpostError('invalid-request', (err as Error).message);
      out += JSON.stringify({ error: e.toJSON() }) + '\n';
    }
  }
  parentPort!.postMessage({ seq: m.seq, result: { out, worst, bad } });
});
