// Test images: real photographs shipped by @vladmandic/face-api (MIT, see src/images/TEST-IMAGES.md) and drawings made here with sharp.
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
/** node_modules/@vladmandic/face-api/demo: sample1.jpg … sample6.jpg, group photos of 3–4 adults (photographer: the package author). */
export const FACE_API_DEMO = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
export const demoPhoto = (i: 1 | 2 | 3 | 4 | 5 | 6): string => path.join(FACE_API_DEMO, `sample${i}.jpg`);

/** Degrees → EXIF rational "d/1 m/1 s/100". */
function dms(deg: number): string {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}

/** Re-encode a JPEG with GPS and capture time in its EXIF (sharp's withExif writes the GPS IFD). */
export async function withGpsExif(jpeg: Buffer | string, gps: { lat: number; lon: number }, taken?: { at: string; offset?: string }, orientation?: number): Promise<Buffer> {
  let img = sharp(jpeg).withExif({
    IFD0: { Make: 'Clearpost test', Model: 'written by test/support/images.ts' },
    ...(taken ? { IFD2: { DateTimeOriginal: taken.at, ...(taken.offset ? { OffsetTimeOriginal: taken.offset } : {}) } } : {}),
    IFD3: { GPSLatitudeRef: gps.lat >= 0 ? 'N' : 'S', GPSLatitude: dms(gps.lat), GPSLongitudeRef: gps.lon >= 0 ? 'E' : 'W', GPSLongitude: dms(gps.lon) },
  });
  if (orientation !== undefined) img = img.withMetadata({ orientation });
  return img.jpeg({ quality: 90 }).toBuffer();
}

/** A PNG whose header claims width × height (a decompression bomb's header; the pixels are a 10 × 10 image). */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

/** A HEIF file whose container says HEIC (brand "heic", as iPhones write); the payload is AV1 because sharp cannot encode HEVC. */
export async function heicLabelled(): Promise<Buffer> {
  const avif = Buffer.from(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#369' } }).avif().toBuffer());
  avif.write('heic', 8, 'latin1');
  return avif;
}

/**
 * A floor plan drawn for these tests (synthetic: it shows no real building). Rooms in a grid along a corridor with
 * room numbers, EXIT, STAIR, MECH and ELEC labels and a KEYPAD mark, black lines on white, as a school's evacuation map looks.
 */
export function floorPlanSvg(width = 1600, height = 1000): string {
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>`];
  const line = (x1: number, y1: number, x2: number, y2: number, w = 4) => parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#111" stroke-width="${w}"/>`);
  const label = (x: number, y: number, t: string, size = 30) => parts.push(`<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${size}" fill="#111">${t}</text>`);
  const m = 60;
  const W = width - 2 * m;
  const H = height - 2 * m;
  parts.push(`<rect x="${m}" y="${m}" width="${W}" height="${H}" fill="none" stroke="#111" stroke-width="8"/>`);
  const rooms = 6;
  const rw = W / rooms;
  const top = m + H * 0.42;
  const bottom = m + H * 0.58;
  line(m, top, m + W, top, 6);
  line(m, bottom, m + W, bottom, 6);
  const names = [['101', '102', '103', 'MECH', '105', 'STAIR'], ['EXIT', '112', '113', 'ELEC', '115', '116']];
  for (let i = 1; i < rooms; i++) {
    line(m + i * rw, m, m + i * rw, top, 4);
    line(m + i * rw, bottom, m + i * rw, m + H, 4);
  }
  for (let i = 0; i < rooms; i++) {
    label(m + i * rw + rw * 0.3, m + H * 0.22, names[0]![i]!, 40);
    label(m + i * rw + rw * 0.3, m + H * 0.8, names[1]![i]!, 40);
    // Door gaps: a short white line over the corridor wall.
    parts.push(`<line x1="${m + i * rw + rw * 0.4}" y1="${top}" x2="${m + i * rw + rw * 0.6}" y2="${top}" stroke="#fff" stroke-width="8"/>`);
  }
  label(m + W * 0.4, m + H * 0.515, 'CORRIDOR A', 36);
  label(m + 20, m + H * 0.515, 'KEYPAD', 26);
  parts.push('</svg>');
  return parts.join('');
}

/** A screenshot-like image of text (a gradebook row), drawn here. */
export function textSvg(lines: string[], width = 1400): string {
  const h = 80 + lines.length * 70;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>${lines
    .map((l, i) => `<text x="40" y="${90 + i * 70}" font-family="DejaVu Sans" font-size="48" fill="#000">${l}</text>`)
    .join('')}</svg>`;
}
