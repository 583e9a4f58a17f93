// Decode an uploaded photo once, safely: header first (format, size), then one decode with EXIF orientation applied,
// downscaled for the detectors. Bad input becomes ClearpostError('invalid-image') naming the field, never a crash.
import sharp, { type Metadata } from 'sharp';
import { ClearpostError } from '../core/errors.js';
import type { DecodedImage } from './decoded-image.js';

/** Larger than any phone camera (a 200-megapixel sensor is 16320 × 12240); a 20000 × 20000 bomb is refused from its header. */
export const MAX_INPUT_PIXELS = 100_000_000;
/** Longest side of the pixels given to the face detector and the floor-plan heuristic. */
export const DETECT_SIDE = 1600;
/** Longest side of the picture given to OCR (ocr.ts reads at most 2000 px): text in screenshots needs more pixels than faces do. */
export const OCR_SIDE = 2000;
/** Formats read here. HEIF is listed because AVIF is HEIF with AV1; HEIC (HEVC) is refused below. */
const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

// sharp's prebuilt libvips decodes HEIF with AV1 (AVIF) only: HEVC needs libde265, which it does not ship.
const HEVC = Object.keys(sharp.versions).some((k) => k.includes('de265'));

export interface ImageHeader {
  format: string;
  /** As stored (before EXIF orientation). */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
}

export interface PreparedImage {
  header: ImageHeader;
  /** Orientation applied, RGB, longest side at most DETECT_SIDE. */
  detect: DecodedImage;
  /** Orientation applied, greyscale PNG, longest side at most OCR_SIDE; encoded on first call (most photos never need it). */
  ocrPng: () => Promise<Buffer>;
  /** Size of the photo as shown (orientation applied, not downscaled): the frame of every box reported. */
  shown: { width: number; height: number };
  /** Size of ocrPng. */
  ocr: { width: number; height: number };
}

function bad(field: string, why: string): ClearpostError {
  return new ClearpostError('invalid-image', `${field}: ${why}`, field);
}

function describe(err: unknown): string {
  const m = (err as Error).message ?? String(err);
  if (/unsupported image format/i.test(m)) return 'not an image (expected JPEG, PNG, WebP, GIF, TIFF or AVIF)';
  if (/pixel limit/i.test(m)) return `the image is larger than ${MAX_INPUT_PIXELS / 1_000_000} megapixels`;
  if (/premature end|truncated|unexpected end|end of file|Not a JPEG|corrupt|bad huffman|read error|decode|invalid/i.test(m)) return `the image is corrupt or truncated (${m.split('\n')[0]})`;
  return `the image cannot be read (${m.split('\n')[0]})`;
}

const input = (buf: Buffer) => sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', sequentialRead: true });

/** Read the header only (no pixels decoded): format, size, orientation. Refuses what the decoder must never be given. */
export async function readHeader(buf: Buffer, field: string): Promise<ImageHeader> {
  if (buf.length === 0) throw bad(field, 'the file is empty');
  let m: Metadata;
  try {
    m = await input(buf).metadata();
  } catch (err) {
    throw bad(field, describe(err));
  }
  const format = m.format ?? 'unknown';
  if (!FORMATS.has(format)) throw bad(field, `${format} images are not accepted (expected JPEG, PNG, WebP, GIF, TIFF or AVIF)`);
  if (format === 'heif' && m.compression === 'hevc' && !HEVC) {
    throw bad(field, 'HEIC/HEIF photos (HEVC) cannot be read here; export the photo as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible) and upload it again');
  }
  const width = m.width ?? 0;
  const height = m.height ?? 0;
  if (width < 1 || height < 1) throw bad(field, 'the image has no pixels');
  if (width * height > MAX_INPUT_PIXELS) throw bad(field, `the image is ${width} × ${height}, larger than ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);
  return { format, width, height, orientation: m.orientation ?? 1 };
}

/**
 * Decode once: EXIF orientation applied, alpha flattened on white, shrunk to OCR_SIDE (JPEG shrink-on-load does most
 * of that for free); the detectors' copy is resized from those pixels, so the file is decoded a single time.
 */
export async function prepareImage(buf: Buffer, field: string): Promise<PreparedImage> {
  const header = await readHeader(buf, field);
  try {
    const big = await input(buf)
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: OCR_SIDE, height: OCR_SIDE, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { width: big.info.width, height: big.info.height, channels: big.info.channels };
    const small =
      Math.max(raw.width, raw.height) <= DETECT_SIDE
        ? { data: big.data, info: big.info }
        : await sharp(big.data, { raw }).resize({ width: DETECT_SIDE, height: DETECT_SIDE, fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    let png: Promise<Buffer> | undefined;
    const ocrPng = () => (png ??= sharp(big.data, { raw }).toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer());
    if (small.info.channels !== 3) throw new Error(`expected 3 channels, got ${small.info.channels}`);
    const detect: DecodedImage = { data: new Uint8Array(small.data.buffer, small.data.byteOffset, small.data.byteLength), width: small.info.width, height: small.info.height };
    const shown = header.orientation >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
    return { header, detect, ocrPng, shown, ocr: { width: raw.width, height: raw.height } };
  } catch (err) {
    if (err instanceof ClearpostError) throw err;
    throw bad(field, describe(err));
  }
}
