// Text found in a post's images (OCR, detected.text) runs through the same text rules as the post's own text;
// evidence names the image and the box of the words. Pure.
import type { Evidence } from '../contracts/check.js';
import { Analysis } from './analysis.js';
import type { RuleResult } from './rules/rule.js';

/** Rules about what a text says; the others are about the post as a whole (its account, time, photos) and run once. */
export const IMAGE_TEXT_RULES: ReadonlySet<string> = new Set(['obscene-language', 'harassment-or-threat', 'illegal-or-inappropriate-conduct', 'unprofessional-conduct', 'confidential-information']);

export interface ImageText {
  index: number;
  analysis: Analysis;
  words: ReadonlyArray<{ start: number; end: number; box: [number, number, number, number] }>;
}

/**
 * Words the description says are printed or written in the photo ("a mug printed with the words '...'", "a sign reading
 * \"...\"", "a shirt that says '...'"): the photo's text when no OCR text came with it.
 */
const QUOTED_IN_PHOTO = /(?<![\p{L}])(?:reading|reads|read|says|saying|said|printed|written|lettered|captioned|caption|words|slogan|text)\s*[:,]?\s*(?:with\s+(?:the\s+)?(?:words?|phrase|text)\s*[:,]?\s*)?(?:'(.{2,200}?)'(?![\p{L}])|"(.{2,200}?)"|“(.{2,200}?)”|‘(.{2,200}?)’)/u;

export function describedText(description: string | undefined): string | undefined {
  if (description === undefined || !/['"“‘]/.test(description)) return undefined;
  const m = QUOTED_IN_PHOTO.exec(description);
  return m === null ? undefined : (m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/** One Analysis per image with text: the post as it is, its text replaced by the image's. */
export function imageTexts(a: Analysis): ImageText[] {
  const out: ImageText[] = [];
  (a.post.images ?? []).forEach((img, index) => {
    const text = img.detected?.text ?? describedText(img.description);
    if (text === undefined || text.trim() === '') return;
    const { images: _images, ...post } = a.post;
    out.push({ index, analysis: new Analysis({ ...post, text }, a.ctx, a.pack, a.now), words: img.detected?.words ?? [] });
  });
  return out;
}

/** The smallest box holding every word the span touches. */
export function spanBox(words: ImageText['words'], start: number, end: number): [number, number, number, number] | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const w of words) {
    if (w.end <= start || w.start >= end) continue;
    x0 = Math.min(x0, w.box[0]);
    y0 = Math.min(y0, w.box[1]);
    x1 = Math.max(x1, w.box[0] + w.box[2]);
    y1 = Math.max(y1, w.box[1] + w.box[3]);
  }
  return x0 === Infinity ? undefined : [x0, y0, x1 - x0, y1 - y0];
}

/** A rule's results on an image's text: only those quoting the text, with the image and box in the evidence. */
export function onImage(t: ImageText, results: readonly RuleResult[]): RuleResult[] {
  const out: RuleResult[] = [];
  for (const r of results) {
    const e = r.evidence;
    if (r.undecided === true || e === undefined || !('start' in e)) continue;
    const evidence: Evidence = { start: e.start, end: e.end, quote: e.quote, image: t.index };
    const box = spanBox(t.words, e.start, e.end);
    if (box !== undefined) evidence.box = box;
    out.push({ ...r, message: `Text in photo ${t.index + 1}: ${r.message}`, evidence });
  }
  return out;
}
