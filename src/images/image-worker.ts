// Worker thread of the image pool (image-pool.ts): loads the face detector and OCR once, then analyses one photo per message.
import { parentPort } from 'node:worker_threads';
import { ClearpostError } from '../core/errors.js';
import { analyzeImage, type AnalyzeImageOptions, type ImageAnalysis } from './analyze-image.js';
import { loadFaceDetector } from './faces.js';
import { loadOcr } from './ocr.js';

export type WorkerAnswer = { ok: true; analysis: ImageAnalysis } | { ok: false; error: { code: string; message: string; field?: string } };

// Models load while the first photo is on its way; a failed load is retried by the first analysis.
const ready = Promise.allSettled([loadFaceDetector(), loadOcr()]);

parentPort!.on('message', (m: { seq: number; batch: { bytes: Uint8Array; opts: AnalyzeImageOptions } }) => {
  void (async () => {
    let result: WorkerAnswer;
    try {
      await ready;
      const buf = Buffer.from(m.batch.bytes.buffer, m.batch.bytes.byteOffset, m.batch.bytes.byteLength);
      result = { ok: true, analysis: await analyzeImage(buf, m.batch.opts) };
    } catch (err) {
      result = err instanceof ClearpostError ? { ok: false, error: err.toJSON() } : { ok: false, error: { code: 'internal', message: (err as Error).message } };
    }
    parentPort!.postMessage({ seq: m.seq, result });
  })();
});
