// A copy of a photo without its location and other metadata (EXIF, XMP, IPTC, ICC, comments), orientation applied to the pixels.
import sharp from 'sharp';
import { ClearpostError } from '../core/errors.js';
import { MAX_INPUT_PIXELS, readHeader } from './decode.js';

export interface Scrubbed {
  data: Buffer;
  format: 'jpeg' | 'png' | 'webp' | 'avif';
  mime: string;
}

const MIME = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' } as const;

/**
 * sharp writes no metadata unless asked (no withMetadata/withExif/keepIccProfile here), so the copy has none;
 * `.rotate()` turns the EXIF orientation into pixels first, so the photo still shows the right way up.
 * JPEG, PNG, WebP and AVIF keep their format; GIF and TIFF become PNG (only the first frame of an animation).
 */
export async function scrubImage(buf: Buffer, field: string): Promise<Scrubbed> {
  const header = await readHeader(buf, field);
  const format: Scrubbed['format'] = header.format === 'jpeg' ? 'jpeg' : header.format === 'webp' ? 'webp' : header.format === 'heif' ? 'avif' : 'png';
  try {
    let img = sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' }).rotate();
    img = format === 'jpeg' ? img.jpeg({ quality: 92, mozjpeg: false }) : format === 'webp' ? img.webp({ quality: 92 }) : format === 'avif' ? img.avif({ quality: 70 }) : img.png();
    return { data: await img.toBuffer(), format, mime: MIME[format] };
  } catch (err) {
    throw new ClearpostError('invalid-image', `${field}: the image is corrupt or truncated (${(err as Error).message.split('\n')[0]})`, field);
  }
}
