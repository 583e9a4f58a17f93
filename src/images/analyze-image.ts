// One photo in, the `detected` facts of the check contract out: EXIF time and GPS, faces, text (OCR) and floor-plan
// structure. Boxes are in the pixels of the photo as shown (EXIF orientation applied, full size). Nothing is kept:
// the pixels, the face boxes and the text live only as long as the returned object.
import type { PostImage } from '../contracts/check.js';
import { prepareImage } from './decode.js';
import { detectFaces } from './faces.js';
import { floorPlanScore } from './floor-plan.js';
import { readMetadata } from './metadata.js';
import { recognizeText } from './ocr.js';
import { textGate, type TextGate } from './text-gate.js';

export type Detected = NonNullable<PostImage['detected']>;
type Box = [number, number, number, number];

export interface AnalyzeImageOptions {
  /** The request field the bytes came from, named in errors (e.g. "images[0].file"). */
  field?: string;
  faces?: boolean;
  /** 'auto' (default): read pages, screenshots, drawings and captioned photos (text-gate.ts); true: always; false: never. */
  ocr?: boolean | 'auto';
}

export interface ImageAnalysis {
  detected: Detected;
  /** The photo as shown (orientation applied). */
  width: number;
  height: number;
  /** Milliseconds per step (decode includes the metadata read). */
  ms: { decode: number; faces: number; ocr: number; floorPlan: number; total: number };
  /** Why OCR ran or not ('forced', 'off', or the text gate's answer). */
  ocr: TextGate['why'] | 'forced' | 'off';
}

const scaleBox = (b: Box, sx: number, sy: number): Box => [Math.round(b[0] * sx), Math.round(b[1] * sy), Math.round(b[2] * sx), Math.round(b[3] * sy)];

/** Offsets of each OCR word in the text (words appear in the text in order, separated by spaces and newlines). */
export function wordOffsets(text: string, words: ReadonlyArray<{ text: string; box: Box }>, sx: number, sy: number): NonNullable<Detected['words']> {
  const out: NonNullable<Detected['words']> = [];
  let at = 0;
  for (const w of words) {
    const i = w.text === '' ? -1 : text.indexOf(w.text, at);
    if (i < 0) continue;
    out.push({ start: i, end: i + w.text.length, box: scaleBox(w.box, sx, sy) });
    at = i + w.text.length;
  }
  return out;
}

export async function analyzeImage(buf: Buffer, opts: AnalyzeImageOptions = {}): Promise<ImageAnalysis> {
  const field = opts.field ?? 'image';
  const t0 = performance.now();
  const [meta, img] = await Promise.all([readMetadata(buf), prepareImage(buf, field)]);
  const t1 = performance.now();
  const { width, height } = img.shown;
  let tFaces = 0;
  let tOcr = 0;
  let ocrWhy: ImageAnalysis['ocr'] = opts.ocr === false ? 'off' : 'forced';
  const [faces, text] = await Promise.all([
    opts.faces === false
      ? undefined
      : detectFaces(img.detect, { detail: img.detail }).then((fs) => {
          tFaces = performance.now() - t1;
          return fs.map((f) => ({ box: scaleBox(f.box, width / img.detect.width, height / img.detect.height), score: f.score }));
        }),
    (async () => {
      if (opts.ocr === false) return undefined;
      if (opts.ocr !== true) {
        const gate = await textGate(img.detect);
        ocrWhy = gate.why;
        if (!gate.read) return undefined;
      }
      const copy = await img.ocrImage();
      const r = await recognizeText(copy.png);
      tOcr = performance.now() - t1;
      return { ...r, width: copy.width, height: copy.height };
    })(),
  ]);
  const t2 = performance.now();
  const plan = floorPlanScore(img.detect, text?.words ?? []);
  const t3 = performance.now();
  const detected: Detected = {};
  if (faces !== undefined) detected.faces = faces;
  if (text !== undefined && text.text.trim() !== '') {
    detected.text = text.text;
    detected.words = wordOffsets(text.text, text.words, width / text.width, height / text.height);
  }
  if (meta.takenAt !== undefined) detected.takenAt = meta.takenAt;
  if (meta.gps !== undefined) detected.gps = meta.gps;
  if (plan !== undefined) detected.floorPlan = { score: plan.score, reason: plan.reason };
  const r2 = (n: number) => Math.round(n * 10) / 10;
  return { detected, width, height, ms: { decode: r2(t1 - t0), faces: r2(tFaces), ocr: r2(tOcr), floorPlan: r2(t3 - t2), total: r2(t3 - t0) }, ocr: ocrWhy };
}
