// Face DETECTION only (policy IV.A.1 co-workers, IV.A.2 students): where are faces in a photo, so the
// check can compare the count with the people the employee declared. No landmarks, no descriptors or
// embeddings, no recognition, no age/gender/expression: only the detector network is ever loaded, and
// nothing about a face outlives the call (the input tensor and every intermediate are disposed; the
// caller gets boxes and scores, nothing else).
//
// Model: @vladmandic/face-api's SSD MobileNet v1, weights read from node_modules/@vladmandic/face-api/model
// (never a URL) by face-api on TensorFlow.js, then run by ONNX Runtime (onnxruntime-node, native CPU kernels, one
// thread) as a graph written from those weights at load (ssd-onnx.ts): ~55 ms of CPU per call against ~250 ms on
// TF.js's WebAssembly backend. Where onnxruntime-node has no binary, or with CLEARPOST_FACE_ENGINE=tfjs, the fused
// TF.js network below runs instead (@tensorflow/tfjs-backend-wasm, SIMD, one thread, .wasm from node_modules). Why SSD and not TinyFaceDetector: on the
// six demo photos (3-5 people each, 1600 px long side) SSD at score >= 0.5 found exactly every face
// with tight boxes (scores 0.62-1.00); TinyFaceDetector (input 416) at 0.5 missed 2 of 3 faces in one
// photo and found a 5th, duplicate "face" in a photo of 4, and its boxes were about 1.5x too large.
// SSD cost ~300 ms per call on TF.js against ~80 ms for tiny; recall of people is what the policy needs.
//
// Small faces (class photos): SSD squeezes the whole picture to 512x512, so recall falls with face size. On a
// 1600x1200 mosaic of the demo photo sample5 the whole-image pass found 35 of 45 faces 48 px wide, 60 of 80
// at 36 px, 37 of 180 at 24 px. When it finds any face smaller than SMALL_FACE_RATIO of the long side, 2x2
// overlapping tiles are searched too (5 SSD runs instead of 1, only for such photos): 45/45, 78/80, 134/180.
// The tiles want pixels: cut from the 1000 px copy the detectors get, they found 45/45, 76/80, 114/180, so
// analyzeImage hands a 1600 px copy (`detail`, decoded only for such photos) to cut them from.
//
// Speed on TF.js (the fallback): face-api runs MobileNet v1 as separate ops (convolution, then batch norm, add and clip, each a full pass over
// the activations). FusedSsdMobilenetv1 below runs the same weights with the batch norm folded into the depthwise
// filters and bias + ReLU6 fused into each convolution (one XNNPACK call per layer): about 230 ms of CPU per call
// instead of 300 ms here. Its locateFaces keeps face-api's steps (input padding and resize, score threshold, box
// scaling) and its non-maximum suppression algorithm, but reads the boxes once instead of once per comparison.
// faces.test.ts checks that both give the same faces, scores and boxes on the demo photos.
//
// The model is loaded lazily, once per process or worker thread (TF.js keeps its engine in a global of
// the current thread, so each worker_thread loads its own copy: ~6 MB of weights, ~100 MB RSS).
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { ClearpostError } from '../core/errors.js';
import type { DecodedImage } from './decoded-image.js';
import { buildSsdOnnx, decodeSsd, SSD_INPUT, SSD_OUTPUTS, ssdInput, type ConvWeights, type SsdArrays } from './ssd-onnx.js';

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

type Folded = { filter: tf.Tensor4D; bias: tf.Tensor1D };
type Conv = { filters: tf.Tensor4D; bias: tf.Tensor1D };

/** face-api's epsilon for MobileNet's batch norm (src/ssdMobilenetv1/mobileNetV1.ts). */
const BATCH_NORM_EPSILON = 0.0010000000474974513;

/** The weights face-api loaded, seen through @tensorflow/tfjs's types (face-api bundles its own copy of the types;
 * at run time its tensors are @tensorflow/tfjs tensors, the same engine). */
interface SsdWeights {
  conv0: Folded;
  backbone: Array<{ depthwise: Folded; pointwise: Folded }>;
  extra: Folded[];
  predictors: Array<{ box: Conv; cls: Conv }>;
  anchors: tf.Tensor3D;
}

