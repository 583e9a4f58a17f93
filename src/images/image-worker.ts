// Worker thread of the image pool (image-pool.ts): loads the face detector and OCR once, then analyses one photo per message.
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { ClearpostError } from '../core/errors.js';
import { analyzeImage, type AnalyzeImageOptions, type ImageAnalysis } from './analyze-image.js';
import { loadFaceDetector } from './faces.js';
import { loadOcr } from './ocr.js';
import { lowerThreadPriority, lowerThreadsNamed } from './thread-priority.js';

export interface ImageWorkerData {
  /** Nice value of this thread and those it starts (Linux); false leaves the priority alone. */
  nice: number | false;
}

export type WorkerAnswer = { ok: true; analysis: ImageAnalysis } | { ok: false; error: { code: string; message: string; field?: string } };

// One photo at a time per thread and one thread per core (image-pool.ts): libvips' own thread pool would only add
// threads competing for the same cores, and its operation cache would keep pixels of photos nobody asks for again.
// Both settings are per process (libvips is shared by every thread); the main thread only uses sharp to scrub.
sharp.concurrency(1);
sharp.cache(false);

// Lowest scheduling priority first (thread-priority.ts): the threads started below (tesseract's worker, libvips') inherit it.
const { nice } = (workerData ?? {}) as ImageWorkerData;
if (nice !== false) lowerThreadPriority(nice);

/** The name libvips gives its worker threads (g_thread_new "libvips worker"). */
const LIBVIPS_WORKER = 'libvips worker';

// Models load while the first photo is on its way; a failed load is retried by the first analysis.
const ready = Promise.allSettled([loadFaceDetector(), loadOcr()]);

parentPort!.on('message', (m: { seq: number; batch: { bytes: Uint8Array; opts: AnalyzeImageOptions } }) => {
  void (async () => {
    let result: WorkerAnswer;
    try {
      await ready;
      const buf = Buffer.from(m.batch.bytes.buffer, m.batch.bytes.byteOffset, m.batch.bytes.byteLength);
      // libvips' workers are started by libuv's threads, not this one: give them this thread's priority too (before the
      // photo for those started by other photos, after it for those this one started).
      if (nice !== false) lowerThreadsNamed(LIBVIPS_WORKER, nice);
      result = { ok: true, analysis: await analyzeImage(buf, m.batch.opts) };
      if (nice !== false) lowerThreadsNamed(LIBVIPS_WORKER, nice);
    } catch (err) {
      result = err instanceof ClearpostError ? { ok: false, error: err.toJSON() } : { ok: false, error: { code: 'internal', message: (err as Error).message } };
    }
    parentPort!.postMessage({ seq: m.seq, result });
  })();
});
