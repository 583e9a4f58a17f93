// What a photo file says about itself (EXIF/XMP via exifr): when it was taken, where, and its orientation.
import exifr from 'exifr';

export interface PhotoMetadata {
  /** Capture time as ISO 8601: with the offset when the camera wrote one (OffsetTimeOriginal), else local wall time without offset. */
  takenAt?: string;
  gps?: { lat: number; lon: number };
  /** EXIF orientation 1–8. */
  orientation?: number;
}

const PICK = ['DateTimeOriginal', 'OffsetTimeOriginal', 'CreateDate', 'OffsetTimeDigitized', 'DateTime', 'OffsetTime', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef', 'Orientation', 'latitude', 'longitude'];

const EXIF_TIME = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;

/** "2026:10:05 10:12:30" + "-05:00" → "2026-10-05T10:12:30-05:00"; undefined for the zero dates cameras write when unset. */
export function exifTime(value: unknown, offset: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = EXIF_TIME.exec(value.trim());
  if (m === null || m[1] === '0000') return undefined;
  const local = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  if (Number.isNaN(Date.parse(local))) return undefined;
  return typeof offset === 'string' && OFFSET.test(offset.trim()) ? local + offset.trim() : local;
}

/** Never throws: a file without readable metadata simply has none (the decoder decides whether it is an image). */
export async function readMetadata(buf: Buffer): Promise<PhotoMetadata> {
  let raw: Record<string, unknown> | undefined;
  try {
    raw = (await exifr.parse(buf, { tiff: true, exif: true, gps: true, xmp: true, ifd1: false, icc: false, iptc: false, reviveValues: false, translateValues: false, mergeOutput: true, pick: PICK })) as Record<string, unknown> | undefined;
  } catch {
    return {};
  }
  if (raw === undefined || raw === null) return {};
  const out: PhotoMetadata = {};
  const takenAt = exifTime(raw.DateTimeOriginal, raw.OffsetTimeOriginal) ?? exifTime(raw.CreateDate, raw.OffsetTimeDigitized) ?? exifTime(raw.DateTime, raw.OffsetTime);
  if (takenAt !== undefined) out.takenAt = takenAt;
  const lat = raw.latitude;
  const lon = raw.longitude;
  // 0,0 is what some apps write for "no fix".
  if (typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0)) {
    out.gps = { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
  }
  if (typeof raw.Orientation === 'number' && raw.Orientation >= 1 && raw.Orientation <= 8) out.orientation = raw.Orientation;
  return out;
}
