// Face DETECTION only (policy IV.A.1 co-workers, IV.A.2 students): where are faces in a photo, so the
// check can compare the count with the people the employee declared. No landmarks, no descriptors or
// embeddings, no recognition, no age/gender/expression: only the detector network is ever loaded, and
// nothing about a face outlives the call (the input tensor and every intermediate are disposed; the
// caller gets boxes and scores, nothing else).
//
// Model: @vladmandic/face-api's SSD MobileNet v1, weights read from node_modules/@vladmandic/face-api/model
// (never a URL), run by TensorFlow.js on the WebAssembly backend (@tensorflow/tfjs-backend-wasm, SIMD,
// one thread) with the .wasm binaries read from node_modules. Why SSD and not TinyFaceDetector: on the
// six demo photos (3-5 people each, 1600 px long side) SSD at score >= 0.5 found exactly every face
// with tight boxes (scores 0.62-1.00); TinyFaceDetector (input 416) at 0.5 missed 2 of 3 faces in one
// photo and found a 5th, duplicate "face" in a photo of 4, and its boxes were about 1.5x too large.
// SSD costs ~300 ms per call here against ~80 ms for tiny; recall of people is what the policy needs.
//
// Small faces (class photos): SSD squeezes the whole picture to 512x512, so recall falls with face size. On a
// 1600x1200 mosaic of the demo photo sample5 the whole-image pass found 35 of 45 faces 48 px wide, 60 of 80
// at 36 px, 37 of 180 at 24 px. When it finds any face smaller than SMALL_FACE_RATIO of the long side, 2x2
// overlapping tiles are searched too (5 SSD runs instead of 1, only for such photos): 45/45, 78/80, 134/180.
//
// The model is loaded lazily, once per process or worker thread (TF.js keeps its engine in a global of
// the current thread, so each worker_thread loads its own copy: ~6 MB of weights, ~100 MB RSS).
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { ClearpostError } from '../core/errors.js';
import type { DecodedImage } from './decoded-image.js';

/** The detector used: SSD MobileNet v1 (see the header for why). */
export const FACE_DETECTOR = 'ssd_mobilenetv1' as const;
/** Default minimum detection score: a box scoring below this is not reported as a face. */
export const MIN_FACE_SCORE = 0.5;
/** SSD's non-maximum-suppression cap: at most this many faces are reported per photo. */
export const MAX_FACES = 100;

/** One detected face: box = [x, y, width, height] in pixels of the input image (integers, clamped to it). */
export interface DetectedFace {
  box: [number, number, number, number];
  score: number;
}

const require = createRequire(import.meta.url);

/** Absolute path of the directory holding the face-api weights (node_modules/@vladmandic/face-api/model). */
export const FACE_MODEL_DIR = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
/** Absolute path (with trailing separator) of the TF.js WebAssembly binaries. */
export const TFJS_WASM_DIR = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;

let loading: Promise<void> | undefined;

async function load(): Promise<void> {
  // Never fetch the .wasm from a CDN: point the backend at the files in node_modules.
  setWasmPaths(TFJS_WASM_DIR);
  if (tf.getBackend() !== 'wasm') {
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('TensorFlow.js WebAssembly backend failed to initialise');
  }
  await tf.ready();
  if (!faceapi.nets.ssdMobilenetv1.isLoaded) await faceapi.nets.ssdMobilenetv1.loadFromDisk(FACE_MODEL_DIR);
  // Warm-up: the first inference on wasm is 2-4x slower than later ones; pay it at load, not on a user's photo.
  const blank = faceapi.tf.zeros([64, 64, 3], 'int32') as faceapi.tf.Tensor3D;
  try {
    await faceapi.detectAllFaces(blank, new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_FACE_SCORE }));
  } finally {
    blank.dispose();
  }
}

/**
 * Loads the detector if it is not loaded yet (once per process/thread; concurrent callers share the load).
 * Call it at worker start to take the ~0.5-1 s load off the first photo; detectFaces calls it anyway.
 */
export function loadFaceDetector(): Promise<void> {
  if (!loading) {
    loading = load().catch((err: unknown) => {
      loading = undefined; // a failed load is retried by the next call
      throw err;
    });
  }
  return loading;
}

