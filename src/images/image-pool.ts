// Photos are analysed off the main thread, in the app's worker pool (src/app/worker-pool.ts), so the server keeps
// answering text checks while a photo is read. Each thread holds its own face detector and OCR engine (~250 MB).
import os from 'node:os';
import { createPool, WorkerStoppedError, type Pool } from '../app/worker-pool.js';
import { ClearpostError, type ErrorCode } from '../core/errors.js';
import type { AnalyzeImageOptions, ImageAnalysis } from './analyze-image.js';
import type { ImageWorkerData, WorkerAnswer } from './image-worker.js';
import { IMAGE_THREAD_NICE } from './thread-priority.js';

export interface ImageAnalyzer {
  analyze(buf: Buffer, opts?: AnalyzeImageOptions): Promise<ImageAnalysis>;
  /** Photos submitted and not answered yet. */
  pending(): number;
  close(): Promise<void>;
}

/** Leave one core to the event loop that answers requests; at least one thread. */
export const defaultImageThreads = (): number => Math.max(1, os.availableParallelism() - 1);

export interface ImageAnalyzerOptions {
  /** Nice value of the pool's threads on Linux (thread-priority.ts; default 19, the lowest priority); false keeps the caller's. */
  nice?: number | false;
  /** The worker module, relative to src/app/ and without extension (tests: a worker that can be made to die). */
  workerModule?: string;
}

/** Threads start on the first photo (a server that never sees one never loads the models). */
export function createImageAnalyzer(threads = defaultImageThreads(), opts: ImageAnalyzerOptions = {}): ImageAnalyzer {
  const data: ImageWorkerData = { nice: opts.nice ?? IMAGE_THREAD_NICE };
  const workerModule = opts.workerModule ?? '../images/image-worker';
  let pool: Pool<{ bytes: Uint8Array; opts: AnalyzeImageOptions }, WorkerAnswer> | undefined;
  return {
    async analyze(buf, opts = {}) {
      // A thread that dies (a crash in a native library, an exit) fails only the photo it was reading; the pool starts a
      // new thread in its place and the other threads' photos go on.
      const p = (pool ??= createPool(workerModule, data, threads, undefined, { replaceStopped: true }));
      let answer: WorkerAnswer;
      try {
        answer = await p.run({ bytes: buf, opts });
      } catch (err) {
        // 503 over HTTP: the photo was not at fault, and the same request can be sent again.
        if (err instanceof WorkerStoppedError) throw Object.assign(new Error(`image analysis failed: the analysis thread stopped (${err.why}) while reading this photo; send it again`), { statusCode: 503 });
        // The pool itself failed (threads dying over and over): start a fresh one for the next photo.
        if (pool === p) pool = undefined;
        void p.close();
        throw new Error(`image analysis failed: ${(err as Error).message}`);
      }
      if (answer.ok) return answer.analysis;
      const e = answer.error;
      if (e.code === 'internal') throw new Error(`image analysis failed: ${e.message}`);
      throw new ClearpostError(e.code as ErrorCode, e.message, e.field);
    },
    pending: () => pool?.pending() ?? 0,
    async close() {
      const p = pool;
      pool = undefined;
      await p?.close();
    },
  };
}
