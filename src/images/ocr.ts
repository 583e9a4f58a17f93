// Text in images (policy: a screenshot of grades, a roster or a profane meme is caught like typed text).
// OCR with tesseract.js (LSTM engine, WebAssembly core from node_modules/tesseract.js-core) and the English
// model of @tesseract.js-data/eng read from node_modules: langPath is the package's 4.0.0_best_int folder
// (the LSTM-only integer model, 2.9 MB gzip; the 4.0.0 folder adds the legacy engine's data, 10.9 MB, and
// gave the same text here while loading about 2x slower). cacheMethod 'none': nothing is written to disk
// and nothing is fetched from any URL (tesseract.js only fetches when langPath/corePath are URLs or unset).
//
// One tesseract worker (a worker_thread tesseract.js spawns) is created lazily per process or per thread
// and reused; calls are queued on it. terminateOcr() stops it (tests, shutdown, a worker pool's exit).
//
// The image is decoded once to grey with sharp, upscaled 2x when small (see OCR_UPSCALE_BELOW) or
// downscaled when huge; boxes are mapped back to the input's pixels. Two passes, because tesseract
// binarises a page globally and that fails on photos:
//  1. the image as given: screenshots, documents, dark text on light backgrounds;
//  2. only when pass 1 found little text (fewer than CAPTION_PASS_BELOW_WORDS words): a "caption mask" of
//     the image, pixels that are near-white AND brighter than their surroundings (a Gaussian blur), drawn
//     black on white. That is how meme captions are written (white letters, dark outline, over a photo).
// Lines are kept when their mean confidence is at least MIN_LINE_CONFIDENCE and they contain two letters
// or digits: tesseract "reads" photo texture as short low-confidence lines ("R04 3 Y 4", confidence 27-62
// on the demo photos), while real text lines score 80-96. The threshold is per line, not per word, because
// a lone letter grade such as "C" can get a word confidence of 6 while its line scores 81.
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, type Worker, type Line } from 'tesseract.js';
import { ClearpostError } from '../core/errors.js';

/** Box of a word: [x, y, width, height] in pixels of the input image (same convention as faces.ts). */
export type TextBox = [number, number, number, number];

export interface RecognizedWord {
  text: string;
  box: TextBox;
  /** tesseract's word confidence, 0-100 (a single character can score low inside a confident line). */
  confidence: number;
}

export interface RecognizedText {
  /** The kept lines in reading order (top to bottom, then left to right), one per line. */
  text: string;
  words: RecognizedWord[];
}

/** A line of text is kept when tesseract's mean confidence for it is at least this (0-100). */
export const MIN_LINE_CONFIDENCE = 70;
/** Run the caption-mask pass when the first pass kept fewer words than this. */
export const CAPTION_PASS_BELOW_WORDS = 12;
/** Images are downscaled to this long side before OCR (boxes are scaled back to the input). */
export const OCR_MAX_SIDE = 2000;
/**
 * Images whose long side is below this are upscaled 2x (capped at OCR_MAX_SIDE): tesseract wants letters
 * about 20-30 px tall, and screenshot text is often smaller. Measured on a 1000x700 gradebook: at 1x a lone
 * letter grade "C" was read as "©" (confidence 54) or "C" (6), at 2x as "C" (80); CPU 376 -> 592 ms.
 */
export const OCR_UPSCALE_BELOW = 1200;
/** A pixel is caption-white when its grey level is at least this… */
export const CAPTION_MIN_GREY = 230;
/** …and at least this much brighter than its neighbourhood (Gaussian blur, sigma CAPTION_BLUR_SIGMA). */
export const CAPTION_MIN_LOCAL_CONTRAST = 20;
/** Blur sigma of the caption mask per 1000 px of the OCR image's long side (captions scale with the image). */
export const CAPTION_BLUR_SIGMA_PER_1000PX = 6;
/** A recognize call that takes longer than this restarts the worker and fails. */
export const OCR_TIMEOUT_MS = 60_000;

const require = createRequire(import.meta.url);
/** Folder with eng.traineddata.gz inside the @tesseract.js-data/eng package. */
export const OCR_LANG_PATH = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

let workerPromise: Promise<Worker> | undefined;

