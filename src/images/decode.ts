// Decode an uploaded photo safely: header first (format, size), then one small decode with EXIF orientation applied for
// the detectors (JPEG shrink-on-load); the OCR copy is decoded again, larger, only for pictures the text gate sends to OCR.
// Bad input becomes ClearpostError('invalid-image') naming the field, never a crash.
import sharp, { type Metadata } from 'sharp';
import { ClearpostError } from '../core/errors.js';
import type { DecodedImage } from './decoded-image.js';

/** Larger than any phone camera (a 200-megapixel sensor is 16320 × 12240); a 20000 × 20000 bomb is refused from its header. */
export const MAX_INPUT_PIXELS = 100_000_000;
/**
 * Longest side of the one RGB copy given to the face detector, the text gate and the floor-plan heuristic. 1000, because
 * a 12-megapixel JPEG (4000 × 3000, 4032 × 3024) then decodes at 1/4 scale straight from its DCT (shrink-on-load):
 * about 45 ms of CPU against 90 ms at 1/2 scale plus a resize to 1600. The face detector sees 512 × 512 whatever it is
 * given, and its crowd tiles (62.5 % of each side, 625 px here) still hold more than 512 px, so nothing is lost for faces.
 */
export const DETECT_SIDE = 1000;
/** Longest side of the copy the face detector's crowd pass cuts its tiles from (faces.ts), decoded only for crowd photos. */
export const DETAIL_SIDE = 1600;
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
  /**
   * Orientation applied, greyscale PNG, longest side at most OCR_SIDE, with its size. Decoded from the file on the first
   * call (a second decode, larger than the detectors'): most photos never need it, and OCR costs seconds when it runs.
   */
  ocrImage: () => Promise<OcrImage>;
  /** Orientation applied, RGB, longest side at most DETAIL_SIDE: decoded from the file on the first call (crowd photos
   * only); the detect copy itself when the photo is no larger than that. */
  detail: () => Promise<DecodedImage>;
  /** Size of the photo as shown (orientation applied, not downscaled): the frame of every box reported. */
  shown: { width: number; height: number };
}

export interface OcrImage {
  png: Buffer;
  width: number;
  height: number;
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
 * Decode for the detectors: EXIF orientation applied, alpha flattened on white, shrunk to DETECT_SIDE in the decoder
 * where the format allows (JPEG at 1/2, 1/4, 1/8 scale; WebP too), one raw RGB buffer. The OCR copy is decoded on demand.
 */
export async function prepareImage(buf: Buffer, field: string): Promise<PreparedImage> {
  const header = await readHeader(buf, field);
  try {
    const detect = await decodeRgb(buf, DETECT_SIDE);
    const shown = header.orientation >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
    let ocr: Promise<OcrImage> | undefined;
    let detail: Promise<DecodedImage> | undefined;
    const larger = Math.max(shown.width, shown.height) > Math.max(detect.width, detect.height);
    return {
      header,
      detect,
      ocrImage: () => (ocr ??= decodeAgain(() => decodeForOcr(buf), field)),
      detail: () => (detail ??= larger ? decodeAgain(() => decodeRgb(buf, DETAIL_SIDE), field) : Promise.resolve(detect)),
      shown,
    };
  } catch (err) {
    if (err instanceof ClearpostError) throw err;
    throw bad(field, describe(err));
  }
}

async function decodeRgb(buf: Buffer, side: number): Promise<DecodedImage> {
  const { data, info } = await input(buf)
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

async function decodeForOcr(buf: Buffer): Promise<OcrImage> {
  const { data, info } = await input(buf)
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize({ width: OCR_SIDE, height: OCR_SIDE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('b-w')
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

/** A later, larger decode of a file that already decoded once: a failure still names the field. */
async function decodeAgain<T>(decode: () => Promise<T>, field: string): Promise<T> {
  try {
    return await decode();
  } catch (err) {
    throw bad(field, describe(err));
  }
}
