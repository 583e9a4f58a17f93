// Photos a check request names by file (post.images[i].file), read the way the API reads uploads: EXIF time and GPS,
// faces, text and floor plan become post.images[i].detected. Used by `clearpost check --json` and by each line of
// `clearpost check --jsonl`. This module is light on purpose: a JSONL worker imports it for namesPhotoFiles, and the
// image libraries (sharp, ONNX Runtime, tesseract) are loaded by readRequestPhotos on the first line that names a file.
import fs from 'node:fs';
import path from 'node:path';
import type { CheckRequest } from '../contracts/check.js';
import { ClearpostError } from '../core/errors.js';

/** Whether a request names at least one photo file (a cheap test, made for every JSONL line). */
export function namesPhotoFiles(request: CheckRequest): boolean {
  const images = request.post.images;
  if (images === undefined) return false;
  for (const img of images) if (img.file !== undefined && img.file !== '') return true;
  return false;
}

/** Does the request say anything about the photo besides its file (a description, who is in it, the setting or event)? */
function declaresFacts(img: NonNullable<CheckRequest['post']['images']>[number]): boolean {
  return (img.description !== undefined && img.description.trim() !== '') || (img.depicts !== undefined && img.depicts.length > 0) || img.setting !== undefined || (img.event !== undefined && img.event.trim() !== '');
}

/**
 * Reads each named photo (a path relative to `base`: the request file's folder, or the current folder for stdin), one
 * at a time in this thread, and sets its `detected` facts. A file that cannot be read is a ClearpostError naming
 * post.images[i].file, unless the request describes the photo otherwise (then `detected.unread` says why, and the check
 * stands on the declared facts with an undecided finding); a file that is not a readable image is always an error. OCR's worker stays up for the next request: the CLI ends it
 * (terminateOcr) or the thread ends.
 */
export async function readRequestPhotos(request: CheckRequest, base: string): Promise<void> {
  const images = request.post.images ?? [];
  const named = images.map((img, i) => [i, img.file] as const).filter((e): e is readonly [number, string] => e[1] !== undefined && e[1] !== '');
  if (named.length === 0) return;
  const { analyzeImage } = await import('../images/analyze-image.js');
  for (const [i, file] of named) {
    const field = `post.images[${i}].file`;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.resolve(base, file));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = `cannot read ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a folder, not a photo' : e.message})`;
      // A photo the request also describes (who is in it, where, what) is checked on what was declared, with an undecided
      // finding that names the file; one it says nothing else about leaves nothing to check: bad input.
      if (!declaresFacts(images[i]!)) throw new ClearpostError('invalid-request', `${field}: ${why}`, field);
      images[i] = { ...images[i]!, detected: { unread: why } };
      continue;
    }
    const r = await analyzeImage(bytes, { field });
    images[i] = { ...images[i]!, detected: r.detected };
  }
}
