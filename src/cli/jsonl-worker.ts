// Worker of `clearpost check --jsonl`: takes a chunk of raw input bytes cut at a line end, parses, checks and
// serialises each line (errors become error objects on their line) and hands back the output bytes.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPolicyPack } from '../app/load-policy-pack.js';
import { parseCheckRequest, parseJson } from '../app/parse-check-request.js';
import { check } from '../core/check.js';
import type { PolicyPack } from '../core/policy/pack.js';
import type { Context } from '../contracts/check.js';
import { ClearpostError } from '../core/errors.js';
import { exitForVerdict } from './exit-codes.js';
import { loadContextFile } from '../app/load-context-file.js';
import { initWorker } from '../app/worker-pool.js';
import { namesPhotoFiles, readRequestPhotos } from './request-photos.js';

export interface JsonlChunkResult {
  /** UTF-8 answers, one line per non-blank input line, in input order. */
  out: Uint8Array;
  worst: number;
  bad: boolean;
}

const { packDir, contextFile, checkPatterns, photoBase } = workerData as { packDir?: string; contextFile?: string; checkPatterns?: boolean; photoBase?: string };
// Each worker reads the pack and the context itself (in parallel, no copy through the main thread).
const init = initWorker(() => ({ pack: loadPolicyPack(packDir, { checkPatterns }), context: loadContextFile(contextFile) }));
const encoder = new TextEncoder();
// The same line ends as readline: \n, \r\n and a lone \r.
const LINE_END = /\r\n|\n|\r/;

if (init !== undefined) parentPort!.on('message', (m: { seq: number; batch: Uint8Array }) => void answer(init.pack, init.context, m));

// Async only for lines that name photo files (post.images[i].file, relative to the input file's folder, or the current
// folder for stdin): those are analysed here before the check (request-photos.ts loads the image code on first use);
// other lines run straight through, as before. Answers carry their chunk's seq, so chunks may finish out of order.
async function answer(pack: PolicyPack, context: Context | undefined, m: { seq: number; batch: Uint8Array }): Promise<void> {
  const text = Buffer.from(m.batch.buffer, m.batch.byteOffset, m.batch.byteLength).toString('utf8');
  let out = '';
  let worst = 0;
  let bad = false;
  for (const line of text.split(LINE_END)) {
    if (line.trim() === '') continue;
    try {
      const req = parseCheckRequest(parseJson(line, 'line'));
      if (namesPhotoFiles(req)) await readRequestPhotos(req, photoBase ?? process.cwd());
      if (req.context === undefined && context !== undefined) req.context = context;
      const res = check(req, pack, { now: new Date() });
      const code = exitForVerdict(res.verdict);
      if (code > worst) worst = code;
      out += JSON.stringify(res) + '\n';
    } catch (err) {
      bad = true;
      const e = err instanceof ClearpostError ? err : new ClearpostError('invalid-request', (err as Error).message);
      out += JSON.stringify({ error: e.toJSON() }) + '\n';
    }
  }
  // A fresh buffer of its own (never Buffer's shared pool), so it can be transferred instead of copied.
  const bytes = encoder.encode(out);
  const result: JsonlChunkResult = { out: bytes, worst, bad };
  parentPort!.postMessage({ seq: m.seq, result }, [bytes.buffer as ArrayBuffer]);
}
