// face-api's SSD MobileNet v1 (the same weights, batch norm folded) as an ONNX graph, run by ONNX Runtime's native CPU
// kernels (onnxruntime-node) instead of TF.js on WebAssembly. Why: on this machine the detector is ~3 GMAC of 1×1 and 3×3
// convolutions per call; TF.js's wasm kernels (XNNPACK, 128-bit SIMD, no FMA) ran them at ~13 GMAC/s, i.e. ~250 ms of CPU,
// while ONNX Runtime's MLAS kernels use the CPU's AVX2/AVX-512 FMA units (figures in docs/decisions/0003-images.md).
//
// The graph is written here from the weights face-api loads (no converter, no model file shipped): ONNX is a protobuf,
// and the handful of messages needed (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto)
// are encoded by the small writer below. Layout NCHW (ONNX's), TF's "same" padding = ONNX auto_pad SAME_UPPER (the odd
// pixel of padding goes to the end, as in TF), ReLU6 = Clip(0, 6), which ONNX Runtime fuses into the convolution.
//
// Pre- and post-processing follow face-api 1.7.15's SsdMobilenetv1.locateFaces exactly (MIT): the picture is padded to a
// square with black at the right or bottom, resized bilinearly to 512 × 512 (tf.image.resizeBilinear, align corners off,
// half-pixel centres off), scaled to -1..1; box encodings are decoded against the model's 5118 anchors and the face
// class goes through a sigmoid. faces.test.ts checks the boxes and scores against face-api's own TF.js network.

/** Side of the square the detector sees. */
export const SSD_INPUT = 512;

/** A convolution's weights in TF.js's layout: filter [kh, kw, in, out] (depthwise: [kh, kw, channels, 1]), bias [out]. */
export interface ConvWeights {
  filter: { data: Float32Array; shape: [number, number, number, number] };
  bias: Float32Array;
}

/** The folded weights of faces.ts's FusedSsdMobilenetv1, as plain arrays. */
export interface SsdArrays {
  conv0: ConvWeights;
  backbone: Array<{ depthwise: ConvWeights; pointwise: ConvWeights }>;
  extra: ConvWeights[];
  predictors: Array<{ box: ConvWeights; cls: ConvWeights }>;
  /** [5118 × 4] anchors (ymin, xmin, ymax, xmax), as face-api's output_layer.extra_dim. */
  anchors: Float32Array;
}

// --- a minimal protobuf writer (proto3 wire format: varint = 0, length-delimited = 2, 32-bit = 5) ---
class Pb {
  private parts: Uint8Array[] = [];
  private size = 0;
  private push(b: Uint8Array): this {
    this.parts.push(b);
    this.size += b.length;
    return this;
  }
  private varint(n: number): this {
    const out: number[] = [];
    let v = n;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    return this.push(Uint8Array.from(out));
  }
  private key(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }
  int(field: number, n: number): this {
    if (n < 0) throw new Error('negative varints are not needed here');
    return this.key(field, 0).varint(n);
  }
  bytes(field: number, b: Uint8Array): this {
    return this.key(field, 2).varint(b.length).push(b);
  }
  str(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  msg(field: number, m: Pb): this {
    return this.bytes(field, m.finish());
  }
  float(field: number, f: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, f, true);
    return this.key(field, 5).push(b);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const tensor = (name: string, dims: number[], data: Float32Array): Pb => {
  const t = new Pb();
  for (const d of dims) t.int(1, d); // dims (repeated int64, unpacked is accepted)
  t.int(2, FLOAT).str(8, name);
  return t.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)); // raw_data, little-endian
};
const attrInt = (name: string, i: number) => new Pb().str(1, name).int(3, i).int(20, 2); // INT
const attrInts = (name: string, is: number[]) => {
  const a = new Pb().str(1, name);
  for (const i of is) a.int(8, i);
  return a.int(20, 7); // INTS
};
const attrStr = (name: string, s: string) => new Pb().str(1, name).str(4, s).int(20, 3); // STRING
const valueInfo = (name: string, dims: Array<number | string>) => {
  const shape = new Pb();
  for (const d of dims) shape.msg(1, typeof d === 'number' ? new Pb().int(1, d) : new Pb().str(2, d));
  return new Pb().str(1, name).msg(2, new Pb().msg(1, new Pb().int(1, FLOAT).msg(2, shape)));
};

