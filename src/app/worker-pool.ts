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

/** A batch's answer never came because its worker thread stopped (it exited or threw outside a batch). */
export class WorkerStoppedError extends Error {
  constructor(readonly why: string) {
    super(`the worker thread stopped (${why}) before answering`);
    this.name = 'WorkerStoppedError';
  }
}

export interface PoolOptions {
  /**
   * A worker that stops (exits, or throws outside a batch) fails only the batches it had, with WorkerStoppedError, and a
   * fresh worker takes its place; the other workers' batches go on. At most `maxReplacements` per minute, then the pool
   * fails as without this option. Off (the default): the first stop fails every batch and every later run.
   */
  replaceStopped?: boolean;
  maxReplacements?: number;
  /**
   * Batches go only to workers whose initWorker() set-up has finished, at most two at a time to each (one running, one
   * next), and wait in the pool otherwise: the first ready worker starts at once instead of batches being dealt
   * round-robin to workers still loading, and a worker that runs slower (still warming up, or descheduled on a busy
   * machine) does not sit on batches another could take. Only for worker modules that call initWorker().
   */
  sendToReadyFirst?: boolean;
}

/**
 * `workerData`: the same for every worker, or a function giving worker i its own (`check --jsonl` lets only its first
 * worker prove the pack's expressions). `resourceLimits`: each worker's V8 heap limits (see audit-archive.ts's auditWorkerLimits).
 */
export function createPool<In, Out>(relative: string, workerData: unknown, size = os.availableParallelism(), resourceLimits?: ResourceLimits, opts: PoolOptions = {}): Pool<In, Out> {
  const n = Math.max(1, size);
  const workers: Worker[] = [];
  /** Batches sent to each worker and not answered yet (sequence numbers). */
  const inFlight: Array<Set<number>> = [];
  /** Has worker i finished its initWorker() set-up? (Used with sendToReadyFirst.) */
  const isReady: boolean[] = [];
  /** Batches waiting for a ready worker (sendToReadyFirst). */
  const queue: Array<{ s: number; batch: In; transfer: Transferable[] | undefined }> = [];
  const waiting = new Map<number, { resolve: (v: Out) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let failure: Error | undefined;
  let closing = false;
  let readyCount = 0;
  let readyWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const replacedAt: number[] = [];
  const fail = (err: Error): void => {
    failure ??= err;
    for (const [k, p] of waiting) {
      waiting.delete(k);
      p.reject(failure);
    }
    for (const f of inFlight) f.clear();
    queue.length = 0;
    readyWaiter?.reject(failure);
  };
  const start = (i: number, replacement: boolean): void => {
    const w = startWorker(relative, typeof workerData === 'function' ? (workerData as (i: number) => unknown)(i) : workerData, undefined, resourceLimits);
    workers[i] = w;
    inFlight[i] = new Set();
    isReady[i] = false;
    let stopped = false;
    const stop = (why: string, err?: Error): void => {
      if (stopped || closing || workers[i] !== w) return;
      stopped = true;
      const now = Date.now();
      while (replacedAt.length > 0 && now - replacedAt[0]! > 60_000) replacedAt.shift();
      if (!opts.replaceStopped || failure !== undefined || replacedAt.length >= (opts.maxReplacements ?? 10)) {
        fail(err ?? new WorkerStoppedError(why));
        return;
      }
      replacedAt.push(now);
      const lost = new WorkerStoppedError(why);
      for (const k of inFlight[i]!) {
        const p = waiting.get(k);
        waiting.delete(k);
        p?.reject(lost);
      }
      void w.terminate();
      start(i, true);
    };
    w.on('message', (m: { seq: number; result: Out } | InitMessage) => {
      if (workers[i] !== w) return;
      if ('init' in m) {
        if (m.init === 'failed') fail(new ClearpostError(m.error.code, m.error.message, m.error.field));
        else {
          isReady[i] = true;
          if (!replacement && ++readyCount === n) readyWaiter?.resolve();
          drain();
        }
        return;
      }
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      inFlight[i]!.delete(m.seq);
      if (opts.sendToReadyFirst) drain();
      p?.resolve(m.result);
    });
    w.on('error', (err) => stop(err.message, err));
    // process.exit() in a worker, or an end nobody asked for: its batches would otherwise wait for ever.
    w.on('exit', (code) => stop(`exit code ${code}`));
  };
  /** The worker with the fewest batches in flight; with sendToReadyFirst, among the ready ones holding fewer than two (-1: none). */
  const pickWorker = (): number => {
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (opts.sendToReadyFirst && (!isReady[i] || inFlight[i]!.size >= 2)) continue;
      if (pick < 0 || inFlight[i]!.size < inFlight[pick]!.size) pick = i;
    }
    return pick;
  };
  const postTo = (i: number, s: number, batch: In, transfer: Transferable[] | undefined): void => {
    inFlight[i]!.add(s);
    workers[i]!.postMessage({ seq: s, batch }, transfer);
  };
  /** Send batch s now, or queue it (sendToReadyFirst, no worker free); queued batches go out in order. */
  const post = (s: number, batch: In, transfer: Transferable[] | undefined): void => {
    const i = queue.length > 0 ? -1 : pickWorker();
    if (i < 0) queue.push({ s, batch, transfer });
    else postTo(i, s, batch, transfer);
  };
  const drain = (): void => {
    for (let i = pickWorker(); i >= 0 && queue.length > 0; i = pickWorker()) {
      const q = queue.shift()!;
      postTo(i, q.s, q.batch, q.transfer);
    }
  };
  for (let i = 0; i < n; i++) start(i, false);
  return {
    size: n,
    run(batch, transfer) {
      if (failure !== undefined) return Promise.reject(failure);
      if (closing) return Promise.reject(new Error('the worker pool is closed'));
      const s = seq++;
      return new Promise<Out>((resolve, reject) => {
        waiting.set(s, { resolve, reject });
        post(s, batch, transfer);
      });
    },
    ready: () =>
      failure !== undefined
        ? Promise.reject(failure)
        : readyCount === n
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => (readyWaiter = { resolve, reject })),
    pending: () => waiting.size,
    close: async () => {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
