// A small pool of worker threads for batch work (JSONL checks, archive audits): round robin, results in submission order.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Start a worker module that sits beside this file's folder tree: the compiled .js in a build,
 * or the .ts sources through a bootstrap that registers tsx first (Node 20 ignores --import in
 * a worker's execArgv for its entry module).
 */
export function startWorker(relative: string, workerData: unknown): Worker {
  const ts = fileURLToPath(import.meta.url).endsWith('.ts');
  if (!ts) return new Worker(new URL(`${relative}.js`, import.meta.url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`${relative}.ts`, import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData });
}

export interface Pool<In, Out> {
  /** Submit a batch; resolves with the worker's answer. Batches may finish out of order; await in order to keep it. */
  run(batch: In): Promise<Out>;
  /** How many batches are submitted and not answered yet. */
  pending(): number;
  close(): Promise<void>;
}

export function createPool<In, Out>(relative: string, workerData: unknown, size = os.availableParallelism()): Pool<In, Out> {
  const workers = Array.from({ length: Math.max(1, size) }, () => startWorker(relative, workerData));
  const waiting = new Map<number, { resolve: (v: Out) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let next = 0;
  for (const w of workers) {
    w.on('message', (m: { seq: number; result: Out }) => {
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      p?.resolve(m.result);
    });
    w.on('error', (err) => {
      for (const [k, p] of waiting) {
        waiting.delete(k);
        p.reject(err);
      }
    });
  }
  return {
    run(batch) {
      const s = seq++;
      const w = workers[next]!;
      next = (next + 1) % workers.length;
      return new Promise<Out>((resolve, reject) => {
        waiting.set(s, { resolve, reject });
        w.postMessage({ seq: s, batch });
      });
    },
    pending: () => waiting.size,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