/**
 * face-api's SSD MobileNet v1 with the same weights and the same pre- and post-processing, run with fused layers.
 * The graph follows face-api 1.7.15's src/ssdMobilenetv1 (mobileNetV1.ts, predictionLayer.ts, outputLayer.ts; MIT):
 * depthwise conv + batch norm + clip(0, 6) becomes one fused depthwise conv with the batch norm folded into its filter
 * and bias; conv + add(offset) + clip(0, 6) one fused conv with ReLU6. locateFaces (input padding to a square, resize
 * to 512, score threshold, non-maximum suppression, box scaling) is inherited unchanged.
 */
class FusedSsdMobilenetv1 extends faceapi.SsdMobilenetv1 {
  private weights: SsdWeights | undefined;

  /** Folds the batch norms once after loading (13 small filter and bias tensors, kept as long as the weights). */
  fold(): void {
    type PointwiseParams = { filters: tf.Tensor4D; batch_norm_offset: tf.Tensor1D };
    type DepthwiseParams = PointwiseParams & { batch_norm_scale: tf.Tensor1D; batch_norm_mean: tf.Tensor1D; batch_norm_variance: tf.Tensor1D };
    type BoxPredictor = { box_encoding_predictor: Conv; class_predictor: Conv };
    const params = this.params as unknown as {
      mobilenetv1: Record<string, PointwiseParams & { depthwise_conv: DepthwiseParams; pointwise_conv: PointwiseParams }>;
      prediction_layer: Record<string, PointwiseParams & BoxPredictor>;
      output_layer: { extra_dim: tf.Tensor3D };
    };
    const pointwise = (c: PointwiseParams): Folded => ({ filter: c.filters, bias: c.batch_norm_offset });
    const depthwise = (d: DepthwiseParams): Folded =>
      tf.tidy(() => {
        // (conv(x, w) - mean) * scale / sqrt(var + eps) + offset  =  conv(x, w * k) + (offset - mean * k),  k = scale / sqrt(var + eps)
        const k = tf.div(d.batch_norm_scale, tf.sqrt(tf.add(d.batch_norm_variance, BATCH_NORM_EPSILON)));
        return { filter: tf.keep(tf.mul(d.filters, tf.reshape(k, [1, 1, -1, 1]))), bias: tf.keep(tf.sub(d.batch_norm_offset, tf.mul(d.batch_norm_mean, k))) };
      });
    const m = params.mobilenetv1;
    const pl = params.prediction_layer;
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    this.weights = {
      conv0: pointwise(m['conv_0']!),
      backbone: range(13).map((i) => ({ depthwise: depthwise(m[`conv_${i + 1}`]!.depthwise_conv), pointwise: pointwise(m[`conv_${i + 1}`]!.pointwise_conv) })),
      extra: range(8).map((i) => pointwise(pl[`conv_${i}`]!)),
      predictors: range(6).map((i) => ({ box: pl[`box_predictor_${i}`]!.box_encoding_predictor, cls: pl[`box_predictor_${i}`]!.class_predictor })),
      anchors: params.output_layer.extra_dim,
    };
  }

  /** The folded weights as plain arrays (TF.js layouts), for the ONNX graph (ssd-onnx.ts). */
  arrays(): SsdArrays {
    const w = this.weights;
    if (!w) throw new Error('face detector used before it was loaded');
    const conv = (f: tf.Tensor4D, b: tf.Tensor1D): ConvWeights => ({ filter: { data: f.dataSync() as Float32Array, shape: f.shape }, bias: b.dataSync() as Float32Array });
    return {
      conv0: conv(w.conv0.filter, w.conv0.bias),
      backbone: w.backbone.map((p) => ({ depthwise: conv(p.depthwise.filter, p.depthwise.bias), pointwise: conv(p.pointwise.filter, p.pointwise.bias) })),
      extra: w.extra.map((e) => conv(e.filter, e.bias)),
      predictors: w.predictors.map((p) => ({ box: conv(p.box.filters, p.box.bias), cls: conv(p.cls.filters, p.cls.bias) })),
      anchors: w.anchors.dataSync() as Float32Array,
    };
  }

