// A small pool of worker threads for batch work (JSONL checks, archive audits): least-busy dispatch, results awaited in submission order.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';
import { ClearpostError, type ErrorCode } from '../core/errors.js';

type InitMessage = { init: 'ready' } | { init: 'failed'; error: { code: ErrorCode; message: string; field?: string } };

/**
 * In a pool's worker: run its set-up (load the pack, read the context ...) and tell the pool how it went.
 * A failure is sent back as the error itself (a ClearpostError keeps its code and field) and gives undefined.
 */
export function initWorker<T>(setUp: () => T): T | undefined {
  try {
    const v = setUp();
    parentPort!.postMessage({ init: 'ready' } satisfies InitMessage);
    return v;
  } catch (err) {
    const e = err instanceof ClearpostError ? err : new ClearpostError('invalid-request', (err as Error).message);
    parentPort!.postMessage({ init: 'failed', error: e.toJSON() } satisfies InitMessage);
    return undefined;
  }
}

/**
 * Start a worker module that sits beside this file's folder tree: the compiled .js in a build,
 * or the .ts sources through a bootstrap that registers tsx first (Node 20 ignores --import in
 * a worker's execArgv for its entry module).
 */
export function startWorker(relative: string, workerData: unknown, transferList?: Transferable[], resourceLimits?: ResourceLimits): Worker {
  const ts = fileURLToPath(import.meta.url).endsWith('.ts');
  const options = { workerData, ...(transferList === undefined ? {} : { transferList }), ...(resourceLimits === undefined ? {} : { resourceLimits }) };
  if (!ts) return new Worker(new URL(`${relative}.js`, import.meta.url), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`${relative}.ts`, import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, ...options });
}

export interface Pool<In, Out> {
  /**
   * Submit a batch to the worker with the fewest batches in flight; resolves with its answer.
   * `transfer` moves buffers instead of copying them. Batches may finish out of order; await in order to keep it.
   */
  run(batch: In, transfer?: Transferable[]): Promise<Out>;
  /** Resolves when every worker has run its initWorker() set-up; rejects with the first set-up error. */
  ready(): Promise<void>;
  /** How many batches are submitted and not answered yet. */
  pending(): number;
  readonly size: number;
  close(): Promise<void>;
}

/** `resourceLimits`: each worker's V8 heap limits (see audit-archive.ts's auditWorkerLimits). */
export function createPool<In, Out>(relative: string, workerData: unknown, size = os.availableParallelism(), resourceLimits?: ResourceLimits): Pool<In, Out> {
  const workers = Array.from({ length: Math.max(1, size) }, () => startWorker(relative, workerData, undefined, resourceLimits));
  const busy = workers.map(() => 0);
  const waiting = new Map<number, { resolve: (v: Out) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let failure: Error | undefined;
  let readyCount = 0;
  let readyWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const fail = (err: Error): void => {
    failure ??= err;
    for (const [k, p] of waiting) {
      waiting.delete(k);
      p.reject(failure);
    }
    readyWaiter?.reject(failure);
  };
  workers.forEach((w, i) => {
    w.on('message', (m: { seq: number; result: Out } | InitMessage) => {
      if ('init' in m) {
        if (m.init === 'failed') fail(new ClearpostError(m.error.code, m.error.message, m.error.field));
        else if (++readyCount === workers.length) readyWaiter?.resolve();
        return;
      }
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      busy[i]!--;
      p?.resolve(m.result);
    });
    w.on('error', fail);
  });
  return {
    size: workers.length,
    run(batch, transfer) {
      if (failure !== undefined) return Promise.reject(failure);
      const s = seq++;
      let pick = 0;
      for (let i = 1; i < workers.length; i++) if (busy[i]! < busy[pick]!) pick = i;
      busy[pick]!++;
      return new Promise<Out>((resolve, reject) => {
        waiting.set(s, { resolve, reject });
        workers[pick]!.postMessage({ seq: s, batch }, transfer);
      });
    },
    ready: () =>
      failure !== undefined
        ? Promise.reject(failure)
        : readyCount === workers.length
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => (readyWaiter = { resolve, reject })),
    pending: () => waiting.size,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