function getWorker(): Promise<Worker> {
  if (!workerPromise) {
    workerPromise = createWorker('eng', OEM.LSTM_ONLY, {
      langPath: OCR_LANG_PATH,
      gzip: true,
      cacheMethod: 'none',
      // Without an errorHandler tesseract.js rethrows a failed job inside a message listener, which is
      // an uncaught exception that ends the process; the job's promise rejects either way.
      errorHandler: () => {},
    }).catch((err: unknown) => {
      workerPromise = undefined;
      throw new Error(`OCR engine failed to start: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  return workerPromise;
}

/** Starts the OCR worker now (e.g. when a pool thread starts) instead of on the first image. */
export async function loadOcr(): Promise<void> {
  await getWorker();
}

/** Stops the OCR worker if one is running; the next recognizeText starts a new one. */
export async function terminateOcr(): Promise<void> {
  const p = workerPromise;
  workerPromise = undefined;
  if (!p) return;
  const worker = await p.catch(() => undefined);
  if (worker) await worker.terminate();
}

async function recognizeLines(worker: Worker, png: Buffer): Promise<Line[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`OCR took longer than ${OCR_TIMEOUT_MS} ms`)), OCR_TIMEOUT_MS);
  });
  try {
    const { data } = await Promise.race([worker.recognize(png, {}, { text: false, blocks: true }), timeout]);
    return (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('OCR took longer')) {
      // A stuck or crashed worker would hold every later call: retire this one (only this one: another
      // call may already have started a replacement).
      const current = workerPromise && (await workerPromise.catch(() => undefined));
      if (current === worker) workerPromise = undefined;
      await worker.terminate().catch(() => undefined);
      throw err;
    }
    // tesseract.js rejects with a bare string.
    throw err instanceof Error ? err : new Error(`OCR failed: ${String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

interface KeptLine {
  confidence: number;
  box: TextBox;
  words: RecognizedWord[];
}

const ALNUM = /[\p{L}\p{N}]/u;
const ALNUM_G = /[\p{L}\p{N}]/gu;

function keep(lines: Line[], scale: number): KeptLine[] {
  const out: KeptLine[] = [];
  for (const line of lines) {
    // At least two letters or digits: photo texture read as a lone "3" or "l" scored >= 70 on a 1920 px photo.
    if (line.confidence < MIN_LINE_CONFIDENCE || (line.text.match(ALNUM_G) ?? []).length < 2) continue;
    const words = line.words
      .filter((w) => ALNUM.test(w.text))
      .map((w) => ({ text: w.text.trim(), confidence: Math.round(w.confidence), box: toBox(w.bbox, scale) }));
    if (words.length > 0) out.push({ confidence: line.confidence, box: toBox(line.bbox, scale), words });
  }
  return out;
}

function toBox(b: { x0: number; y0: number; x1: number; y1: number }, scale: number): TextBox {
  const x0 = Math.round(b.x0 * scale);
  const y0 = Math.round(b.y0 * scale);
  return [x0, y0, Math.round(b.x1 * scale) - x0, Math.round(b.y1 * scale) - y0];
}

function overlap(a: TextBox, b: TextBox): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  return (ix * iy) / Math.max(1, Math.min(a[2] * a[3], b[2] * b[3]));
}

/** The caption mask of pass 2: near-white pixels brighter than their surroundings, black on white. */
async function captionMask(grey: Buffer, width: number, height: number): Promise<Buffer> {
  const raw = { raw: { width, height, channels: 1 as const } };
  const sigma = (CAPTION_BLUR_SIGMA_PER_1000PX * Math.max(width, height)) / 1000;
  const blurred = await sharp(grey, raw).blur(sigma).raw().toBuffer();
  const out = Buffer.alloc(grey.length, 255);
  for (let i = 0; i < grey.length; i++) {
    const g = grey[i]!;
    if (g >= CAPTION_MIN_GREY && g - blurred[i]! >= CAPTION_MIN_LOCAL_CONTRAST) out[i] = 0;
  }
  return sharp(out, raw).png({ compressionLevel: 1 }).toBuffer();
}

/**
 * Reads the text in an image (PNG, or any format sharp decodes). Boxes are [x, y, width, height] in the
 * input image's pixels (after its EXIF orientation, if it has one). Bad input (not an image, truncated) throws ClearpostError 'invalid-image'.
 */
export async function recognizeText(png: Buffer): Promise<RecognizedText> {
  if (!Buffer.isBuffer(png) || png.length === 0) throw new ClearpostError('invalid-image', 'image must be a non-empty image file', 'image');
  let grey: Buffer;
  let width: number;
  let height: number;
  let scale: number;
  try {
    const meta = await sharp(png).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    const long = Math.max(meta.width, meta.height);
    // One decode to 8-bit grey (EXIF orientation applied, alpha flattened on white): tesseract would
    // convert to grey itself; doing it here gives both passes the same pixels.
    let pipeline = sharp(png, { failOn: 'error' }).rotate().flatten({ background: '#ffffff' }).greyscale();
    const target = long > OCR_MAX_SIDE ? OCR_MAX_SIDE : long < OCR_UPSCALE_BELOW ? Math.min(2 * long, OCR_MAX_SIDE) : long;
    if (target !== long) pipeline = pipeline.resize({ width: target, height: target, fit: 'inside' });
    const r = await pipeline.raw().toBuffer({ resolveWithObject: true });
    grey = r.data;
    width = r.info.width;
    height = r.info.height;
    scale = long / Math.max(width, height);
  } catch (err) {
    throw new ClearpostError('invalid-image', `image could not be decoded for text recognition: ${err instanceof Error ? err.message : String(err)}`, 'image');
  }
  const raw = { raw: { width, height, channels: 1 as const } };
  const worker = await getWorker();
  const lines = keep(await recognizeLines(worker, await sharp(grey, raw).png({ compressionLevel: 1 }).toBuffer()), scale);
  const wordCount = lines.reduce((n, l) => n + l.words.length, 0);
  if (wordCount < CAPTION_PASS_BELOW_WORDS) {
    const caption = keep(await recognizeLines(worker, await captionMask(grey, width, height)), scale);
    // Same line found by both passes: keep the more confident reading.
    for (const c of caption) {
      const i = lines.findIndex((l) => overlap(l.box, c.box) > 0.5);
      if (i < 0) lines.push(c);
      else if (c.confidence > lines[i]!.confidence) lines[i] = c;
    }
    lines.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  }
  return {
    text: lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n'),
    words: lines.flatMap((l) => l.words),
  };
}