  override forwardInput(input: faceapi.NetInput): { boxes: faceapi.tf.Tensor2D[]; scores: faceapi.tf.Tensor1D[] } {
    const w = this.weights;
    if (!w) throw new Error('face detector used before it was loaded');
    const { boxes, scores } = tf.tidy(() => {
      const relu6 = (x: tf.Tensor4D, f: Folded, stride: number) => tf.fused.conv2d({ x, filter: f.filter, strides: [stride, stride], pad: 'same', bias: f.bias, activation: 'relu6' });
      const batch = tf.cast(input.toBatchTensor(512, false) as unknown as tf.Tensor4D, 'float32');
      const x = tf.sub<tf.Tensor4D>(tf.div<tf.Tensor4D>(batch, 127.5), 1); // input normalised to -1..1
      // MobileNet v1 (mobileNetV1.ts): conv_0 with stride 2, then 13 depthwise/pointwise pairs; layers 2, 4, 6, 12 stride 2.
      let out = relu6(x, w.conv0, 2);
      let conv11 = out;
      w.backbone.forEach((pair, i) => {
        const stride = [2, 4, 6, 12].includes(i + 1) ? 2 : 1;
        out = tf.fused.depthwiseConv2d({ x: out, filter: pair.depthwise.filter, strides: [stride, stride], pad: 'same', bias: pair.depthwise.bias, activation: 'relu6' });
        out = relu6(out, pair.pointwise, 1);
        if (i + 1 === 11) conv11 = out;
      });
      // Prediction layer (predictionLayer.ts, boxPredictionLayer.ts): extra feature maps, then six box predictors.
      const [e0, e1, e2, e3, e4, e5, e6, e7] = w.extra as [Folded, Folded, Folded, Folded, Folded, Folded, Folded, Folded];
      const c1 = relu6(relu6(out, e0, 1), e1, 2);
      const c3 = relu6(relu6(c1, e2, 1), e3, 2);
      const c5 = relu6(relu6(c3, e4, 1), e5, 2);
      const c7 = relu6(relu6(c5, e6, 1), e7, 2);
      const linear = (t: tf.Tensor4D, c: Conv) => tf.fused.conv2d({ x: t, filter: c.filters, strides: [1, 1], pad: 'same', bias: c.bias });
      const heads = [conv11, out, c1, c3, c5, c7].map((t, i) => ({
        box: tf.reshape(linear(t, w.predictors[i]!.box), [1, -1, 1, 4]),
        cls: tf.reshape(linear(t, w.predictors[i]!.cls), [1, -1, 3]),
      }));
      const encodings = tf.reshape(tf.concat(heads.map((h) => h.box), 1), [-1, 4]);
      const classes = tf.concat(heads.map((h) => h.cls), 1);
      // Output layer (outputLayer.ts): anchor + encoding -> corner box; sigmoid of the face class.
      const [a0, a1, a2, a3] = tf.unstack(tf.transpose(tf.reshape(w.anchors, [-1, 4]), [1, 0])) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
      const size0 = tf.sub(a2, a0);
      const size1 = tf.sub(a3, a1);
      const center0 = tf.add(a0, tf.div(size0, 2));
      const center1 = tf.add(a1, tf.div(size1, 2));
      const [v0, v1, v2, v3] = tf.unstack(tf.transpose(encodings, [1, 0])) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
      const half0 = tf.div(tf.mul(tf.exp(tf.div(v2, 5)), size0), 2);
      const mid0 = tf.add(tf.mul(tf.div(v0, 10), size0), center0);
      const half1 = tf.div(tf.mul(tf.exp(tf.div(v3, 5)), size1), 2);
      const mid1 = tf.add(tf.mul(tf.div(v1, 10), size1), center1);
      return {
        boxes: tf.transpose(tf.stack([tf.sub(mid0, half0), tf.sub(mid1, half1), tf.add(mid0, half0), tf.add(mid1, half1)]), [1, 0]) as tf.Tensor2D,
        scores: tf.reshape(tf.slice(tf.sigmoid(tf.slice(classes, [0, 0, 1], [-1, -1, -1])), [0, 0, 0], [-1, -1, 1]), [-1]) as tf.Tensor1D,
      };
    });
    return { boxes: [boxes as unknown as faceapi.tf.Tensor2D], scores: [scores as unknown as faceapi.tf.Tensor1D] };
  }