/** TF [kh, kw, in, out] → ONNX [out, in, kh, kw]; depthwise TF [kh, kw, c, 1] → ONNX [c, 1, kh, kw]. */
function onnxFilter(w: ConvWeights, depthwise: boolean): { data: Float32Array; dims: number[] } {
  const [kh, kw, cin, cout] = w.filter.shape;
  const src = w.filter.data;
  if (depthwise) {
    const out = new Float32Array(src.length);
    for (let c = 0; c < cin; c++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[(c * kh + y) * kw + x] = src[(y * kw + x) * cin + c]!;
    return { data: out, dims: [cin, 1, kh, kw] };
  }
  const out = new Float32Array(src.length);
  for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[((o * cin + i) * kh + y) * kw + x] = src[((y * kw + x) * cin + i) * cout + o]!;
  return { data: out, dims: [cout, cin, kh, kw] };
}

/** Names of the graph's outputs, in the order locate() reads them: per head, box encodings then class logits. */
export const SSD_OUTPUTS = Array.from({ length: 6 }, (_, i) => [`box${i}`, `cls${i}`]).flat();

/** The ONNX model (bytes of a ModelProto, opset 13) of the folded SSD MobileNet v1: input "x" [1, 3, 512, 512] in -1..1. */
export function buildSsdOnnx(w: SsdArrays): Uint8Array {
  const graph = new Pb().str(2, 'face-api ssd_mobilenetv1 (folded)');
  const inits: Pb[] = [];
  let n = 0;
  inits.push(tensor('zero', [], Float32Array.of(0)), tensor('six', [], Float32Array.of(6)));
  const conv = (x: string, cw: ConvWeights, stride: number, opts: { depthwise?: boolean; relu6?: boolean }): string => {
    const id = n++;
    const f = onnxFilter(cw, opts.depthwise === true);
    inits.push(tensor(`w${id}`, f.dims, f.data), tensor(`b${id}`, [cw.bias.length], cw.bias));
    const y = `c${id}`;
    const node = new Pb().str(1, x).str(1, `w${id}`).str(1, `b${id}`).str(2, y).str(3, `conv${id}`).str(4, 'Conv');
    node.msg(5, attrStr('auto_pad', 'SAME_UPPER')).msg(5, attrInts('strides', [stride, stride])).msg(5, attrInts('kernel_shape', f.dims.slice(2)));
    if (opts.depthwise) node.msg(5, attrInt('group', f.dims[0]!));
    graph.msg(1, node);
    if (!opts.relu6) return y;
    graph.msg(1, new Pb().str(1, y).str(1, 'zero').str(1, 'six').str(2, `r${id}`).str(3, `relu6_${id}`).str(4, 'Clip'));
    return `r${id}`;
  };
  let out = conv('x', w.conv0, 2, { relu6: true });
  let conv11 = out;
  w.backbone.forEach((pair, i) => {
    const stride = [2, 4, 6, 12].includes(i + 1) ? 2 : 1;
    out = conv(out, pair.depthwise, stride, { depthwise: true, relu6: true });
    out = conv(out, pair.pointwise, 1, { relu6: true });
    if (i + 1 === 11) conv11 = out;
  });
  const e = w.extra;
  const c1 = conv(conv(out, e[0]!, 1, { relu6: true }), e[1]!, 2, { relu6: true });
  const c3 = conv(conv(c1, e[2]!, 1, { relu6: true }), e[3]!, 2, { relu6: true });
  const c5 = conv(conv(c3, e[4]!, 1, { relu6: true }), e[5]!, 2, { relu6: true });
  const c7 = conv(conv(c5, e[6]!, 1, { relu6: true }), e[7]!, 2, { relu6: true });
  const outputs: Pb[] = [];
  [conv11, out, c1, c3, c5, c7].forEach((t, i) => {
    for (const [name, cw] of [[`box${i}`, w.predictors[i]!.box], [`cls${i}`, w.predictors[i]!.cls]] as const) {
      const y = conv(t, cw, 1, {});
      graph.msg(1, new Pb().str(1, y).str(2, name).str(3, `out_${name}`).str(4, 'Identity'));
      outputs.push(valueInfo(name, [1, cw.bias.length, 'h', 'w']));
    }
  });
  for (const t of inits) graph.msg(5, t);
  graph.msg(11, valueInfo('x', [1, 3, SSD_INPUT, SSD_INPUT]));
  for (const o of outputs) graph.msg(12, o);
  // ir_version 8, opset 13 (Clip with min/max inputs).
  return new Pb().int(1, 8).str(2, 'clearpost').msg(7, graph).msg(8, new Pb().str(1, '').int(2, 13)).finish();
}

/**
 * face-api's input: the region (x0, y0, w, h) of an RGB picture, padded to a square with black at the right or bottom,
 * resized bilinearly to 512 × 512 as tf.image.resizeBilinear (no corner alignment, no half-pixel centres), scaled to
 * -1..1, written as NCHW floats into `out`. Answers the region's size after the aspect-keeping scale (face-api's
 * getReshapedInputDimensions), which un-pads the boxes.
 */
export function ssdInput(
  rgb: Uint8Array,
  stride: number,
  region: { x0: number; y0: number; width: number; height: number },
  out: Float32Array,
): { width: number; height: number } {
  const { x0, y0, width, height } = region;
  const side = Math.max(width, height);
  const S = SSD_INPUT;
  const scale = side / S;
  const plane = S * S;
  const xs0 = new Int32Array(S);
  const xs1 = new Int32Array(S);
  const fx = new Float32Array(S);
  for (let x = 0; x < S; x++) {
    const src = x * scale;
    const a = Math.floor(src);
    xs0[x] = a;
    xs1[x] = Math.min(a + 1, side - 1);
    fx[x] = src - a;
  }
  for (let y = 0; y < S; y++) {
    const src = y * scale;
    const ya = Math.floor(src);
    const yb = Math.min(ya + 1, side - 1);
    const fy = src - ya;
    const rowA = ya < height ? (y0 + ya) * stride : -1;
    const rowB = yb < height ? (y0 + yb) * stride : -1;
    for (let x = 0; x < S; x++) {
      const xa = xs0[x]!;
      const xb = xs1[x]!;
      const ia = xa < width ? (x0 + xa) * 3 : -1;
      const ib = xb < width ? (x0 + xb) * 3 : -1;
      const f = fx[x]!;
      const at = y * S + x;
      for (let c = 0; c < 3; c++) {
        const tl = rowA >= 0 && ia >= 0 ? rgb[rowA + ia + c]! : 0;
        const tr = rowA >= 0 && ib >= 0 ? rgb[rowA + ib + c]! : 0;
        const bl = rowB >= 0 && ia >= 0 ? rgb[rowB + ia + c]! : 0;
        const br = rowB >= 0 && ib >= 0 ? rgb[rowB + ib + c]! : 0;
        const top = tl + (tr - tl) * f;
        const bottom = bl + (br - bl) * f;
        out[c * plane + at] = (top + (bottom - top) * fy) / 127.5 - 1;
      }
    }
  }
  return width >= height ? { width: S, height: Math.round((height * S) / width) } : { width: Math.round((width * S) / height), height: S };
}

/**
 * The graph's outputs (NCHW, per head box [1, A·4, H, W] and class [1, A·3, H, W]) → flat boxes [ymin, xmin, ymax, xmax]
 * relative to the padded square and face scores, in face-api's anchor order (head, y, x, anchor), decoded as its
 * outputLayer.ts does.
 */
export function decodeSsd(outputs: Array<{ data: Float32Array; dims: readonly number[] }>, anchors: Float32Array): { boxes: Float32Array; scores: Float32Array } {
  const total = anchors.length / 4;
  const boxes = new Float32Array(total * 4);
  const scores = new Float32Array(total);
  let n = 0;
  for (let h = 0; h < outputs.length; h += 2) {
    const box = outputs[h]!;
    const cls = outputs[h + 1]!;
    const [, ch, H, W] = box.dims as [number, number, number, number];
    const A = ch / 4;
    const plane = H * W;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let a = 0; a < A; a++, n++) {
          const p = y * W + x;
          const v0 = box.data[(a * 4) * plane + p]!;
          const v1 = box.data[(a * 4 + 1) * plane + p]!;
          const v2 = box.data[(a * 4 + 2) * plane + p]!;
          const v3 = box.data[(a * 4 + 3) * plane + p]!;
          const a0 = anchors[4 * n]!;
          const a1 = anchors[4 * n + 1]!;
          const size0 = anchors[4 * n + 2]! - a0;
          const size1 = anchors[4 * n + 3]! - a1;
          const half0 = (Math.exp(v2 / 5) * size0) / 2;
          const mid0 = (v0 / 10) * size0 + (a0 + size0 / 2);
          const half1 = (Math.exp(v3 / 5) * size1) / 2;
          const mid1 = (v1 / 10) * size1 + (a1 + size1 / 2);
          boxes[4 * n] = mid0 - half0;
          boxes[4 * n + 1] = mid1 - half1;
          boxes[4 * n + 2] = mid0 + half0;
          boxes[4 * n + 3] = mid1 + half1;
          scores[n] = 1 / (1 + Math.exp(-cls.data[(a * 3 + 1) * plane + p]!));
        }
      }
    }
  }
  if (n !== total) throw new Error(`SSD produced ${n} boxes for ${total} anchors`);
  return { boxes, scores };
}
