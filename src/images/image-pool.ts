// Photos are analysed off the main thread, in the app's worker pool (src/app/worker-pool.ts), so the server keeps
// answering text checks while a photo is read. Each thread holds its own face detector and OCR engine (~250 MB).
import os from 'node:os';
import { createPool, type Pool } from '../app/worker-pool.js';
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
}

/** Threads start on the first photo (a server that never sees one never loads the models). */
export function createImageAnalyzer(threads = defaultImageThreads(), opts: ImageAnalyzerOptions = {}): ImageAnalyzer {
  const data: ImageWorkerData = { nice: opts.nice ?? IMAGE_THREAD_NICE };
  let pool: Pool<{ bytes: Uint8Array; opts: AnalyzeImageOptions }, WorkerAnswer> | undefined;
  return {
    async analyze(buf, opts = {}) {
      const p = (pool ??= createPool('../images/image-worker', data, threads));
      let answer: WorkerAnswer;
      try {
        answer = await p.run({ bytes: buf, opts });
      } catch (err) {
        // A thread died (the pool rejects everything it had): start a fresh pool for the next photo.
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