  /**
   * face-api's SsdMobilenetv1.locateFaces with the same steps and results, reading the 5118 boxes once: its
   * non-maximum suppression calls `boxes.arraySync()` (a nested array of every box) for each pair of candidates it
   * compares, which cost 10–20 % of a photo's CPU here and seconds on a crowd.
   */
  override async locateFaces(input: faceapi.TNetInput, options: faceapi.ISsdMobilenetv1Options = {}): Promise<faceapi.FaceDetection[]> {
    const { maxResults, minConfidence } = new faceapi.SsdMobilenetv1Options(options);
    const netInput = await faceapi.toNetInput(input);
    const { boxes, scores } = this.forwardInput(netInput);
    try {
      const b = boxes[0]!.dataSync();
      const s = scores[0]!.dataSync();
      const kept = suppressAnchors(b, s, Math.min(maxResults, s.length), 0.5, minConfidence);
      const reshaped = netInput.getReshapedInputDimensions(0);
      const inputSize = netInput.inputSize as number;
      const padX = inputSize / reshaped.width;
      const padY = inputSize / reshaped.height;
      const dims = { height: netInput.getInputHeight(0), width: netInput.getInputWidth(0) };
      return kept.map((i) => {
        const top = Math.max(0, b[4 * i]!) * padY;
        const bottom = Math.min(1, b[4 * i + 2]!) * padY;
        const left = Math.max(0, b[4 * i + 1]!) * padX;
        const right = Math.min(1, b[4 * i + 3]!) * padX;
        return new faceapi.FaceDetection(s[i]!, new faceapi.Rect(left, top, right - left, bottom - top), dims);
      });
    } finally {
      for (const t of [...boxes, ...scores]) t.dispose();
    }
  }
}

/**
 * face-api's ssdMobilenetv1/nonMaxSuppression.ts over flat [ymin, xmin, ymax, xmax] rows: candidates above the score
 * threshold, best first; a candidate is kept when its IoU with every box kept so far is at most iouThreshold.
 */
function suppressAnchors(boxes: ArrayLike<number>, scores: ArrayLike<number>, maxOutput: number, iouThreshold: number, scoreThreshold: number): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > scoreThreshold) candidates.push(i);
  candidates.sort((x, y) => scores[y]! - scores[x]!);
  const iou = (i: number, j: number): number => {
    const yminI = Math.min(boxes[4 * i]!, boxes[4 * i + 2]!);
    const xminI = Math.min(boxes[4 * i + 1]!, boxes[4 * i + 3]!);
    const ymaxI = Math.max(boxes[4 * i]!, boxes[4 * i + 2]!);
    const xmaxI = Math.max(boxes[4 * i + 1]!, boxes[4 * i + 3]!);
    const yminJ = Math.min(boxes[4 * j]!, boxes[4 * j + 2]!);
    const xminJ = Math.min(boxes[4 * j + 1]!, boxes[4 * j + 3]!);
    const ymaxJ = Math.max(boxes[4 * j]!, boxes[4 * j + 2]!);
    const xmaxJ = Math.max(boxes[4 * j + 1]!, boxes[4 * j + 3]!);
    const areaI = (ymaxI - yminI) * (xmaxI - xminI);
    const areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
    if (areaI <= 0 || areaJ <= 0) return 0;
    const inter = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0) * Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0);
    return inter / (areaI + areaJ - inter);
  };
  const selected: number[] = [];
  for (const c of candidates) {
    if (selected.length >= maxOutput) break;
    let keep = true;
    for (let j = selected.length - 1; j >= 0 && keep; j--) if (iou(c, selected[j]!) > iouThreshold) keep = false;
    if (keep) selected.push(c);
  }
  return selected;
}

let loaded: Loaded | undefined;
let loading: Promise<void> | undefined;

/**
 * V8 first compiles WebAssembly with its baseline compiler and optimises a function only after it has run a while
 * ("dynamic tiering"). Measured here (12-megapixel photos, one core): the detector took 450–780 ms of CPU on each of
 * a thread's first ten photos and 250–300 ms after that; with optimised code from the start, 250–300 ms from the
 * second photo on. The flag is process-wide and read when a module is compiled: TF.js's .wasm (compiled below) and
 * tesseract's (compiled when its worker starts) get optimised code; JavaScript is not affected.
 */
const OPTIMISE_WASM_AT_COMPILE = '--no-wasm-dynamic-tiering';

/** Which engine runs the detector: 'onnx' (ONNX Runtime's native CPU kernels, ssd-onnx.ts) unless onnxruntime-node cannot
 * be loaded on this platform or CLEARPOST_FACE_ENGINE=tfjs asks for the TF.js WebAssembly network (the same weights). */
