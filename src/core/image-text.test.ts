import { describe, expect, it } from 'vitest';
import type { PostImage } from '../contracts/check.js';
import { context, run, post } from '../../test/support/kit.js';
import { spanBox } from './image-text.js';

/** detected.text with its words' offsets and boxes, as the image adapter writes them (one line per row of boxes). */
function ocr(lines: string[]): NonNullable<PostImage['detected']> {
  const words: Array<{ start: number; end: number; box: [number, number, number, number] }> = [];
  let at = 0;
  lines.forEach((line, row) => {
    let x = 10;
    for (const w of line.split(' ')) {
      words.push({ start: at, end: at + w.length, box: [x, 20 + row * 60, w.length * 20, 40] });
      at += w.length + 1;
      x += w.length * 20 + 15;
    }
  });
  return { text: lines.join('\n'), words };
}

describe('text in images', () => {
  it('runs the text rules on OCR text: evidence names the image and the box of the words', () => {
    const res = run({ context: context(), post: post('Friday mood', { images: [{ description: 'meme' }, { description: 'screenshot', detected: ocr(['Gradebook period 3', 'Big congrats to Maya Lopez for getting her GPA back above 3.0']) }] }) });
    const f = res.findings.find((x) => x.rule === 'confidential-information');
    expect(f?.severity).toBe('block');
    expect(f?.message).toMatch(/^Text in photo 2: "GPA" reveals part of Maya Lopez/);
    const text = 'Gradebook period 3\nBig congrats to Maya Lopez for getting her GPA back above 3.0';
    const start = text.indexOf('GPA');
    // Second line (y 80), ninth word: x = 10 + (3+8+2+4+5+3+7+3) * 20 + 8 * 15.
    expect(f?.evidence).toEqual({ start, end: start + 3, quote: 'GPA', image: 1, box: [830, 80, 60, 40] });
    expect(res.verdict).toBe('block');
  });

  it('catches a profane meme caption like typed text; the post text alone is clean', () => {
    const clean = run({ context: context(), post: post('Monday again', { images: [{ description: 'meme' }] }) });
    expect(clean.findings.filter((f) => f.rule === 'obscene-language')).toEqual([]);
    const meme = run({ context: context(), post: post('Monday again', { images: [{ description: 'meme', detected: ocr(['WHAT A SHITTY WAY', 'TO START A WEEK']) }] }) });
    const f = meme.findings.find((x) => x.rule === 'obscene-language');
    expect(f?.evidence).toMatchObject({ image: 0, start: 7, end: 11, box: [140, 20, 120, 40] });
  });

  it('does not run post-level rules on image text (no second disclaimer or time finding)', () => {
    const res = run({ context: context(), post: post('Nice day', { images: [{ detected: ocr(['As a teacher at Jefferson High School I think']) }] }) });
    expect(res.findings.filter((f) => f.evidence !== undefined && 'image' in f.evidence && 'start' in f.evidence)).toEqual([]);
  });

  it('spanBox: the union of the boxes the span touches', () => {
    const words = [
      { start: 0, end: 3, box: [0, 0, 30, 10] as [number, number, number, number] },
      { start: 4, end: 8, box: [40, 0, 40, 12] as [number, number, number, number] },
    ];
    expect(spanBox(words, 1, 6)).toEqual([0, 0, 80, 12]);
    expect(spanBox(words, 9, 12)).toBeUndefined();
  });
});