/**
 * Detects faces in a decoded RGB image. Boxes are in the input image's pixel coordinates, sorted by
 * score (highest first). Detection only: no identity, landmarks or descriptors are computed or kept.
 */
export async function detectFaces(img: DecodedImage, opts?: { minScore?: number }): Promise<DetectedFace[]> {
  const minScore = opts?.minScore ?? MIN_FACE_SCORE;
  if (typeof minScore !== 'number' || !(minScore > 0 && minScore < 1)) {
    throw new ClearpostError('invalid-request', `minScore must be a number between 0 and 1, exclusive (got ${String(minScore)})`, 'minScore');
  }
  const { width, height, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ClearpostError('invalid-image', `image width and height must be positive integers (got ${width}x${height})`, 'image');
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
    throw new ClearpostError('invalid-image', `image data must be ${width}x${height}x3 RGB bytes (got ${data?.length ?? 0})`, 'image');
  }
  await loadFaceDetector();
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: MAX_FACES });
  const input = faceapi.tf.tensor3d(data, [height, width, 3], 'int32');
  const found: DetectedFace[] = [];
  try {
    for (const d of await faceapi.detectAllFaces(input, options)) found.push(toFace(d, 0, 0, width, height));
    // Crowd photos: SSD sees the whole picture squeezed to 512x512, so small faces fade out (see
    // SMALL_FACE_RATIO). When the first pass found any small face, look again at 2x2 overlapping tiles.
    const long = Math.max(width, height);
    if (found.some((f) => Math.max(f.box[2], f.box[3]) < SMALL_FACE_RATIO * long) && Math.min(width, height) >= 2 * TILE_MIN_SIDE) {
      const tw = Math.round(width * TILE_FRACTION);
      const th = Math.round(height * TILE_FRACTION);
      for (const [x0, y0] of [[0, 0], [width - tw, 0], [0, height - th], [width - tw, height - th]] as const) {
        const tile = faceapi.tf.slice(input, [y0, x0, 0], [th, tw, 3]) as faceapi.tf.Tensor3D;
        try {
          for (const d of await faceapi.detectAllFaces(tile, options)) found.push(toFace(d, x0, y0, width, height));
        } finally {
          tile.dispose();
        }
      }
    }
  } finally {
    input.dispose();
  }
  return suppress(found.filter((f) => f.box[2] > 0 && f.box[3] > 0));
}

/** A face whose larger side is below this fraction of the image's long side triggers the tiled pass. */
export const SMALL_FACE_RATIO = 0.05;
/** Each of the 4 tiles covers this fraction of the width and of the height (so neighbours overlap by 25%). */
export const TILE_FRACTION = 0.625;
/** No tiled pass for images whose short side is below twice this (tiles would be too small to help). */
export const TILE_MIN_SIDE = 200;
/** Two boxes overlapping by more than this (intersection over the smaller box) are the same face. */
export const SAME_FACE_OVERLAP = 0.5;

function toFace(d: faceapi.FaceDetection, dx: number, dy: number, width: number, height: number): DetectedFace {
  return { box: clampBox(d.box.x + dx, d.box.y + dy, d.box.width, d.box.height, width, height), score: round3(d.score) };
}

/** Keeps the best-scoring box of each face found by the whole-image pass and the tiles. */
function suppress(faces: DetectedFace[]): DetectedFace[] {
  const kept: DetectedFace[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => overlapOfSmaller(k.box, f.box) > SAME_FACE_OVERLAP)) kept.push(f);
  }
  return kept;
}

function overlapOfSmaller(a: readonly number[], b: readonly number[]): number {
  const [ax, ay, aw, ah] = a as [number, number, number, number];
  const [bx, by, bw, bh] = b as [number, number, number, number];
  const ix = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const iy = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  return (ix * iy) / Math.max(1, Math.min(aw * ah, bw * bh));
}

function clampBox(x: number, y: number, w: number, h: number, width: number, height: number): [number, number, number, number] {
  const x0 = Math.max(0, Math.min(width, Math.round(x)));
  const y0 = Math.max(0, Math.min(height, Math.round(y)));
  const x1 = Math.max(0, Math.min(width, Math.round(x + w)));
  const y1 = Math.max(0, Math.min(height, Math.round(y + h)));
  return [x0, y0, x1 - x0, y1 - y0];
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