export type FaceEngine = 'onnx' | 'tfjs';

/** The detector loaded in this thread: face-api's network (weights, TF.js path) and, on ONNX Runtime, its session. */
interface Loaded {
  engine: FaceEngine;
  net: FusedSsdMobilenetv1;
  onnx?: { session: OrtSession; ort: OrtModule; anchors: Float32Array; input: Float32Array; turn: Promise<void> };
}
type OrtModule = typeof import('onnxruntime-node');
type OrtSession = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;

async function loadOrt(): Promise<OrtModule | undefined> {
  if (process.env.CLEARPOST_FACE_ENGINE === 'tfjs') return undefined;
  try {
    const m = (await import('onnxruntime-node')) as OrtModule & { default?: OrtModule };
    return m.InferenceSession ? m : m.default;
  } catch {
    return undefined; // no binary for this platform (onnxruntime-node ships linux/win x64+arm64, macOS arm64): TF.js
  }
}

async function load(): Promise<void> {
  v8.setFlagsFromString(OPTIMISE_WASM_AT_COMPILE);
  // Never fetch the .wasm from a CDN: point the backend at the files in node_modules. On ONNX Runtime, TF.js only reads
  // and folds the weights (its plain JavaScript backend for that took more memory here, not less).
  setWasmPaths(TFJS_WASM_DIR);
  if (tf.getBackend() !== 'wasm') {
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('TensorFlow.js WebAssembly backend failed to initialise');
  }
  await tf.ready();
  const net = new FusedSsdMobilenetv1();
  await net.loadFromDisk(FACE_MODEL_DIR);
  net.fold();
  const ort = await loadOrt();
  if (ort) {
    const w = net.arrays();
    // One thread: the image pool runs one photo per core already (image-pool.ts); the session runs on the calling thread.
    const session = await ort.InferenceSession.create(buildSsdOnnx(w), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    loaded = { engine: 'onnx', net, onnx: { session, ort, anchors: w.anchors, input: new Float32Array(3 * SSD_INPUT * SSD_INPUT), turn: Promise.resolve() } };
  } else {
    loaded = { engine: 'tfjs', net };
  }
  // Warm-up: the first inference also grows the heaps to their working size (input, padded square, activations);
  // pay that at load, not on a user's photo. 1000 × 1000 is the largest copy analyzeImage gives (decode.ts DETECT_SIDE).
  const blank: DecodedImage = { data: new Uint8Array(1000 * 1000 * 3), width: 1000, height: 1000 };
  await locate(loaded, blank, { x0: 0, y0: 0, width: 1000, height: 1000 }, MIN_FACE_SCORE);
}

/** The engine the detector runs on in this thread (loads it if needed). */
export async function faceEngine(): Promise<FaceEngine> {
  await loadFaceDetector();
  return loaded!.engine;
}

type Region = { x0: number; y0: number; width: number; height: number };

/** SSD on one region of a picture: faces with boxes in the region's pixels, best first (face-api's locateFaces). */
async function locate(d: Loaded, img: DecodedImage, region: Region, minScore: number): Promise<Array<{ score: number; x: number; y: number; w: number; h: number }>> {
  if (d.onnx) {
    const { session, ort, anchors, input } = d.onnx;
    // session.run is asynchronous (ONNX Runtime runs it off the event loop) and the input buffer is shared by the thread's
    // calls: two photos (or crowd tiles) in flight on one thread take turns, or one would overwrite or zero the other's input.
    const turn = d.onnx.turn;
    let release!: () => void;
    d.onnx.turn = new Promise<void>((r) => (release = r));
    await turn;
    let reshaped: ReturnType<typeof ssdInput>;
    let res: Awaited<ReturnType<OrtSession['run']>>;
    try {
      reshaped = ssdInput(img.data, img.width * 3, region, input);
      res = await session.run({ x: new ort.Tensor('float32', input, [1, 3, SSD_INPUT, SSD_INPUT]) });
    } finally {
      input.fill(0); // the input buffer is reused: no photo's pixels stay in it between calls
      release();
    }
    const { boxes: b, scores: s } = decodeSsd(SSD_OUTPUTS.map((k) => ({ data: res[k]!.data as Float32Array, dims: res[k]!.dims })), anchors);
    for (const k of SSD_OUTPUTS) res[k]!.dispose();
    const kept = suppressAnchors(b, s, Math.min(MAX_FACES, s.length), 0.5, minScore);
    const padX = SSD_INPUT / reshaped.width;
    const padY = SSD_INPUT / reshaped.height;
    return kept.map((i) => {
      const top = Math.max(0, b[4 * i]!) * padY;
      const bottom = Math.min(1, b[4 * i + 2]!) * padY;
      const left = Math.max(0, b[4 * i + 1]!) * padX;
      const right = Math.min(1, b[4 * i + 3]!) * padX;
      return { score: s[i]!, x: left * region.width, y: top * region.height, w: (right - left) * region.width, h: (bottom - top) * region.height };
    });
  }
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: MAX_FACES });
  const whole = faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32') as faceapi.tf.Tensor3D;
  const part = region.x0 === 0 && region.y0 === 0 && region.width === img.width && region.height === img.height ? whole : (faceapi.tf.slice(whole, [region.y0, region.x0, 0], [region.height, region.width, 3]) as faceapi.tf.Tensor3D);
  try {
    return (await d.net.locateFaces(part, options)).map((f) => ({ score: f.score, x: f.box.x, y: f.box.y, w: f.box.width, h: f.box.height }));
  } finally {
    if (part !== whole) part.dispose();
    whole.dispose();
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
export interface DetectFacesOptions {
  minScore?: number;
  /**
   * A larger copy of the same picture (same orientation and framing), decoded only when the crowd pass runs: its tiles
   * are cut from it, and its boxes come back in the pixels of `img`. Without it the tiles are cut from `img`.
   */
  detail?: () => Promise<DecodedImage>;
}

function checkImage(img: DecodedImage, field: string): void {
  const { width, height, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ClearpostError('invalid-image', `image width and height must be positive integers (got ${width}x${height})`, field);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
    throw new ClearpostError('invalid-image', `image data must be ${width}x${height}x3 RGB bytes (got ${data?.length ?? 0})`, field);
  }
}

export async function detectFaces(img: DecodedImage, opts?: DetectFacesOptions): Promise<DetectedFace[]> {
  const minScore = opts?.minScore ?? MIN_FACE_SCORE;
  if (typeof minScore !== 'number' || !(minScore > 0 && minScore < 1)) {
    throw new ClearpostError('invalid-request', `minScore must be a number between 0 and 1, exclusive (got ${String(minScore)})`, 'minScore');
  }
  checkImage(img, 'image');
  const { width, height } = img;
  await loadFaceDetector();
  const d = loaded!;
  const found: DetectedFace[] = [];
  for (const f of await locate(d, img, { x0: 0, y0: 0, width, height }, minScore)) found.push(toFace(f, 0, 0, 1, 1, width, height));
  // Crowd photos: SSD sees the whole picture squeezed to 512x512, so small faces fade out (see
  // SMALL_FACE_RATIO). When the first pass found any small face, look again at 2x2 overlapping tiles.
  const long = Math.max(width, height);
  if (found.some((f) => Math.max(f.box[2], f.box[3]) < SMALL_FACE_RATIO * long)) {
    const src = opts?.detail === undefined ? img : await opts.detail();
    checkImage(src, 'detail');
    if (Math.min(src.width, src.height) >= 2 * TILE_MIN_SIDE) {
      const sx = width / src.width;
      const sy = height / src.height;
      const tw = Math.round(src.width * TILE_FRACTION);
      const th = Math.round(src.height * TILE_FRACTION);
      for (const [x0, y0] of [[0, 0], [src.width - tw, 0], [0, src.height - th], [src.width - tw, src.height - th]] as const) {
        for (const f of await locate(d, src, { x0, y0, width: tw, height: th }, minScore)) found.push(toFace(f, x0, y0, sx, sy, width, height));
      }
    }
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

/** A detection in a picture (offset dx, dy inside it), scaled by sx, sy into the frame of the width × height image. */
function toFace(d: { score: number; x: number; y: number; w: number; h: number }, dx: number, dy: number, sx: number, sy: number, width: number, height: number): DetectedFace {
  return { box: clampBox((d.x + dx) * sx, (d.y + dy) * sy, d.w * sx, d.h * sy, width, height), score: round3(d.score) };
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
